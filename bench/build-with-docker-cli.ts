import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { EngineBuilder } from "@/lib/strategies/engine/follow-build-stream";

const run = promisify(execFile);

/** Debian's Docker 20.10 client, which unlike the machine's newer client can build with BuildKit. */
export const DEBIAN_DOCKER_CLI = "/usr/bin/docker";

export interface CliBuildOptions {
  /** Context folder. */
  folder: string;
  dockerfilePath: string;
  imageRef: string;
  builder: EngineBuilder;
  limits: { memoryBytes: number; cpus: number };
}

/**
 * Builds a folder with `docker build --no-cache` from Debian's Docker CLI, with BuildKit or the
 * classic builder and the socket strategy's memory and CPU limits. Throws with the CLI's output
 * when the build fails.
 */
export async function buildWithDockerCli(options: CliBuildOptions): Promise<void> {
  const memory = String(options.limits.memoryBytes);
  const args = [
    "build",
    "--no-cache",
    "--rm",
    "--force-rm",
    "--quiet",
    "--tag", options.imageRef,
    "--file", join(options.folder, options.dockerfilePath),
    "--memory", memory,
    "--memory-swap", memory,
    "--cpu-period", "100000",
    "--cpu-quota", String(Math.round(options.limits.cpus * 100_000)),
    options.folder,
  ];
  try {
    await run(DEBIAN_DOCKER_CLI, args, { env: { ...process.env, DOCKER_BUILDKIT: options.builder === "buildkit" ? "1" : "0" } });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`docker build of ${options.imageRef} (${options.builder}) failed: ${stderr?.trim() || message}`);
  }
}
