import { describe, expect, it } from "vitest";
import { expandPlan } from "./expand-plan";

describe("expandPlan", () => {
  it("returns one run for one strategy, scenario and iteration", () => {
    const plan = expandPlan([{ strategy: "socket", mode: "buildkit" }], ["cold"], 1);

    expect(plan).toEqual([{ strategy: "socket", mode: "buildkit", sequence: 0, scenario: "cold", iteration: 1 }]);
  });

  it("rotates strategy order between iterations", () => {
    const plan = expandPlan([{ strategy: "socket" }, { strategy: "dind" }, { strategy: "kaniko" }], ["cold"], 3);

    expect(plan.map((run) => run.strategy)).toEqual([
      "socket", "dind", "kaniko",
      "dind", "kaniko", "socket",
      "kaniko", "socket", "dind",
    ]);
    expect(plan.map((run) => run.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("runs every scenario within an iteration", () => {
    const plan = expandPlan([{ strategy: "socket" }, { strategy: "dind" }], ["cold", "warm-same"], 1);

    expect(plan.map((run) => `${run.scenario}:${run.strategy}`)).toEqual([
      "cold:socket", "cold:dind", "warm-same:socket", "warm-same:dind",
    ]);
  });
});
