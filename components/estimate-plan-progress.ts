import type { ComparisonView } from "@/lib/views";

export interface PlanProgress {
  /** Runs that have ended, whatever their status. */
  done: number;
  total: number;
  /** Position from 1 of the run building now, when one is. */
  current: number | null;
  /**
   * Estimated milliseconds until the plan ends: each run still to go counts the median duration of
   * the ended runs of its strategy and mode, or of all ended runs when its own have none yet.
   * Null until one run has ended.
   */
  remainingMs: number | null;
}

const ENDED = new Set(["succeeded", "failed", "cancelled"]);

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Counts the runs of a comparison's plan that have ended and estimates the time left. */
export function estimatePlanProgress(view: ComparisonView, now: number | null): PlanProgress {
  const ended = view.runs.filter((run) => ENDED.has(run.status));
  const running = view.runs.find((run) => run.status === "running");
  const keyOf = (run: { strategy: string; mode: string | null }) => `${run.strategy}|${run.mode ?? ""}`;

  const durations = new Map<string, number[]>();
  for (const run of ended) {
    if (run.durationMs === null) continue;
    durations.set(keyOf(run), [...(durations.get(keyOf(run)) ?? []), run.durationMs]);
  }
  const overall = median([...durations.values()].flat());

  let remainingMs: number | null = null;
  if (overall !== null) {
    remainingMs = 0;
    for (const run of view.runs) {
      if (ENDED.has(run.status)) continue;
      const expected = median(durations.get(keyOf(run)) ?? []) ?? overall;
      const elapsed = run.status === "running" && run.startedAt && now !== null ? now - Date.parse(run.startedAt) : 0;
      remainingMs += Math.max(expected - elapsed, 0);
    }
  }

  return {
    done: ended.length,
    total: view.runs.length,
    current: running ? view.runs.indexOf(running) + 1 : null,
    remainingMs,
  };
}
