import { describe, expect, it } from "vitest";

import { spreadLabels } from "./spread-labels";

describe("spreadLabels", () => {
  it("leaves distant labels in place", () => {
    expect(spreadLabels([10, 50, 90], 12)).toEqual([0, 0, 0]);
  });

  it("pushes close labels down", () => {
    // Sorted 100, 104, 105: the second moves to 112 and the third to 124.
    expect(spreadLabels([105, 100, 104], 12)).toEqual([19, 0, 8]);
  });

  it("keeps equal positions in input order", () => {
    expect(spreadLabels([50, 50], 10)).toEqual([0, 10]);
  });
});
