// The statistics the result page should show, computed here from plain numbers so that the browser
// tests check lib/stats against an independent implementation rather than against itself.

export interface ExpectedSummary {
  n: number;
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  iqr: number;
}

/** Returns the p-quantile of sorted values by linear interpolation between closest ranks (R type 7). */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}

/** Summarizes durations in milliseconds as the statistics tables show them. */
export function summarizeMs(values: number[]): ExpectedSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return { n: sorted.length, median: quantile(sorted, 0.5), min: sorted[0], max: sorted[sorted.length - 1], q1, q3, iqr: q3 - q1 };
}

/** One run's measures: its total and each phase it reported, summed per name, all in milliseconds. */
export interface RunMeasures {
  strategy: string;
  mode: string | null;
  scenario: string;
  succeeded: boolean;
  /** Measure name ("total", "prepare", …) to milliseconds; a phase that has not ended is missing. */
  measures: Map<string, number>;
}

/** Expected figures for one strategy on one scenario and measure. */
export interface ExpectedEntry {
  strategy: string;
  mode: string | null;
  summary: ExpectedSummary | null;
  ratio: number | null;
}

/**
 * Groups the runs' measures the way the statistics tables do: per scenario, measure and strategy
 * with its mode, over succeeded runs only. The ratio divides each median by the fastest median.
 */
export function expectedStatistics(runs: RunMeasures[], keys: { strategy: string; mode: string | null }[]): Map<string, ExpectedEntry[]> {
  const result = new Map<string, ExpectedEntry[]>();
  const scenarios = [...new Set(runs.map((run) => run.scenario))];

  for (const scenario of scenarios) {
    const succeeded = runs.filter((run) => run.scenario === scenario && run.succeeded);
    const measures = [...new Set(succeeded.flatMap((run) => [...run.measures.keys()]))];
    for (const measure of measures) {
      const entries: ExpectedEntry[] = keys.map((key) => {
        const values = succeeded
          .filter((run) => run.strategy === key.strategy && run.mode === key.mode && run.measures.has(measure))
          .map((run) => run.measures.get(measure) as number);
        return { ...key, summary: values.length > 0 ? summarizeMs(values) : null, ratio: null };
      });
      const fastest = Math.min(...entries.filter((entry) => entry.summary).map((entry) => entry.summary!.median));
      for (const entry of entries) {
        if (!entry.summary) continue;
        if (entry.summary.median === fastest) entry.ratio = 1;
        else entry.ratio = fastest === 0 ? null : entry.summary.median / fastest;
      }
      result.set(`${scenario}|${measure}`, entries);
    }
  }
  return result;
}
