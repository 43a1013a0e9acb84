import { z } from "zod";
import { resolveShareToken } from "../auth/share-links";
import { BuildlabError } from "../errors";

export const shareTokenParam = z.string().max(200, "The share link token is too long; copy the whole link again.");

/** Returns the comparison id a share link token opens, or throws a not_found BuildlabError. */
export async function resolveShareOrThrow(token: string): Promise<string> {
  const comparisonId = await resolveShareToken(token);
  if (!comparisonId) throw new BuildlabError("not_found", "This share link does not exist or was revoked; ask for a new link.");
  return comparisonId;
}
