import { describe, expect, it } from "vitest";

import { makeView } from "@/lib/stats/test-view";
import type { FindingView, RunView } from "@/lib/views";
import { buildSecurityMatrix } from "./build-security-matrix";
import { selectPostureRuns } from "./select-posture-runs";

function finding(control: string, severity: FindingView["severity"], passed: boolean, workload = "w1"): FindingView {
  return {
    subject: "container",
    workload,
    control,
    title: `Title of ${control}`,
    severity,
    passed,
    evidence: { field: "HostConfig.Privileged", value: !passed },
    explanation: "Explanation.",
    remediation: "Remediation.",
  };
}

function withFindings(run: RunView, findings: FindingView[]): RunView {
  return { ...run, findings };
}

describe("selectPostureRuns", () => {
  it("takes the first iteration's earliest run", () => {
    const view = makeView([
      { strategy: "socket", mode: "buildkit", scenario: "cold", iteration: 2 },
      { strategy: "socket", mode: "buildkit", scenario: "warm-same", iteration: 1 },
      { strategy: "socket", mode: "buildkit", scenario: "cold", iteration: 1 },
    ]);
    view.runs = view.runs.map((run) => withFindings(run, [finding("a", "low", true)]));

    const [column] = selectPostureRuns(view);

    expect(column.key).toBe("socket/buildkit");
    expect(column.run?.id).toBe("run-1");
  });

  it("skips a run without findings", () => {
    const view = makeView([
      { strategy: "dind", mode: "cold", iteration: 1, status: "failed" },
      { strategy: "dind", mode: "cold", iteration: 2 },
    ]);
    view.runs[1] = withFindings(view.runs[1], [finding("a", "low", true)]);

    expect(selectPostureRuns(view)[0].run?.id).toBe("run-1");
  });

  it("keeps a strategy without findings", () => {
    const view = makeView([{ strategy: "kaniko", mode: "docker", status: "failed" }]);

    const [column] = selectPostureRuns(view);

    expect(column.run?.id).toBe("run-0");
    expect(column.run?.findings).toEqual([]);
  });
});

describe("buildSecurityMatrix", () => {
  const view = makeView([
    { strategy: "socket", mode: "buildkit" },
    { strategy: "dind", mode: "cold" },
    { strategy: "kaniko", mode: "docker" },
  ]);
  view.runs[0] = withFindings(view.runs[0], [finding("host.root", "high", false), finding("all.pass", "critical", true)]);
  view.runs[1] = withFindings(view.runs[1], [
    finding("priv", "critical", false, "daemon"),
    finding("priv", "critical", true, "client"),
    finding("caps", "medium", false),
    finding("all.pass", "critical", true),
    finding("low.fail", "low", false),
  ]);
  view.runs[2] = withFindings(view.runs[2], [finding("priv", "critical", true), finding("caps", "medium", false), finding("all.pass", "critical", true), finding("info.pass", "info", true)]);

  it("orders rows worst first", () => {
    const matrix = buildSecurityMatrix(selectPostureRuns(view));

    expect(matrix.rows.map((row) => row.control)).toEqual(["priv", "host.root", "caps", "low.fail", "all.pass", "info.pass"]);
  });

  it("fails a cell when one workload fails", () => {
    const matrix = buildSecurityMatrix(selectPostureRuns(view));
    const priv = matrix.rows.find((row) => row.control === "priv");

    expect(priv?.cells[0]).toBeNull();
    expect(priv?.cells[1]).toMatchObject({ passed: false, severity: "critical" });
    expect(priv?.cells[1]?.findings.map((item) => item.workload)).toEqual(["daemon", "client"]);
    expect(priv?.cells[2]).toMatchObject({ passed: true, severity: "critical" });
    expect(priv?.failedCount).toBe(1);
    expect(priv?.worstFailed).toBe("critical");
  });

  it("counts failing columns for ties", () => {
    const matrix = buildSecurityMatrix(selectPostureRuns(view));
    const caps = matrix.rows.find((row) => row.control === "caps");

    expect(caps?.failedCount).toBe(2);
    expect(caps?.worstFailed).toBe("medium");
  });

  it("gives passed rows no worst failure", () => {
    const matrix = buildSecurityMatrix(selectPostureRuns(view));
    const passed = matrix.rows.find((row) => row.control === "all.pass");

    expect(passed?.worstFailed).toBeNull();
    expect(passed?.cells.every((cell) => cell?.passed)).toBe(true);
    expect(passed?.title).toBe("Title of all.pass");
  });

  it("has one column per strategy and mode", () => {
    const matrix = buildSecurityMatrix(selectPostureRuns(view));

    expect(matrix.columns.map((column) => column.key)).toEqual(["socket/buildkit", "dind/cold", "kaniko/docker"]);
    for (const row of matrix.rows) expect(row.cells).toHaveLength(3);
  });
});
