import { describe, expect, it } from "vitest";

import { niceCeiling } from "./nice-ceiling";

describe("niceCeiling", () => {
  it.each([
    [4.12, 4.5],
    [5.17, 5.5],
    [0.98, 1.05],
    [12, 15],
    [1, 1.5],
    [0.004, 0.0045],
  ])("rounds %s up to %s", (value, expected) => {
    expect(niceCeiling(value)).toBeCloseTo(expected, 10);
  });

  it("gives 1 for zero", () => {
    expect(niceCeiling(0)).toBe(1);
  });
});
