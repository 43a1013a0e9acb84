import { createHash, timingSafeEqual } from "node:crypto";

/** Compares a presented secret with the configured one in constant time, whatever their lengths. */
export function secretsEqual(presented: string, configured: string | undefined): boolean {
  if (configured === undefined) return false;
  const left = createHash("sha256").update(presented, "utf8").digest();
  const right = createHash("sha256").update(configured, "utf8").digest();
  return timingSafeEqual(left, right);
}
