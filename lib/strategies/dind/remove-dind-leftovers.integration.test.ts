import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../engine/create-docker-client";
import { LABEL_APP, LABEL_COMPARISON, LABEL_RUN, LABEL_STRATEGY } from "../types";
import { createSocketDir } from "./create-socket-dir";
import { LABEL_DIND_CACHE } from "./dind-labels";
import { removeDindLeftovers } from "./remove-dind-leftovers";
import { BUSYBOX_IMAGE } from "./test-helpers";

const outer = createDockerClient();
// Every resource of this test carries this label, and removeDindLeftovers is scoped to it, so the
// test never touches the runs of other tests.
const scopeLabels = { "org.buildlab.test": randomUUID() };
const volumeNames: string[] = [];
const containerNames: string[] = [];

function labelsFor(runId: string, comparisonId: string): Record<string, string> {
  return { [LABEL_APP]: "buildlab", [LABEL_RUN]: runId, [LABEL_COMPARISON]: comparisonId, [LABEL_STRATEGY]: "dind", ...scopeLabels };
}

async function createVolume(name: string, labels: Record<string, string>, cache: "cold" | "warm"): Promise<string> {
  const volumeName = `buildlab-dind-test-${name}-${scopeLabels["org.buildlab.test"].slice(0, 8)}`;
  await outer.createVolume({ Name: volumeName, Labels: { ...labels, [LABEL_DIND_CACHE]: cache } });
  volumeNames.push(volumeName);
  return volumeName;
}

async function exists(check: () => Promise<unknown>): Promise<boolean> {
  return check().then(
    () => true,
    (error: { statusCode?: number }) => {
      if (error.statusCode === 404) return false;
      throw error;
    },
  );
}

afterAll(async () => {
  for (const name of containerNames) await outer.getContainer(name).remove({ force: true }).catch(() => undefined);
  for (const name of volumeNames) await outer.getVolume(name).remove().catch(() => undefined);
});

describe("removeDindLeftovers", () => {
  it("keeps live runs and comparisons", async () => {
    const [liveRun, deadRun, liveComparison, deadComparison] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const deadCold = await createVolume("dead-cold", labelsFor(deadRun, deadComparison), "cold");
    const liveCold = await createVolume("live-cold", labelsFor(liveRun, liveComparison), "cold");
    const liveWarm = await createVolume("live-warm", labelsFor(deadRun, liveComparison), "warm");
    const deadWarm = await createVolume("dead-warm", labelsFor(deadRun, deadComparison), "warm");
    const deadContainerName = `buildlab-dind-test-${deadRun}`;
    await outer.createContainer({ name: deadContainerName, Image: BUSYBOX_IMAGE, Cmd: ["true"], Labels: labelsFor(deadRun, deadComparison) });
    containerNames.push(deadContainerName);

    const removed = await removeDindLeftovers(outer, new Set([liveRun]), { liveComparisonIds: new Set([liveComparison]), scopeLabels });

    expect(removed.sort()).toEqual([`container ${deadContainerName}`, `volume ${deadCold}`, `volume ${deadWarm}`].sort());
    expect(await exists(() => outer.getContainer(deadContainerName).inspect())).toBe(false);
    expect(await exists(() => outer.getVolume(deadCold).inspect())).toBe(false);
    expect(await exists(() => outer.getVolume(deadWarm).inspect())).toBe(false);
    expect(await exists(() => outer.getVolume(liveCold).inspect())).toBe(true);
    expect(await exists(() => outer.getVolume(liveWarm).inspect())).toBe(true);
  });

  it("removes socket folders of dead runs", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "buildlab-socket-root-"));
    const [liveRun, deadRun] = [randomUUID(), randomUUID()];
    const liveDir = await createSocketDir(liveRun, root);
    const deadDir = await createSocketDir(deadRun, root);
    const otherDir = path.join(root, "unrelated-folder");
    await mkdir(otherDir);

    try {
      // A scope of its own: the volumes of the other tests stay until afterAll.
      const emptyScope = { "org.buildlab.test": randomUUID() };
      const removed = await removeDindLeftovers(outer, new Set([liveRun]), { scopeLabels: emptyScope, socketDirRoot: root });

      expect(removed).toEqual([`socket folder ${deadDir}`]);
      expect(existsSync(deadDir)).toBe(false);
      expect(existsSync(liveDir)).toBe(true);
      expect(existsSync(otherDir)).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("keeps warm volumes of running comparisons", async () => {
    const [liveRun, comparisonId] = [randomUUID(), randomUUID()];
    const warm = await createVolume("running-warm", labelsFor(randomUUID(), comparisonId), "warm");
    const liveContainerName = `buildlab-dind-test-${liveRun}`;
    await outer.createContainer({ name: liveContainerName, Image: BUSYBOX_IMAGE, Cmd: ["true"], Labels: labelsFor(liveRun, comparisonId) });
    containerNames.push(liveContainerName);

    const removed = await removeDindLeftovers(outer, new Set([liveRun]), { scopeLabels });

    expect(removed.filter((entry) => entry.includes(warm) || entry.includes(liveContainerName))).toEqual([]);
    expect(await exists(() => outer.getVolume(warm).inspect())).toBe(true);
    expect(await exists(() => outer.getContainer(liveContainerName).inspect())).toBe(true);
  });
});
