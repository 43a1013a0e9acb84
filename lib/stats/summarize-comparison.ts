import { PHASE_NAMES } from "../strategies/types";
import type { ComparisonView, RunView } from "../views";
import { findNoise, NOISE_RULE } from "./find-noise";
import { sumPhaseDurations } from "./sum-phase-durations";
import { summarize } from "./summarize";
import type {
  ComparisonStatistics,
  Measure,
  MeasureStatistics,
  RunCounts,
  ScenarioStatistics,
  StrategyKey,
  StrategyMeasure,
} from "./types";

export const QUARTILE_METHOD =
  "Linear interpolation between the closest ranks (R type 7, the default of R and NumPy): " +
  "for n sorted values, the p-quantile is read at position (n - 1) * p.";

const MEASURES: readonly Measure[] = ["total", ...PHASE_NAMES];

/**
 * Summarizes a comparison's durations in milliseconds for every strategy (with its mode), scenario
 * and measure, where the measures are the run total and each phase. Only succeeded runs count in
 * the summaries; `runs` counts every status. Each median is also given as a ratio to the fastest
 * median of its scenario and measure, and each scenario and measure is flagged when its spread is
 * too large to rank the strategies (see `findNoise`).
 */
export function summarizeComparison(view: ComparisonView): ComparisonStatistics {
  const keys = listStrategyKeys(view);
  const scenarios = unique([...view.scenarios, ...view.runs.map((run) => run.scenario)]);

  return {
    quartileMethod: QUARTILE_METHOD,
    noiseRule: NOISE_RULE,
    scenarios: scenarios.map((scenario) =>
      summarizeScenario(
        scenario,
        keys,
        view.runs.filter((run) => run.scenario === scenario),
      ),
    ),
  };
}

function summarizeScenario(scenario: string, keys: StrategyKey[], runs: RunView[]): ScenarioStatistics {
  const runsByKey = keys.map((key) => runs.filter((run) => sameKey(key, run)));
  const counts = keys.map((key, index) => countRuns(key, runsByKey[index]));

  // Durations of the succeeded runs, by strategy, then by measure.
  const durations = runsByKey.map((keyRuns) => {
    const byMeasure = new Map<Measure, number[]>();
    for (const run of keyRuns.filter((candidate) => candidate.status === "succeeded")) {
      const values: Partial<Record<Measure, number>> = { ...sumPhaseDurations(run) };
      if (run.durationMs !== null) values.total = run.durationMs;
      for (const [measure, value] of Object.entries(values) as [Measure, number][]) {
        byMeasure.set(measure, [...(byMeasure.get(measure) ?? []), value]);
      }
    }
    return byMeasure;
  });

  const measures = MEASURES.filter((measure) => durations.some((byMeasure) => byMeasure.has(measure)));
  return {
    scenario,
    runs: counts,
    measures: measures.map((measure) =>
      summarizeMeasure(
        measure,
        keys,
        durations.map((byMeasure) => byMeasure.get(measure) ?? []),
      ),
    ),
  };
}

function summarizeMeasure(measure: Measure, keys: StrategyKey[], values: number[][]): MeasureStatistics {
  const summaries = values.map((list) => (list.length > 0 ? summarize(list) : null));
  const measured = keys.flatMap((key, index) => {
    const summary = summaries[index];
    return summary ? [{ index, label: labelOf(key), summary }] : [];
  });

  const noise = findNoise(measured);
  const fastestMedian = Math.min(...measured.map((entry) => entry.summary.median));

  const strategies: StrategyMeasure[] = keys.map((key, index) => {
    const summary = summaries[index];
    const position = measured.findIndex((entry) => entry.index === index);
    return {
      ...key,
      summary,
      ratio: summary ? ratioOf(summary.median, fastestMedian) : null,
      fastest: summary !== null && summary.median === fastestMedian,
      noise: position === -1 ? [] : noise.entries[position],
    };
  });

  return { measure, strategies, noisy: noise.noisy, noiseReasons: noise.reasons };
}

function ratioOf(median: number, fastestMedian: number): number | null {
  if (median === fastestMedian) return 1;
  // Any time is infinitely slower than 0 ms, which no ratio can show.
  if (fastestMedian === 0) return null;
  return median / fastestMedian;
}

function countRuns(key: StrategyKey, runs: RunView[]): RunCounts {
  const counts: RunCounts = { ...key, succeeded: 0, failed: 0, cancelled: 0, unfinished: 0 };
  for (const run of runs) {
    if (run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") counts[run.status] += 1;
    else counts.unfinished += 1;
  }
  return counts;
}

/** Lists the comparison's strategies in its order, then any that only a run names. */
function listStrategyKeys(view: ComparisonView): StrategyKey[] {
  const keys: StrategyKey[] = [];
  const candidates = [
    ...view.strategies.map((choice) => ({ strategy: choice.strategy, mode: choice.mode ?? null })),
    ...view.runs.map((run) => ({ strategy: run.strategy, mode: run.mode })),
  ];
  for (const candidate of candidates) {
    if (!keys.some((key) => sameKey(key, candidate))) keys.push(candidate);
  }
  return keys;
}

function sameKey(key: StrategyKey, other: { strategy: string; mode: string | null }): boolean {
  return key.strategy === other.strategy && key.mode === other.mode;
}

function labelOf(key: StrategyKey): string {
  return key.mode ? `${key.strategy}/${key.mode}` : key.strategy;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
