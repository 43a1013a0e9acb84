import { describe, expect, it } from "vitest";

import type { ContextHistoryEntry } from "@/lib/db/queries/list-context-history";
import { summarizeHistory } from "./summarize-history";

function entry(id: string, runs: ContextHistoryEntry["runs"]): ContextHistoryEntry {
  return { comparisonId: id, title: `Comparison ${id}`, createdAt: `2026-01-0${id}T10:00:00.000Z`, status: "succeeded", runs };
}

const HISTORY = {
  contextDigest: `sha256:${"b".repeat(64)}`,
  comparisons: [
    entry("1", [
      { strategy: "socket", mode: "buildkit", scenario: "cold", status: "succeeded", durationMs: 1000 },
      { strategy: "socket", mode: "buildkit", scenario: "cold", status: "succeeded", durationMs: 3000 },
      { strategy: "socket", mode: "buildkit", scenario: "cold", status: "failed", durationMs: 1 },
      { strategy: "dind", mode: "cold", scenario: "warm-same", status: "succeeded", durationMs: 700 },
    ]),
    entry("2", [{ strategy: "dind", mode: "cold", scenario: "warm-same", status: "succeeded", durationMs: 800 }]),
    entry("3", [
      { strategy: "kaniko", mode: "docker", scenario: "cold", status: "succeeded", durationMs: 5000 },
      { strategy: "socket", mode: "buildkit", scenario: "cold", status: "succeeded", durationMs: null },
    ]),
  ],
};

describe("summarizeHistory", () => {
  it("gives medians of succeeded runs", () => {
    const summary = summarizeHistory(HISTORY, "cold");

    expect(summary.points.map((point) => point.comparisonId)).toEqual(["1", "3"]);
    expect(summary.points[0].medians).toEqual({ "socket/buildkit": 2000 });
    expect(summary.points[0].counts).toEqual({ "socket/buildkit": 2 });
    expect(summary.points[1].medians).toEqual({ "kaniko/docker": 5000 });
  });

  it("lists keys in order of appearance", () => {
    expect(summarizeHistory(HISTORY, "cold").keys).toEqual(["socket/buildkit", "kaniko/docker"]);
  });

  it("filters by scenario", () => {
    const summary = summarizeHistory(HISTORY, "warm-same");

    expect(summary.points.map((point) => point.medians)).toEqual([{ "dind/cold": 700 }, { "dind/cold": 800 }]);
  });

  it("lists every scenario seen", () => {
    expect(summarizeHistory(HISTORY, "cold").scenarios).toEqual(["cold", "warm-same"]);
  });
});
