import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { fetchImageFacts } from "../../lib/images/fetch-image-facts";
import { getComparisonViewOrThrow } from "../../lib/db/queries/get-comparison-view";
import { submitComparison } from "../../lib/runner/submit-comparison";
import { PHASE_NAMES } from "../../lib/strategies/types";
import type { RunView } from "../../lib/views";
import { startKubeStandIn, type KubeStandIn } from "../kube-stand-in/start-kube-stand-in";
import { readRegistryDigest } from "./read-registry-digest";
import { waitForComparison } from "./wait-for-comparison";

const docker = new Docker();
let standIn: KubeStandIn;
let comparisonId: string;
let runs: RunView[];


function runOf(strategy: string, mode: string): RunView {
  const run = runs.find((candidate) => candidate.strategy === strategy && candidate.mode === mode);
  if (!run) throw new Error(`no ${strategy} ${mode} run`);
  return run;
}

function finding(run: RunView, control: string) {
  return run.findings.find((candidate) => candidate.control === control);
}

// The Kubernetes runner talks to a stand-in API server that runs pods on the local engine; only the
// kubeconfig differs from a real cluster.
describe("one sample through every strategy", () => {
  beforeAll(async () => {
    standIn = await startKubeStandIn({ namespaces: ["buildlab-builds"] });
    process.env.KUBECONFIG = standIn.kubeconfigPath;

    comparisonId = await submitComparison({
      options: {
        strategies: [
          { strategy: "socket", mode: "buildkit" },
          { strategy: "dind", mode: "cold" },
          { strategy: "kaniko", mode: "docker" },
          { strategy: "kaniko", mode: "kubernetes" },
        ],
        scenarios: ["cold"],
        iterations: 1,
        dockerfilePath: "Dockerfile",
      },
      source: { kind: "sample", name: "multi-stage" },
    });
    await waitForComparison(comparisonId, 600_000);
    runs = (await getComparisonViewOrThrow(comparisonId)).runs;
  }, 660_000);

  afterAll(async () => {
    await getDb().comparison.delete({ where: { id: comparisonId } }).catch(() => undefined);
    await standIn?.stop();
  });

  it("succeeds with every strategy", () => {
    expect(runs.map((run) => `${run.strategy}:${run.mode}:${run.status}:${run.error ?? ""}`)).toEqual([
      "socket:buildkit:succeeded:",
      "dind:cold:succeeded:",
      "kaniko:docker:succeeded:",
      "kaniko:kubernetes:succeeded:",
    ]);
  });

  it("reports the same phases for every strategy", () => {
    for (const run of runs) {
      const names = run.phases.map((phase) => phase.name);
      for (const phase of PHASE_NAMES) expect(names, `${run.strategy} ${run.mode}`).toContain(phase);
      expect(run.steps.length, `${run.strategy} ${run.mode} steps`).toBeGreaterThan(0);
    }
  });

  it("stores the digest the registry serves", async () => {
    for (const run of runs) {
      expect(run.image.digest, `${run.strategy} ${run.mode}`).toMatch(/^sha256:/);
      expect(await readRegistryDigest(run.image.ref!), `${run.strategy} ${run.mode}`).toBe(run.image.digest);
    }
  });

  it("measures every image size the same way, in the registry", async () => {
    for (const run of runs) {
      const facts = await fetchImageFacts(run.image.ref!, ["localhost:5000"]);
      expect(run.image.sizeBytes, `${run.strategy} ${run.mode} size`).toBe(facts.sizeBytes);
      expect(run.image.layerCount, `${run.strategy} ${run.mode} layers`).toBe(facts.layerCount);
    }
  });

  it("records the executor version for Kaniko", () => {
    expect(JSON.stringify(runOf("kaniko", "docker").versions)).toContain("v1.25.1");
    expect(JSON.stringify(runOf("kaniko", "kubernetes").versions)).toContain("v1.25.1");
  });

  it("finds the host socket behind the socket strategy", () => {
    const run = runOf("socket", "buildkit");

    expect(finding(run, "buildlab.host-daemon.socket")?.passed).toBe(false);
    expect(run.posture?.pssLevel).toBe("privileged");
  });

  it("finds the Docker-in-Docker daemon's privileges", () => {
    const run = runOf("dind", "cold");
    const fallback = finding(run, "buildlab.dind.privileged-fallback");
    const privileged = finding(run, "pss.baseline.privileged");

    // The lab machines reject privileged mode, so the daemon runs with the explicit fallback set
    // there; a host that allows it shows HostConfig.Privileged instead.
    if (run.notes.some((note) => note.startsWith("privileged-fallback:"))) {
      expect(fallback?.passed).toBe(false);
      expect(JSON.stringify(fallback?.evidence)).toContain("SYS_RESOURCE");
    } else {
      expect(privileged?.passed).toBe(false);
    }
    expect(run.posture?.pssLevel).toBe("privileged");
    expect(run.posture?.rootDaemonInvolved).toBe(true);
  });

  it("finds the Kaniko pod's root user and rates it baseline", () => {
    const run = runOf("kaniko", "kubernetes");
    const rootUser = finding(run, "pss.restricted.run-as-non-root");

    expect(rootUser?.passed).toBe(false);
    expect(JSON.stringify(rootUser?.evidence)).toContain("runAsNonRoot");
    expect(finding(run, "pss.baseline.privileged")?.passed).toBe(true);
    expect(run.posture?.pssLevel).toBe("baseline");
  });

  it("reports identical images as equal", async () => {
    const pairs = await getDb().imageEquivalence.findMany({ where: { comparisonId } });

    expect(pairs).toHaveLength(6);
    for (const pair of pairs) expect(pair.equal, `${pair.leftRunId} ~ ${pair.rightRunId}`).toBe(true);
  });

  it("leaves no container, volume or pod behind", async () => {
    const containers = await docker.listContainers({ all: true, filters: { label: [`org.buildlab.comparison=${comparisonId}`] } });
    const { Volumes: volumes } = await docker.listVolumes({ filters: { label: [`org.buildlab.comparison=${comparisonId}`] } });

    expect(containers).toEqual([]);
    expect(volumes ?? []).toEqual([]);
    expect(standIn.listPods()).toEqual([]);
    expect(await standIn.listContainers()).toEqual([]);
  });
});

// Builders disagree on real Dockerfiles; the owner of a folder that WORKDIR creates under a non-root
// USER is a known case.
describe("a divergence between builders", () => {
  let id: string;

  afterAll(async () => {
    await getDb().comparison.delete({ where: { id } }).catch(() => undefined);
  });

  it("reports the owner of a WORKDIR made under a non-root USER", async () => {
    id = await submitComparison({
      options: {
        strategies: [{ strategy: "socket", mode: "buildkit" }, { strategy: "socket", mode: "classic" }, { strategy: "kaniko", mode: "docker" }],
        scenarios: ["cold"],
        iterations: 1,
        dockerfilePath: "Dockerfile",
      },
      source: { kind: "files", files: [] },
      dockerfileText: "FROM localhost:5000/buildlab/busybox:lab\nUSER 1000:1000\nWORKDIR /work\nCMD [\"pwd\"]\n",
    });
    expect(await waitForComparison(id)).toBe("succeeded");

    const view = await getComparisonViewOrThrow(id);
    const label = (runId: string) => {
      const run = view.runs.find((candidate) => candidate.id === runId)!;
      return `${run.strategy}:${run.mode}`;
    };
    const pairs = view.equivalence?.pairs ?? [];
    const buildkitAgainstClassic = pairs.find((pair) => [label(pair.leftRunId), label(pair.rightRunId)].sort().join(" ~ ") === "socket:buildkit ~ socket:classic");
    const ownerDifference = buildkitAgainstClassic?.differences.find((difference) => difference.path === "/work" && !difference.ignored);

    expect(pairs).toHaveLength(3);
    expect(buildkitAgainstClassic?.equal).toBe(false);
    expect(ownerDifference?.kind).toBe("owner");
    expect(JSON.stringify([ownerDifference?.left, ownerDifference?.right])).toContain("1000");
  });
});
