import { createReadStream } from "node:fs";
import type Docker from "dockerode";
import type { EngineBuilder } from "@/lib/strategies/engine/follow-build-stream";

export interface PlainBuildOptions {
  /** Path of a context tar. */
  contextTar: string;
  dockerfilePath: string;
  imageRef: string;
  builder: EngineBuilder;
  limits: { memoryBytes: number; cpus: number };
}

interface BuildMessage {
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/**
 * Builds a context tar with one plain Engine API call (dockerode `buildImage`) with the options the
 * socket strategy passes for a cold build, and reads the response to its end. Throws when the
 * daemon reports an error or the response names no image.
 */
export async function buildWithPlainEngine(docker: Docker, options: PlainBuildOptions): Promise<void> {
  const stream = await docker.buildImage(createReadStream(options.contextTar), {
    t: options.imageRef,
    dockerfile: options.dockerfilePath,
    rm: true,
    forcerm: true,
    nocache: true,
    version: options.builder === "buildkit" ? "2" : "1",
    memory: options.limits.memoryBytes,
    memswap: options.limits.memoryBytes,
    cpuperiod: 100_000,
    cpuquota: Math.round(options.limits.cpus * 100_000),
  });

  const messages = await new Promise<BuildMessage[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: BuildMessage[]) => (error ? reject(error) : resolve(output)));
  });
  const failure = messages.find((message) => message.error || message.errorDetail);
  if (failure) throw new Error(`the plain Engine API build of ${options.imageRef} failed: ${failure.error ?? failure.errorDetail?.message}`);
  if (!messages.some((message) => message.aux?.ID)) throw new Error(`the plain Engine API build of ${options.imageRef} named no image`);
}
