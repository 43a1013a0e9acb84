import { getDb } from "../db/client";
import { getEnv } from "../env";
import { getAllStrategies } from "../strategies/get-strategy";
import { KeepUnknownSet } from "./queue/keep-unknown-set";
import { queueNameFor, strategiesOf } from "./queue/queue-names";
import { findDeadWorkers, stopWorker } from "./queue/worker-registry";

const ACTIVE = ["queued", "running"];
const STOPPED_WORKER_RETENTION_MS = 7 * 24 * 3600 * 1000;

export interface RecoveryOptions {
  /** The worker of this process, which is never counted as dead. */
  ownWorkerId?: string;
  /** Fails the queue jobs of comparisons that were marked failed; jobs are named by queue and comparison id. */
  failJobs?: (jobs: { queue: string; id: string }[], reason: string) => Promise<void>;
  /**
   * Removes leftovers even when no dead worker was found, as at start-up, when a crash of the only
   * process leaves no worker row behind it that could be found dead.
   */
  alwaysRemoveLeftovers?: boolean;
}

export interface RecoveryReport {
  deadWorkers: number;
  failedComparisons: number;
  removed: string[];
}

/**
 * Finds queue workers whose process died (see findDeadWorkers), marks the runs and comparisons they
 * had taken as failed with the reason, and removes the containers, volumes and pods with Buildlab's
 * labels that no queued or running run owns. Comparisons waiting in the queue stay queued, and
 * finished comparisons are not touched.
 */
export async function recoverInterruptedRuns(options: RecoveryOptions = {}): Promise<RecoveryReport> {
  const db = getDb();
  const report: RecoveryReport = { deadWorkers: 0, failedComparisons: 0, removed: [] };

  for (const worker of await findDeadWorkers(db, options.ownWorkerId)) {
    // Another process may be recovering the same worker; only the one that marks it stopped goes on.
    if (!(await stopWorker(db, worker.id, `found dead: ${worker.reason}`))) continue;
    report.deadWorkers += 1;

    const reason = `The Buildlab process running this stopped: ${worker.reason}. Submit the comparison again.`;
    const comparisons = await db.comparison.findMany({
      where: { workerId: worker.id, status: { in: ACTIVE } },
      select: { id: true, strategies: true },
    });
    if (!comparisons.length) continue;

    const ids = comparisons.map((comparison) => comparison.id);
    const now = new Date();
    await db.run.updateMany({ where: { comparisonId: { in: ids }, status: { in: ACTIVE } }, data: { status: "failed", finishedAt: now, error: reason } });
    await db.comparison.updateMany({ where: { id: { in: ids }, status: { in: ACTIVE } }, data: { status: "failed", finishedAt: now, error: reason } });
    report.failedComparisons += ids.length;
    console.warn(`[recovery] worker ${worker.id} is dead (${worker.reason}); marked ${ids.length} comparisons failed: ${ids.join(", ")}`);

    const jobs = comparisons.map((comparison) => ({ queue: queueNameFor(strategiesOf(comparison.strategies)), id: comparison.id }));
    await options.failJobs?.(jobs, reason).catch((error: unknown) => console.warn(`[recovery] failing the queue jobs of worker ${worker.id} failed`, error));
  }

  if (report.deadWorkers || options.alwaysRemoveLeftovers) report.removed = await removeLeftovers();

  // Every process start adds a worker row; stopped ones are kept a week for the record, then deleted.
  await db.worker.deleteMany({ where: { stoppedAt: { lt: new Date(Date.now() - STOPPED_WORKER_RETENTION_MS) } } });
  return report;
}

/** Removes every labelled resource that no queued or running run owns, strategy by strategy. */
async function removeLeftovers(): Promise<string[]> {
  const db = getDb();
  const live = await db.run.findMany({ where: { status: { in: ACTIVE } }, select: { id: true, comparisonId: true } });
  let liveRunIds: Set<string> = new Set(live.map((run) => run.id));
  let liveComparisonIds: Set<string> = new Set(live.map((run) => run.comparisonId));

  if (getEnv().BUILDLAB_LEFTOVER_SCOPE === "known-runs") {
    const known = await db.run.findMany({ select: { id: true, comparisonId: true } });
    liveRunIds = new KeepUnknownSet(liveRunIds, new Set(known.map((run) => run.id)));
    liveComparisonIds = new KeepUnknownSet(liveComparisonIds, new Set(known.map((run) => run.comparisonId)));
  }

  const removed: string[] = [];
  for (const strategy of await getAllStrategies()) {
    if (!strategy.removeLeftovers) continue;
    // Docker-in-Docker also keeps the warm volumes of live comparisons when it is given them.
    const remove = strategy.removeLeftovers.bind(strategy) as (runs: ReadonlySet<string>, comparisons?: ReadonlySet<string>) => Promise<string[]>;
    try {
      const names = await remove(liveRunIds, liveComparisonIds);
      if (names.length) console.warn(`[recovery] removed ${names.length} leftovers of ${strategy.name}: ${names.join(", ")}`);
      removed.push(...names);
    } catch (error) {
      console.warn(`[recovery] removing leftovers of ${strategy.name} failed; they stay until a later recovery pass removes them`, error);
    }
  }
  return removed;
}
