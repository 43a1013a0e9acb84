import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { getComparisonView } from "../../lib/db/queries/get-comparison-view";
import { LABEL_RUN } from "../../lib/strategies/types";
import { submitDockerfile } from "./service-client";
import { startBuildlab, type BuildlabServer } from "./start-buildlab";
import { waitUntil } from "./wait-until";

const PORT = 3471;
const ADMIN_TOKEN = "crash-test-admin-token-0123456789";
const BUSYBOX = "localhost:5000/buildlab/busybox:lab";
const docker = new Docker();
const servers: BuildlabServer[] = [];
const created: string[] = [];

async function labelledResources(runId: string): Promise<string[]> {
  const filters = { label: [`${LABEL_RUN}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  return [...containers.map((container) => `container ${container.Names[0]}`), ...(volumes ?? []).map((volume) => `volume ${volume.Name}`)];
}

async function start(): Promise<BuildlabServer> {
  const server = await startBuildlab({ port: PORT, env: { BUILDLAB_ADMIN_TOKEN: ADMIN_TOKEN, BUILDLAB_PUSH: "false" } });
  servers.push(server);
  return server;
}

describe("Buildlab killed during a build", () => {
  afterAll(async () => {
    for (const [index, server] of servers.entries()) {
      await server.stop();
      server.saveOutput(`crash-recovery-${index + 1}`);
    }
    const db = getDb();
    for (const id of created) await db.comparison.delete({ where: { id } }).catch(() => undefined);
    await db.$disconnect();
  });

  it("fails the run and removes its leftovers after a restart", async () => {
    const db = getDb();
    const first = await start();

    // A finished comparison, whose stored results must survive the crash unchanged.
    const finishedId = await submitDockerfile(first.url, ADMIN_TOKEN, `FROM ${BUSYBOX}\nRUN echo kept\n`, [{ strategy: "socket", mode: "classic" }]);
    created.push(finishedId);
    await waitUntil("the first comparison has succeeded", async () => {
      const comparison = await db.comparison.findUniqueOrThrow({ where: { id: finishedId } });
      return comparison.status === "succeeded" ? true : undefined;
    });
    const finishedBefore = await getComparisonView(finishedId);

    const crashedId = await submitDockerfile(first.url, ADMIN_TOKEN, `FROM ${BUSYBOX}\nRUN echo sleeping && sleep 300\n`, [{ strategy: "dind", mode: "cold" }]);
    created.push(crashedId);
    const [run] = await db.run.findMany({ where: { comparisonId: crashedId } });
    await waitUntil("the build step runs in the Docker-in-Docker daemon", async () => {
      const building = await db.phase.findFirst({ where: { runId: run.id, name: "build" } });
      return building ? true : undefined;
    });
    await waitUntil("the sleeping step has started", async () => {
      const line = await db.logLine.findFirst({ where: { runId: run.id, text: { contains: "sleeping" } } });
      return line ? true : undefined;
    }, 60_000);

    const beforeKill = await labelledResources(run.id);
    expect(beforeKill.some((name) => name.startsWith("container "))).toBe(true);
    expect(beforeKill.some((name) => name.startsWith("volume "))).toBe(true);

    await first.kill();
    expect(first.exited()).toBe(true);
    // Nothing ran the cleanup, so the run's daemon container and volume are still there.
    expect(await labelledResources(run.id)).toEqual(beforeKill);
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");

    const second = await start();
    const failed = await waitUntil("the interrupted run is marked failed", async () => {
      const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
      return stored.status === "failed" ? stored : undefined;
    }, 60_000);
    expect(failed.error).toMatch(/Buildlab process running this stopped: its process \(.+, pid \d+\) has ended/);
    expect(failed.finishedAt).not.toBeNull();

    const comparison = await db.comparison.findUniqueOrThrow({ where: { id: crashedId } });
    expect(comparison.status).toBe("failed");
    expect(comparison.error).toContain("stopped");

    const left = await waitUntil("no container or volume of the run is left", async () => {
      const resources = await labelledResources(run.id);
      return resources.length ? undefined : resources;
    }, 60_000);
    expect(left).toEqual([]);

    const jobs = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${crashedId}::uuid`;
    expect(jobs.map((job) => job.state)).toEqual(["failed"]);

    const finishedAfter = await getComparisonView(finishedId);
    expect(finishedAfter).toEqual(finishedBefore);
    expect(second.exited()).toBe(false);
  });
});
