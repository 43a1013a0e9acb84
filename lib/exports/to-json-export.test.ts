import { describe, expect, it } from "vitest";

import { summarizeComparison } from "../stats/summarize-comparison";
import { makeView } from "../stats/test-view";
import { toJsonExport } from "./to-json-export";

const VIEW = makeView([
  { strategy: "socket", mode: "buildkit", totalMs: 1000, phases: [["build", 900]] },
  { strategy: "socket", mode: "buildkit", iteration: 2, totalMs: 1100, phases: [["build", 950]] },
  { strategy: "kaniko", mode: "docker", totalMs: 5000, phases: [["build", 4000]] },
  { strategy: "kaniko", mode: "docker", iteration: 2, status: "failed", totalMs: 20 },
]);

describe("toJsonExport", () => {
  it("contains the view and its statistics", () => {
    const exported = toJsonExport(VIEW);

    expect(exported).toMatchObject({ format: "buildlab-comparison", version: 1, durationUnit: "ms" });
    expect(exported.comparison).toEqual(VIEW);
    expect(exported.statistics).toEqual(summarizeComparison(VIEW));
    expect(exported.statistics.scenarios[0].runs[1]).toMatchObject({ strategy: "kaniko", succeeded: 1, failed: 1 });
    expect(exported.findings).toBeNull();
    expect(exported.imageEquivalence).toBeNull();
  });

  it("adds findings and image equivalence", () => {
    const findings = [{ runId: "run-0", control: "cis-docker.5.4", passed: false }];
    const imageEquivalence = { pairs: [{ leftRunId: "run-0", rightRunId: "run-2", equal: true }] };

    const exported = toJsonExport(VIEW, { findings, imageEquivalence });

    expect(exported.findings).toEqual(findings);
    expect(exported.imageEquivalence).toEqual(imageEquivalence);
  });

  it("survives JSON unchanged", () => {
    const exported = toJsonExport(VIEW, { findings: [] });

    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
  });
});
