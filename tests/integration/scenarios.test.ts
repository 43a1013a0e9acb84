import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { getComparisonViewOrThrow } from "../../lib/db/queries/get-comparison-view";
import { submitComparison } from "../../lib/runner/submit-comparison";
import { waitForComparison } from "./wait-for-comparison";

const DOCKERFILE = [
  "FROM localhost:5000/buildlab/busybox:lab",
  "RUN echo base > /base.txt",
  "COPY app.txt /app/app.txt",
  'CMD ["cat", "/app/app.txt"]',
].join("\n");

function fileEntry(path: string, text: string) {
  return { path, open: () => Readable.from([Buffer.from(text)]) };
}

describe("scenarios of a comparison", () => {
  const created: string[] = [];

  afterAll(async () => {
    for (const id of created) await getDb().comparison.delete({ where: { id } }).catch(() => undefined);
  });

  it("builds cold, then warm with a change, then warm without one", async () => {
    const id = await submitComparison({
      options: {
        strategies: [{ strategy: "socket", mode: "buildkit" }],
        scenarios: ["cold", "warm-change", "warm-same"],
        iterations: 1,
        dockerfilePath: "Dockerfile",
      },
      source: { kind: "files", files: [fileEntry("Dockerfile", DOCKERFILE), fileEntry("app.txt", "hello\n")] },
    });
    created.push(id);

    expect(await waitForComparison(id)).toBe("succeeded");
    const runs = (await getComparisonViewOrThrow(id)).runs;
    const byScenario = Object.fromEntries(runs.map((run) => [run.scenario, run]));
    // BuildKit also reports FROM as a step, and may name it after the stage of another build that
    // shares the vertex. The cache question is about the steps after it.
    const cachedOf = (scenario: string) =>
      byScenario[scenario].steps
        .map((step) => `${step.name.replace(/^\[[^\]]*\] /, "")}:${step.cached}`)
        .filter((step) => !step.startsWith("FROM "));

    expect(runs.map((run) => run.scenario)).toEqual(["cold", "warm-change", "warm-same"]);
    expect(cachedOf("cold")).toEqual(["RUN echo base > /base.txt:false", "COPY app.txt /app/app.txt:false"]);
    expect(cachedOf("warm-change")).toEqual(["RUN echo base > /base.txt:true", "COPY app.txt /app/app.txt:false"]);
    expect(cachedOf("warm-same")).toEqual(["RUN echo base > /base.txt:true", "COPY app.txt /app/app.txt:true"]);
    expect(byScenario["warm-change"].change).toContain("app.txt");
    expect(byScenario["cold"].change).toBeNull();
  });
});

describe("schedule of a comparison", () => {
  const created: string[] = [];

  afterAll(async () => {
    for (const id of created) await getDb().comparison.delete({ where: { id } }).catch(() => undefined);
  });

  it.each([
    ["sequential", false],
    ["parallel", true],
  ] as const)("runs a %s round with overlap %s", async (schedule, overlaps) => {
    const dockerfile = "FROM localhost:5000/buildlab/busybox:lab\nRUN sleep 2\n";
    const id = await submitComparison({
      options: {
        strategies: [{ strategy: "socket", mode: "buildkit" }, { strategy: "socket", mode: "classic" }],
        scenarios: ["cold"],
        iterations: 1,
        schedule,
      },
      source: { kind: "files", files: [fileEntry("Dockerfile", dockerfile)] },
    });
    created.push(id);

    expect(await waitForComparison(id)).toBe("succeeded");
    const view = await getComparisonViewOrThrow(id);
    const [first, second] = view.runs.map((run) => ({ start: Date.parse(run.startedAt!), end: Date.parse(run.finishedAt!) }));

    expect(view.schedule).toBe(schedule);
    expect(first.start < second.end && second.start < first.end).toBe(overlaps);
  });
});
