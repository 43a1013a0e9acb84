import { STRATEGY_NAMES, type StrategyName } from "../../strategies/types";

const QUEUE_PREFIX = "comparisons";

/**
 * Names the pg-boss queue of comparisons that use exactly `strategies`, such as
 * "comparisons.dind.socket". A worker takes a job only when it has a free slot for every strategy
 * in the job's queue, so each combination of strategies gets its own queue.
 */
export function queueNameFor(strategies: Iterable<StrategyName>): string {
  const sorted = [...new Set(strategies)].sort();
  if (!sorted.length) throw new Error("queueNameFor: a comparison uses at least one strategy");
  return [QUEUE_PREFIX, ...sorted].join(".");
}

/** Lists every queue name: one per non-empty combination of strategies. */
export function listQueueNames(): string[] {
  const names: string[] = [];
  const count = STRATEGY_NAMES.length;
  for (let mask = 1; mask < 1 << count; mask++) {
    names.push(queueNameFor(STRATEGY_NAMES.filter((_, index) => mask & (1 << index))));
  }
  return names;
}

/** Reads the strategy names of a comparison's stored `strategies` JSON ([{ strategy, mode }]). */
export function strategiesOf(stored: unknown): StrategyName[] {
  if (!Array.isArray(stored)) return [];
  const names = stored
    .map((choice) => (choice as { strategy?: unknown } | null)?.strategy)
    .filter((name): name is StrategyName => (STRATEGY_NAMES as readonly unknown[]).includes(name));
  return [...new Set(names)].sort();
}
