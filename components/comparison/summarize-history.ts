import type { ContextHistoryEntry } from "@/lib/db/queries/list-context-history";
import { summarize } from "@/lib/stats/summarize";
import { strategyKeyOf } from "./strategy-key-of";

/** The body of `GET /api/comparisons/:id/history`. */
export interface HistoryResponse {
  contextDigest: string;
  comparisons: ContextHistoryEntry[];
}

/** One comparison on the history chart: the median total per strategy key, in milliseconds. */
export interface HistoryPoint {
  comparisonId: string;
  title: string;
  createdAt: string;
  /** Median total by strategy key; a key is missing where that comparison had no succeeded run of it. */
  medians: Record<string, number>;
  /** Succeeded runs behind each median, by strategy key. */
  counts: Record<string, number>;
}

export interface HistorySummary {
  /** Strategy keys in order of first appearance. */
  keys: string[];
  /** Oldest first, only comparisons with at least one succeeded run in the scenario. */
  points: HistoryPoint[];
  /** Scenarios that any comparison of the history ran, in order of first appearance. */
  scenarios: string[];
}

/**
 * Turns the history of one Dockerfile and context into chart points for `scenario`: per comparison,
 * oldest first, the median total duration of each strategy's succeeded runs.
 */
export function summarizeHistory(history: HistoryResponse, scenario: string): HistorySummary {
  const keys: string[] = [];
  const scenarios: string[] = [];
  const points: HistoryPoint[] = [];

  for (const comparison of history.comparisons) {
    const byKey = new Map<string, number[]>();
    for (const run of comparison.runs) {
      if (!scenarios.includes(run.scenario)) scenarios.push(run.scenario);
      if (run.scenario !== scenario || run.status !== "succeeded" || run.durationMs === null) continue;
      const key = strategyKeyOf(run);
      byKey.set(key, [...(byKey.get(key) ?? []), run.durationMs]);
    }
    if (byKey.size === 0) continue;

    const medians: Record<string, number> = {};
    const counts: Record<string, number> = {};
    for (const [key, durations] of byKey) {
      if (!keys.includes(key)) keys.push(key);
      medians[key] = summarize(durations).median;
      counts[key] = durations.length;
    }
    points.push({ comparisonId: comparison.comparisonId, title: comparison.title, createdAt: comparison.createdAt, medians, counts });
  }

  return { keys, points, scenarios };
}
