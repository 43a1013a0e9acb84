import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { promisify } from "node:util";
import { createDockerClient } from "@/lib/strategies/engine/create-docker-client";

const run = promisify(execFile);

/**
 * Describes the machine the benchmarks ran on: CPUs, memory, kernel, load, Node.js, Docker Engine
 * and the Debian Docker CLI, GNU tar, and the date. PostgreSQL and Chromium are added by the
 * sections that start them.
 */
export async function describeEnvironment(): Promise<Record<string, string>> {
  const cpus = os.cpus();
  const docker = createDockerClient();
  const [engine, cli, tar, buildId] = await Promise.all([
    docker.version().catch((error: Error) => ({ Version: `unreachable (${error.message})`, ApiVersion: "-" })),
    commandOutput("/usr/bin/docker", ["version", "--format", "{{.Client.Version}}"]),
    commandOutput("tar", ["--version"]).then((text) => text.split("\n")[0]),
    readFile(".next/BUILD_ID", "utf8").catch(() => "none"),
  ]);

  return {
    Date: new Date().toISOString(),
    CPUs: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    Memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    Kernel: `${os.type()} ${os.release()}`,
    "Load average at start (1, 5, 15 min)": os.loadavg().map((load) => load.toFixed(2)).join(", "),
    "Node.js": process.version,
    "Docker Engine": `${engine.Version} (API ${engine.ApiVersion})`,
    "Docker CLI (/usr/bin/docker)": cli,
    tar,
    "Next.js build id (.next/BUILD_ID)": buildId.trim(),
  };
}

async function commandOutput(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args)).stdout.trim();
  } catch (error) {
    return `not available (${(error as Error).message.split("\n")[0]})`;
  }
}
