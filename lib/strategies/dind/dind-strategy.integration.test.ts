import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../engine/create-docker-client";
import type { BuildResult, RunEvent, StepRecord } from "../types";
import { checkDindAvailability } from "./check-dind-availability";
import { dindStrategy } from "./dind-strategy";
import { LABEL_DIND_CACHE } from "./dind-labels";
import { readDindSettings } from "./read-dind-settings";
import { runDindBuild } from "./run-dind-build";
import {
  BUSYBOX_IMAGE,
  buildOuterImage,
  deleteFromRegistry,
  findFreePort,
  listBoundUnixSockets,
  listHostCgroups,
  listRunResources,
  listSocketDirs,
  makeRequest,
  makeTlsCertificates,
  readDocker0Index,
  readRegistryDigest,
} from "./test-helpers";

const outer = createDockerClient();
const settings = readDindSettings();
const pushedRefs: string[] = [];
const comparisons: string[] = [];
// The host's docker0 as the tests found it. An inner dockerd that deleted it, and anything that
// recreated it afterwards, would change its interface index.
const docker0AtStart = readDocker0Index();

const FILES = {
  Dockerfile: [
    `FROM ${BUSYBOX_IMAGE}`,
    "COPY greeting.txt /greeting.txt",
    "RUN cat /greeting.txt > /copy.txt",
    "RUN echo built > /built.txt",
  ].join("\n"),
  "greeting.txt": "hello from the context\n",
};

function phaseStarts(events: RunEvent[]): string[] {
  return events.flatMap((event) => (event.type === "phase-start" ? [event.phase] : []));
}

function phaseEnds(events: RunEvent[]): string[] {
  return events.flatMap((event) => (event.type === "phase-end" ? [event.phase] : []));
}

function runSteps(events: RunEvent[]): StepRecord[] {
  const byPosition = new Map<number, StepRecord>();
  for (const event of events) if (event.type === "step") byPosition.set(event.step.position, event.step);
  return [...byPosition.values()].filter((step) => /\bRUN\b/.test(step.name));
}

function daemonInspect(result: BuildResult) {
  const workload = result.workloads[0];
  if (workload?.kind !== "docker-container") throw new Error("the run reported no daemon container");
  return workload.inspect as {
    HostConfig: { Privileged: boolean; CapAdd: string[] | null; NetworkMode: string };
    Config: { Labels: Record<string, string> };
    NetworkSettings: { Networks: Record<string, unknown> };
  };
}

function logLines(events: RunEvent[]): string[] {
  return events.flatMap((event) => (event.type === "log" ? [event.text] : []));
}

afterAll(async () => {
  for (const comparisonId of comparisons) await dindStrategy.releaseComparison(comparisonId);
  for (const ref of pushedRefs) await deleteFromRegistry(ref);
});

describe("dindStrategy cold build", () => {
  const request = makeRequest(FILES);
  let result: BuildResult;

  beforeAll(async () => {
    pushedRefs.push(request.imageRef);
    result = await dindStrategy.build(request);
  });

  it("succeeds", () => {
    expect(result.error).toBeUndefined();
    expect(result.status).toBe("succeeded");
  });

  it("reports every phase in order", () => {
    expect(phaseStarts(request.events)).toEqual(["prepare", "base", "context", "build", "push", "cleanup"]);
    expect(phaseEnds(request.events)).toEqual(["prepare", "base", "context", "build", "push", "cleanup"]);
  });

  it("reports the RUN steps", () => {
    const steps = runSteps(request.events);

    expect(steps.map((step) => step.name)).toEqual([
      expect.stringContaining("RUN cat /greeting.txt > /copy.txt"),
      expect.stringContaining("RUN echo built > /built.txt"),
    ]);
    expect(steps.every((step) => !step.cached)).toBe(true);
  });

  it("pulls the base image into the inner daemon", () => {
    expect(logLines(request.events)).toContain(`Pulling base image ${BUSYBOX_IMAGE} from localhost:5000.`);
  });

  it("forwards the loopback registry", () => {
    const forwardLines = logLines(request.events).filter((line) => line.startsWith("The registry localhost:5000 responds"));

    expect(forwardLines).toHaveLength(1);
    expect(forwardLines[0]).toMatch(/inside the daemon container through \/\S+\/buildlab-dind-[^/]+\/registry\.sock$/);
  });

  it("pushes the registry's digest", async () => {
    const registryDigest = await readRegistryDigest(request.imageRef);

    expect(result.image?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.image?.digest).toBe(registryDigest);
    expect(result.image?.ref).toBe(request.imageRef);
    expect(result.image?.id).toMatch(/^sha256:/);
  });

  it("records the versions", () => {
    expect(result.versions.engine).toMatch(/^\d+\.\d+/);
    expect(result.versions.api).toMatch(/^1\.\d+$/);
    expect(result.versions.builder).toBe("buildkit");
    expect(result.versions.daemonImage).toMatch(new RegExp(`^${settings.image}@sha256:`));
    expect(result.versions.outerEngine).toMatch(/^\d+\.\d+/);
    expect(result.versions.outerApi).toMatch(/^1\.\d+$/);
  });

  it("reports the daemon container", () => {
    const inspect = daemonInspect(result);

    expect(result.workloads).toHaveLength(1);
    expect(result.workloads[0]).toMatchObject({ kind: "docker-container", role: "daemon" });
    expect(inspect.Config.Labels["org.buildlab.run"]).toBe(request.runId);
  });

  it("runs the daemon off the host network", () => {
    const inspect = daemonInspect(result);

    expect(inspect.HostConfig.NetworkMode).toBe("bridge");
    expect(Object.keys(inspect.NetworkSettings.Networks)).toEqual(["bridge"]);
  });

  it("keeps the host's docker0", () => {
    expect(docker0AtStart).toBeDefined();
    expect(readDocker0Index()).toBe(docker0AtStart);
  });

  // This host's capability bounding set lacks CAP_SYS_RESOURCE, so privileged mode is rejected here.
  it("records the privileged fallback", () => {
    const inspect = daemonInspect(result);

    expect(result.notes?.[0]).toMatch(/^privileged-fallback: host rejected privileged mode \(unable to apply caps/);
    expect(inspect.HostConfig.Privileged).toBe(false);
    expect(inspect.HostConfig.CapAdd).toEqual(["ALL"]);
  });

  it("leaves no container or volume", async () => {
    expect(await listRunResources(outer, request.runId)).toEqual([]);
  });

  it("removes the forwarder's socket", () => {
    expect(listSocketDirs(request.runId)).toEqual([]);
    expect(listBoundUnixSockets(request.runId)).toEqual([]);
  });
});

describe("dindStrategy warm builds", () => {
  const comparisonId = randomUUID();
  const first = makeRequest(FILES, { comparisonId, mode: "warm" });
  const second = makeRequest(FILES, { comparisonId, mode: "warm", scenario: "warm-same" });
  const volumeName = `buildlab-dind-warm-${comparisonId}`;
  let firstResult: BuildResult;
  let secondResult: BuildResult;
  let volumeLabelsBetweenRuns: Record<string, string> | undefined;

  beforeAll(async () => {
    comparisons.push(comparisonId);
    pushedRefs.push(first.imageRef, second.imageRef);
    firstResult = await dindStrategy.build(first);
    volumeLabelsBetweenRuns = (await outer.getVolume(volumeName).inspect()).Labels ?? undefined;
    secondResult = await dindStrategy.build(second);
  });

  it("succeeds twice", () => {
    expect(firstResult.error).toBeUndefined();
    expect(firstResult.status).toBe("succeeded");
    expect(secondResult.error).toBeUndefined();
    expect(secondResult.status).toBe("succeeded");
  });

  it("keeps the volume between runs", () => {
    expect(volumeLabelsBetweenRuns?.[LABEL_DIND_CACHE]).toBe("warm");
    expect(volumeLabelsBetweenRuns?.["org.buildlab.comparison"]).toBe(comparisonId);
  });

  it("hits the cache on the second run", () => {
    const firstSteps = runSteps(first.events);
    const secondSteps = runSteps(second.events);

    expect(firstSteps).toHaveLength(2);
    expect(firstSteps.every((step) => !step.cached)).toBe(true);
    expect(secondSteps).toHaveLength(2);
    expect(secondSteps.every((step) => step.cached)).toBe(true);
  });

  it("pushes both digests", async () => {
    expect(firstResult.image?.digest).toBe(await readRegistryDigest(first.imageRef));
    expect(secondResult.image?.digest).toBe(await readRegistryDigest(second.imageRef));
  });

  it("empties the warm volume for a cold scenario", async () => {
    const third = makeRequest(FILES, { comparisonId, mode: "warm", scenario: "cold" });
    pushedRefs.push(third.imageRef);

    const thirdResult = await dindStrategy.build(third);

    expect(thirdResult.status).toBe("succeeded");
    const thirdSteps = runSteps(third.events);
    expect(thirdSteps).toHaveLength(2);
    expect(thirdSteps.every((step) => !step.cached)).toBe(true);
  });

  it("removes the volume on release", async () => {
    await dindStrategy.releaseComparison(comparisonId);

    await expect(outer.getVolume(volumeName).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await listRunResources(outer, first.runId)).toEqual([]);
    expect(await listRunResources(outer, second.runId)).toEqual([]);
  });
});

describe("dindStrategy failures", () => {
  it("fails a RUN exit 3 build", async () => {
    const request = makeRequest({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo before\nRUN exit 3\n` });

    const result = await dindStrategy.build(request);

    expect(result.status).toBe("failed");
    expect(result.failedStep).toContain("RUN exit 3");
    expect(result.error).toMatch(/exit code: 3|returned a non-zero code: 3/);
    expect(phaseStarts(request.events)).not.toContain("push");
    expect(phaseStarts(request.events).at(-1)).toBe("cleanup");
    expect(await listRunResources(outer, request.runId)).toEqual([]);
  });

  it("cancels during the build", async () => {
    const controller = new AbortController();
    const request = makeRequest(
      { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN sleep 120\n` },
      { signal: controller.signal },
    );
    const emit = request.emit;
    request.emit = (event) => {
      emit(event);
      if (event.type === "step" && event.step.name.includes("sleep 120")) controller.abort();
    };

    const result = await dindStrategy.build(request);

    expect(result.status).toBe("cancelled");
    expect(result.error).toBe("The run was cancelled during the build phase.");
    expect(phaseStarts(request.events).at(-1)).toBe("cleanup");
    expect(await listRunResources(outer, request.runId)).toEqual([]);
    expect(listHostCgroups(`buildlab-dind-${request.runId}`)).toEqual([]);
  });

  it("cancels during the prepare phase", async () => {
    const controller = new AbortController();
    const request = makeRequest({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\n` }, { signal: controller.signal });
    const emit = request.emit;
    request.emit = (event) => {
      emit(event);
      if (event.type === "phase-start" && event.phase === "prepare") controller.abort();
    };

    const result = await dindStrategy.build(request);

    expect(result.status).toBe("cancelled");
    expect(result.error).toBe("The run was cancelled during the prepare phase.");
    expect(await listRunResources(outer, request.runId)).toEqual([]);
  });

  it("reports a daemon that dies", async () => {
    const request = makeRequest({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN sleep 120\n` });
    const emit = request.emit;
    const containerName = `buildlab-dind-${request.runId}`;
    let killed: Promise<unknown> | undefined;
    let cgroupsWhileBuilding: string[] = [];
    // BuildKit reports the step before it starts the step's container, so the kill waits for the
    // container's cgroup to hit a running step. Where the cgroups are not in the host hierarchy
    // (privileged mode), the wait gives up after about 30 s and kills anyway.
    const killWhenRunning = async () => {
      for (let attempt = 0; attempt < 150 && cgroupsWhileBuilding.length === 0; attempt++) {
        await sleep(200);
        cgroupsWhileBuilding = listHostCgroups(containerName);
      }
      await outer.getContainer(containerName).kill();
    };
    request.emit = (event) => {
      emit(event);
      if (event.type === "step" && event.step.name.includes("sleep 120") && !killed) killed = killWhenRunning();
    };

    const result = await dindStrategy.build(request);
    await killed;

    expect(killed).toBeDefined();
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/^The inner Docker daemon stopped with exit code \d+ during the build phase\./);
    expect(phaseStarts(request.events).at(-1)).toBe("cleanup");
    expect(await listRunResources(outer, request.runId)).toEqual([]);
    expect(listHostCgroups(containerName)).toEqual([]);
    // Without privileged mode the inner containers sit in the host hierarchy, under the run's cgroup.
    if (result.notes?.some((note) => note.startsWith("privileged-fallback:"))) {
      expect(cgroupsWhileBuilding.length).toBeGreaterThan(0);
    }
  });

  it("fails without the daemon image", async () => {
    const image = `buildlab-test/dind-missing:${randomUUID().slice(0, 8)}`;
    const request = makeRequest(FILES);

    const result = await runDindBuild(request, { ...settings, image }, outer);

    expect(result.status).toBe("failed");
    expect(result.error).toContain(`"${image}" is not on the Docker Engine, and Buildlab never pulls it`);
    expect(phaseStarts(request.events)).toEqual(["prepare", "cleanup"]);
    expect(await listRunResources(outer, request.runId)).toEqual([]);
  });

  it("times out when dockerd never starts", async () => {
    const image = `buildlab-test/dind-never-starts:${randomUUID().slice(0, 8)}`;
    await buildOuterImage(outer, image, ['ENTRYPOINT ["sh", "-c", "echo waiting without dockerd; exec sleep 3600"]']);
    const request = makeRequest(FILES);

    try {
      const result = await runDindBuild(request, { ...settings, image, startTimeoutMs: 2_000 }, outer);

      expect(result.status).toBe("failed");
      expect(result.error).toMatch(/did not respond to \/_ping on unix:\/\/\S+ within 2 s/);
      expect(result.error).toContain("waiting without dockerd");
      expect(result.notes?.[0]).toMatch(/^privileged-fallback:/);
      expect(result.workloads).toHaveLength(1);
      expect(await listRunResources(outer, request.runId)).toEqual([]);
    } finally {
      await outer.getImage(image).remove();
    }
  });
});

describe("dindStrategy registry forward", () => {
  const noSocatImage = `buildlab-test/dind-no-socat:${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await buildOuterImage(outer, noSocatImage, ["RUN rm /usr/bin/socat"], settings.image);
  });

  afterAll(async () => {
    await outer.getImage(noSocatImage).remove();
  });

  it("fails without socat", async () => {
    const request = makeRequest(FILES);

    const result = await runDindBuild(request, { ...settings, image: noSocatImage }, outer);

    expect(result.status).toBe("failed");
    expect(result.error).toContain(
      'The registry localhost:5000 listens on the host\'s loopback only, and the Docker-in-Docker image "' + noSocatImage + '" has no socat.',
    );
    expect(result.error).toContain("needs socat in its image");
    expect(result.error).toContain("set BUILDLAB_REGISTRY to an address that the daemon container can reach");
    expect(phaseStarts(request.events)).toEqual(["prepare", "cleanup"]);
    expect(result.workloads).toHaveLength(1);
    expect(await listRunResources(outer, request.runId)).toEqual([]);
    expect(listSocketDirs(request.runId)).toEqual([]);
    expect(listBoundUnixSockets(request.runId)).toEqual([]);
  });

  // The configured registry is never contacted, because the push is off. The base image names
  // localhost:5000, which inside the daemon container's namespace is not the host's registry.
  it("forwards nothing for another registry", async () => {
    const request = makeRequest(FILES, { push: false });

    const result = await runDindBuild(request, { ...settings, registry: "registry.example.test:5000" }, outer);

    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/pulling base image localhost:5000\/buildlab\/busybox:lab from localhost:5000 failed: .*connection refused/);
    expect(logLines(request.events).filter((line) => line.startsWith("The registry"))).toEqual([]);
    expect(phaseStarts(request.events)).toEqual(["prepare", "base", "cleanup"]);
    expect(await listRunResources(outer, request.runId)).toEqual([]);
    expect(listSocketDirs(request.runId)).toEqual([]);
  });
});

describe("dindStrategy over TLS", () => {
  let certDir: string;

  beforeAll(async () => {
    certDir = await mkdtemp(path.join(os.tmpdir(), "buildlab-dind-certs-"));
    makeTlsCertificates(certDir);
  });

  afterAll(async () => {
    await rm(certDir, { recursive: true, force: true });
  });

  it("builds through the forward", async () => {
    const request = makeRequest(FILES);
    pushedRefs.push(request.imageRef);
    const transport = { kind: "tls" as const, certDir, port: await findFreePort() };

    const result = await runDindBuild(request, { ...settings, transport }, outer);

    expect(result.error).toBeUndefined();
    expect(result.status).toBe("succeeded");
    expect(result.image?.digest).toBe(await readRegistryDigest(request.imageRef));
    expect(logLines(request.events).filter((line) => line.startsWith("The registry localhost:5000 responds"))).toHaveLength(1);
    expect(daemonInspect(result).HostConfig.NetworkMode).toBe("bridge");
    expect(await listRunResources(outer, request.runId)).toEqual([]);
    expect(listSocketDirs(request.runId)).toEqual([]);
    expect(listBoundUnixSockets(request.runId)).toEqual([]);
  });
});

describe("checkDindAvailability", () => {
  it("finds the lab image", async () => {
    const availability = await checkDindAvailability(outer, settings);

    if (!availability.available) throw new Error(`the lab image is not available: ${availability.reason}`);
    expect(availability.versions.daemonImage).toMatch(/@sha256:/);
  });

  it("reports a missing image", async () => {
    const availability = await checkDindAvailability(outer, { ...settings, image: "buildlab-test/dind-missing:none" });

    if (availability.available) throw new Error("a missing image was reported as available");
    expect(availability.reason).toContain("buildlab-test/dind-missing:none");
    expect(availability.fix).toContain("scripts/lab.sh");
  });
});

// Runs after every Docker-in-Docker run of this file.
describe("host network after the runs", () => {
  it("keeps the host's docker0", () => {
    expect(docker0AtStart).toBeDefined();
    expect(readDocker0Index()).toBe(docker0AtStart);
  });
});
