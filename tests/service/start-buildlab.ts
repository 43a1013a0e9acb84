import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface BuildlabServer {
  url: string;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output: () => string;
  /** Kills the whole process group at once, as a crash or an OOM kill would, and waits for it to exit. */
  kill: () => Promise<void>;
  /** Stops the server with SIGTERM and waits for it to exit. */
  stop: () => Promise<void>;
  exited: () => boolean;
  /** Writes the output to .data/service-logs/<name>.log, for reading after a failed test. */
  saveOutput: (name: string) => void;
}

export interface StartOptions {
  port: number;
  /** Settings beyond the test defaults, such as tokens and concurrency. */
  env?: Record<string, string>;
  /** Output text that shows the queue is ready, such as "[queue] worker". */
  readyText?: string;
}

const ROOT = process.cwd();
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/**
 * Starts Buildlab as a real process with scripts/serve.ts (`next start` on 127.0.0.1) against the
 * test database, in its own process group, and waits until it serves requests and its queue
 * worker has started. Needs a production build (`next build`, which scripts/prepare.sh runs).
 */
export async function startBuildlab(options: StartOptions): Promise<BuildlabServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error(`No production build in ${ROOT}/.next: run \`npx next build\` (scripts/prepare.sh does) before the service tests.`);
  }
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set: run the service tests through vitest's integration project, whose global setup starts PostgreSQL.");

  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [TSX_CLI, "scripts/serve.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(options.port),
      DATABASE_URL: process.env.DATABASE_URL,
      BUILDLAB_DATA_DIR: process.env.BUILDLAB_DATA_DIR ?? path.resolve(".data/test"),
      // Other test suites share the Docker Engine: remove only leftovers of runs in this database.
      BUILDLAB_LEFTOVER_SCOPE: "known-runs",
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
  });

  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let exitCode: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.on("exit", (code) => {
    exitCode = code;
    resolve();
  }));

  const server: BuildlabServer = {
    url,
    output: () => output,
    kill: async () => {
      signalGroup(child, "SIGKILL");
      await exit;
      await waitForGroupExit(child, 10_000);
    },
    // The Next.js server outlives scripts/serve.ts for a while after SIGTERM, so stopping waits for
    // the whole process group, and kills what is left after 20 s.
    stop: async () => {
      signalGroup(child, "SIGTERM");
      if (await waitForGroupExit(child, 20_000)) return;
      signalGroup(child, "SIGKILL");
      await waitForGroupExit(child, 10_000);
    },
    exited: () => exitCode !== undefined,
    saveOutput: (name) => {
      const dir = path.join(ROOT, ".data", "service-logs");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.log`), output);
    },
  };

  const readyText = options.readyText ?? "[queue] worker";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`Buildlab exited with code ${exitCode} while starting:\n${output}`);
    if (output.includes(readyText) && (await isServing(url))) return server;
    await delay(250);
  }
  await server.kill();
  throw new Error(`Buildlab did not start within 120 s:\n${output}`);
}

async function isServing(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/auth/session`);
    return response.ok;
  } catch {
    return false;
  }
}

// Returns true once no process of the child's group is left, false when `timeoutMs` passed first.
async function waitForGroupExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      return true;
    }
    await delay(100);
  }
  return false;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
