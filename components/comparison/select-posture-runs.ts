import type { StrategyKey } from "@/lib/stats/types";
import type { ComparisonView, RunView } from "@/lib/views";
import { listStrategyKeys } from "./list-strategy-keys";
import { strategyKeyOf } from "./strategy-key-of";

export interface PostureRun extends StrategyKey {
  key: string;
  /** Null when the comparison has no run of this strategy yet. */
  run: RunView | null;
}

/**
 * Picks, per strategy and mode, the run whose security findings stand for it: the earliest run of
 * the first iteration, because every run of one strategy uses the same container or pod settings.
 * When that run stored no findings (it failed before it started a container, for example), the
 * next run that did is taken, and a strategy none of whose runs stored any gets its earliest run.
 */
export function selectPostureRuns(view: ComparisonView): PostureRun[] {
  const ordered = [...view.runs].sort((left, right) => left.iteration - right.iteration || left.sequence - right.sequence);

  return listStrategyKeys(view).map((strategyKey) => {
    const key = strategyKeyOf(strategyKey);
    const runs = ordered.filter((run) => strategyKeyOf(run) === key);
    const run = runs.find((candidate) => candidate.findings.length > 0) ?? runs[0] ?? null;
    return { ...strategyKey, key, run };
  });
}
