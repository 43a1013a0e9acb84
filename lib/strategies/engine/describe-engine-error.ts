/** A Docker Engine API error as Buildlab reports it. */
export interface EngineErrorDescription {
  /** HTTP status of the Engine API response, absent when no response came (connection refused, aborted). */
  statusCode?: number;
  message: string;
}

// docker-modem builds its messages as "(HTTP code 404) unexpected - <daemon message> ".
const MODEM_PREFIX = /^\(HTTP code \d+\) .*? - /;

/** Extracts the daemon's own message and the HTTP status from an error thrown by dockerode. */
export function describeEngineError(error: unknown): EngineErrorDescription {
  if (!(error instanceof Error)) return { message: String(error) };

  const statusCode = (error as { statusCode?: unknown }).statusCode;
  const message = error.message.replace(MODEM_PREFIX, "").trim() || error.message;
  return typeof statusCode === "number" ? { statusCode, message } : { message };
}
