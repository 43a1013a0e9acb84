import { describe, expect, it } from "vitest";
import type { PhaseView, RunView } from "@/lib/views";
import { sumPhaseDurations } from "./sum-phase-durations";

function runWithPhases(phases: Pick<PhaseView, "name" | "durationMs">[]): RunView {
  return {
    phases: phases.map((phase) => ({ ...phase, startedAt: "2026-12-04T20:00:00.000Z", endedAt: phase.durationMs === null ? null : "2026-12-04T20:00:01.000Z", detail: null })),
  } as RunView;
}

describe("sumPhaseDurations", () => {
  it("adds stretches of one phase", () => {
    const totals = sumPhaseDurations(runWithPhases([{ name: "build", durationMs: 1200 }, { name: "build", durationMs: 34 }]));

    expect(totals.build).toBe(1234);
  });

  it("leaves out a running phase", () => {
    const totals = sumPhaseDurations(runWithPhases([{ name: "prepare", durationMs: 70 }, { name: "base", durationMs: null }]));

    expect(totals).toEqual({ prepare: 70 });
  });
});
