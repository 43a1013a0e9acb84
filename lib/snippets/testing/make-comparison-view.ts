import type { ComparisonView } from "../../views";

/** Makes a finished comparison of all three strategies for snippet tests. `overrides` replace top-level fields. */
export function makeComparisonView(overrides: Partial<ComparisonView> = {}): ComparisonView {
  return {
    id: "0b6f1d2c-4e5a-4c1b-9f0e-2a3b4c5d6e7f",
    title: "Python web",
    status: "succeeded",
    createdAt: "2026-12-04T20:00:00.000Z",
    startedAt: "2026-12-04T20:00:01.000Z",
    finishedAt: "2026-12-04T20:05:00.000Z",
    error: null,
    source: "python-web",
    dockerfilePath: "docker/Dockerfile",
    dockerfile: "FROM localhost:5000/buildlab/python:3.11-bookworm\n",
    contextDigest: "sha256:0000000000000000000000000000000000000000000000000000000000000000",
    contextBytes: 1024,
    contextFiles: 3,
    strategies: [
      { strategy: "socket", mode: "buildkit" },
      { strategy: "socket", mode: "classic" },
      { strategy: "dind", mode: "cold" },
      { strategy: "kaniko", mode: "kubernetes" },
    ],
    scenarios: ["cold", "warm-change"],
    iterations: 1,
    runs: [],
    ...overrides,
  } as ComparisonView;
}
