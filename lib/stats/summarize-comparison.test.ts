import { describe, expect, it } from "vitest";

import type { ComparisonStatistics, Measure, MeasureStatistics } from "./types";
import { summarizeComparison } from "./summarize-comparison";
import { makeView, type TestRun } from "./test-view";

function measureOf(statistics: ComparisonStatistics, scenario: string, measure: Measure): MeasureStatistics {
  const found = statistics.scenarios.find((item) => item.scenario === scenario)?.measures.find((item) => item.measure === measure);
  if (!found) throw new Error(`no ${measure} statistics for scenario ${scenario}`);
  return found;
}

/** Runs of one strategy with the given totals, one per iteration. */
function runsOf(strategy: TestRun["strategy"], mode: string | null, totals: number[], extra: Partial<TestRun> = {}): TestRun[] {
  return totals.map((totalMs, index) => ({ strategy, mode, totalMs, iteration: index + 1, ...extra }));
}

describe("summarizeComparison", () => {
  it("summarizes totals and phases by strategy", () => {
    const view = makeView([
      ...[1000, 1200, 1100].map((totalMs, index): TestRun => ({
        strategy: "socket",
        mode: "buildkit",
        totalMs,
        iteration: index + 1,
        phases: [
          ["context", 10 + index],
          ["build", totalMs - 100],
        ],
      })),
      ...[3000, 3600, 3300].map((totalMs, index): TestRun => ({
        strategy: "dind",
        mode: "cold",
        totalMs,
        iteration: index + 1,
        phases: [
          ["prepare", 2000],
          ["build", totalMs - 2000],
        ],
      })),
    ]);

    const statistics = summarizeComparison(view);

    expect(statistics.scenarios.map((item) => item.scenario)).toEqual(["cold"]);
    const measures = statistics.scenarios[0].measures.map((item) => item.measure);
    expect(measures).toEqual(["total", "prepare", "context", "build"]);

    const total = measureOf(statistics, "cold", "total");
    expect(total.strategies.map((item) => [item.strategy, item.mode])).toEqual([
      ["socket", "buildkit"],
      ["dind", "cold"],
    ]);
    // socket: sorted 1000 1100 1200. dind: sorted 3000 3300 3600.
    expect(total.strategies[0].summary).toEqual({ n: 3, median: 1100, min: 1000, max: 1200, q1: 1050, q3: 1150, iqr: 100, mean: 1100 });
    expect(total.strategies[1].summary).toEqual({ n: 3, median: 3300, min: 3000, max: 3600, q1: 3150, q3: 3450, iqr: 300, mean: 3300 });
    expect(total.strategies[0].ratio).toBe(1);
    expect(total.strategies[1].ratio).toBe(3);
    expect(total.strategies.map((item) => item.fastest)).toEqual([true, false]);
    expect(total.noisy).toBe(false);
    expect(total.noiseReasons).toEqual([]);

    const build = measureOf(statistics, "cold", "build");
    expect(build.strategies[0].summary?.median).toBe(1000);
    expect(build.strategies[1].summary?.median).toBe(1300);
    expect(build.strategies[1].ratio).toBe(1.3);

    // Only dind reports prepare, so socket has no summary there and the ranking has one entry.
    const prepare = measureOf(statistics, "cold", "prepare");
    expect(prepare.strategies[0]).toMatchObject({ summary: null, ratio: null, fastest: false, noise: [] });
    expect(prepare.strategies[1]).toMatchObject({ ratio: 1, fastest: true });
    expect(prepare.noisy).toBe(false);
  });

  it("counts only succeeded runs", () => {
    const view = makeView([
      ...runsOf("socket", "buildkit", [1000, 1100, 1200]),
      { strategy: "socket", mode: "buildkit", iteration: 4, status: "failed", totalMs: 10 },
      { strategy: "socket", mode: "buildkit", iteration: 5, status: "cancelled", totalMs: 20 },
      { strategy: "socket", mode: "buildkit", iteration: 6, status: "running", totalMs: null },
      { strategy: "kaniko", mode: "docker", iteration: 1, status: "failed", totalMs: 50 },
    ]);

    const statistics = summarizeComparison(view);

    expect(statistics.scenarios[0].runs).toEqual([
      { strategy: "socket", mode: "buildkit", succeeded: 3, failed: 1, cancelled: 1, unfinished: 1 },
      { strategy: "kaniko", mode: "docker", succeeded: 0, failed: 1, cancelled: 0, unfinished: 0 },
    ]);
    const total = measureOf(statistics, "cold", "total");
    expect(total.strategies[0].summary).toMatchObject({ n: 3, min: 1000, max: 1200 });
    expect(total.strategies[1]).toMatchObject({ summary: null, ratio: null, fastest: false });
  });

  it("keeps the order of scenarios and strategies", () => {
    const view = makeView(
      [
        { strategy: "kaniko", mode: "docker", scenario: "warm-same" },
        { strategy: "socket", mode: "classic", scenario: "cold" },
      ],
      {
        scenarios: ["cold", "warm-change", "warm-same"],
        strategies: [
          { strategy: "socket", mode: "classic" },
          { strategy: "kaniko", mode: "docker" },
        ],
      },
    );

    const statistics = summarizeComparison(view);

    expect(statistics.scenarios.map((item) => item.scenario)).toEqual(["cold", "warm-change", "warm-same"]);
    expect(statistics.scenarios[1].measures).toEqual([]);
    expect(statistics.scenarios[1].runs.map((item) => item.succeeded)).toEqual([0, 0]);
    expect(measureOf(statistics, "warm-same", "total").strategies.map((item) => item.strategy)).toEqual(["socket", "kaniko"]);
  });

  it("sums a phase reported twice and skips one still running", () => {
    const view = makeView([
      { strategy: "socket", mode: "buildkit", iteration: 1, phases: [["base", 100], ["build", 500], ["base", 50]] },
      { strategy: "socket", mode: "buildkit", iteration: 2, phases: [["base", 200], ["push", null]] },
    ]);

    const statistics = summarizeComparison(view);

    expect(measureOf(statistics, "cold", "base").strategies[0].summary).toMatchObject({ n: 2, min: 150, max: 200 });
    expect(statistics.scenarios[0].measures.map((item) => item.measure)).toEqual(["total", "base", "build"]);
  });

  it("gives no ratio against a fastest median of 0 ms", () => {
    const view = makeView([
      ...runsOf("socket", "buildkit", [1, 1, 1], { phases: [["push", 0]] }),
      ...runsOf("dind", "cold", [1, 1, 1], { phases: [["push", 40]] }),
    ]);

    const push = measureOf(summarizeComparison(view), "cold", "push");

    expect(push.strategies.map((item) => item.ratio)).toEqual([1, null]);
    expect(push.strategies.map((item) => item.fastest)).toEqual([true, false]);
  });
});

describe("summarizeComparison noise flag", () => {
  it("flags fewer than three runs", () => {
    const view = makeView([...runsOf("socket", "buildkit", [1000, 1010]), ...runsOf("dind", "cold", [5000, 5010, 5020])]);

    const total = measureOf(summarizeComparison(view), "cold", "total");

    expect(total.noisy).toBe(true);
    expect(total.noiseReasons.map((reason) => reason.code)).toEqual(["few-samples"]);
    expect(total.noiseReasons[0].message).toContain("socket/buildkit has 2 succeeded runs");
    expect(total.strategies[0].noise.map((reason) => reason.code)).toEqual(["few-samples"]);
    expect(total.strategies[1].noise).toEqual([]);
  });

  it("flags one run of a single strategy", () => {
    const total = measureOf(summarizeComparison(makeView([{ strategy: "socket", mode: "buildkit", totalMs: 900 }])), "cold", "total");

    expect(total.strategies[0]).toMatchObject({ ratio: 1, fastest: true });
    expect(total.noisy).toBe(true);
    expect(total.noiseReasons[0].message).toContain("has 1 succeeded run,");
  });

  it("flags an IQR above a quarter of the median", () => {
    // Sorted 1000 2000 3000: IQR 1500 to 2500 is half the median of 2000.
    const view = makeView([...runsOf("socket", "buildkit", [1000, 3000, 2000]), ...runsOf("dind", "cold", [9000, 9100, 9200])]);

    const total = measureOf(summarizeComparison(view), "cold", "total");

    expect(total.noisy).toBe(true);
    expect(total.noiseReasons.map((reason) => reason.code)).toEqual(["wide-spread"]);
    expect(total.noiseReasons[0].message).toContain("IQR of 1000 ms, 50% of its median");
  });

  it("accepts an IQR of exactly a quarter of the median", () => {
    // Sorted 700 1000 1200 1300 1400: q1 = 1000, median = 1200, q3 = 1300, IQR 300 = 0.25 * 1200.
    const view = makeView(runsOf("socket", "buildkit", [1000, 1200, 1300, 1400, 700]));

    const total = measureOf(summarizeComparison(view), "cold", "total");

    expect(total.strategies[0].summary).toMatchObject({ q1: 1000, median: 1200, q3: 1300, iqr: 300 });
    expect(total.noisy).toBe(false);
  });

  it("flags overlapping interquartile ranges", () => {
    // socket: q1 1050, q3 1150. dind: q1 1150, q3 1250. They touch at 1150.
    const view = makeView([...runsOf("socket", "buildkit", [1000, 1100, 1200]), ...runsOf("dind", "cold", [1100, 1200, 1300])]);

    const total = measureOf(summarizeComparison(view), "cold", "total");

    expect(total.noisy).toBe(true);
    expect(total.noiseReasons.map((reason) => reason.code)).toEqual(["overlapping-quartiles"]);
    expect(total.noiseReasons[0].message).toContain("socket/buildkit (1050–1150 ms) and dind/cold (1150–1250 ms)");
    expect(total.strategies[1].ratio).toBeCloseTo(1200 / 1100, 12);
  });

  it("accepts separate interquartile ranges", () => {
    // socket: q1 1050, q3 1150. dind: q1 1155, q3 1255.
    const view = makeView([...runsOf("socket", "buildkit", [1000, 1100, 1200]), ...runsOf("dind", "cold", [1105, 1205, 1305])]);

    expect(measureOf(summarizeComparison(view), "cold", "total").noisy).toBe(false);
  });

  it("flags tied medians", () => {
    const view = makeView([...runsOf("socket", "buildkit", [1000, 1000, 1000]), ...runsOf("dind", "cold", [1000, 1000, 1000])]);

    const total = measureOf(summarizeComparison(view), "cold", "total");

    expect(total.strategies.map((item) => [item.fastest, item.ratio])).toEqual([
      [true, 1],
      [true, 1],
    ]);
    expect(total.noisy).toBe(true);
    expect(total.noiseReasons.map((reason) => reason.code)).toEqual(["overlapping-quartiles"]);
  });

  it("judges the ranking by the two fastest only", () => {
    // kaniko is the slowest and spread wide, which shows on kaniko but does not flag the ranking.
    const view = makeView([
      ...runsOf("socket", "buildkit", [1000, 1010, 1020]),
      ...runsOf("dind", "cold", [2000, 2010, 2020]),
      ...runsOf("kaniko", "docker", [3000, 9000, 6000]),
    ]);

    const total = measureOf(summarizeComparison(view), "cold", "total");

    expect(total.noisy).toBe(false);
    expect(total.strategies[2].noise.map((reason) => reason.code)).toEqual(["wide-spread"]);
    expect(total.strategies.map((item) => item.ratio)).toEqual([1, 2010 / 1010, 6000 / 1010]);
  });

  it("flags spread around a median of 0 ms", () => {
    const cleanups = [0, 0, 40, 0];
    const view = makeView(cleanups.map((ms, index): TestRun => ({ strategy: "socket", mode: "buildkit", iteration: index + 1, phases: [["cleanup", ms]] })));

    const cleanup = measureOf(summarizeComparison(view), "cold", "cleanup");

    // Sorted 0 0 0 40: median 0, q1 0, q3 at h = 2.25 is 0 + 0.25 * 40 = 10.
    expect(cleanup.strategies[0].summary).toMatchObject({ median: 0, q1: 0, q3: 10, iqr: 10 });
    expect(cleanup.noiseReasons.map((reason) => reason.code)).toEqual(["wide-spread"]);
    expect(cleanup.noiseReasons[0].message).toContain("around a median of 0 ms");
  });

  it("accepts steady durations of 0 ms", () => {
    const view = makeView(runsOf("socket", "buildkit", [1, 1, 1], { phases: [["cleanup", 0]] }));

    expect(measureOf(summarizeComparison(view), "cold", "cleanup").noisy).toBe(false);
  });

  it("names the methods it used", () => {
    const statistics = summarizeComparison(makeView([{ strategy: "socket", mode: "buildkit" }]));

    expect(statistics.quartileMethod).toContain("R type 7");
    expect(statistics.noiseRule).toContain("fewer than 3 succeeded runs");
    expect(statistics.noiseRule).toContain("0.25 times its median");
  });
});
