import type { PhaseName } from "@/lib/strategies/types";
import type { RunView } from "@/lib/views";

/**
 * Adds up the stored durations of a run's ended phases by name. A phase that a strategy reports
 * twice counts once with both stretches; a phase still running is left out.
 */
export function sumPhaseDurations(run: RunView): Partial<Record<PhaseName, number>> {
  const totals: Partial<Record<PhaseName, number>> = {};
  for (const phase of run.phases) {
    if (phase.durationMs === null) continue;
    totals[phase.name] = (totals[phase.name] ?? 0) + phase.durationMs;
  }
  return totals;
}
