/** Error codes Buildlab returns to clients, with the HTTP status each maps to. */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_dockerfile: 400,
  invalid_context: 400,
  context_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  backend_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * An error a user can act on: the message says what is wrong and what to do, and `details` carries
 * structured evidence, such as the line numbers of Dockerfile problems.
 */
export class BuildlabError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "BuildlabError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Turns any thrown value into an Error, keeping the message of non-Error values. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === "string" ? value : JSON.stringify(value));
}
