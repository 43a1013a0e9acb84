import type Docker from "dockerode";
import { toError } from "../../errors";
import { buildWithEngine } from "../engine/build-with-engine";
import { pushImage } from "../engine/push-image";
import { readEngineVersions } from "../engine/read-engine-versions";
import { readImageFacts } from "../engine/read-image-facts";
import { resolveBaseImages } from "../engine/resolve-base-images";
import { createPhaseTimer, type PhaseTimer } from "../phase-timer";
import type { BuildRequest, BuildResult, ImageFacts, PhaseName, Workload } from "../types";
import { createSocketDir } from "./create-socket-dir";
import { nameDindResources, type DindCacheMode } from "./dind-labels";
import { findLoopbackRegistry } from "./find-loopback-registry";
import { forwardLoopbackRegistry } from "./forward-loopback-registry";
import type { RegistryForwarder } from "./open-registry-forwarder";
import { pingWithSignal } from "./ping-with-signal";
import { isLocalEngine } from "./is-local-engine";
import { prepareDaemonVolume } from "./prepare-daemon-volume";
import type { DindSettings } from "./read-dind-settings";
import { formatLogTail, readDaemonLogTail } from "./read-daemon-log-tail";
import { removeRunResources } from "./remove-run-resources";
import { startInnerDaemon, type InnerDaemon } from "./start-inner-daemon";
import { watchDaemonExit, type DaemonExitWatch } from "./watch-daemon-exit";

const DIND_MODES: readonly DindCacheMode[] = ["cold", "warm"];
// Seconds a warm inner daemon gets to shut down cleanly, so its volume is consistent for the next run.
const WARM_STOP_TIMEOUT_SECONDS = 15;

/**
 * Runs one build in a fresh inner daemon. The prepare phase starts the daemon and, when the
 * registry is on the host's loopback, forwards that registry into the daemon container. The base
 * phase pulls the base images into the inner daemon, context and build send the context and build,
 * and push pushes. Cleanup always runs. It closes the registry forward and removes the daemon
 * container, its cold volume and its socket folder.
 */
export async function runDindBuild(request: BuildRequest, settings: DindSettings, outer: Docker): Promise<BuildResult> {
  const mode = (request.mode ?? DIND_MODES[0]) as DindCacheMode;
  if (!DIND_MODES.includes(mode)) {
    return {
      status: "failed",
      error: `Unknown Docker-in-Docker mode "${request.mode}"; choose one of: ${DIND_MODES.join(", ")}.`,
      versions: {},
      workloads: [],
    };
  }

  const log = (text: string) => request.emit({ type: "log", at: new Date(), stream: "system", text });
  const tracked = trackPhases(createPhaseTimer(request.emit));
  const { containerName, volumeName } = nameDindResources(request.runId, request.comparisonId, mode);
  const versions: Record<string, string> = { builder: "buildkit", daemonImage: settings.image };
  const notes: string[] = [];
  const workloads: Workload[] = [];
  let socketDir: string | undefined;
  let daemon: InnerDaemon | undefined;
  let registryForwarder: RegistryForwarder | undefined;
  let exitWatch: DaemonExitWatch | undefined;
  let result: BuildResult;

  console.info(`[dind] run ${request.runId}: starting (${mode} volume ${volumeName})`);
  try {
    const started = await tracked.timer.run(
      "prepare",
      async () => {
        const loopbackRegistry = findLoopbackRegistry(settings.registry);
        if (settings.transport.kind === "socket" || loopbackRegistry) socketDir = await createSocketDir(request.runId);
        const volume = await prepareDaemonVolume(outer, { volumeName, mode, labels: request.labels, empty: request.scenario === "cold" });
        if (volume.reused) log(`Reusing the warm volume ${volumeName} for /var/lib/docker`);
        request.signal.throwIfAborted();

        daemon = await startInnerDaemon({
          outer,
          settings,
          containerName,
          labels: request.labels,
          volumeName,
          socketDir,
          signal: request.signal,
          log,
          notes,
        });

        if (loopbackRegistry && socketDir) {
          registryForwarder = await forwardLoopbackRegistry({
            container: daemon.container,
            image: settings.image,
            registry: loopbackRegistry,
            socketDir,
            signal: request.signal,
            log,
          });
        }
        return daemon;
      },
      `${mode} volume ${volumeName}`,
    );
    workloads.push(describeDaemonWorkload(started.inspect, notes));
    versions.daemonImage = `${settings.image}@${started.imageId}`;

    exitWatch = watchDaemonExit(started.container);
    const signal = AbortSignal.any([request.signal, exitWatch.signal]);
    Object.assign(versions, prefixKeys("outer", await readEngineVersions(outer)), await readEngineVersions(started.client));

    result = await buildInInnerDaemon(started.client, { ...request, signal }, tracked.timer, settings, versions);
  } catch (error) {
    result = { status: "failed", error: toError(error).message, versions, workloads, notes };
  } finally {
    exitWatch?.stop();
  }

  // A daemon container that started but never responded, or whose registry forward failed, is
  // still what the run used.
  if (workloads.length === 0) {
    const inspect = await outer.getContainer(containerName).inspect().catch(() => undefined);
    if (inspect) workloads.push(describeDaemonWorkload(inspect, notes));
  }

  result = await explainInterruption(result, {
    request,
    phase: tracked.current(),
    exitCode: exitWatch?.exitCode(),
    daemon,
  });

  const problems = await tracked.timer.run("cleanup", async () => {
    const forwarder = registryForwarder;
    if (forwarder) {
      await forwarder.close();
      const { count, first } = forwarder.errors();
      if (count > 0) {
        const message = `The registry forward had ${count} connection error(s). The first: ${first}`;
        log(message);
        console.warn(`[dind] run ${request.runId}: ${message}`);
      }
    }
    return removeRunResources(outer, {
      runId: request.runId,
      stopTimeoutSeconds: mode === "warm" ? WARM_STOP_TIMEOUT_SECONDS : 0,
      socketDir,
      hostCgroup: isLocalEngine(settings.dockerHost) ? containerName : undefined,
    });
  });
  for (const problem of problems) {
    log(problem);
    console.warn(`[dind] run ${request.runId}: ${problem}`);
  }
  if (problems.length) notes.push(...problems.map((problem) => `cleanup: ${problem}`));

  console.info(`[dind] run ${request.runId}: ${result.status}${result.error ? ` (${result.error.split("\n")[0]})` : ""}`);
  return { ...result, versions, workloads, notes: notes.length ? notes : undefined };
}

async function buildInInnerDaemon(
  inner: Docker,
  request: BuildRequest,
  timer: PhaseTimer,
  settings: DindSettings,
  versions: Record<string, string>,
): Promise<BuildResult> {
  // The inner daemon of a cold run starts empty, so every base image is pulled. A warm run finds
  // the ones that the earlier runs of its comparison pulled.
  const base = await timer.run("base", () =>
    resolveBaseImages(
      inner,
      request.baseImages,
      { registry: settings.registry, allowRemotePull: settings.allowRemotePull, forcePull: false, signal: request.signal },
      request.emit,
    ),
  );
  if (base.status === "failed") return { status: "failed", error: base.error, versions, workloads: [] };

  // Build steps use the inner daemon's default network, its own bridge inside the daemon container.
  const outcome = await buildWithEngine(inner, request, timer, { builder: "buildkit", noCache: false });
  if (outcome.status !== "succeeded") {
    return { status: outcome.status, error: outcome.error, failedStep: outcome.failedStep, versions, workloads: [] };
  }

  let digest: string | undefined;
  if (request.push) {
    digest = (await timer.run("push", () => pushImage(inner, request.imageRef, request.signal, request.emit))).digest;
  }

  const facts = await readImageFacts(inner, request.imageRef);
  const image: ImageFacts = { ...facts, ref: request.imageRef, id: facts.id ?? outcome.imageId, digest: digest ?? facts.digest };
  return { status: "succeeded", image, versions, workloads: [] };
}

/**
 * Replaces the error of a run that was cancelled or whose inner daemon stopped with that cause,
 * because the build error it led to is only a symptom.
 */
async function explainInterruption(
  result: BuildResult,
  context: { request: BuildRequest; phase?: PhaseName; exitCode?: number; daemon?: InnerDaemon },
): Promise<BuildResult> {
  if (result.status === "succeeded") return result;
  const during = context.phase ? ` during the ${context.phase} phase` : "";

  if (context.request.signal.aborted) {
    return { ...result, status: "cancelled", error: `The run was cancelled${during}.`, failedStep: undefined };
  }
  if (!context.daemon) return result;

  const exitCode = context.exitCode ?? (await readExitCodeIfStopped(context.daemon));
  if (exitCode === undefined) return result;
  const logs = await readDaemonLogTail(context.daemon.container);
  return {
    ...result,
    status: "failed",
    error: `The inner Docker daemon stopped with exit code ${exitCode}${during}. ${formatLogTail(logs)}`,
  };
}

// Milliseconds to wait for the exit of a daemon that no longer responds. The closed socket can reach
// Buildlab before the outer engine has recorded the exit.
const EXIT_WAIT_MS = 5_000;
const PING_TIMEOUT_MS = 2_000;

/** Returns the daemon container's exit code when the inner daemon stopped, undefined while it responds. */
async function readExitCodeIfStopped(daemon: InnerDaemon): Promise<number | undefined> {
  try {
    await pingWithSignal(daemon.client, AbortSignal.timeout(PING_TIMEOUT_MS));
    return undefined;
  } catch {
    // Not responding: the container is stopping or has stopped.
  }

  try {
    const outcome = (await daemon.container.wait({ abortSignal: AbortSignal.timeout(EXIT_WAIT_MS) })) as { StatusCode: number };
    return outcome.StatusCode;
  } catch {
    const state = await daemon.container.inspect().then((inspect) => inspect.State, () => undefined);
    return state && !state.Running ? state.ExitCode : undefined;
  }
}

function describeDaemonWorkload(inspect: Docker.ContainerInspectInfo, notes: string[]): Workload {
  const fallback = notes.find((note) => note.startsWith("privileged-fallback:"));
  return { kind: "docker-container", role: "daemon", inspect, note: fallback };
}

/** Wraps a phase timer so that the phase under way is known when something fails. */
function trackPhases(timer: PhaseTimer): { timer: PhaseTimer; current: () => PhaseName | undefined } {
  let current: PhaseName | undefined;
  return {
    timer: {
      run(phase, work, detail) {
        current = phase;
        return timer.run(phase, work, detail);
      },
    },
    current: () => current,
  };
}

function prefixKeys(prefix: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [`${prefix}${key[0]?.toUpperCase() ?? ""}${key.slice(1)}`, value]),
  );
}
