import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { getComparisonViewOrThrow } from "../../lib/db/queries/get-comparison-view";
import { readRunLog } from "../../lib/db/queries/read-run-log";
import { submitComparison } from "../../lib/runner/submit-comparison";
import { PHASE_NAMES } from "../../lib/strategies/types";
import { readRegistryDigest } from "./read-registry-digest";
import { waitForComparison } from "./wait-for-comparison";

const docker = new Docker();
const created: string[] = [];


describe("socket comparison end to end", () => {
  afterAll(async () => {
    const db = getDb();
    for (const id of created) await db.comparison.delete({ where: { id } }).catch(() => undefined);
    await db.$disconnect();
  });

  it.each(["buildkit", "classic"])("builds the multi-stage sample in %s mode", async (mode) => {
    const id = await submitComparison({
      options: { strategies: [{ strategy: "socket", mode }], scenarios: ["cold"], iterations: 1, dockerfilePath: "Dockerfile" },
      source: { kind: "sample", name: "multi-stage" },
    });
    created.push(id);

    expect(await waitForComparison(id)).toBe("succeeded");
    const view = await getComparisonViewOrThrow(id);
    const [run] = view.runs;

    expect(run.status).toBe("succeeded");
    expect(run.mode).toBe(mode);
    for (const phase of PHASE_NAMES) {
      const stored = run.phases.find((entry) => entry.name === phase);
      expect(stored, `phase ${phase}`).toBeDefined();
      expect(stored!.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(run.steps.length).toBeGreaterThanOrEqual(3);
    expect(run.steps.every((step) => step.startedAt !== null && step.endedAt !== null)).toBe(true);
    expect(run.image.layerCount).toBeGreaterThan(0);
    expect(run.image.sizeBytes).toBeGreaterThan(0);
    expect(run.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await readRegistryDigest(run.image.ref!)).toBe(run.image.digest);
    expect(run.versions.engine).toBeTruthy();

    const log = await readRunLog(run.id);
    expect(log.length).toBeGreaterThan(0);
    expect(run.logBytes).toBeGreaterThan(0);

    // The security view is built from the daemon the build really used: the host's, through its socket.
    const socketFinding = run.findings.find((finding) => finding.control === "buildlab.host-daemon.socket");
    expect(socketFinding?.passed).toBe(false);
    expect(JSON.stringify(socketFinding?.evidence)).toContain("docker.sock");
    expect(run.posture?.pssLevel).toBe("privileged");
    expect(run.posture?.rootDaemonInvolved).toBe(true);

    // The result image is kept only while the comparison runs, as a warm cache.
    await expect(docker.getImage(run.image.ref!).inspect()).rejects.toThrow();
  });

  it("stores a failing step with its last log lines", async () => {
    const id = await submitComparison({
      options: { strategies: [{ strategy: "socket", mode: "buildkit" }], scenarios: ["cold"], iterations: 1, dockerfilePath: "Dockerfile" },
      source: { kind: "files", files: [] },
      dockerfileText: "FROM localhost:5000/buildlab/busybox:lab\nRUN echo about to fail && exit 3\n",
    });
    created.push(id);

    expect(await waitForComparison(id)).toBe("failed");
    const [run] = (await getComparisonViewOrThrow(id)).runs;

    expect(run.status).toBe("failed");
    expect(run.failedStep).toContain("exit 3");
    expect(run.error).toContain("about to fail");
    expect(run.phases.map((phase) => phase.name)).toContain("cleanup");
  });

  it("rejects a missing base image without storing a build", async () => {
    const id = await submitComparison({
      options: { strategies: [{ strategy: "socket", mode: "classic" }], scenarios: ["cold"], iterations: 1, dockerfilePath: "Dockerfile" },
      source: { kind: "files", files: [] },
      dockerfileText: "FROM localhost:5000/buildlab/does-not-exist:1\nRUN true\n",
    });
    created.push(id);

    expect(await waitForComparison(id)).toBe("failed");
    const [run] = (await getComparisonViewOrThrow(id)).runs;

    expect(run.error).toMatch(/does-not-exist/);
    expect(run.steps).toHaveLength(0);
  });
});

describe("image equivalence of a comparison", () => {
  it("compares the images of two strategies and stores the result", async () => {
    const id = await submitComparison({
      options: {
        strategies: [{ strategy: "socket", mode: "buildkit" }, { strategy: "socket", mode: "classic" }],
        scenarios: ["cold"],
        iterations: 1,
        dockerfilePath: "Dockerfile",
      },
      source: { kind: "sample", name: "multi-stage" },
    });
    created.push(id);

    expect(await waitForComparison(id)).toBe("succeeded");
    const db = getDb();
    const pairs = await db.imageEquivalence.findMany({ where: { comparisonId: id } });
    const runs = await db.run.findMany({ where: { comparisonId: id }, include: { image: true } });

    expect(pairs).toHaveLength(1);
    expect(new Set([pairs[0].leftRunId, pairs[0].rightRunId])).toEqual(new Set(runs.map((run) => run.id)));
    expect(typeof pairs[0].equal).toBe("boolean");
    expect(Array.isArray(pairs[0].differences)).toBe(true);
    for (const run of runs) {
      const files = run.image?.files as Record<string, unknown> | undefined;
      expect(files, `summary of run ${run.mode}`).toBeDefined();
      expect(Object.keys(files!)).toContain("/bin/busybox");
    }
  });
});
