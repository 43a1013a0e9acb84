import { getDb } from "../db/client";
import { getAllStrategies } from "../strategies/get-strategy";

/**
 * Runs at start-up: marks the runs and comparisons that were queued or running when Buildlab
 * stopped as failed, with the reason, and removes the containers, volumes and pods they left.
 * Finished comparisons are not touched.
 */
export async function recoverInterruptedRuns(): Promise<void> {
  const db = getDb();
  const now = new Date();
  const reason = "Buildlab stopped while this was queued or running; start it again.";

  const runs = await db.run.updateMany({
    where: { status: { in: ["queued", "running"] } },
    data: { status: "failed", finishedAt: now, error: reason },
  });
  const comparisons = await db.comparison.updateMany({
    where: { status: { in: ["queued", "running"] } },
    data: { status: "failed", finishedAt: now, error: reason },
  });
  if (runs.count || comparisons.count) {
    console.warn(`[recovery] marked ${runs.count} runs and ${comparisons.count} comparisons as failed after a restart`);
  }

  for (const strategy of await getAllStrategies()) {
    if (!strategy.removeLeftovers) continue;
    try {
      const removed = await strategy.removeLeftovers(new Set());
      if (removed.length) console.warn(`[recovery] removed ${removed.length} leftovers of ${strategy.name}: ${removed.join(", ")}`);
    } catch (error) {
      console.warn(`[recovery] removing leftovers of ${strategy.name} failed; they stay until the next start`, error);
    }
  }
}
