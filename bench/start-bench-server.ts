import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { listProcessTree } from "./read-process-memory";

export interface BenchServer {
  url: string;
  /** PID of the `next start` process, which serves the pages and runs the job queue. */
  serverPid: number;
  /** Everything the server printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

const TSX_CLI = path.resolve("node_modules", "tsx", "dist", "cli.mjs");
const START_TIMEOUT_MS = 120_000;
// Credentials that would close the open loopback dashboard the benchmark requests rely on.
const ACCESS_VARIABLES = ["BUILDLAB_ADMIN_TOKEN", "BUILDLAB_VIEWER_TOKEN", "BUILDLAB_ADMIN_USERNAME", "BUILDLAB_ADMIN_PASSWORD"];

/**
 * Starts Buildlab as users run it, `scripts/serve.ts` (which runs `next start` on 127.0.0.1), in a
 * process group of its own, against `databaseUrl`, and waits until it serves requests and its
 * queue worker runs. Needs a production build in .next. Leftover removal at start-up is limited to
 * runs of this database, because other people's containers share the Docker Engine.
 */
export async function startBenchServer(options: { port: number; databaseUrl: string; dataDir: string; env?: Record<string, string> }): Promise<BenchServer> {
  if (!existsSync(path.resolve(".next", "BUILD_ID"))) {
    throw new Error("No production build in .next: run `npx next build` (or `bash scripts/start.sh` once) before the benchmarks.");
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    BUILDLAB_DATA_DIR: options.dataDir,
    BUILDLAB_LEFTOVER_SCOPE: "known-runs",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  for (const name of ACCESS_VARIABLES) delete env[name];

  const child = spawn(process.execPath, [TSX_CLI, "scripts/serve.ts"], { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (!running) return;
    process.kill(-child.pid!, "SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!stopped) {
      process.kill(-child.pid!, "SIGKILL");
      await exited;
    }
  };

  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!running) throw new Error(`Buildlab exited while starting:\n${output.slice(-4000)}`);
    if (output.includes("[queue] worker") && (await answers(url))) {
      const server = listProcessTree(child.pid!).find((entry) => entry.name.startsWith("next-server"));
      if (!server) {
        await stop();
        throw new Error("Buildlab serves requests, but no next-server process was found under scripts/serve.ts");
      }
      return { url, serverPid: server.pid, output: () => output, stop };
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`Buildlab did not serve ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/strategies`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
