import type { StrategyName } from "../../strategies/types";

export interface PendingComparison {
  id: string;
  strategies: StrategyName[];
}

/**
 * Picks, oldest first, the waiting comparisons this worker can start now with its free slots
 * (comparisons per strategy). A comparison that does not fit blocks its strategies for every
 * younger comparison, so a comparison that needs several strategies is not overtaken forever by
 * younger ones that need only one of them.
 */
export function pickComparisons(pending: readonly PendingComparison[], freeSlots: Readonly<Record<StrategyName, number>>): PendingComparison[] {
  const free = { ...freeSlots };
  const blocked = new Set<StrategyName>();
  const picked: PendingComparison[] = [];

  for (const comparison of pending) {
    if (!comparison.strategies.length) continue;

    const fits = comparison.strategies.every((strategy) => !blocked.has(strategy) && free[strategy] > 0);
    if (!fits) {
      for (const strategy of comparison.strategies) blocked.add(strategy);
      continue;
    }

    for (const strategy of comparison.strategies) free[strategy] -= 1;
    picked.push(comparison);
  }

  return picked;
}
