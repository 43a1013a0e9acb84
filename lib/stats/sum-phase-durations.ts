import type { PhaseName } from "../strategies/types";
import type { RunView } from "../views";

/**
 * Adds up a run's phase durations in milliseconds by phase name. A phase that a strategy reported
 * twice counts once with both stretches. A phase that has not ended makes its name missing from
 * the result, because part of its time is unknown.
 */
export function sumPhaseDurations(run: RunView): Partial<Record<PhaseName, number>> {
  const totals: Partial<Record<PhaseName, number>> = {};
  const unended = new Set<PhaseName>();
  for (const phase of run.phases) {
    if (phase.durationMs === null) {
      unended.add(phase.name);
      continue;
    }
    totals[phase.name] = (totals[phase.name] ?? 0) + phase.durationMs;
  }
  for (const name of unended) delete totals[name];
  return totals;
}
