import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeconfigFor, startKubeStandIn, type KubeStandIn } from "../../tests/kube-stand-in/start-kube-stand-in";
import { getEnv } from "../env";
import { isPrivilegedRejected } from "../strategies/dind/is-privileged-rejected";
import { LAB_SETUP_COMMAND } from "./lab-setup-command";
import { DEFAULT_PROBE_IMAGE, probeEnvironment } from "./probe-environment";
import { LABEL_PROBE } from "./probe-privileged-mode";
import type { EnvironmentReport, ProbeCheck } from "./types";

// The probe against the lab's real Docker Engine and registry (scripts/lab.sh), and against the
// test suite's Kubernetes API stand-in. No kubeconfig exists on the lab machines, so each case
// names its own.

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const noKubeconfig = () => undefined;

function check(report: EnvironmentReport, id: ProbeCheck["id"]): ProbeCheck {
  const found = report.checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`the report has no ${id} check: ${report.checks.map((candidate) => candidate.id).join(", ")}`);
  return found;
}

function detail(entry: ProbeCheck, label: string): string | undefined {
  return entry.details.find((candidate) => candidate.label === label)?.value;
}

/** Returns a port on 127.0.0.1 that nothing listens on, by binding one and closing it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function envWith(overrides: Record<string, string>) {
  return getEnv({ ...process.env, DOCKER_HOST: "unix:///var/run/docker.sock", BUILDLAB_REGISTRY: "localhost:5000", KUBECONFIG: "", ...overrides });
}

describe("probeEnvironment with the lab up", () => {
  let report: EnvironmentReport;
  let probesBefore: number;

  beforeAll(async () => {
    probesBefore = (await docker.listContainers({ all: true, filters: { label: [LABEL_PROBE] } })).length;
    report = await probeEnvironment({ env: envWith({}), loadKubeConfig: noKubeconfig, clock: () => new Date("2026-12-04T12:00:00.000Z") });
  });

  it("lists every check once", () => {
    expect(report.checkedAt).toBe("2026-12-04T12:00:00.000Z");
    expect(report.checks.map((entry) => entry.id)).toEqual(["docker-engine", "privileged-mode", "kaniko-image", "dind-image", "registry", "kubernetes"]);
  });

  it("reads the engine's versions", async () => {
    const engine = check(report, "docker-engine");
    const version = await docker.version();

    expect(engine.status).toBe("ok");
    expect(detail(engine, "Engine version")).toBe(version.Version);
    expect(detail(engine, "API version")).toBe(version.ApiVersion);
    expect(engine.fix).toBeUndefined();
  });

  it("tells whether privileged mode works", async () => {
    const privileged = check(report, "privileged-mode");

    // Start the same container by hand, to know what this host does.
    const container = await docker.createContainer({ Image: DEFAULT_PROBE_IMAGE, Cmd: ["true"], HostConfig: { Privileged: true, NetworkMode: "none" } });
    const startError = await container.start().then(() => undefined, (error: unknown) => error);
    await container.remove({ force: true });

    if (startError === undefined) {
      expect(privileged.status).toBe("ok");
    } else {
      expect(privileged.status).toBe("warning");
      expect(isPrivilegedRejected(startError)).toBe(privileged.summary.startsWith("This host rejects privileged containers"));
      expect(privileged.fix?.command ?? privileged.fix?.description).toBeTruthy();
    }
  });

  it("removes its probe container", async () => {
    const probesAfter = (await docker.listContainers({ all: true, filters: { label: [LABEL_PROBE] } })).length;

    expect(probesAfter).toBe(probesBefore);
  });

  it("finds the lab's Kaniko and dind images", () => {
    expect(check(report, "kaniko-image").status).toBe("ok");
    expect(check(report, "dind-image").status).toBe("ok");
  });

  it("reaches the lab registry", () => {
    const registry = check(report, "registry");

    expect(registry.status).toBe("ok");
    expect(detail(registry, "Checked")).toBe("http://127.0.0.1:5000/v2/");
  });

  it("reports Kubernetes missing without kubeconfig", () => {
    const kubernetes = check(report, "kubernetes");

    expect(kubernetes.status).toBe("missing");
    expect(kubernetes.fix?.command).toContain("KUBECONFIG=");
  });
});

describe("probeEnvironment with a backend down", () => {
  it("reports an unreachable engine and skips its checks", async () => {
    const report = await probeEnvironment({ env: envWith({ DOCKER_HOST: "unix:///nonexistent.sock" }), loadKubeConfig: noKubeconfig });
    const engine = check(report, "docker-engine");

    expect(engine.status).toBe("unreachable");
    expect(engine.summary).toContain("unix:///nonexistent.sock");
    expect(engine.fix?.command).toBe(LAB_SETUP_COMMAND);
    for (const id of ["privileged-mode", "kaniko-image", "dind-image"] as const) {
      expect(check(report, id).status, id).toBe("unreachable");
    }
    expect(check(report, "registry").status).toBe("ok");
  });

  it("reports an unsupported DOCKER_HOST", async () => {
    const report = await probeEnvironment({ env: envWith({ DOCKER_HOST: "ssh://builder@127.0.0.1" }), loadKubeConfig: noKubeconfig });
    const engine = check(report, "docker-engine");

    expect(engine.status).toBe("unreachable");
    expect(engine.summary).toContain("is not supported");
  });

  it("reports a missing image with the fix", async () => {
    const report = await probeEnvironment({ env: envWith({ BUILDLAB_KANIKO_IMAGE: "buildlab-test/absent-executor:none" }), loadKubeConfig: noKubeconfig });
    const kaniko = check(report, "kaniko-image");

    expect(kaniko.status).toBe("missing");
    expect(kaniko.summary).toContain("buildlab-test/absent-executor:none");
    expect(kaniko.fix?.command).toBe(LAB_SETUP_COMMAND);
    expect(kaniko.fix?.description).toContain("BUILDLAB_KANIKO_IMAGE");
  });

  it("reports a missing probe image", async () => {
    const report = await probeEnvironment({ env: envWith({}), loadKubeConfig: noKubeconfig, probeImage: "buildlab-test/absent-probe:none" });

    expect(check(report, "privileged-mode").status).toBe("missing");
  });

  it("reports an unreachable registry", async () => {
    const port = await closedPort();
    const report = await probeEnvironment({ env: envWith({ BUILDLAB_REGISTRY: `127.0.0.1:${port}` }), loadKubeConfig: noKubeconfig });
    const registry = check(report, "registry");

    expect(registry.status).toBe("unreachable");
    expect(registry.summary).toContain(`127.0.0.1:${port}`);
    expect(registry.fix?.description).toContain("BUILDLAB_REGISTRY");
  });
});

describe("probeEnvironment with Kubernetes", () => {
  let standIn: KubeStandIn;
  let folder: string;

  beforeAll(async () => {
    standIn = await startKubeStandIn({ namespaces: ["buildlab-builds"] });
    folder = await mkdtemp(path.join(os.tmpdir(), "buildlab-probe-"));
  });

  afterAll(async () => {
    await standIn?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("reads the context and server version", async () => {
    const report = await probeEnvironment({ env: envWith({ KUBECONFIG: standIn.kubeconfigPath }) });
    const kubernetes = check(report, "kubernetes");

    expect(detail(kubernetes, "Server")).toBe(standIn.url);
    expect(detail(kubernetes, "Server version")).toMatch(/^v1\.\d+/);
    expect(detail(kubernetes, "Build namespace")).toBe("buildlab-builds");
    // NOTE: the stand-in serves no SelfSubjectAccessReview, so the permission check fails here and
    // the allowed and denied outcomes are not exercised.
    expect(kubernetes.status).toBe("warning");
    expect(kubernetes.summary).toContain("SelfSubjectAccessReview failed");
    expect(kubernetes.fix?.command).toBe("kubectl auth can-i create pods --namespace buildlab-builds");
  });

  it("reports an unreachable API server", async () => {
    const port = await closedPort();
    const kubeconfigPath = path.join(folder, "closed.yaml");
    await writeFile(kubeconfigPath, kubeconfigFor(`http://127.0.0.1:${port}`, "token", "buildlab-builds"));

    const report = await probeEnvironment({ env: envWith({ KUBECONFIG: kubeconfigPath }) });
    const kubernetes = check(report, "kubernetes");

    expect(kubernetes.status).toBe("unreachable");
    expect(kubernetes.summary).toContain(`127.0.0.1:${port}`);
    expect(kubernetes.fix?.command).toBe("kubectl cluster-info");
  });
});
