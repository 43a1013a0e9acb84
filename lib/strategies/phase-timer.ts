import type { PhaseName, RunEventSink } from "./types";

/**
 * Emits paired phase-start and phase-end events, so every strategy times phases the same way.
 * `run` ends the phase whether the work succeeds or throws.
 */
export function createPhaseTimer(emit: RunEventSink, now: () => Date = () => new Date()) {
  return {
    async run<T>(phase: PhaseName, work: () => Promise<T>, detail?: string): Promise<T> {
      emit({ type: "phase-start", phase, at: now(), detail });
      try {
        return await work();
      } finally {
        emit({ type: "phase-end", phase, at: now() });
      }
    },
  };
}

export type PhaseTimer = ReturnType<typeof createPhaseTimer>;
