import { describe, expect, it } from "vitest";

import { summarize } from "./summarize";

// Expected quartiles are worked out by hand with R type 7: for sorted x[0..n-1], the p-quantile is
// x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]) at h = (n - 1) * p.

describe("summarize", () => {
  it("summarizes one value", () => {
    expect(summarize([5])).toEqual({ n: 1, median: 5, min: 5, max: 5, q1: 5, q3: 5, iqr: 0, mean: 5 });
  });

  it("summarizes two values", () => {
    // h = 0.25, 0.5, 0.75 between 10 and 20.
    expect(summarize([20, 10])).toEqual({ n: 2, median: 15, min: 10, max: 20, q1: 12.5, q3: 17.5, iqr: 5, mean: 15 });
  });

  it("summarizes an odd count", () => {
    // Sorted 1 3 5 7 9: h = 1, 2, 3 fall on ranks.
    expect(summarize([7, 1, 9, 3, 5])).toEqual({ n: 5, median: 5, min: 1, max: 9, q1: 3, q3: 7, iqr: 4, mean: 5 });
  });

  it("summarizes an even count", () => {
    // Sorted 1 2 3 4: h = 0.75 gives 1.75, h = 1.5 gives 2.5, h = 2.25 gives 3.25.
    expect(summarize([4, 3, 2, 1])).toEqual({ n: 4, median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25, iqr: 1.5, mean: 2.5 });
  });

  it("summarizes ties", () => {
    // Sorted 2 2 5 5 5 9: h = 1.25 gives 2 + 0.25 * 3, h = 2.5 and h = 3.75 fall between two 5s.
    const summary = summarize([5, 9, 2, 5, 2, 5]);

    expect(summary).toMatchObject({ n: 6, median: 5, min: 2, max: 9, q1: 2.75, q3: 5, iqr: 2.25 });
    expect(summary.mean).toBeCloseTo(28 / 6, 12);
  });

  it("summarizes all-equal values", () => {
    expect(summarize([7, 7, 7, 7])).toEqual({ n: 4, median: 7, min: 7, max: 7, q1: 7, q3: 7, iqr: 0, mean: 7 });
  });

  it("keeps millisecond durations exact", () => {
    // Sorted 61234 61235 61240: h = 0.5 gives 61234.5, h = 1.5 gives 61237.5.
    expect(summarize([61240, 61234, 61235])).toMatchObject({ median: 61235, q1: 61234.5, q3: 61237.5, iqr: 3 });
  });

  it("leaves the input in its order", () => {
    const values = [3, 1, 2];

    summarize(values);

    expect(values).toEqual([3, 1, 2]);
  });

  it("rejects an empty list", () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([])).toThrow("at least one value");
  });

  it("rejects values that are not finite", () => {
    expect(() => summarize([1, Number.NaN])).toThrow("NaN, which is not a finite number");
    expect(() => summarize([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
