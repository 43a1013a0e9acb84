import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareRunImages } from "./compare-run-images";
import { buildLayer } from "./testing/build-layer";
import { serveTestRegistry, type TestRegistry } from "./testing/serve-test-registry";
import type { RunImage } from "./types";

let registry: TestRegistry;

beforeAll(async () => {
  registry = await serveTestRegistry();
  const base = await buildLayer([{ name: "bin/", type: "directory" }, { name: "bin/sh", content: "shell", mode: 0o755 }]);
  const rootWorkdir = await buildLayer([{ name: "work/", type: "directory" }, { name: "work/app.txt", content: "app" }]);
  const userWorkdir = await buildLayer([{ name: "work/", type: "directory", uid: 1000, gid: 1000 }, { name: "work/app.txt", content: "app" }]);

  registry.pushImage("runs/cold", "buildkit", {
    layers: [base, rootWorkdir],
    config: { created: "2024-01-01T00:00:00Z", config: { Labels: { "org.buildlab.run": "run-a" } } },
  });
  registry.pushImage("runs/cold", "classic", {
    layers: [base, rootWorkdir],
    config: { created: "2024-02-02T00:00:00Z", config: { Labels: { "org.buildlab.run": "run-b" } } },
  });
  registry.pushImage("runs/cold", "kaniko", { layers: [base, userWorkdir] });
  registry.pushImage("runs/warm", "buildkit", { layers: [base] });
});

afterAll(async () => {
  await registry.close();
});

function run(runId: string, strategy: RunImage["strategy"], status: RunImage["status"], tag: string | null, extra: Partial<RunImage> = {}): RunImage {
  return { runId, strategy, status, scenario: "cold", imageRef: tag ? `${registry.host}/runs/cold:${tag}` : null, ...extra };
}

describe("compareRunImages", () => {
  it("pairs succeeded runs and reports which images match", async () => {
    const report = await compareRunImages([
      run("run-a", "socket", "succeeded", "buildkit", { mode: "buildkit" }),
      run("run-b", "socket", "succeeded", "classic", { mode: "classic" }),
      run("run-c", "kaniko", "succeeded", "kaniko"),
    ]);

    expect(report.findings).toEqual([]);
    expect(report.pairs.map((pair) => [pair.left.runId, pair.right.runId, pair.equal])).toEqual([
      ["run-a", "run-b", true],
      ["run-a", "run-c", false],
      ["run-b", "run-c", false],
    ]);
    expect(report.pairs[0].ignoredCount).toBeGreaterThan(0);
    expect(report.pairs[1].differences).toEqual([
      {
        kind: "owner",
        path: "/work",
        left: "0:0",
        right: "1000:1000",
        message: "/work is owned by 0:0 in socket/buildkit run run-a but by 1000:1000 in kaniko run run-c",
      },
    ]);
  });

  it("reports a failed run where another of its scenario succeeded", async () => {
    const report = await compareRunImages([
      run("run-a", "socket", "succeeded", "buildkit", { mode: "buildkit" }),
      run("run-d", "socket", "failed", null, { mode: "classic", failedStep: "COPY --chmod=0755 f /f", error: "the --chmod option requires BuildKit" }),
      run("run-e", "dind", "cancelled", null),
    ]);

    expect(report.pairs).toEqual([]);
    expect(report.findings).toEqual([
      {
        kind: "failed-where-another-succeeded",
        run: { runId: "run-d", strategy: "socket", mode: "classic", scenario: "cold" },
        failedStep: "COPY --chmod=0755 f /f",
        error: "the --chmod option requires BuildKit",
        succeeded: [{ runId: "run-a", strategy: "socket", mode: "buildkit", scenario: "cold" }],
        message:
          'socket/classic run run-d failed at step "COPY --chmod=0755 f /f": the --chmod option requires BuildKit, while socket/buildkit run run-a succeeded in scenario "cold"',
      },
    ]);
  });

  it("reports no finding when every run of a scenario failed", async () => {
    const report = await compareRunImages([run("run-f", "socket", "failed", null), run("run-g", "kaniko", "failed", null)]);

    expect(report).toEqual({ pairs: [], findings: [], summaries: {} });
  });

  it("pairs runs only within their scenario", async () => {
    const report = await compareRunImages([
      run("run-a", "socket", "succeeded", "buildkit"),
      run("run-w", "socket", "succeeded", null, { scenario: "warm-change", imageRef: `${registry.host}/runs/warm:buildkit` }),
    ]);

    expect(report.pairs).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  it("reports an image that cannot be read", async () => {
    const report = await compareRunImages([run("run-a", "socket", "succeeded", "buildkit"), run("run-h", "kaniko", "succeeded", "deleted")]);

    expect(report.pairs).toEqual([]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: "image-unreadable", run: { runId: "run-h" }, imageRef: `${registry.host}/runs/cold:deleted` });
    expect(report.findings[0].message).toMatch(/could not be read: Manifest runs\/cold:deleted was not found/);
  });
});
