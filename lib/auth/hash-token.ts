import { createHash } from "node:crypto";

/**
 * Returns the SHA-256 of a token as hex. Tokens are 32 random bytes, so a fast hash is enough to
 * keep a stolen database from revealing working links.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
