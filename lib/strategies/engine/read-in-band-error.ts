import type { EngineMessage } from "./read-json-lines";

/**
 * Returns the error message a Docker Engine stream reports inside a 200 response
 * (`{"errorDetail":{"message":...},"error":...}`), or undefined for any other message.
 */
export function readInBandError(message: EngineMessage): string | undefined {
  const { error, errorDetail } = message;

  if (typeof errorDetail === "object" && errorDetail !== null) {
    const detailMessage = (errorDetail as { message?: unknown }).message;
    if (typeof detailMessage === "string" && detailMessage) return detailMessage;
  }
  if (typeof error === "string" && error) return error;

  if ((error !== undefined && error !== null) || (errorDetail !== undefined && errorDetail !== null)) {
    return `the Docker Engine reported an error without a message: ${JSON.stringify({ error, errorDetail })}`;
  }
  return undefined;
}
