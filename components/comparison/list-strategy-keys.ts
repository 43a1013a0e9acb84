import type { StrategyKey } from "@/lib/stats/types";
import type { ComparisonView } from "@/lib/views";
import { strategyKeyOf } from "./strategy-key-of";

/** Lists the comparison's strategies with their modes in the order chosen, then any that only a run names. */
export function listStrategyKeys(view: ComparisonView): StrategyKey[] {
  const keys = new Map<string, StrategyKey>();
  const candidates: StrategyKey[] = [
    ...view.strategies.map((choice) => ({ strategy: choice.strategy, mode: choice.mode ?? null })),
    ...view.runs.map((run) => ({ strategy: run.strategy, mode: run.mode })),
  ];
  for (const candidate of candidates) {
    const key = strategyKeyOf(candidate);
    if (!keys.has(key)) keys.set(key, candidate);
  }
  return [...keys.values()];
}
