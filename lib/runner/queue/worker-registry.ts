import { randomUUID } from "node:crypto";
import os from "node:os";
import type { PrismaClient } from "../../db/client";
import type { StrategyName } from "../../strategies/types";
import { isProcessRunning, readProcessKey } from "./process-identity";

/** Seconds without a heartbeat after which a worker counts as dead; it beats every few seconds. */
export const WORKER_STALE_SECONDS = 30;

export interface DeadWorker {
  id: string;
  host: string;
  pid: number;
  /** Reason it counts as dead, for the runs' error messages. */
  reason: string;
}

/** Stores this process as a queue worker and returns its id. */
export async function registerWorker(db: PrismaClient, concurrency: Record<StrategyName, number>): Promise<string> {
  const id = randomUUID();
  await db.worker.create({
    data: { id, host: os.hostname(), pid: process.pid, processKey: readProcessKey() ?? null, concurrency },
  });
  return id;
}

/**
 * Records a heartbeat with the database's clock, so that workers on machines whose clocks differ
 * agree on staleness. Returns false when the worker was marked stopped, which another process does
 * when it found this one dead and failed its runs.
 */
export async function beatWorker(db: PrismaClient, workerId: string): Promise<boolean> {
  const updated = await db.$executeRaw`UPDATE "worker" SET "heartbeat_at" = now() WHERE "id" = ${workerId}::uuid AND "stopped_at" IS NULL`;
  return updated > 0;
}

/** Marks a worker stopped; returns false when it already was, so that only one process handles a dead worker. */
export async function stopWorker(db: PrismaClient, workerId: string, reason: string): Promise<boolean> {
  const updated = await db.worker.updateMany({ where: { id: workerId, stoppedAt: null }, data: { stoppedAt: new Date(), stopReason: reason } });
  return updated.count > 0;
}

/**
 * Finds the workers that are not stopped but dead: their heartbeat is older than
 * WORKER_STALE_SECONDS, or they ran on this machine and their process has ended, which a restart
 * after a crash finds at once.
 */
export async function findDeadWorkers(db: PrismaClient, exceptWorkerId?: string): Promise<DeadWorker[]> {
  const rows = await db.$queryRaw<{ id: string; host: string; pid: number; process_key: string | null; heartbeat_at: Date; stale: boolean }[]>`
    SELECT "id"::text, "host", "pid", "process_key", "heartbeat_at",
           "heartbeat_at" < now() - make_interval(secs => ${WORKER_STALE_SECONDS}) AS "stale"
    FROM "worker" WHERE "stopped_at" IS NULL`;

  const dead: DeadWorker[] = [];
  for (const row of rows) {
    if (row.id === exceptWorkerId) continue;

    if (isProcessRunning(row.process_key) === false) {
      dead.push({ id: row.id, host: row.host, pid: row.pid, reason: `its process (${row.host}, pid ${row.pid}) has ended` });
    } else if (row.stale) {
      dead.push({ id: row.id, host: row.host, pid: row.pid, reason: `its process (${row.host}, pid ${row.pid}) sent no heartbeat since ${row.heartbeat_at.toISOString()}` });
    }
  }
  return dead;
}
