import type { RunEvent } from "../strategies/types";
import { getDb } from "../db/client";

const LOG_FLUSH_INTERVAL_MS = 250;
const LOG_BATCH_LINES = 500;

export interface RunRecorder {
  record: (event: RunEvent) => void;
  /** Writes everything recorded so far and waits for it. */
  flush: () => Promise<void>;
  /** The last log lines seen, for error messages. */
  tail: (count: number) => string[];
}

/**
 * Stores a run's events in PostgreSQL as they arrive: phases and steps at once, log lines in
 * batches. Writes happen one after another, so the stored order is the order of the events.
 * The log is capped at `maxLogBytes`; past the cap one marker line is stored and the run is flagged.
 */
export function createRunRecorder(runId: string, maxLogBytes: number): RunRecorder {
  const db = getDb();
  const phaseRows = new Map<string, bigint>();
  const stepRows = new Map<number, bigint>();
  const recentLines: string[] = [];
  let pendingLines: { at: Date; stream: string; text: string }[] = [];
  let logBytes = 0;
  let truncated = false;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let failure: Error | undefined;

  function enqueue(write: () => Promise<unknown>): void {
    chain = chain.then(write).catch((error: Error) => {
      failure ??= error;
      console.error(`[runner] storing events of run ${runId} failed`, error);
    });
  }

  function writeLogBatch(): void {
    timer = undefined;
    if (!pendingLines.length) return;

    const batch = pendingLines;
    pendingLines = [];
    const bytes = logBytes;
    const flagged = truncated;
    enqueue(async () => {
      await db.logLine.createMany({ data: batch.map((line) => ({ runId, ...line })) });
      await db.run.update({ where: { id: runId }, data: { logBytes: bytes, logTruncated: flagged } });
    });
  }

  function recordLog(at: Date, stream: string, text: string): void {
    for (const line of text.replace(/\r?\n$/, "").split(/\r?\n/)) {
      recentLines.push(line);
      if (recentLines.length > 200) recentLines.shift();
      if (truncated) continue;

      const size = Buffer.byteLength(line, "utf8") + 1;
      if (logBytes + size > maxLogBytes) {
        truncated = true;
        pendingLines.push({ at, stream: "system", text: `[buildlab] log truncated at ${maxLogBytes} bytes (BUILDLAB_LOG_MAX_BYTES); later lines are not stored` });
        continue;
      }
      logBytes += size;
      pendingLines.push({ at, stream, text: line });
    }

    if (pendingLines.length >= LOG_BATCH_LINES) writeLogBatch();
    else timer ??= setTimeout(writeLogBatch, LOG_FLUSH_INTERVAL_MS);
  }

  function record(event: RunEvent): void {
    switch (event.type) {
      case "log":
        recordLog(event.at, event.stream, event.text);
        return;

      case "phase-start":
        enqueue(async () => {
          const row = await db.phase.create({ data: { runId, name: event.phase, startedAt: event.at, detail: event.detail } });
          phaseRows.set(event.phase, row.id);
        });
        return;

      case "phase-end":
        enqueue(async () => {
          const id = phaseRows.get(event.phase);
          if (id !== undefined) await db.phase.update({ where: { id }, data: { endedAt: event.at } });
        });
        return;

      case "step": {
        const { step } = event;
        enqueue(async () => {
          const data = {
            name: step.name,
            cached: step.cached,
            startedAt: step.startedAt ?? null,
            endedAt: step.endedAt ?? null,
            error: step.error ?? null,
          };
          const id = stepRows.get(step.position);
          if (id === undefined) {
            const row = await db.step.create({ data: { runId, position: step.position, ...data } });
            stepRows.set(step.position, row.id);
          } else {
            await db.step.update({ where: { id }, data });
          }
        });
        return;
      }
    }
  }

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    writeLogBatch();
    await chain;
    if (failure) throw failure;
  }

  return { record, flush, tail: (count) => recentLines.slice(-count) };
}
