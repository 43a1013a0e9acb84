import { getDb } from "../db/client";
import { runComparison } from "./run-comparison";

interface QueueState {
  tail: Promise<void>;
  controllers: Map<string, AbortController>;
}

// One queue per process, kept on globalThis because Next.js may load this module more than once.
const globalForQueue = globalThis as unknown as { buildlabQueue?: QueueState };
const queue: QueueState = (globalForQueue.buildlabQueue ??= { tail: Promise.resolve(), controllers: new Map() });

/**
 * Queues a stored comparison to run in this process. Comparisons run one at a time, so that one
 * comparison's builds never slow down another's.
 */
export function enqueueComparison(comparisonId: string): void {
  const controller = new AbortController();
  queue.controllers.set(comparisonId, controller);

  queue.tail = queue.tail.then(async () => {
    try {
      await runComparison(comparisonId, controller.signal);
    } catch (error) {
      console.error(`[queue] comparison ${comparisonId} stopped with an error`, error);
      await markComparisonFailed(comparisonId, `Buildlab stopped this comparison: ${(error as Error).message}`).catch((markError) =>
        console.error(`[queue] marking comparison ${comparisonId} failed did not work`, markError),
      );
    } finally {
      queue.controllers.delete(comparisonId);
    }
  });
}

/**
 * Cancels a comparison: stops its running build, and marks the runs not yet started as cancelled.
 * Returns false when the comparison is not queued or running in this process.
 */
export async function cancelComparison(comparisonId: string): Promise<boolean> {
  const controller = queue.controllers.get(comparisonId);
  if (!controller) return false;

  controller.abort(new Error("cancelled by a user"));
  await getDb().run.updateMany({
    where: { comparisonId, status: "queued" },
    data: { status: "cancelled", finishedAt: new Date(), error: "Cancelled before it started." },
  });
  return true;
}

async function markComparisonFailed(comparisonId: string, reason: string): Promise<void> {
  const db = getDb();
  const now = new Date();
  await db.run.updateMany({
    where: { comparisonId, status: { in: ["queued", "running"] } },
    data: { status: "failed", finishedAt: now, error: reason },
  });
  await db.comparison.update({ where: { id: comparisonId }, data: { status: "failed", finishedAt: now, error: reason } });
}
