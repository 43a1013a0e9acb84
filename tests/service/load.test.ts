import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { getComparisonViewOrThrow } from "../../lib/db/queries/get-comparison-view";
import { toCsv } from "../../lib/exports/to-csv";
import { toJsonExport } from "../../lib/exports/to-json-export";
import { LABEL_RUN } from "../../lib/strategies/types";
import { request } from "./http-request";
import { submitDockerfile } from "./service-client";
import { startBuildlab, type BuildlabServer } from "./start-buildlab";
import { waitUntil } from "./wait-until";

const COMPARISONS = 20;
const ADMIN_TOKEN = "load-test-admin-token-0123456789";
const VIEWER_TOKEN = "load-test-viewer-token-0123456789";
const REGISTRY_USERNAME = "load-test-registry-user-7f3a";
const REGISTRY_PASSWORD = "load-test-registry-password-9c2e41";
const SECRETS = [ADMIN_TOKEN, VIEWER_TOKEN, REGISTRY_USERNAME, REGISTRY_PASSWORD];
const MEMORY_LIMIT = 256 * 1024 * 1024;
const ENDED = ["succeeded", "failed", "cancelled"];
const docker = new Docker();

const servers: BuildlabServer[] = [];
const created: string[] = [];

// Two Buildlab processes on one database, each running one socket comparison at a time: together a
// concurrency of 2, with both competing for every job.
async function startServers(): Promise<void> {
  for (const port of [3476, 3477]) {
    servers.push(
      await startBuildlab({
        port,
        env: {
          BUILDLAB_ADMIN_TOKEN: ADMIN_TOKEN,
          BUILDLAB_VIEWER_TOKEN: VIEWER_TOKEN,
          BUILDLAB_REGISTRY_USERNAME: REGISTRY_USERNAME,
          BUILDLAB_REGISTRY_PASSWORD: REGISTRY_PASSWORD,
          BUILDLAB_CONCURRENCY_SOCKET: "1",
          BUILDLAB_MAX_QUEUED_PER_USER: String(COMPARISONS + 5),
          BUILDLAB_BUILD_MEMORY_BYTES: String(MEMORY_LIMIT),
          BUILDLAB_BUILD_CPUS: "1",
          BUILDLAB_PUSH: "false",
        },
      }),
    );
  }
}

function maxOverlap(intervals: { start: number; end: number }[]): number {
  const edges = intervals.flatMap((interval) => [{ at: interval.start, delta: 1 }, { at: interval.end, delta: -1 }]);
  // At equal times an end comes before a start, because one comparison ends before the next is taken.
  edges.sort((left, right) => left.at - right.at || left.delta - right.delta);
  let current = 0;
  let max = 0;
  for (const edge of edges) {
    current += edge.delta;
    max = Math.max(max, current);
  }
  return max;
}

describe("twenty comparisons at once", () => {
  beforeAll(startServers);

  afterAll(async () => {
    for (const [index, server] of servers.entries()) {
      await server.stop();
      server.saveOutput(`load-${index + 1}`);
    }
    const db = getDb();
    for (const id of created) await db.comparison.delete({ where: { id } }).catch(() => undefined);
    await db.$disconnect();
  });

  it("runs every job once within the concurrency", async () => {
    const db = getDb();
    const submittedAt = Date.now();

    const ids = await Promise.all(
      Array.from({ length: COMPARISONS }, (_, index) =>
        submitDockerfile(
          servers[index % servers.length].url,
          ADMIN_TOKEN,
          "FROM localhost:5000/buildlab/busybox:lab\n" +
            `RUN sleep 1 && echo load-${index} && (cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)\n`,
          [{ strategy: "socket", mode: "classic" }],
        ),
      ),
    );
    created.push(...ids);
    expect(new Set(ids).size).toBe(COMPARISONS);

    const comparisons = await waitUntil(
      "all twenty comparisons have ended",
      async () => {
        const rows = await db.comparison.findMany({ where: { id: { in: ids } }, include: { runs: { include: { phases: true } } } });
        return rows.every((row) => ENDED.includes(row.status)) ? rows : undefined;
      },
      10 * 60_000,
      500,
    );
    const wallMs = Date.now() - submittedAt;

    const timings = comparisons.map((comparison) => ({
      id: comparison.id,
      workerId: comparison.workerId,
      waitMs: comparison.startedAt!.getTime() - comparison.createdAt.getTime(),
      runMs: comparison.finishedAt!.getTime() - comparison.startedAt!.getTime(),
      start: comparison.claimedAt!.getTime(),
      end: comparison.finishedAt!.getTime(),
    }));
    const sortedRun = timings.map((timing) => timing.runMs).sort((left, right) => left - right);
    const summary = {
      comparisons: COMPARISONS,
      wallMs,
      maxWaitMs: Math.max(...timings.map((timing) => timing.waitMs)),
      medianRunMs: sortedRun[Math.floor(sortedRun.length / 2)],
      maxRunMs: sortedRun[sortedRun.length - 1],
      workers: [...new Set(timings.map((timing) => timing.workerId))].length,
    };
    const resultsDir = path.resolve(".data/test-results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, "service-load.json"), JSON.stringify({ summary, timings }, null, 2));
    console.info(`[load] ${JSON.stringify(summary)}`);

    expect(comparisons.map((comparison) => comparison.status)).toEqual(Array(COMPARISONS).fill("succeeded"));

    // Each comparison was taken once, and each run's phases were stored once: a second execution
    // would have added a second set of phase rows.
    expect(comparisons.map((comparison) => comparison.claimCount)).toEqual(Array(COMPARISONS).fill(1));
    for (const comparison of comparisons) {
      const [run] = comparison.runs;
      const names = run.phases.map((phase) => phase.name);
      expect(names.length, `phases of run ${run.id}`).toBe(new Set(names).size);
      expect(names).toContain("build");
    }

    const jobs = await db.$queryRaw<{ id: string; state: string; retry_count: number }[]>`
      SELECT id::text, state::text, retry_count FROM pgboss.job WHERE id = ANY(${ids}::uuid[])`;
    expect(jobs).toHaveLength(COMPARISONS);
    expect(jobs.every((job) => job.state === "completed")).toBe(true);
    expect(jobs.every((job) => job.retry_count === 0)).toBe(true);

    for (const workerId of new Set(timings.map((timing) => timing.workerId))) {
      expect(maxOverlap(timings.filter((timing) => timing.workerId === workerId)), `comparisons at once on worker ${workerId}`).toBe(1);
    }
    expect(maxOverlap(timings)).toBeLessThanOrEqual(2);

    // The classic builder ran the step under BUILDLAB_BUILD_MEMORY_BYTES.
    const limitLine = await db.logLine.findFirst({ where: { runId: comparisons[0].runs[0].id, text: { contains: String(MEMORY_LIMIT) } } });
    expect(limitLine).not.toBeNull();
  });

  it("leaves no container, volume or image behind", async () => {
    const runIds = (await getDb().run.findMany({ where: { comparisonId: { in: created } }, select: { id: true } })).map((run) => run.id);

    for (const runId of runIds) {
      const filters = { label: [`${LABEL_RUN}=${runId}`] };
      expect(await docker.listContainers({ all: true, filters }), `containers of run ${runId}`).toEqual([]);
      expect((await docker.listVolumes({ filters })).Volumes ?? [], `volumes of run ${runId}`).toEqual([]);
    }
    const images = await docker.listImages();
    const tags = images.flatMap((image) => image.RepoTags ?? []);
    expect(tags.filter((tag) => created.some((id) => tag.includes(id)))).toEqual([]);
  });

  it("cancels from the other process", async () => {
    const db = getDb();
    const id = await submitDockerfile(servers[0].url, ADMIN_TOKEN, "FROM localhost:5000/buildlab/busybox:lab\nRUN echo waiting && sleep 300\n", [{ strategy: "socket", mode: "classic" }]);
    created.push(id);
    const [run] = await db.run.findMany({ where: { comparisonId: id } });
    await waitUntil("the sleeping step runs", async () => {
      const line = await db.logLine.findFirst({ where: { runId: run.id, text: { contains: "waiting" } } });
      return line ? true : undefined;
    });

    const runningIndex = servers.findIndex((server) => server.output().includes(`took comparison ${id}`));
    expect(runningIndex).toBeGreaterThanOrEqual(0);
    const other = servers[1 - runningIndex];
    const cancel = await request(other.url, { method: "POST", path: `/api/comparisons/${id}/cancel`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(cancel.status).toBe(202);

    const ended = await waitUntil("the comparison has ended", async () => {
      const comparison = await db.comparison.findUniqueOrThrow({ where: { id }, include: { runs: true } });
      return ENDED.includes(comparison.status) ? comparison : undefined;
    }, 60_000);
    expect(ended.status).toBe("cancelled");
    expect(ended.runs.map((entry) => entry.status)).toEqual(["cancelled"]);
    expect(ended.cancelRequestedAt).not.toBeNull();
  });

  it("shows no secret in logs, responses or exports", async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const texts: { where: string; text: string }[] = servers.map((server, index) => ({ where: `output of server ${index + 1}`, text: server.output() }));

    const list = await request(servers[0].url, { path: "/api/comparisons", headers: auth });
    texts.push({ where: "GET /api/comparisons", text: list.text });
    const environment = await request(servers[0].url, { path: "/api/strategies", headers: auth });
    texts.push({ where: "GET /api/strategies", text: environment.text });

    for (const id of created.slice(0, 5)) {
      const view = await request(servers[1].url, { path: `/api/comparisons/${id}`, headers: auth });
      texts.push({ where: `GET /api/comparisons/${id}`, text: view.text });
      const events = await request(servers[1].url, { path: `/api/comparisons/${id}/events`, headers: auth });
      texts.push({ where: `events of ${id}`, text: events.text });

      for (const format of ["csv", "json"]) {
        const exported = await request(servers[0].url, { path: `/api/comparisons/${id}/export?format=${format}`, headers: auth });
        texts.push({ where: `${format} download of ${id}`, text: exported.text });
      }

      const stored = await getComparisonViewOrThrow(id);
      texts.push({ where: `CSV export of ${id}`, text: toCsv(stored) });
      texts.push({ where: `JSON export of ${id}`, text: JSON.stringify(toJsonExport(stored)) });
      for (const run of stored.runs) {
        const log = await request(servers[0].url, { path: `/api/runs/${run.id}/log`, headers: auth });
        texts.push({ where: `log of run ${run.id}`, text: log.text });
      }
    }

    const leaks = texts.flatMap(({ where, text }) => SECRETS.filter((secret) => text.includes(secret)).map((secret) => `${where} contains ${secret.slice(0, 12)}...`));
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.every(({ text }) => text.length > 0)).toBe(true);
    expect(leaks).toEqual([]);
  });
});
