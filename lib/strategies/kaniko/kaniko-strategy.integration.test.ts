import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import Docker from "dockerode";
import { pack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeStandIn, type KubeStandIn } from "../../../tests/kube-stand-in/start-kube-stand-in";
import { getEnv } from "../../env";
import { LABEL_APP, LABEL_COMPARISON, LABEL_RUN, LABEL_STRATEGY, type BuildRequest, type BuildResult, type RunEvent } from "../types";
import { deleteRepositoryTags } from "./delete-repository-tags";
import { LABEL_KANIKO_ROLE } from "./kaniko-settings";
import { createKanikoStrategy } from "./kaniko-strategy";

// Real builds with the real executor image through both runners: the Docker runner on the local
// engine, and the Kubernetes runner against the test-owned API stand-in, which runs pods on the
// same engine. The lab's set-up (scripts/lab.sh) makes the executor image and the busybox base.
const EXECUTOR_IMAGE = process.env.BUILDLAB_KANIKO_IMAGE ?? "buildlab/kaniko-executor:lab";
const BASE_IMAGE = "localhost:5000/buildlab/busybox:lab";
const RESULT_REPOSITORY = "localhost:5000/buildlab/kaniko-integration";
const CACHE_REPOSITORY = "localhost:5000/buildlab/kaniko-integration-cache";
const NAMESPACE = "buildlab-builds";
const COMPARISON_ID = `kaniko-it-${Date.now().toString(36)}`;

const docker = new Docker();
let standIn: KubeStandIn;
let runCounter = 0;

beforeAll(async () => {
  await docker.getImage(EXECUTOR_IMAGE).inspect().catch(() => {
    throw new Error(`The executor image ${EXECUTOR_IMAGE} is missing; run scripts/lab.sh first.`);
  });
  standIn = await startKubeStandIn();
});

afterAll(async () => {
  await standIn?.stop();
  await deleteRepositoryTags(RESULT_REPOSITORY, ["localhost:5000"]);
  await deleteRepositoryTags(`${CACHE_REPOSITORY}/${COMPARISON_ID}`, ["localhost:5000"]);
});

function strategyWith(overrides: Record<string, string> = {}) {
  const env = getEnv({
    ...process.env,
    KUBECONFIG: standIn.kubeconfigPath,
    BUILDLAB_KANIKO_IMAGE: EXECUTOR_IMAGE,
    BUILDLAB_REGISTRY: "localhost:5000",
    BUILDLAB_KANIKO_CACHE_REPO: CACHE_REPOSITORY,
    BUILDLAB_KUBE_NAMESPACE: NAMESPACE,
    BUILDLAB_KANIKO_MEMORY_BYTES: String(1024 * 1024 * 1024),
    BUILDLAB_KANIKO_CPUS: "1",
    BUILDLAB_KUBE_POD_START_TIMEOUT_SECONDS: "60",
    ...overrides,
  });
  return createKanikoStrategy({ env, docker });
}

async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Run {
  request: BuildRequest;
  events: RunEvent[];
  runId: string;
}

async function newRun(mode: string, files: Record<string, string | Buffer>, extra: Partial<BuildRequest> = {}): Promise<Run> {
  runCounter += 1;
  const runId = `${mode.slice(0, 4)}${Date.now().toString(36)}${runCounter}`;
  const context = await tarOf(files);
  const events: RunEvent[] = [];
  return {
    runId,
    events,
    request: {
      runId,
      comparisonId: COMPARISON_ID,
      openContext: () => Readable.from([context]),
      dockerfilePath: "Dockerfile",
      baseImages: [BASE_IMAGE],
      imageRef: `${RESULT_REPOSITORY}:${runId}`,
      push: true,
      mode,
      scenario: "cold",
      labels: { [LABEL_APP]: "buildlab", [LABEL_RUN]: runId, [LABEL_COMPARISON]: COMPARISON_ID, [LABEL_STRATEGY]: "kaniko" },
      signal: new AbortController().signal,
      emit: (event) => events.push(event),
      ...extra,
    },
  };
}

async function registryDigest(ref: string): Promise<string | null> {
  const [repository, tag] = ref.replace("localhost:5000/", "").split(":");
  const response = await fetch(`http://127.0.0.1:5000/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json" },
  });
  return response.ok ? response.headers.get("docker-content-digest") : null;
}

async function expectNothingLeft(runId: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${runId}`] } });
  expect(containers.map((container) => container.Names)).toEqual([]);
  expect(standIn.listPods().map((pod) => pod.metadata.name)).toEqual([]);
  expect(standIn.listConfigMaps()).toEqual([]);
  expect(standIn.listSecrets()).toEqual([]);
  expect(await standIn.listContainers()).toEqual([]);
}

function phases(events: RunEvent[]): string[] {
  const names: string[] = [];
  for (const event of events) {
    if (event.type === "phase-start") names.push(`start ${event.phase}`);
    if (event.type === "phase-end") names.push(`end ${event.phase}`);
  }
  return names;
}

function logText(events: RunEvent[]): string {
  return events.flatMap((event) => (event.type === "log" ? [event.text] : [])).join("\n");
}

const MULTI_STEP = {
  Dockerfile: [
    `FROM ${BASE_IMAGE}`,
    "RUN echo hello > /hello.txt",
    "COPY data.txt /data/data.txt",
    "WORKDIR /data",
    "RUN cat /hello.txt /data/data.txt > /data/both.txt",
    'CMD ["cat", "/data/both.txt"]',
  ].join("\n"),
  "data.txt": "some data\n",
};

describe.each(["docker", "kubernetes"])("kaniko strategy (%s runner)", (mode) => {
  it("builds and pushes a multi-step Dockerfile", async () => {
    const run = await newRun(mode, MULTI_STEP);

    const result = await strategyWith().build(run.request);

    expect(result.error).toBeUndefined();
    expect(result.status).toBe("succeeded");
    expect(result.image?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.image?.digest).toBe(await registryDigest(run.request.imageRef));
    expect(result.image?.layerCount).toBeGreaterThan(1);
    expect(result.image?.sizeBytes).toBeGreaterThan(0);
    expect(result.image?.id).toMatch(/^sha256:/);
    expect(result.notes ?? []).toEqual([]);
    expect(result.versions.executor).toBe("v1.25.1");
    expect(result.versions.runner).toBe(mode);

    const steps = run.events.flatMap((event) => (event.type === "step" ? [event.step] : []));
    expect(steps.map((step) => step.name)).toEqual([
      "RUN echo hello > /hello.txt",
      "COPY data.txt /data/data.txt",
      "WORKDIR /data",
      "RUN cat /hello.txt /data/data.txt > /data/both.txt",
      'CMD ["cat", "/data/both.txt"]',
    ]);
    expect(steps.every((step) => step.startedAt && step.endedAt && step.endedAt >= step.startedAt)).toBe(true);
    expect(phases(run.events)).toEqual([
      "start prepare",
      "end prepare",
      "start context",
      "end context",
      "start base",
      "end base",
      "start build",
      "end build",
      "start push",
      "end push",
      "start cleanup",
      "end cleanup",
    ]);
    expect(logText(run.events)).toContain("Pushed localhost:5000/buildlab/kaniko-integration@");
    await expectNothingLeft(run.runId);
  });

  it("names the failing step and its exit status", async () => {
    const run = await newRun(mode, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN echo before\nRUN exit 3\nRUN echo after\n` });

    const result = await strategyWith().build(run.request);

    expect(result.status).toBe("failed");
    expect(result.failedStep).toBe("RUN exit 3");
    expect(result.error).toContain('Step "RUN exit 3" failed');
    expect(result.error).toContain("exit status 3");
    expect(result.error).toContain("Last lines of the executor's output");
    expect(result.workloads).toHaveLength(1);
    await expectNothingLeft(run.runId);
  });

  it("reports a missing executor image", async () => {
    const run = await newRun(mode, MULTI_STEP);

    const result = await strategyWith({ BUILDLAB_KANIKO_IMAGE: "buildlab/kaniko-executor:missing" }).build(run.request);

    expect(result.status).toBe("failed");
    if (mode === "docker") {
      expect(result.error).toContain('The executor image "buildlab/kaniko-executor:missing" is not on the Docker Engine');
    } else {
      expect(result.error).toContain('The executor image "buildlab/kaniko-executor:missing" could not be pulled (ImagePullBackOff)');
    }
    expect(result.error).toContain("BUILDLAB_KANIKO_IMAGE");
    await expectNothingLeft(run.runId);
  });

  it("stops a build at its deadline", async () => {
    const run = await newRun(mode, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN sleep 60\n` });

    const result = await strategyWith({ BUILDLAB_KANIKO_DEADLINE_SECONDS: "8" }).build(run.request);

    expect(result.status).toBe("failed");
    expect(result.error).toContain("exceeded its deadline of 8 s");
    expect(result.error).toContain("DeadlineExceeded");
    expect(result.failedStep).toBe("RUN sleep 60");
    await expectNothingLeft(run.runId);
  });

  it("reports an out-of-memory kill", async () => {
    const run = await newRun(mode, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN x=$(head -c 400000000 /dev/zero | tr '\\0' a); echo \${#x}\n` });

    const result = await strategyWith({ BUILDLAB_KANIKO_MEMORY_BYTES: String(128 * 1024 * 1024) }).build(run.request);

    expect(result.status).toBe("failed");
    expect(result.error).toContain("OOMKilled");
    expect(result.error).toContain("128.0 MiB");
    await expectNothingLeft(run.runId);
  });

  it("rejects a context over the limit before creating anything", async () => {
    const run = await newRun(mode, { Dockerfile: `FROM ${BASE_IMAGE}\n`, "big.bin": randomBytes(2 * 1024 * 1024) });

    const result = await strategyWith({ BUILDLAB_KANIKO_CONTEXT_MAX_BYTES: String(1024 * 1024) }).build(run.request);

    expect(result.status).toBe("failed");
    expect(result.error).toContain("more than the 1.0 MiB");
    expect(result.error).toContain("BUILDLAB_KANIKO_CONTEXT_MAX_BYTES");
    expect(phases(run.events)).toEqual([]);
    expect(result.workloads).toEqual([]);
    await expectNothingLeft(run.runId);
  });

  it("cancels a running build", async () => {
    const controller = new AbortController();
    const run = await newRun(mode, { Dockerfile: `FROM ${BASE_IMAGE}\nRUN sleep 60\n` }, { signal: controller.signal });
    const started = new Promise<void>((resolve) => {
      const emit = run.request.emit;
      run.request.emit = (event) => {
        emit(event);
        if (event.type === "log" && event.text.includes('msg="Running: [/bin/sh -c sleep 60]"')) resolve();
      };
    });

    const building = strategyWith().build(run.request);
    await started;
    controller.abort();
    const result = await building;

    expect(result.status).toBe("cancelled");
    expect(result.failedStep).toBe("RUN sleep 60");
    await expectNothingLeft(run.runId);
  });
});

describe("kaniko strategy (kubernetes runner only)", () => {
  it("delivers a 20 MiB context through attach", async () => {
    const size = 20 * 1024 * 1024;
    const run = await newRun("kubernetes", {
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY big.bin /big.bin\nRUN wc -c /big.bin\n`,
      "big.bin": randomBytes(size),
    });

    const result = await strategyWith().build(run.request);

    expect(result.error).toBeUndefined();
    expect(result.status).toBe("succeeded");
    expect(logText(run.events)).toContain(`${size} /big.bin`);
    expect(result.image?.sizeBytes).toBeGreaterThan(size);
    await expectNothingLeft(run.runId);
  });

  it("creates a restricted pod with limits, deadline and labels", async () => {
    const run = await newRun("kubernetes", MULTI_STEP, { push: false });

    const result = await strategyWith({ BUILDLAB_KANIKO_DEADLINE_SECONDS: "600" }).build(run.request);
    const workload = result.workloads[0];
    const pod = workload.kind === "pod" ? (workload.spec as { metadata: { labels: Record<string, string> }; spec: { [key: string]: any } }) : undefined;
    const spec = pod?.spec;
    const container = spec?.containers[0];

    expect(result.status).toBe("succeeded");
    expect(result.image?.digest).toMatch(/^sha256:/);
    expect(result.image?.sizeBytes).toBeUndefined();
    expect(spec?.restartPolicy).toBe("Never");
    expect(spec?.activeDeadlineSeconds).toBe(600);
    expect(spec?.automountServiceAccountToken).toBe(false);
    expect(pod?.metadata.labels[LABEL_RUN]).toBe(run.runId);
    expect(pod?.metadata.labels[LABEL_APP]).toBe("buildlab");
    expect(container.securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: false });
    expect(container.resources.limits).toEqual({ cpu: "1000m", memory: "1024Mi" });
    expect(container.args).toContain("--no-push");
    expect(await registryDigest(run.request.imageRef)).toBeNull();
    await expectNothingLeft(run.runId);
  });

  it("mounts registry credentials from a Secret", async () => {
    const config = new KubeConfig();
    config.loadFromFile(standIn.kubeconfigPath);
    const core = config.makeApiClient(CoreV1Api);
    const credentials = JSON.stringify({ auths: { "registry.example.test": { auth: Buffer.from("user:secret").toString("base64") } } });
    await core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name: "buildlab-registry" }, type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": credentials } },
    });
    const run = await newRun("kubernetes", MULTI_STEP);

    const result = await strategyWith({ BUILDLAB_KUBE_REGISTRY_SECRET: "buildlab-registry" }).build(run.request);
    const spec = result.workloads[0].kind === "pod" ? JSON.stringify(result.workloads[0].spec) : "";
    await core.deleteNamespacedSecret({ name: "buildlab-registry", namespace: NAMESPACE });

    expect(result.status).toBe("succeeded");
    expect(spec).toContain('"secretName":"buildlab-registry"');
    expect(spec).toContain('"mountPath":"/kaniko/.docker"');
    expect(spec).not.toContain("user:secret");
    expect(spec).not.toContain(Buffer.from("user:secret").toString("base64"));
    await expectNothingLeft(run.runId);
  });

  it("reports an unschedulable pod with the scheduler's message", async () => {
    const run = await newRun("kubernetes", MULTI_STEP);

    const result = await strategyWith({
      BUILDLAB_KANIKO_MEMORY_BYTES: String(64 * 1024 ** 4),
      BUILDLAB_KUBE_POD_START_TIMEOUT_SECONDS: "2",
    }).build(run.request);

    expect(result.status).toBe("failed");
    expect(result.error).toContain("could not be scheduled within 2 s (Unschedulable)");
    expect(result.error).toContain("Insufficient memory");
    await expectNothingLeft(run.runId);
  });

  it("removes pods of runs that are not live", async () => {
    const config = new KubeConfig();
    config.loadFromFile(standIn.kubeconfigPath);
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: NAMESPACE,
      body: {
        metadata: { name: "leftover", labels: { [LABEL_RUN]: "gone", [LABEL_KANIKO_ROLE]: "executor" } },
        spec: { restartPolicy: "Never", containers: [{ name: "executor", image: BASE_IMAGE, command: ["sleep", "60"] }] },
      },
    });
    await core.createNamespacedPod({
      namespace: NAMESPACE,
      body: {
        metadata: { name: "live", labels: { [LABEL_RUN]: "live-run", [LABEL_KANIKO_ROLE]: "executor" } },
        spec: { restartPolicy: "Never", containers: [{ name: "executor", image: BASE_IMAGE, command: ["sleep", "60"] }] },
      },
    });

    const removed = await strategyWith().removeLeftovers!(new Set(["live-run"]));
    await core.deleteNamespacedPod({ name: "live", namespace: NAMESPACE, gracePeriodSeconds: 0 });

    expect(removed).toContain(`pod ${NAMESPACE}/leftover`);
    expect(removed).not.toContain(`pod ${NAMESPACE}/live`);
  });
});

describe("kaniko strategy remote base images", () => {
  it.each(["docker", "kubernetes"])("rejects a remote base image in %s mode", async (mode) => {
    const run = await newRun(mode, { Dockerfile: "FROM example.invalid/nothing:1\nRUN true\n" }, { baseImages: ["example.invalid/nothing:1"] });

    const result = await strategyWith({ BUILDLAB_ALLOW_REMOTE_PULL: "false" }).build(run.request);

    expect(result.status).toBe("failed");
    expect(result.error).toContain("example.invalid/nothing:1 is on a remote registry");
    expect(result.error).toContain("BUILDLAB_ALLOW_REMOTE_PULL");
    expect(phases(run.events)).toEqual([]);
    // Other tests in this file keep pods of their own, so only this run's resources are checked.
    const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${run.runId}`] } });
    expect(containers).toEqual([]);
    expect(standIn.listPods().filter((pod) => pod.metadata.labels?.[LABEL_RUN] === run.runId)).toEqual([]);
  });
});

describe("kaniko strategy (docker runner only)", () => {
  it("removes containers of runs that are not live", async () => {
    const labelsFor = (runId: string) => ({ [LABEL_APP]: "buildlab", [LABEL_RUN]: runId, [LABEL_KANIKO_ROLE]: "executor" });
    const leftover = await docker.createContainer({ name: `buildlab-kaniko-it-gone-${runCounter}`, Image: BASE_IMAGE, Cmd: ["true"], Labels: labelsFor(`gone-${COMPARISON_ID}`) });
    const live = await docker.createContainer({ name: `buildlab-kaniko-it-live-${runCounter}`, Image: BASE_IMAGE, Cmd: ["true"], Labels: labelsFor(`live-${COMPARISON_ID}`) });

    // Executors of other test processes on this engine count as live, so only this test's leftover goes.
    const others = await docker.listContainers({ all: true, filters: { label: [`${LABEL_KANIKO_ROLE}=executor`] } });
    const liveRunIds = new Set(others.map((info) => info.Labels[LABEL_RUN]).filter((runId) => runId !== `gone-${COMPARISON_ID}`));

    const removed = await strategyWith().removeLeftovers!(liveRunIds);
    const liveStillThere = await live.inspect().then(() => true, () => false);
    const leftoverStillThere = await leftover.inspect().then(() => true, () => false);
    await live.remove({ force: true });

    expect(removed).toContain(`container buildlab-kaniko-it-gone-${runCounter}`);
    expect(leftoverStillThere).toBe(false);
    expect(liveStillThere).toBe(true);
  });
});

describe("kaniko strategy cache", () => {
  it("reuses cached layers in a warm run and releases them", async () => {
    const strategy = strategyWith();
    const first = await newRun("docker", MULTI_STEP, { scenario: "warm-same" });
    const second = await newRun("docker", MULTI_STEP, { scenario: "warm-same" });

    const filled: BuildResult = await strategy.build(first.request);
    const reused: BuildResult = await strategy.build(second.request);
    const cachedSteps = second.events.flatMap((event) => (event.type === "step" && event.step.cached ? [event.step.name] : []));
    await strategy.releaseComparison!(COMPARISON_ID);
    const tags = await fetch(`http://127.0.0.1:5000/v2/buildlab/kaniko-integration-cache/${COMPARISON_ID}/tags/list`).then((response) => response.json());

    expect(filled.status).toBe("succeeded");
    expect(reused.status).toBe("succeeded");
    expect(cachedSteps).toEqual(["RUN echo hello > /hello.txt", "RUN cat /hello.txt /data/data.txt > /data/both.txt"]);
    expect(tags.tags ?? []).toEqual([]);
  });
});
