import type Docker from "dockerode";
import { getEnv } from "@/lib/env";
import { buildWithEngine, type EngineBuildOutcome } from "../engine/build-with-engine";
import { createDockerClient } from "../engine/create-docker-client";
import { describeEngineError } from "../engine/describe-engine-error";
import type { EngineBuilder } from "../engine/follow-build-stream";
import { pushImage } from "../engine/push-image";
import { readEngineVersions } from "../engine/read-engine-versions";
import { readImageFacts } from "../engine/read-image-facts";
import { removeBuildIntermediates } from "../engine/remove-build-intermediates";
import { removeComparisonImages } from "../engine/remove-comparison-images";
import { removeLeftoverContainers } from "../engine/remove-leftover-containers";
import { resolveBaseImages } from "../engine/resolve-base-images";
import { resolveDockerHost, type DockerHostAddress } from "../engine/resolve-docker-host";
import { createPhaseTimer, type PhaseTimer } from "../phase-timer";
import type { Availability, BuildRequest, BuildResult, ImageFacts, Strategy, Workload } from "../types";

export interface SocketStrategyOptions {
  /** Daemon address in DOCKER_HOST form, such as unix:///var/run/docker.sock. Defaults to DOCKER_HOST, then the default socket. */
  dockerHost?: string;
  /** Lab registry as host:port. Defaults to BUILDLAB_REGISTRY. */
  registry?: string;
  /** Defaults to BUILDLAB_ALLOW_REMOTE_PULL. */
  allowRemotePull?: boolean;
  /** Network mode of RUN steps, such as "none" or "host". Absent means the daemon's default bridge. */
  networkMode?: string;
}

const SOCKET_MODES = ["buildkit", "classic"] as const satisfies readonly EngineBuilder[];

// An estimate: long enough for a busy daemon to respond to /_ping, short enough for a page that checks availability.
const PING_TIMEOUT_MS = 5000;

/**
 * Creates the strategy that builds on the host's Docker Engine through its socket, with BuildKit
 * or the classic builder. Settings are read when a method runs, not when the strategy is created.
 */
export function createSocketStrategy(options: SocketStrategyOptions = {}): Strategy {
  const settings = () => {
    const env = getEnv();
    const dockerHost = options.dockerHost ?? env.DOCKER_HOST;
    return {
      dockerHost,
      address: resolveDockerHost(dockerHost),
      registry: options.registry ?? env.BUILDLAB_REGISTRY,
      allowRemotePull: options.allowRemotePull ?? env.BUILDLAB_ALLOW_REMOTE_PULL,
      networkMode: options.networkMode,
      limits: { memoryBytes: env.BUILDLAB_BUILD_MEMORY_BYTES, cpus: env.BUILDLAB_BUILD_CPUS },
    };
  };

  return {
    name: "socket",
    label: "Host Docker socket",
    modes: SOCKET_MODES,

    async checkAvailability(): Promise<Availability> {
      let resolved;
      try {
        resolved = settings();
      } catch (error) {
        return {
          available: false,
          reason: `The Docker Engine settings are invalid: ${(error as Error).message}.`,
          fix: "Set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it to use /var/run/docker.sock.",
        };
      }
      const { dockerHost, address } = resolved;
      const docker = createDockerClient(dockerHost);

      try {
        await pingDaemon(docker, AbortSignal.timeout(PING_TIMEOUT_MS));
        return { available: true, versions: await readEngineVersions(docker) };
      } catch (error) {
        const { message } = describeEngineError(error);
        const target = address.kind === "unix" ? `the socket ${address.socketPath}` : address.url;
        return {
          available: false,
          reason: `The Docker Engine at ${target} did not respond (DOCKER_HOST=${dockerHost ?? "unset"}): ${message}.`,
          fix:
            /EACCES|permission denied/i.test(message)
              ? `Give the user running Buildlab access to ${address.kind === "unix" ? address.socketPath : address.url}, for example through the docker group.`
              : "Start Docker (dockerd, or `systemctl start docker`), or set DOCKER_HOST to the daemon's address, such as unix:///var/run/docker.sock or tcp://127.0.0.1:2375.",
        };
      }
    },

    build: (request) => buildOnSocket(request, settings()),

    async releaseComparison(comparisonId) {
      await removeComparisonImages(createDockerClient(settings().dockerHost), comparisonId);
    },

    removeLeftovers: (liveRunIds) => removeLeftoverContainers(createDockerClient(settings().dockerHost), liveRunIds),
  };
}

interface SocketSettings {
  dockerHost?: string;
  address: DockerHostAddress;
  registry: string;
  allowRemotePull: boolean;
  networkMode?: string;
  limits: { memoryBytes: number; cpus: number };
}

async function buildOnSocket(request: BuildRequest, settings: SocketSettings): Promise<BuildResult> {
  const builder = request.mode ?? SOCKET_MODES[0];
  if (!isSocketMode(builder)) {
    return {
      status: "failed",
      error: `unknown socket strategy mode "${builder}": use one of ${SOCKET_MODES.join(", ")}`,
      versions: {},
      workloads: [],
    };
  }

  const timer = createPhaseTimer(request.emit);
  const docker = createDockerClient(settings.dockerHost);
  const versions: Record<string, string> = { builder };
  const workloads: Workload[] = [];
  const build: SocketBuild = { request, settings, builder, timer, docker, versions, workloads };
  console.info(`[socket] run ${request.runId}: started (${builder}, ${request.scenario})`);

  let result: BuildResult | undefined;
  let fault: unknown;
  try {
    result = { ...(await runBuildPhases(build)), versions, workloads };
  } catch (error) {
    // An aborted ping or pull surfaces as an AbortError. Anything else is a fault outside the build.
    if (request.signal.aborted) result = { status: "cancelled", error: "the build was cancelled", versions, workloads };
    else fault = error;
  }

  let cleanupProblem: string | undefined;
  try {
    await timer.run("cleanup", async () => {
      if (build.outcome) await removeBuildIntermediates(docker, build.outcome, request.emit);
    });
  } catch (error) {
    cleanupProblem = `removing the build's intermediate containers and images failed: ${describeEngineError(error).message}`;
    request.emit({ type: "log", at: new Date(), stream: "system", text: cleanupProblem });
    console.warn(`[socket] run ${request.runId}: ${cleanupProblem}`);
  }

  if (!result) {
    console.error(`[socket] run ${request.runId}: failed outside the build`, fault);
    throw fault;
  }
  console.info(`[socket] run ${request.runId}: ${result.status}${result.error ? ` (${result.error.split("\n")[0]})` : ""}`);
  return cleanupProblem ? { ...result, notes: [...(result.notes ?? []), `cleanup: ${cleanupProblem}`] } : result;
}

interface SocketBuild {
  request: BuildRequest;
  settings: SocketSettings;
  builder: EngineBuilder;
  timer: PhaseTimer;
  docker: Docker;
  versions: Record<string, string>;
  workloads: Workload[];
  /** The engine build's outcome, once it ran, for the cleanup. */
  outcome?: EngineBuildOutcome;
}

/** Runs the phases from prepare to push. The caller runs cleanup. */
async function runBuildPhases(build: SocketBuild): Promise<Omit<BuildResult, "versions" | "workloads">> {
  const { request, settings, builder, timer, docker } = build;
  // A cold build starts from a freshly pulled base image and an empty build cache.
  const cold = request.scenario === "cold";
  if (request.signal.aborted) return { status: "cancelled", error: "the build was cancelled" };

  await timer.run("prepare", async () => {
    await pingDaemon(docker, request.signal);
    const [engineVersions, info] = await Promise.all([readEngineVersions(docker), docker.info()]);
    Object.assign(build.versions, engineVersions, { builder });
    build.workloads.push({
      kind: "host-daemon",
      info,
      socketPath: settings.address.kind === "unix" ? settings.address.socketPath : undefined,
    });
  });

  const base = await timer.run("base", () =>
    resolveBaseImages(
      docker,
      request.baseImages,
      { registry: settings.registry, allowRemotePull: settings.allowRemotePull, forcePull: cold, signal: request.signal },
      request.emit,
    ),
  );
  if (base.status === "failed") return { status: "failed", error: base.error };

  const outcome = await buildWithEngine(docker, request, timer, { builder, noCache: cold, networkMode: settings.networkMode, limits: settings.limits });
  build.outcome = outcome;
  if (outcome.status !== "succeeded") return { status: outcome.status, error: outcome.error, failedStep: outcome.failedStep };

  let digest: string | undefined;
  if (request.push) {
    try {
      ({ digest } = await timer.run("push", () => pushImage(docker, request.imageRef, request.signal, request.emit)));
    } catch (error) {
      if (request.signal.aborted) return { status: "cancelled", error: "the build was cancelled" };
      return { status: "failed", error: (error as Error).message, image: { ref: request.imageRef, id: outcome.imageId } };
    }
  }

  const facts: ImageFacts = { ...(await readImageFacts(docker, request.imageRef)), digest };
  return { status: "succeeded", image: facts };
}

function isSocketMode(mode: string): mode is EngineBuilder {
  return (SOCKET_MODES as readonly string[]).includes(mode);
}

// dockerode 5 passes the { abortSignal } of ping to the request, but @types/dockerode 4 does not declare it.
function pingDaemon(docker: Docker, signal: AbortSignal): Promise<unknown> {
  const ping = docker.ping.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  return ping({ abortSignal: signal });
}
