// Runs Buildlab's benchmarks and writes BENCHMARKS.md: `npm run bench -- [--quick] [--only=...]`.
// See bench-options.ts for the sizes and render-benchmarks-markdown.ts for the page.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "@/lib/db/apply-migrations";
import { startEmbeddedPostgres } from "@/lib/db/start-embedded-postgres";
import { toError } from "@/lib/errors";
import { createDockerClient } from "@/lib/strategies/engine/create-docker-client";
import { parseBenchOptions, type BenchOptions } from "./bench-options";
import { describeEnvironment } from "./describe-environment";
import { freePort } from "./free-port";
import { measureContextPacking } from "./measure-context-packing";
import { measureHarnessOverhead } from "./measure-harness-overhead";
import { measureHistoryAtScale } from "./measure-history-at-scale";
import { measureLiveView } from "./measure-live-view";
import { renderBenchmarksMarkdown } from "./render-benchmarks-markdown";
import type { SectionResult } from "./section-result";
import { seedHistory, type SeededHistory } from "./seed-history";
import { startBenchServer, type BenchServer } from "./start-bench-server";

const REPORT_PATH = "BENCHMARKS.md";
const log = (line: string) => console.info(line);

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const started = performance.now();
  const environment = await describeEnvironment();
  log(`[bench] sections: ${options.sections.join(", ")}${options.quick ? " (quick)" : ""}`);

  // mkdtemp makes the folder readable by its owner only. The embedded PostgreSQL runs as the
  // postgres user when Buildlab runs as root, so it could not enter the folder.
  const workDir = await mkdtemp(path.join(os.tmpdir(), "buildlab-bench-"));
  await chmod(workDir, 0o755);
  const sections: SectionResult[] = [];
  const failures: string[] = [];
  const attempt = async (name: string, work: () => Promise<SectionResult | SectionResult[]>) => {
    try {
      sections.push(...[await work()].flat());
    } catch (error) {
      failures.push(`${name}: ${toError(error).message}`);
      console.error(`[bench] the ${name} section failed`, error);
    }
  };

  try {
    if (options.sections.includes("overhead")) {
      await attempt("overhead", () =>
        measureHarnessOverhead({
          rounds: options.sizes.overheadRounds,
          samples: ["multi-stage", "many-files"],
          includeCli: options.sizes.overheadCli,
          dataDir: path.join(workDir, "overhead"),
          log,
        }),
      );
    }
    if (options.sections.includes("packing")) {
      await attempt("packing", async () => {
        const packingDir = path.join(workDir, "packing");
        await mkdir(packingDir);
        return measureContextPacking({ rounds: options.sizes.packingRounds, files: options.sizes.packingFiles, bytes: options.sizes.packingBytes, workDir: packingDir, log });
      });
    }
    if (options.sections.includes("history") || options.sections.includes("live")) {
      await attempt("history and live view", () => measureOnServer(options, workDir, environment));
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  for (const section of sections) Object.assign(environment, section.environment);
  environment["Load average at the end (1, 5, 15 min)"] = os.loadavg().map((load) => load.toFixed(2)).join(", ");
  const markdown = renderBenchmarksMarkdown({ sections, environment, durationMs: performance.now() - started, quick: options.quick });
  console.info(`\n${markdown}`);

  const complete = !options.quick && failures.length === 0 && options.sections.length === 4;
  if (complete) {
    await writeFile(REPORT_PATH, markdown);
    log(`[bench] wrote ${REPORT_PATH}`);
  } else {
    log(`[bench] ${REPORT_PATH} left as it is: it records only a complete full-size run.`);
  }
  for (const failure of failures) console.error(`[bench] failed: ${failure}`);
  return failures.length ? 1 : 0;
}

/**
 * Starts a PostgreSQL of the benchmark's own, seeds it, starts the real server against it, and
 * measures the history pages and then the live view. Everything it started is stopped again.
 */
async function measureOnServer(options: BenchOptions, workDir: string, environment: Record<string, string>): Promise<SectionResult[]> {
  const database = await startEmbeddedPostgres(path.join(workDir, "database"), await freePort());
  const results: SectionResult[] = [];
  try {
    await applyMigrations(database.url);
    environment.PostgreSQL = await readPostgresVersion(database.url);

    let seeded: SeededHistory | undefined;
    if (options.sections.includes("history")) {
      const seedStarted = performance.now();
      const info = await createDockerClient().info();
      seeded = await seedHistory(database.url, { comparisons: options.sizes.historyComparisons, runsPerComparison: 10, stepsPerRun: 10 }, { kind: "host-daemon", info, socketPath: "/var/run/docker.sock" });
      log(`[history] seeded ${seeded.comparisons} comparisons, ${seeded.runs} runs, ${seeded.steps} steps in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    }

    if (seeded) {
      const history = seeded;
      results.push(
        await withServer(database.url, workDir, (server) =>
          measureHistoryAtScale({ baseUrl: server.url, databaseUrl: database.url, serverPid: server.serverPid, seeded: history, requests: options.sizes.historyRequests, warmUp: options.sizes.historyWarmUp, log }),
        ),
      );
    }
    // A server of its own, so that the memory the history requests left behind does not hide what the log costs.
    if (options.sections.includes("live")) {
      results.push(
        await withServer(database.url, workDir, (server) =>
          measureLiveView({ baseUrl: server.url, databaseUrl: database.url, serverPid: server.serverPid, lines: options.sizes.liveLines, log }),
        ),
      );
    }
  } finally {
    await database.stop();
  }
  return results;
}

/** Starts the real server against `databaseUrl`, runs `work` with it, and stops it again. */
async function withServer<T>(databaseUrl: string, workDir: string, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startBenchServer({
    port: await freePort(),
    databaseUrl,
    dataDir: path.join(workDir, "server-data"),
    env: { BUILDLAB_CONCURRENCY_SOCKET: "1", BUILDLAB_CONCURRENCY_DIND: "0", BUILDLAB_CONCURRENCY_KANIKO: "0", BUILDLAB_PUSH: "false" },
  });
  log(`[bench] Buildlab serves ${server.url} (next-server pid ${server.serverPid})`);
  try {
    return await work(server);
  } catch (error) {
    console.error(`[bench] server output, last part:\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    await server.stop();
  }
}

async function readPostgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return `${rows[0].server_version} (embedded-postgres)`;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] ${toError(error).message}`);
    process.exit(1);
  },
);
