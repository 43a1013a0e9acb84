import { randomBytes } from "node:crypto";
import { getDb } from "../db/client";
import { hashToken } from "./hash-token";

// 32 random bytes in base64url.
const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Creates a read-only share link token for a comparison and stores only its hash. A comparison has
 * one link at a time: creating another revokes the one before. Returns the token, which cannot be
 * read back later.
 */
export async function createShareLink(comparisonId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await getDb().comparison.update({ where: { id: comparisonId }, data: { shareTokenHash: hashToken(token), shareCreatedAt: new Date() } });
  return token;
}

/** Revokes a comparison's share link; returns false when it had none. */
export async function revokeShareLink(comparisonId: string): Promise<boolean> {
  const revoked = await getDb().comparison.updateMany({
    where: { id: comparisonId, shareTokenHash: { not: null } },
    data: { shareTokenHash: null, shareCreatedAt: null },
  });
  return revoked.count > 0;
}

/** Returns the id of the comparison a share link token opens, or null for an unknown, revoked or malformed token. */
export async function resolveShareToken(token: string): Promise<string | null> {
  if (!SHARE_TOKEN_PATTERN.test(token)) return null;

  const comparison = await getDb().comparison.findUnique({ where: { shareTokenHash: hashToken(token) }, select: { id: true } });
  return comparison?.id ?? null;
}
