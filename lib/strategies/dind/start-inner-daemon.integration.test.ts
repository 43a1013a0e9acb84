import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../engine/create-docker-client";
import { prepareDaemonVolume } from "./prepare-daemon-volume";
import { readDindSettings, type DindSettings } from "./read-dind-settings";
import { removeRunResources } from "./remove-run-resources";
import { startInnerDaemon } from "./start-inner-daemon";
import { buildOuterImage, findFreePort, listRunResources, makeRequest, makeTlsCertificates } from "./test-helpers";

const outer = createDockerClient();
const suffix = randomUUID().slice(0, 8);
const NEVER_STARTS_IMAGE = `buildlab-test/dind-never-starts:${suffix}`;
const EXITS_IMAGE = `buildlab-test/dind-exits:${suffix}`;

/** Starts a daemon for a fresh run, then removes everything it made, returning the error if any. */
async function startAndClean(settings: DindSettings) {
  const request = makeRequest({});
  const socketDir = await mkdtemp(path.join(os.tmpdir(), "buildlab-dind-test-"));
  const logs: string[] = [];
  const notes: string[] = [];
  let error: Error | undefined;
  let daemon: Awaited<ReturnType<typeof startInnerDaemon>> | undefined;
  try {
    await prepareDaemonVolume(outer, { volumeName: `buildlab-dind-${request.runId}`, mode: "cold", labels: request.labels });
    daemon = await startInnerDaemon({
      outer,
      settings,
      containerName: `buildlab-dind-${request.runId}`,
      labels: request.labels,
      volumeName: `buildlab-dind-${request.runId}`,
      socketDir,
      signal: request.signal,
      log: (text) => logs.push(text),
      notes,
    });
    await daemon.client.ping();
  } catch (caught) {
    error = caught as Error;
  }
  const problems = await removeRunResources(outer, { runId: request.runId, stopTimeoutSeconds: 0, socketDir });
  const leftovers = await listRunResources(outer, request.runId);
  return { error, daemon, logs, notes, problems, leftovers, socketDirLeft: existsSync(socketDir) };
}

describe("startInnerDaemon", () => {
  const settings = readDindSettings();

  beforeAll(async () => {
    await buildOuterImage(outer, NEVER_STARTS_IMAGE, ['ENTRYPOINT ["sh", "-c", "echo waiting without dockerd; exec sleep 3600"]']);
    await buildOuterImage(outer, EXITS_IMAGE, ['ENTRYPOINT ["sh", "-c", "echo this image has no dockerd; exit 7"]']);
  });

  afterAll(async () => {
    for (const image of [NEVER_STARTS_IMAGE, EXITS_IMAGE]) {
      await outer.getImage(image).remove().catch(() => undefined);
    }
  });

  it("rejects a missing image without pulling", async () => {
    const image = `buildlab-test/dind-missing:${suffix}`;

    const outcome = await startAndClean({ ...settings, image });

    expect(outcome.error?.message).toContain(`"${image}" is not on the Docker Engine, and Buildlab never pulls it`);
    expect(outcome.error?.message).toContain("scripts/lab.sh");
    await expect(outer.getImage(image).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(outcome.leftovers).toEqual([]);
  });

  it("times out when dockerd never starts", async () => {
    const outcome = await startAndClean({ ...settings, image: NEVER_STARTS_IMAGE, startTimeoutMs: 2_000 });

    expect(outcome.error?.message).toMatch(/did not respond to \/_ping on unix:\/\/\S+ within 2 s/);
    expect(outcome.error?.message).toContain("BUILDLAB_DIND_START_TIMEOUT_SECONDS");
    expect(outcome.error?.message).toContain("waiting without dockerd");
    expect(outcome.problems).toEqual([]);
    expect(outcome.leftovers).toEqual([]);
    expect(outcome.socketDirLeft).toBe(false);
  });

  it("fails at once when dockerd exits", async () => {
    const outcome = await startAndClean({ ...settings, image: EXITS_IMAGE, startTimeoutMs: 120_000 });

    expect(outcome.error?.message).toContain("exited with code 7 before responding to /_ping");
    expect(outcome.error?.message).toContain("this image has no dockerd");
    expect(outcome.leftovers).toEqual([]);
  });

  it("starts the inner daemon", async () => {
    const outcome = await startAndClean(settings);

    expect(outcome.error).toBeUndefined();
    expect(outcome.daemon?.inspect.State.Running).toBe(true);
    expect(outcome.daemon?.inspect.HostConfig.NetworkMode).toBe("bridge");
    expect(Object.keys(outcome.daemon?.inspect.NetworkSettings.Networks ?? {})).toEqual(["bridge"]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.leftovers).toEqual([]);
    expect(outcome.socketDirLeft).toBe(false);
  });

  // This host's capability bounding set lacks CAP_SYS_RESOURCE, so privileged mode is rejected here.
  it("falls back when privileged mode is rejected", async () => {
    const outcome = await startAndClean(settings);

    expect(outcome.error).toBeUndefined();
    expect(outcome.daemon?.privileged).toBe(false);
    expect(outcome.notes[0]).toMatch(/^privileged-fallback: host rejected privileged mode \(unable to apply caps/);
    expect(outcome.notes[0]).toContain("--cap-add ALL --cap-drop SYS_RESOURCE");
    expect(outcome.daemon?.inspect.HostConfig.Privileged).toBe(false);
    expect(outcome.daemon?.inspect.HostConfig.CapAdd).toEqual(["ALL"]);
    expect(outcome.daemon?.inspect.HostConfig.CapDrop).toEqual(["SYS_RESOURCE"]);
    expect(outcome.logs.some((line) => line.startsWith("The host rejected privileged mode"))).toBe(true);
  });
});

describe("startInnerDaemon over TLS", () => {
  let certDir: string;

  beforeAll(async () => {
    certDir = await mkdtemp(path.join(os.tmpdir(), "buildlab-dind-certs-"));
    makeTlsCertificates(certDir);
  });

  afterAll(async () => {
    await rm(certDir, { recursive: true, force: true });
  });

  it("answers with client certificates only", async () => {
    const port = await findFreePort();
    const settings: DindSettings = { ...readDindSettings(), transport: { kind: "tls", certDir, port } };
    const request = makeRequest({});
    const volumeName = `buildlab-dind-${request.runId}`;
    let plainAnswer: string | undefined;

    let error: unknown;
    try {
      await prepareDaemonVolume(outer, { volumeName, mode: "cold", labels: request.labels });
      const daemon = await startInnerDaemon({
        outer,
        settings,
        containerName: `buildlab-dind-${request.runId}`,
        labels: request.labels,
        volumeName,
        signal: request.signal,
        log: () => undefined,
        notes: [],
      });
      expect(daemon.endpoint).toBe(`tcp://127.0.0.1:${port} (TLS)`);
      expect((await daemon.client.version()).ApiVersion).toMatch(/^1\.\d+$/);

      // The same port over plain HTTP gets no API response.
      plainAnswer = await fetch(`http://127.0.0.1:${port}/_ping`).then(
        (response) => `HTTP ${response.status}`,
        () => "connection failed",
      );
    } catch (caught) {
      error = caught;
    }
    const problems = await removeRunResources(outer, { runId: request.runId, stopTimeoutSeconds: 0 });

    expect(error).toBeUndefined();
    expect(plainAnswer).not.toBe("HTTP 200");
    expect(problems).toEqual([]);
    expect(await listRunResources(outer, request.runId)).toEqual([]);
  });
});
