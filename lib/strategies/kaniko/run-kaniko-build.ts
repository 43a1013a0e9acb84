import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { classifyBaseImage } from "../engine/classify-base-image";
import { createPhaseTimer } from "../phase-timer";
import { LABEL_APP, LABEL_STRATEGY, type BuildRequest, type BuildResult, type ImageFacts, type Workload } from "../types";
import { buildExecutorArgs } from "./build-executor-args";
import { createKanikoLogParser, type KanikoLogSummary } from "./create-kaniko-log-parser";
import { fetchImageFacts } from "../../images/fetch-image-facts";
import { ExecutorFailure, type ExecutorEnd, type ExecutorSession, type KanikoRunner } from "./kaniko-runner";
import { cacheRepoForComparison, executorNameFor, KANIKO_ROLE_EXECUTOR, LABEL_KANIKO_ROLE, type KanikoSettings } from "./kaniko-settings";
import { measureContext } from "./measure-context";
import { parseLogLine } from "./parse-log-line";

// After the executor ends, its log stream normally ends within moments; this bounds the wait.
const LOG_DRAIN_TIMEOUT_MS = 30_000;
const MEBIBYTE = 1024 * 1024;

/**
 * Runs one build with the executor through `runner` and reports it like every strategy does:
 * `prepare` (pod or container creation and start, executor image fetch), `context`, `base`,
 * `build` with one step per instruction, `push` and `cleanup`. The pod or container is removed
 * whatever happened. A failed build (a missing image, a pod that cannot be scheduled, an
 * out-of-memory kill, a deadline) is a failed result. Only faults of Buildlab's own infrastructure
 * throw, and only after cleanup.
 */
export async function runKanikoBuild(request: BuildRequest, runner: KanikoRunner, settings: KanikoSettings): Promise<BuildResult> {
  const timer = createPhaseTimer(request.emit);
  const versions: Record<string, string> = { runner: runner.mode, executorImage: settings.executorImage };
  const workloads: Workload[] = [];
  const notes: string[] = [];
  const startedAt = Date.now();
  console.info(`[kaniko] run ${request.runId} (${runner.mode}) started`);

  // The context goes to the executor in one stream, so a context over the limit fails before
  // anything is created.
  const contextBytes = await measureContext(request.openContext);
  if (contextBytes > settings.contextMaxBytes) {
    return {
      status: "failed",
      error:
        `The context is ${formatMebibytes(contextBytes)}, more than the ${formatMebibytes(settings.contextMaxBytes)} the Kaniko strategy sends ` +
        "to the executor (BUILDLAB_KANIKO_CONTEXT_MAX_BYTES). Leave files out with a .dockerignore, or raise the limit.",
      versions,
      workloads,
    };
  }

  // The executor pulls every base image itself. Without this check a base image on a remote registry
  // would make it look the registry up, where the other strategies refuse at once.
  const remote = findRemoteBaseImages(request.baseImages, settings.registry);
  if (remote.length && !settings.allowRemotePull) {
    return {
      status: "failed",
      error:
        `Base image ${remote.join(", ")} is on a remote registry, and Buildlab does not pull from remote registries: ` +
        `push it to ${settings.registry} and name it there in FROM, or set BUILDLAB_ALLOW_REMOTE_PULL=true where registries are reachable.`,
      versions,
      workloads,
    };
  }

  const args = buildExecutorArgs({
    dockerfilePath: request.dockerfilePath,
    imageRef: request.imageRef,
    push: request.push,
    scenario: request.scenario,
    cacheRepo: cacheRepoForComparison(settings, request.comparisonId),
    insecureRegistries: settings.insecureRegistries,
    digestPath: runner.digestPath,
  });
  const labels = { [LABEL_APP]: "buildlab", [LABEL_STRATEGY]: "kaniko", ...request.labels, [LABEL_KANIKO_ROLE]: KANIKO_ROLE_EXECUTOR };
  const parser = createKanikoLogParser({ destinations: [request.imageRef], emit: request.emit });

  let session: ExecutorSession | undefined;
  let end: ExecutorEnd | undefined;
  let failure: string | undefined;
  let infrastructureError: unknown;

  try {
    await timer.run(
      "prepare",
      async () => {
        session = await runner.create({ name: executorNameFor(request.runId), args, labels });
        await session.waitUntilRunning(request.signal);
      },
      runner.mode === "kubernetes" ? `pod in namespace ${settings.namespace}` : "container on the Docker Engine",
    );
    const running = session!;
    Object.assign(versions, await running.readVersions());
    const where = runner.mode === "kubernetes" ? `pod ${settings.namespace}/${executorNameFor(request.runId)}` : `container ${executorNameFor(request.runId)}`;
    request.emit({ type: "log", at: new Date(), stream: "system", text: `The executor (${settings.executorImage}) runs in ${where}.` });

    const logDone = running.followLog((raw, stream) => {
      const line = parseLogLine(raw);
      request.emit({ type: "log", at: line.at ?? new Date(), stream, text: line.text });
      parser.push(line);
    });

    parser.startContext();
    const sent = running.sendContext(gzipped(request.openContext())).catch((error: Error) => {
      // The executor then reads a short or empty context and fails with its own message.
      notes.push(`Sending the context to the executor failed: ${error.message}`);
      console.warn(`[kaniko] run ${request.runId}: sending the context failed: ${error.message}`);
    });
    end = await untilAborted(running.waitForEnd(), request.signal, () => running.stop());
    await sent;
    await Promise.race([logDone, new Promise((resolve) => setTimeout(resolve, LOG_DRAIN_TIMEOUT_MS).unref())]);
  } catch (error) {
    if (request.signal.aborted) failure = "cancelled";
    else if (error instanceof ExecutorFailure) failure = error.message;
    else infrastructureError = error;
  }

  const endReason = request.signal.aborted ? "cancelled" : failure ? "failed to start" : describeEnd(end);
  const summary = parser.finish(new Date(), endReason);

  let digest: string | undefined;
  if (session) {
    try {
      workloads.push(await session.describeWorkload());
      if (end?.kind === "exited" && end.exitCode === 0) digest = (await session.readDigest()) ?? summary.pushedDigest;
    } catch (error) {
      notes.push(`Reading the executor's state failed: ${(error as Error).message}`);
    }

    const finished = session;
    await timer.run("cleanup", () => finished.remove()).catch((error: Error) => {
      notes.push(`Removing the executor's ${runner.mode === "kubernetes" ? "pod" : "container"} failed: ${error.message}`);
      console.error(`[kaniko] run ${request.runId}: cleanup failed`, error);
    });
  }

  if (infrastructureError) {
    console.error(`[kaniko] run ${request.runId} failed outside the build`, infrastructureError);
    throw infrastructureError;
  }

  const result = await assembleResult({ request, settings, end, failure, summary, digest, versions, workloads, notes });
  console.info(`[kaniko] run ${request.runId} (${runner.mode}) ended: ${result.status} after ${Date.now() - startedAt} ms`);
  return result;
}

interface ResultParts {
  request: BuildRequest;
  settings: KanikoSettings;
  end?: ExecutorEnd;
  failure?: string;
  summary: KanikoLogSummary;
  digest?: string;
  versions: Record<string, string>;
  workloads: Workload[];
  notes: string[];
}

async function assembleResult(parts: ResultParts): Promise<BuildResult> {
  const { request, summary, versions, workloads, notes } = parts;
  const base = { versions, workloads, ...(notes.length ? { notes } : {}) };

  if (request.signal.aborted) {
    const during = summary.failedStep ? ` during step "${summary.failedStep}"` : "";
    return { ...base, status: "cancelled", error: `The build was cancelled${during}.`, ...(summary.failedStep ? { failedStep: summary.failedStep } : {}) };
  }
  if (parts.failure) return { ...base, status: "failed", error: parts.failure };
  if (!parts.end) return { ...base, status: "failed", error: "The executor ended without a status." };

  if (parts.end.kind !== "exited" || parts.end.exitCode !== 0) {
    return {
      ...base,
      status: "failed",
      error: describeFailure(parts.end, summary, parts.settings, request.imageRef),
      ...(summary.failedStep ? { failedStep: summary.failedStep } : {}),
    };
  }

  const image: ImageFacts = { ref: request.imageRef, ...(parts.digest ? { digest: parts.digest } : {}) };
  if (request.push) {
    try {
      const facts = await fetchImageFacts(request.imageRef, parts.settings.insecureRegistries);
      if (parts.digest && parts.digest !== facts.digest) {
        notes.push(`The executor reported digest ${parts.digest}, but the registry serves ${facts.digest} for ${request.imageRef}.`);
      }
      image.digest ??= facts.digest;
      image.id = facts.configDigest;
      image.sizeBytes = facts.sizeBytes;
      image.layerCount = facts.layerCount;
    } catch (error) {
      notes.push(`Reading the pushed image's manifest failed: ${(error as Error).message}`);
    }
  }
  return { ...base, ...(notes.length ? { notes } : {}), status: "succeeded", image };
}

function describeEnd(end: ExecutorEnd | undefined): string | undefined {
  if (!end) return "ended without a status";
  if (end.kind === "deadline-exceeded") return `deadline of ${end.seconds} s exceeded`;
  if (end.kind === "oom-killed") return "out of memory (OOMKilled)";
  return end.exitCode === 0 ? undefined : `exit code ${end.exitCode}`;
}

/** Puts a failed build in words a user can act on, with the failing step and the executor's last lines. */
export function describeFailure(end: ExecutorEnd, summary: KanikoLogSummary, settings: KanikoSettings, imageRef: string): string {
  const step = summary.failedStep;
  const during = step ? ` during step "${step}"` : "";
  const printed = summary.errorMessage?.replace(/\.$/, "");
  let message: string;

  if (end.kind === "deadline-exceeded") {
    message = `The build exceeded its deadline of ${end.seconds} s and was stopped (DeadlineExceeded)${during}. Raise BUILDLAB_KANIKO_DEADLINE_SECONDS if the build needs longer.`;
  } else if (end.kind === "oom-killed") {
    message = `The executor ran out of memory at its limit of ${formatMebibytes(settings.memoryBytes)} and was killed (OOMKilled)${during}. Raise BUILDLAB_KANIKO_MEMORY_BYTES.`;
  } else if (step) {
    message = `Step "${step}" failed: ${printed ?? `the executor exited with code ${end.exitCode}`}.`;
  } else if (summary.failedIn === "base") {
    message = `The base image could not be fetched: ${printed ?? `the executor exited with code ${end.exitCode}`}. Check that the FROM image is in a registry the executor reaches.`;
  } else if (summary.failedIn === "push") {
    message = `Pushing the image to ${imageRef} failed: ${printed ?? `the executor exited with code ${end.exitCode}`}.`;
  } else if (summary.failedIn === "context" || summary.failedIn === "waiting") {
    message = `The executor could not read the context: ${printed ?? `it exited with code ${end.exitCode}`}.`;
  } else {
    message = `The executor exited with code ${end.exitCode}${printed ? `: ${printed}` : ""}.`;
  }

  if (summary.lastLines.length === 0) return message;
  return `${message}\n\nLast lines of the executor's output:\n${summary.lastLines.join("\n")}`;
}

function gzipped(source: Readable): Readable {
  const gzip = createGzip();
  pipeline(source, gzip).catch((error: Error) => gzip.destroy(error));
  return gzip;
}

/** Waits for `work`, but on abort calls `stop` and rejects, so a cancelled run ends at once. */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal, stop: () => Promise<void>): Promise<T> {
  // After an abort, `work` is left to fail on the removed pod or container, unobserved.
  work.catch(() => undefined);
  if (signal.aborted) {
    await stop();
    signal.throwIfAborted();
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      void stop().finally(() => reject(signal.reason));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}

function findRemoteBaseImages(baseImages: string[], registry: string): string[] {
  return baseImages.filter((ref) => {
    try {
      return classifyBaseImage(ref, registry).source === "remote";
    } catch {
      // An invalid reference fails in the executor with its own message.
      return false;
    }
  });
}

function formatMebibytes(bytes: number): string {
  return `${(bytes / MEBIBYTE).toFixed(1)} MiB`;
}
