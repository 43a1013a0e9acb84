import { Readable } from "node:stream";
import type Docker from "dockerode";
import type { PhaseTimer } from "../phase-timer";
import type { BuildRequest } from "../types";
import { describeEngineError } from "./describe-engine-error";
import { followBuildStream, type BuildStreamResult, type EngineBuilder } from "./follow-build-stream";

export interface EngineBuildOptions {
  builder: EngineBuilder;
  noCache: boolean;
  /** Network mode of RUN steps, such as "host" or "none". Absent means the daemon's default. */
  networkMode?: string;
  /**
   * Memory and CPU limits of the containers that run the build's steps. The classic builder applies
   * them; BuildKit (Engine 20.10) ignores them, so limit BuildKit builds through the daemon instead.
   */
  limits?: { memoryBytes: number; cpus: number };
}

// The CPU quota is given per period of 100 ms, the period Docker uses by default.
const CPU_PERIOD_MICROSECONDS = 100_000;

/** The outcome of one build on a Docker Engine, with what its cleanup needs. */
export type EngineBuildOutcome = BuildStreamResult;

/**
 * Builds `request` on the Docker Engine behind `docker` through the Engine API build endpoint,
 * with BuildKit (`version=2`) or the classic builder (`version=1`), and tags the result as
 * `request.imageRef`. Times the `context` phase from the first byte of the context the request
 * reads until it has read the last, and the `build` phase from then until the response ends.
 *
 * A failed or cancelled build is a result. Aborting `request.signal` destroys the request, which
 * makes the daemon stop the build. Throws only when the daemon cannot be reached.
 */
export async function buildWithEngine(
  docker: Docker,
  request: BuildRequest,
  timer: PhaseTimer,
  options: EngineBuildOptions,
): Promise<EngineBuildOutcome> {
  if (request.signal.aborted) return cancelled();

  const context = meterContext(request.openContext(), timer);
  const body = Readable.from(context.chunks, { objectMode: false });

  // The image does not get request.labels, because the classic builder would add them as one more
  // LABEL step, and labels naming the run would make every run's image config differ.
  const response = docker.buildImage(body, {
    t: request.imageRef,
    dockerfile: request.dockerfilePath,
    rm: true,
    forcerm: true,
    nocache: options.noCache,
    version: options.builder === "buildkit" ? "2" : "1",
    networkmode: options.networkMode,
    ...(options.limits && {
      memory: options.limits.memoryBytes,
      // Memory plus swap equal to memory: no swap, so a build over its limit fails instead of slowing down.
      memswap: options.limits.memoryBytes,
      cpuperiod: CPU_PERIOD_MICROSECONDS,
      cpuquota: Math.round(options.limits.cpus * CPU_PERIOD_MICROSECONDS),
    }),
    abortSignal: request.signal,
  });
  const followed = response.then((stream) => followBuildStream(stream, options.builder, request.emit, request.signal));

  // The context phase ends when the request has read the whole context, or earlier when the daemon
  // responded or the request failed, so that a rejected build does not leave the phase open.
  await Promise.race([context.consumed, followed.then(ignore, ignore)]);
  context.stop();
  await context.phase;

  try {
    const outcome = await timer.run("build", () => followed);
    // A context that fails to read breaks the request, and the resulting stream error hides the cause.
    if (outcome.status === "failed" && context.error) {
      return { ...outcome, error: `reading the build context failed: ${context.error.message}` };
    }
    return outcome;
  } catch (error) {
    body.destroy();
    if (request.signal.aborted) return cancelled();

    const { statusCode, message } = describeEngineError(error);
    if (context.error) return failed(`reading the build context failed: ${context.error.message}`);
    // The daemon responded with an error status, such as for a Dockerfile it cannot parse.
    if (statusCode !== undefined) return failed(message);
    throw new Error(`the build request to the Docker Engine failed: ${message}`, { cause: error });
  }
}

interface MeteredContext {
  chunks: AsyncGenerator<Buffer>;
  /** Settles when the request has read the last byte, or reading the context failed. */
  consumed: Promise<void>;
  /** The context phase, once the first byte was read. */
  phase: Promise<void> | undefined;
  error: Error | undefined;
  stop(): void;
}

function meterContext(source: Readable, timer: PhaseTimer): MeteredContext {
  let finish!: () => void;
  const consumed = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const metered: MeteredContext = {
    chunks: read(),
    consumed,
    phase: undefined,
    error: undefined,
    stop: () => finish(),
  };

  async function* read(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        // The generator runs when the request reads from it, so the first chunk marks the first byte sent.
        metered.phase ??= timer.run("context", () => consumed);
        yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      }
    } catch (error) {
      metered.error = error as Error;
      throw error;
    } finally {
      finish();
      source.destroy();
    }
  }

  return metered;
}

function cancelled(): EngineBuildOutcome {
  return { status: "cancelled", error: "the build was cancelled", steps: [], intermediateContainers: [], intermediateImages: [] };
}

function failed(error: string): EngineBuildOutcome {
  return { status: "failed", error, steps: [], intermediateContainers: [], intermediateImages: [] };
}

function ignore() {}
