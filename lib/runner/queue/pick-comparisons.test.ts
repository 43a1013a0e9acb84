import { describe, expect, it } from "vitest";
import { pickComparisons, type PendingComparison } from "./pick-comparisons";

const slots = (socket: number, dind: number, kaniko: number) => ({ socket, dind, kaniko });

describe("pickComparisons", () => {
  it("picks up to the free slots of one strategy, oldest first", () => {
    const pending: PendingComparison[] = [
      { id: "a", strategies: ["socket"] },
      { id: "b", strategies: ["socket"] },
      { id: "c", strategies: ["socket"] },
    ];

    expect(pickComparisons(pending, slots(2, 1, 1)).map((entry) => entry.id)).toEqual(["a", "b"]);
  });

  it("lets a comparison of a free strategy pass a full one", () => {
    const pending: PendingComparison[] = [
      { id: "a", strategies: ["socket"] },
      { id: "b", strategies: ["dind"] },
    ];

    expect(pickComparisons(pending, slots(0, 1, 1)).map((entry) => entry.id)).toEqual(["b"]);
  });

  it("keeps younger comparisons from overtaking a waiting one on its strategies", () => {
    const pending: PendingComparison[] = [
      { id: "mixed", strategies: ["dind", "socket"] },
      { id: "socket-only", strategies: ["socket"] },
      { id: "kaniko-only", strategies: ["kaniko"] },
    ];

    expect(pickComparisons(pending, slots(1, 0, 1)).map((entry) => entry.id)).toEqual(["kaniko-only"]);
  });

  it("takes one slot of every strategy a comparison uses", () => {
    const pending: PendingComparison[] = [
      { id: "mixed", strategies: ["dind", "socket"] },
      { id: "dind-only", strategies: ["dind"] },
    ];

    expect(pickComparisons(pending, slots(1, 1, 0)).map((entry) => entry.id)).toEqual(["mixed"]);
  });

  it("skips comparisons without a known strategy", () => {
    expect(pickComparisons([{ id: "empty", strategies: [] }], slots(1, 1, 1))).toEqual([]);
  });
});
