import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { pack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../engine/create-docker-client";
import { LABEL_APP, LABEL_RUN, type BuildRequest, type RunEvent, type StepRecord } from "../types";
import { createSocketStrategy } from "./create-socket-strategy";

// These tests build on the machine's Docker Engine (DOCKER_HOST or /var/run/docker.sock) and push
// to the lab registry at 127.0.0.1:5000, which must allow deletion. The base image must be in
// both. Every name carries this file's token, so the tests remove only what they made.
const BASE_IMAGE = "localhost:5000/buildlab/busybox:lab";
const REGISTRY_URL = "http://127.0.0.1:5000";
const MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

const token = randomBytes(4).toString("hex");
const comparisonId = `sockettest-${token}`;
const docker = createDockerClient();
// No step needs a network, and "none" keeps the tests off the daemon's default bridge.
const strategy = createSocketStrategy({ registry: "localhost:5000", allowRemotePull: false, networkMode: "none" });
const pushedDigests = new Set<string>();
const createdContainers: string[] = [];
let runCount = 0;

interface TestRequest extends BuildRequest {
  events: RunEvent[];
}

function packContext(files: Record<string, string>): Readable {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, content);
  archive.finalize();
  // tar-stream 3 packs into a streamx Readable, which async iteration and dockerode accept.
  return archive as unknown as Readable;
}

function makeRequest(dockerfile: string, overrides: Partial<BuildRequest> = {}): TestRequest {
  runCount += 1;
  const runId = `run${runCount}-${token}`;
  const events: RunEvent[] = [];
  const baseImages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
  return {
    runId,
    comparisonId,
    openContext: () => packContext({ Dockerfile: dockerfile, "hello.txt": `hello from ${token}\n` }),
    dockerfilePath: "Dockerfile",
    baseImages,
    imageRef: `localhost:5000/buildlab/${comparisonId}:${runId}`,
    push: false,
    mode: "buildkit",
    scenario: "warm-same",
    labels: { [LABEL_APP]: "buildlab", [LABEL_RUN]: runId },
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
    ...overrides,
    events,
  };
}

/** Returns the last state of each step, in position order. */
function finalSteps(events: RunEvent[]): StepRecord[] {
  const steps = new Map<number, StepRecord>();
  for (const event of events) if (event.type === "step") steps.set(event.step.position, event.step);
  return [...steps.values()].sort((left, right) => left.position - right.position);
}

function phaseSequence(events: RunEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type === "phase-start") return [`${event.phase} start`];
    if (event.type === "phase-end") return [`${event.phase} end`];
    return [];
  });
}

function logTexts(events: RunEvent[], stream?: "stdout" | "stderr" | "system"): string[] {
  return events.flatMap((event) => (event.type === "log" && (!stream || event.stream === stream) ? [event.text] : []));
}

function expectedPhases(...phases: string[]): string[] {
  return phases.flatMap((phase) => [`${phase} start`, `${phase} end`]);
}

/** Asks the registry for the manifest digest of a tag, as a pull of that tag would see it. */
async function registryDigest(repository: string, tag: string): Promise<string | null> {
  const response = await fetch(`${REGISTRY_URL}/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { Accept: MANIFEST_V2 },
  });
  return response.ok ? response.headers.get("docker-content-digest") : null;
}

async function containersMentioning(text: string): Promise<string[]> {
  const containers = await docker.listContainers({ all: true });
  return containers.filter((container) => container.Command.includes(text)).map((container) => container.Id);
}

/** Lists the command lines of host processes containing `text`, because build steps run as host processes. */
async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (commandLine.includes(text)) found.push(commandLine.replaceAll("\0", " "));
  }
  return found;
}

async function imageExists(ref: string): Promise<boolean> {
  return docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

function multiStepDockerfile(): string {
  return [
    `FROM ${BASE_IMAGE}`,
    `RUN echo ${token} > /token.txt`,
    "COPY hello.txt /hello.txt",
    "RUN cat /hello.txt /token.txt",
  ].join("\n");
}

beforeAll(async () => {
  expect(await imageExists(BASE_IMAGE)).toBe(true);
});

afterAll(async () => {
  for (const id of createdContainers) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  await strategy.releaseComparison?.(comparisonId);
  for (const digest of pushedDigests) {
    await fetch(`${REGISTRY_URL}/v2/buildlab/${comparisonId}/manifests/${digest}`, { method: "DELETE" });
  }
});

describe.each(["buildkit", "classic"] as const)("socket strategy in %s mode", (mode) => {
  const stepName = (index: number, instruction: string) =>
    mode === "buildkit" ? `[${index}/4] ${instruction}` : `Step ${index}/4 : ${instruction}`;
  const expectedStepNames = multiStepDockerfile()
    .split("\n")
    .map((instruction, index) => stepName(index + 1, instruction));

  it("builds and pushes a multi-step Dockerfile", async () => {
    const request = makeRequest(multiStepDockerfile(), { mode, push: true });

    const result = await strategy.build(request);

    expect(result.error).toBeUndefined();
    expect(result.status).toBe("succeeded");
    expect(phaseSequence(request.events)).toEqual(expectedPhases("prepare", "base", "context", "build", "push", "cleanup"));

    const steps = finalSteps(request.events);
    expect(steps.map((step) => step.name)).toEqual(expectedStepNames);
    expect(steps.slice(1).map((step) => step.cached)).toEqual([false, false, false]);
    for (const step of steps) {
      expect(step.endedAt!.getTime(), step.name).toBeGreaterThanOrEqual(step.startedAt!.getTime());
    }
    expect(logTexts(request.events, "stdout").join("\n")).toContain(`hello from ${token}`);

    expect(result.image?.ref).toBe(request.imageRef);
    expect(result.image?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.image?.layerCount).toBeGreaterThan(1);
    expect(result.image?.sizeBytes).toBeGreaterThan(0);
    const digest = result.image?.digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    pushedDigests.add(digest!);
    expect(await registryDigest(`buildlab/${comparisonId}`, request.runId)).toBe(digest);

    expect(result.versions.builder).toBe(mode);
    expect(result.versions.api).toMatch(/^1\.\d+$/);
    expect(result.versions.engine).toBeTruthy();
    expect(result.workloads).toHaveLength(1);
    expect(result.workloads[0]).toMatchObject({ kind: "host-daemon", info: { ServerVersion: result.versions.engine } });
  });

  it("hits the cache on the second build", async () => {
    const request = makeRequest(multiStepDockerfile(), { mode });

    const result = await strategy.build(request);

    expect(result.status).toBe("succeeded");
    expect(phaseSequence(request.events)).toEqual(expectedPhases("prepare", "base", "context", "build", "cleanup"));
    const steps = finalSteps(request.events);
    expect(steps.map((step) => step.name)).toEqual(expectedStepNames);
    expect(steps.slice(1).map((step) => step.cached)).toEqual([true, true, true]);
  });

  it("pulls and skips the cache when cold", async () => {
    const request = makeRequest(multiStepDockerfile(), { mode, scenario: "cold" });

    const result = await strategy.build(request);

    expect(result.status).toBe("succeeded");
    expect(logTexts(request.events, "system")).toContain(`Pulling base image ${BASE_IMAGE} from localhost:5000.`);
    expect(finalSteps(request.events).slice(1).map((step) => step.cached)).toEqual([false, false, false]);
  });

  it("fails on RUN exit 3", async () => {
    const failing = `RUN echo last-words-${token} && exit 3`;
    const dockerfile = [`FROM ${BASE_IMAGE}`, `RUN echo before-${mode}-${token} > /before.txt`, failing].join("\n");
    const request = makeRequest(dockerfile, { mode });

    const result = await strategy.build(request);

    expect(result.status).toBe("failed");
    const name = mode === "buildkit" ? `[3/3] ${failing}` : `Step 3/3 : ${failing}`;
    expect(result.failedStep).toBe(name);
    expect(result.error).toMatch(mode === "buildkit" ? /exit code: 3/ : /returned a non-zero code: 3/);
    expect(result.error!.endsWith(`Last output of ${name}:\nlast-words-${token}`)).toBe(true);
    expect(finalSteps(request.events).at(-1)?.error).toBeTruthy();
    expect(phaseSequence(request.events).slice(-2)).toEqual(["cleanup start", "cleanup end"]);
    expect(await containersMentioning(`last-words-${token}`)).toEqual([]);
    expect(await imageExists(request.imageRef)).toBe(false);

    // The classic builder's image of the step that succeeded is removed with the failed build.
    const committed = logTexts(request.events, "system").flatMap((text) => /^ ---> ([0-9a-f]{12})$/.exec(text)?.[1] ?? []);
    if (mode === "classic") expect(committed.length).toBeGreaterThan(1);
    for (const id of committed.slice(1)) expect(await imageExists(id), id).toBe(false);
  });

  it("cancels a running step", async () => {
    const marker = `started-${mode}-${token}`;
    const controller = new AbortController();
    const request = makeRequest([`FROM ${BASE_IMAGE}`, `RUN echo ${marker} && sleep 30`].join("\n"), {
      mode,
      signal: controller.signal,
    });
    const emit = request.emit;
    request.emit = (event) => {
      emit(event);
      // Abort once the step's own output shows that it runs.
      if (event.type === "log" && event.stream === "stdout" && event.text.endsWith(marker)) controller.abort();
    };

    const result = await strategy.build(request);

    expect(controller.signal.aborted).toBe(true);
    expect(result.status).toBe("cancelled");
    expect(result.error).toBe("the build was cancelled");
    expect(finalSteps(request.events).at(-1)?.error).toBe("cancelled");
    expect(phaseSequence(request.events).slice(-2)).toEqual(["cleanup start", "cleanup end"]);
    expect(await containersMentioning(marker)).toEqual([]);

    // The daemon stops the step after the request is gone; give it up to 20 s.
    let processes = await processesMentioning(marker);
    for (let attempt = 0; attempt < 40 && processes.length > 0; attempt += 1) {
      await sleep(500);
      processes = await processesMentioning(marker);
    }
    expect(processes).toEqual([]);
    expect(await imageExists(request.imageRef)).toBe(false);
  });
});

describe("socket strategy context", () => {
  it("fails when the context breaks", async () => {
    const request = makeRequest(multiStepDockerfile());
    request.openContext = () => {
      const whole = packContext({ Dockerfile: multiStepDockerfile(), "hello.txt": "hello\n" });
      async function* breakAfterFirstChunk() {
        for await (const chunk of whole) {
          yield chunk;
          throw new Error("disk read failed");
        }
      }
      return Readable.from(breakAfterFirstChunk(), { objectMode: false });
    };

    const result = await strategy.build(request);

    expect(result.status).toBe("failed");
    expect(result.error).toBe("reading the build context failed: disk read failed");
    expect(phaseSequence(request.events)).toEqual(expectedPhases("prepare", "base", "context", "build", "cleanup"));
    expect(await imageExists(request.imageRef)).toBe(false);
  });
});

describe("socket strategy base images", () => {
  it("rejects a base image missing from the registry", async () => {
    const request = makeRequest("FROM localhost:5000/buildlab/does-not-exist:1\nRUN true");

    const result = await strategy.build(request);

    expect(result.status).toBe("failed");
    expect(result.error).toBe(
      "base image localhost:5000/buildlab/does-not-exist:1 not found in registry localhost:5000: push it there first, or correct the FROM line",
    );
    expect(phaseSequence(request.events)).toEqual(expectedPhases("prepare", "base", "cleanup"));
  });

  it("rejects a remote base image without pulling", async () => {
    const request = makeRequest("FROM example.invalid/nothing:1\nRUN true");

    const result = await strategy.build(request);

    expect(result.status).toBe("failed");
    expect(result.error).toBe(
      "base image example.invalid/nothing:1 is not in the Docker Engine and Buildlab does not pull from remote registries: pull or load it first, or set BUILDLAB_ALLOW_REMOTE_PULL=true",
    );
    expect(logTexts(request.events).filter((text) => text.startsWith("Pulling"))).toEqual([]);
    expect(phaseSequence(request.events)).toEqual(expectedPhases("prepare", "base", "cleanup"));
  });

  it("keeps a loaded remote image when cold", async () => {
    const remoteRef = `example.invalid/socket-test-${token}:1`;
    const [repo, tag] = remoteRef.split(":");
    await docker.getImage(BASE_IMAGE).tag({ repo, tag });
    // The classic builder uses an image in the engine without asking its registry, so no lookup
    // of example.invalid leaves the machine.
    const request = makeRequest(`FROM ${remoteRef}\nRUN echo loaded-${token}`, { mode: "classic", scenario: "cold" });

    try {
      const result = await strategy.build(request);

      expect(result.status).toBe("succeeded");
      expect(logTexts(request.events, "system")).toContain(
        `Base image ${remoteRef} is in the Docker Engine and is not pulled again: Buildlab does not pull from remote registries.`,
      );
      expect(logTexts(request.events).filter((text) => text.startsWith("Pulling"))).toEqual([]);
    } finally {
      await docker.getImage(remoteRef).remove().catch(() => undefined);
    }
  });
});

describe("socket strategy availability and cleanup", () => {
  it("reports an unreachable daemon", async () => {
    const socketPath = `/tmp/buildlab-missing-${token}/docker.sock`;
    const unreachable = createSocketStrategy({ dockerHost: `unix://${socketPath}` });

    const availability = await unreachable.checkAvailability();

    expect(availability.available).toBe(false);
    if (availability.available) return;
    expect(availability.reason).toContain(socketPath);
    expect(availability.reason).toContain("ENOENT");
    expect(availability.fix).toMatch(/^Start Docker/);
  });

  it("reports the daemon's versions when available", async () => {
    const availability = await strategy.checkAvailability();

    expect(availability.available).toBe(true);
    if (!availability.available) return;
    expect(availability.versions.api).toMatch(/^1\.\d+$/);
    expect(availability.versions.platform).toMatch(/^linux\//);
  });

  it("removes containers of runs that are not live", async () => {
    const deadRunId = `dead-${token}`;
    const liveRunId = `live-${token}`;
    const create = (runId: string) =>
      docker.createContainer({
        Image: BASE_IMAGE,
        Cmd: ["true"],
        Labels: { [LABEL_APP]: "buildlab", [LABEL_RUN]: runId },
        HostConfig: { NetworkMode: "none" },
      });
    const dead = await create(deadRunId);
    const live = await create(liveRunId);
    createdContainers.push(dead.id, live.id);

    // Other people's runs share this daemon, so every run id except this test's dead one counts as live.
    const everyRunButDead = new (class extends Set<string> {
      override has(runId: string) {
        return runId !== deadRunId;
      }
    })();
    const removed = await strategy.removeLeftovers!(everyRunButDead);

    expect(removed).toHaveLength(1);
    expect(await dead.inspect().then(() => "exists", () => "gone")).toBe("gone");
    expect(await live.inspect().then(() => "exists", () => "gone")).toBe("exists");
  });

  it("releases the comparison's images", async () => {
    const tagged = (await docker.listImages()).flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.includes(comparisonId));
    expect(tagged.length).toBeGreaterThan(0);

    await strategy.releaseComparison!(comparisonId);

    const left = (await docker.listImages()).flatMap((image) => [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])]);
    expect(left.filter((ref) => ref.includes(comparisonId))).toEqual([]);
  });
});
