import { summarize } from "@/lib/stats/summarize";
import type { StrategyKey } from "@/lib/stats/types";
import type { ComparisonView, RunView } from "@/lib/views";
import { listStrategyKeys } from "./list-strategy-keys";
import { strategyKeyOf } from "./strategy-key-of";

export interface RepresentativeRun extends StrategyKey {
  key: string;
  /** Null when no run of this strategy succeeded in the scenario. */
  run: RunView | null;
  /** The median total of the succeeded runs the choice was made from, in milliseconds. */
  medianMs: number | null;
}

/**
 * Picks, per strategy and mode, the succeeded run of `scenario` whose total duration is closest to
 * the median of those runs, so that a timeline shows a typical build rather than the first or an
 * outlier. Ties go to the run earlier in the plan.
 */
export function selectRepresentativeRuns(view: ComparisonView, scenario: string): RepresentativeRun[] {
  return listStrategyKeys(view).map((strategyKey) => {
    const key = strategyKeyOf(strategyKey);
    const candidates = view.runs
      .filter((run) => run.scenario === scenario && run.status === "succeeded" && run.durationMs !== null && strategyKeyOf(run) === key)
      .sort((left, right) => left.sequence - right.sequence);
    if (candidates.length === 0) return { ...strategyKey, key, run: null, medianMs: null };

    const medianMs = summarize(candidates.map((run) => run.durationMs as number)).median;
    let best = candidates[0];
    for (const run of candidates) {
      if (Math.abs((run.durationMs as number) - medianMs) < Math.abs((best.durationMs as number) - medianMs)) best = run;
    }
    return { ...strategyKey, key, run: best, medianMs };
  });
}
