import os from "node:os";
import { PgBoss, type Job } from "pg-boss";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { toError } from "../errors";
import { STRATEGY_NAMES, type StrategyName } from "../strategies/types";
import { pickComparisons } from "./queue/pick-comparisons";
import { listQueueNames, queueNameFor, strategiesOf } from "./queue/queue-names";
import { beatWorker, registerWorker, stopWorker } from "./queue/worker-registry";
import { recoverInterruptedRuns } from "./recover-interrupted-runs";
import { runComparison } from "./run-comparison";

// How often a worker looks for jobs and for cancel requests of the comparisons it runs.
const TICK_MS = 1000;
// How often a worker records its heartbeat and touches the jobs it holds.
const HEARTBEAT_MS = 5000;
// How often a worker looks for dead workers and resends jobs that were never stored.
const RECOVERY_MS = 15_000;
// pg-boss fails a job whose worker stopped touching it for this long; our own recovery usually
// fails it sooner. The expiry bounds a job that is touched but never ends (pg-boss allows 24 h at most).
const QUEUE_OPTIONS = { retryLimit: 0, heartbeatSeconds: 60, expireInSeconds: 24 * 60 * 60 };

interface ComparisonJobData {
  comparisonId: string;
}

interface RunningComparison {
  controller: AbortController;
  strategies: StrategyName[];
  queue: string;
  jobId: string;
  done: Promise<void>;
}

interface StartedQueue {
  boss: PgBoss;
  workerId: string;
  concurrency: Record<StrategyName, number>;
  timers: NodeJS.Timeout[];
}

interface QueueState {
  started?: Promise<StartedQueue>;
  running: Map<string, RunningComparison>;
  ticking: boolean;
  tickAgain: boolean;
  stopping: boolean;
}

// One queue per process, kept on globalThis because Next.js may load this module more than once.
const globalForQueue = globalThis as unknown as { buildlabQueue?: QueueState };
const state: QueueState = (globalForQueue.buildlabQueue ??= { running: new Map(), ticking: false, tickAgain: false, stopping: false });

export interface StartQueueOptions {
  /** Removes leftovers of earlier runs even when no dead worker is found; the server does it at start-up. */
  removeLeftovers?: boolean;
}

/**
 * Starts this process's side of the job queue: pg-boss on DATABASE_URL, a worker row with a
 * heartbeat, a recovery pass, and the loop that takes jobs while this process has free slots
 * (BUILDLAB_CONCURRENCY_*). Safe to call more than once; enqueueComparison calls it too, so a test
 * process that submits a comparison runs it.
 */
export function startComparisonQueue(options: StartQueueOptions = {}): Promise<StartedQueue> {
  state.stopping = false;
  state.started ??= startQueue(options).catch((error: unknown) => {
    state.started = undefined;
    throw error;
  });
  return state.started;
}

/**
 * Stops taking jobs, cancels the comparisons this process runs and waits for them to end, then
 * marks the worker stopped and stops pg-boss. Tests call it; a server simply exits, and the next
 * recovery pass of any process fails what it ran.
 */
export async function stopComparisonQueue(): Promise<void> {
  const starting = state.started;
  if (!starting) return;
  state.stopping = true;

  const queue = await starting.catch(() => undefined);
  for (const timer of queue?.timers ?? []) clearInterval(timer);
  for (const entry of state.running.values()) entry.controller.abort(new Error("Buildlab is stopping"));
  await Promise.all([...state.running.values()].map((entry) => entry.done));

  if (queue) {
    await stopWorker(getDb(), queue.workerId, "stopped").catch(() => false);
    await queue.boss.stop({ graceful: false, close: true }).catch((error: unknown) => console.warn("[queue] stopping pg-boss failed", error));
  }
  state.started = undefined;
}

/**
 * Queues a stored comparison. Any Buildlab process with a free slot for each of its strategies
 * takes it; its runs run one after another in plan order. Failures to queue are logged, and the
 * next recovery pass sends the job again, so a stored comparison is never stranded.
 */
export function enqueueComparison(comparisonId: string): void {
  void sendJob(comparisonId).catch((error: unknown) =>
    console.error(`[queue] queueing comparison ${comparisonId} failed; a later recovery pass sends it again`, toError(error)),
  );
}

/**
 * Cancels a queued or running comparison, whichever process runs it. A comparison no worker took
 * yet is marked cancelled at once; a running one is flagged in the database, and the worker
 * running it stops its build within about a second (TICK_MS). Returns false when the comparison
 * has already ended or does not exist.
 */
export async function cancelComparison(comparisonId: string): Promise<boolean> {
  const db = getDb();
  const now = new Date();

  const flagged = await db.comparison.updateMany({ where: { id: comparisonId, status: { in: ["queued", "running"] } }, data: { cancelRequestedAt: now } });
  if (!flagged.count) return false;

  // The claim in startJob also requires no cancel request, so exactly one of the two wins.
  const ended = await db.comparison.updateMany({
    where: { id: comparisonId, status: "queued", workerId: null },
    data: { status: "cancelled", finishedAt: now, error: "Cancelled before it started." },
  });
  if (ended.count) {
    await db.run.updateMany({ where: { comparisonId, status: "queued" }, data: { status: "cancelled", finishedAt: now, error: "Cancelled before it started." } });
    await cancelJob(comparisonId);
    console.info(`[queue] comparison ${comparisonId} cancelled before it started`);
  }

  const local = state.running.get(comparisonId);
  if (local && !local.controller.signal.aborted) local.controller.abort(new Error("cancelled by a user"));
  return true;
}

async function startQueue(options: StartQueueOptions): Promise<StartedQueue> {
  const env = getEnv();
  const url = env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the job queue needs PostgreSQL; start Buildlab with scripts/start.sh, or set DATABASE_URL.");

  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    application_name: "buildlab-queue",
    instanceName: `buildlab ${os.hostname()} ${process.pid}`,
    schedule: false,
  });
  boss.on("error", (error) => console.error("[queue] pg-boss reported an error", error));
  await boss.start();
  for (const name of listQueueNames()) await boss.createQueue(name, QUEUE_OPTIONS);

  const concurrency: Record<StrategyName, number> = {
    socket: env.BUILDLAB_CONCURRENCY_SOCKET,
    dind: env.BUILDLAB_CONCURRENCY_DIND,
    kaniko: env.BUILDLAB_CONCURRENCY_KANIKO,
  };
  const workerId = await registerWorker(getDb(), concurrency);
  const queue: StartedQueue = { boss, workerId, concurrency, timers: [] };
  console.info(`[queue] worker ${workerId} started on ${os.hostname()} pid ${process.pid}; comparisons at once per strategy: ${describeConcurrency(concurrency)}`);

  await recover(queue, options.removeLeftovers ?? false);
  await resendWaitingJobs(queue);

  queue.timers.push(
    setInterval(() => requestTick(queue), TICK_MS),
    setInterval(() => void beat(queue), HEARTBEAT_MS),
    setInterval(() => void recover(queue, false).then(() => resendWaitingJobs(queue)).catch(logError("recovery pass")), RECOVERY_MS),
  );
  // The timers must not keep a test process or a script alive.
  for (const timer of queue.timers) timer.unref();
  requestTick(queue);
  return queue;
}

async function sendJob(comparisonId: string): Promise<void> {
  const queue = await startComparisonQueue();
  const comparison = await getDb().comparison.findUnique({ where: { id: comparisonId }, select: { strategies: true } });
  if (!comparison) throw new Error(`comparison ${comparisonId} was not found`);

  const data: ComparisonJobData = { comparisonId };
  // The job id is the comparison id, so sending the same comparison twice stores one job.
  await queue.boss.send(queueNameFor(strategiesOf(comparison.strategies)), data, { id: comparisonId });
  requestTick(queue);
}

// Runs one tick at a time; a request during a tick runs another tick right after it.
function requestTick(queue: StartedQueue): void {
  if (state.stopping) return;
  if (state.ticking) {
    state.tickAgain = true;
    return;
  }

  state.ticking = true;
  void tick(queue)
    .catch(logError("taking jobs"))
    .finally(() => {
      state.ticking = false;
      if (state.tickAgain) {
        state.tickAgain = false;
        requestTick(queue);
      }
    });
}

async function tick(queue: StartedQueue): Promise<void> {
  await abortCancelledComparisons();

  const free = freeSlots(queue);
  if (STRATEGY_NAMES.every((strategy) => free[strategy] <= 0)) return;

  const waiting = await getDb().comparison.findMany({
    where: { status: "queued", workerId: null, cancelRequestedAt: null },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: { id: true, strategies: true },
  });
  const pending = waiting.map((comparison) => ({ id: comparison.id, strategies: strategiesOf(comparison.strategies) }));

  for (const pick of pickComparisons(pending, free)) {
    if (state.stopping) return;
    // An earlier pick may have started another comparison of the same strategies than the one it named.
    const now = freeSlots(queue);
    if (!pick.strategies.every((strategy) => now[strategy] > 0)) continue;
    await takeJob(queue, pick.strategies);
  }
}

// Fetches jobs of one queue until one is started or the queue is empty; jobs of comparisons that
// were cancelled or taken meanwhile are completed without running.
async function takeJob(queue: StartedQueue, strategies: StrategyName[]): Promise<void> {
  const name = queueNameFor(strategies);
  for (;;) {
    const [job] = await queue.boss.fetch<ComparisonJobData>(name, { batchSize: 1 });
    if (!job) return;
    if (await startJob(queue, name, strategies, job)) return;
  }
}

async function startJob(queue: StartedQueue, name: string, strategies: StrategyName[], job: Job<ComparisonJobData>): Promise<boolean> {
  const comparisonId = job.data?.comparisonId ?? job.id;
  const claimed = await getDb().comparison.updateMany({
    where: { id: comparisonId, status: "queued", workerId: null, cancelRequestedAt: null },
    data: { workerId: queue.workerId, claimedAt: new Date(), claimCount: { increment: 1 } },
  });
  if (!claimed.count) {
    await queue.boss.complete(name, job.id, { skipped: "the comparison was cancelled, taken or removed before this worker fetched its job" }).catch(logError(`completing job ${job.id}`));
    return false;
  }

  const controller = new AbortController();
  const entry: RunningComparison = { controller, strategies, queue: name, jobId: job.id, done: Promise.resolve() };
  state.running.set(comparisonId, entry);
  console.info(`[queue] worker ${queue.workerId} took comparison ${comparisonId} (${name})`);
  entry.done = execute(queue, comparisonId, entry);
  return true;
}

async function execute(queue: StartedQueue, comparisonId: string, entry: RunningComparison): Promise<void> {
  try {
    await runComparison(comparisonId, entry.controller.signal);
    await queue.boss.complete(entry.queue, entry.jobId).catch(logError(`completing job ${entry.jobId}`));
  } catch (error) {
    const message = toError(error).message;
    console.error(`[queue] comparison ${comparisonId} stopped with an error`, error);
    await markComparisonFailed(comparisonId, `Buildlab stopped this comparison: ${message}`).catch(logError(`marking comparison ${comparisonId} failed`));
    await queue.boss.fail(entry.queue, entry.jobId, { message }).catch(logError(`failing job ${entry.jobId}`));
  } finally {
    state.running.delete(comparisonId);
    requestTick(queue);
  }
}

// Aborts the comparisons of this process that a user asked to cancel, in this or another process.
async function abortCancelledComparisons(): Promise<void> {
  if (!state.running.size) return;

  const flagged = await getDb().comparison.findMany({
    where: { id: { in: [...state.running.keys()] }, cancelRequestedAt: { not: null } },
    select: { id: true },
  });
  for (const { id } of flagged) {
    const entry = state.running.get(id);
    if (!entry || entry.controller.signal.aborted) continue;
    console.info(`[queue] comparison ${id}: cancel requested, stopping its build`);
    entry.controller.abort(new Error("cancelled by a user"));
  }
}

async function beat(queue: StartedQueue): Promise<void> {
  try {
    if (!(await beatWorker(getDb(), queue.workerId))) {
      // Another process found this one dead, for example after the database was unreachable for
      // longer than WORKER_STALE_SECONDS, and failed its runs; stop them and start over as a new worker.
      console.error(`[queue] worker ${queue.workerId} was marked stopped by another process; stopping its comparisons and registering again`);
      for (const entry of state.running.values()) entry.controller.abort(new Error("another Buildlab process found this one unresponsive and failed its runs"));
      queue.workerId = await registerWorker(getDb(), queue.concurrency);
    }
    for (const entry of state.running.values()) {
      await queue.boss.touch(entry.queue, entry.jobId).catch(logError(`touching job ${entry.jobId}`));
    }
  } catch (error) {
    logError("recording the worker heartbeat")(error);
  }
}

async function recover(queue: StartedQueue, alwaysRemoveLeftovers: boolean): Promise<void> {
  await recoverInterruptedRuns({
    ownWorkerId: queue.workerId,
    alwaysRemoveLeftovers,
    failJobs: async (jobs, reason) => {
      for (const job of jobs) await queue.boss.fail(job.queue, job.id, { message: reason });
    },
  });
}

// Sends the job of every waiting comparison again. A job that exists is not stored twice, because
// its id is the comparison id; one whose send failed, or that pg-boss deleted, is stored anew.
async function resendWaitingJobs(queue: StartedQueue): Promise<void> {
  const waiting = await getDb().comparison.findMany({
    where: { status: "queued", workerId: null, cancelRequestedAt: null, createdAt: { lt: new Date(Date.now() - 5000) } },
    select: { id: true, strategies: true },
    take: 1000,
  });
  for (const comparison of waiting) {
    const strategies = strategiesOf(comparison.strategies);
    if (!strategies.length) continue;
    await queue.boss.send(queueNameFor(strategies), { comparisonId: comparison.id }, { id: comparison.id });
  }
}

async function cancelJob(comparisonId: string): Promise<void> {
  const queue = await state.started?.catch(() => undefined);
  if (!queue) return;

  const comparison = await getDb().comparison.findUnique({ where: { id: comparisonId }, select: { strategies: true } });
  const strategies = strategiesOf(comparison?.strategies);
  if (!strategies.length) return;
  await queue.boss.cancel(queueNameFor(strategies), comparisonId).catch(logError(`cancelling the job of comparison ${comparisonId}`));
}

function freeSlots(queue: StartedQueue): Record<StrategyName, number> {
  const free = { ...queue.concurrency };
  for (const entry of state.running.values()) {
    for (const strategy of entry.strategies) free[strategy] -= 1;
  }
  return free;
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

function describeConcurrency(concurrency: Record<StrategyName, number>): string {
  return STRATEGY_NAMES.map((strategy) => `${strategy} ${concurrency[strategy]}`).join(", ");
}

function logError(doing: string) {
  return (error: unknown) => console.error(`[queue] ${doing} failed`, toError(error));
}
