import type { Principal } from "../auth/types";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { BuildlabError } from "../errors";
import { submitComparison, type Submission } from "../runner/submit-comparison";

const ACTIVE = ["queued", "running"];

// Submissions of one submitter run one at a time in this process, so that only one of them at a
// time holds a database connection while it waits for the submitter's advisory lock.
const globalForCap = globalThis as unknown as { buildlabSubmitChains?: Map<string, Promise<unknown>> };
const chains = (globalForCap.buildlabSubmitChains ??= new Map());

/**
 * Rejects a submission with a 429 before its upload is read when its submitter already has
 * BUILDLAB_MAX_QUEUED_PER_USER comparisons queued or running.
 */
export async function checkQueueCap(principal: Principal): Promise<void> {
  const limit = getEnv().BUILDLAB_MAX_QUEUED_PER_USER;
  const active = await getDb().comparison.count({ where: { submittedBy: principal.subject, status: { in: ACTIVE } } });
  if (active >= limit) throw capReached(active, limit);
}

/**
 * Stores and queues a submission unless its submitter has reached the cap. Submissions of one
 * submitter are serialized by a PostgreSQL advisory lock, so that processes submitting at once
 * cannot pass the cap together. Returns the new comparison's id.
 */
export async function submitWithinQueueCap(principal: Principal, submission: Submission): Promise<string> {
  const previous = chains.get(principal.subject) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => submitLocked(principal, submission));
  chains.set(principal.subject, current);
  try {
    return await current;
  } finally {
    if (chains.get(principal.subject) === current) chains.delete(principal.subject);
  }
}

async function submitLocked(principal: Principal, submission: Submission): Promise<string> {
  const limit = getEnv().BUILDLAB_MAX_QUEUED_PER_USER;
  const db = getDb();

  return db.$transaction(
    async (transaction) => {
      await transaction.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`buildlab-submit:${principal.subject}`}))`;
      const active = await transaction.comparison.count({ where: { submittedBy: principal.subject, status: { in: ACTIVE } } });
      if (active >= limit) throw capReached(active, limit);

      const id = await submitComparison(submission);
      await db.comparison.update({ where: { id }, data: { submittedBy: principal.subject } });
      return id;
    },
    // Storing a large context takes a while; the lock is held until the comparison is stored.
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

function capReached(active: number, limit: number): BuildlabError {
  return new BuildlabError(
    "too_many_requests",
    `You have ${active} comparisons queued or running, and the limit per user is ${limit} (BUILDLAB_MAX_QUEUED_PER_USER); wait for one to end or cancel one.`,
  );
}
