import os from "node:os";
import path from "node:path";
import { makeWarmChange, openContext, parseDockerfile, type StoredContext } from "../context";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { toError } from "../errors";
import { getStrategy } from "../strategies/get-strategy";
import {
  LABEL_APP,
  LABEL_COMPARISON,
  LABEL_RUN,
  LABEL_STRATEGY,
  type BuildResult,
  type ImageFacts,
  type StrategyName,
} from "../strategies/types";
import { fetchImageFacts } from "../images/fetch-image-facts";
import { createRunRecorder } from "./create-run-recorder";
import { storeImageEquivalence } from "./store-image-equivalence";
import { storePosture } from "./store-posture";

const BUILDLAB_VERSION = process.env.npm_package_version ?? "0.1.0";

/** Path of a stored context tar, which storeContext names after its digest. */
export function contextPathFor(dataDir: string, digest: string): string {
  return path.resolve(dataDir, "contexts", `${digest.replace(/^sha256:/, "")}.tar`);
}

/** Reference a run's image is tagged and pushed as. */
export function imageRefFor(registry: string, comparisonId: string, runId: string): string {
  return `${registry}/buildlab/${comparisonId}:${runId}`;
}

/**
 * Runs every queued run of a comparison, one after another in plan order, and stores what happens.
 * A failed build is stored as a failed run and the plan goes on. An aborted `signal` cancels the
 * running build and every run not yet started.
 */
export async function runComparison(comparisonId: string, signal: AbortSignal): Promise<void> {
  const db = getDb();
  const env = getEnv();
  const comparison = await db.comparison.findUniqueOrThrow({
    where: { id: comparisonId },
    include: { runs: { orderBy: { sequence: "asc" } } },
  });

  await db.comparison.update({
    where: { id: comparisonId },
    data: { status: "running", startedAt: new Date(), environment: describeHost() },
  });
  console.info(`[runner] comparison ${comparisonId} started with ${comparison.runs.length} runs`);

  const parsed = parseDockerfile(comparison.dockerfile);
  const original: StoredContext = {
    path: contextPathFor(env.BUILDLAB_DATA_DIR, comparison.contextDigest),
    digest: comparison.contextDigest,
    bytes: Number(comparison.contextBytes),
    files: comparison.contextFiles,
    dockerfilePath: comparison.dockerfilePath,
    dockerfile: comparison.dockerfile,
    parsed,
  };
  const contexts = createScenarioContexts(original, env.BUILDLAB_DATA_DIR, comparisonId);
  const usedStrategies = new Set<StrategyName>();
  const engineVersions: Record<string, Record<string, string>> = {};

  async function runOne(run: (typeof comparison.runs)[number]): Promise<void> {
    if (signal.aborted) {
      await db.run.update({ where: { id: run.id }, data: { status: "cancelled", finishedAt: new Date(), error: "Cancelled before it started." } });
      return;
    }

    const strategyName = run.strategy as StrategyName;
    usedStrategies.add(strategyName);

    let scenarioContext: { context: StoredContext; change?: string };
    try {
      scenarioContext = await contexts.contextFor(`${run.strategy}|${run.mode ?? ""}`, run.scenario, run.iteration);
    } catch (error) {
      const message = `The ${run.scenario} scenario could not be prepared: ${toError(error).message}`;
      await db.run.update({ where: { id: run.id }, data: { status: "failed", startedAt: new Date(), finishedAt: new Date(), error: message } });
      console.warn(`[runner] run ${run.id}: ${message}`);
      return;
    }
    if (scenarioContext.change) await db.run.update({ where: { id: run.id }, data: { change: scenarioContext.change } });

    const result = await executeRun({
      runId: run.id,
      comparisonId,
      strategyName,
      mode: run.mode ?? undefined,
      scenario: run.scenario,
      dockerfilePath: comparison.dockerfilePath,
      baseImages: parsed.baseImages,
      contextPath: scenarioContext.context.path,
      signal,
    });
    engineVersions[strategyName] ??= result.versions;
  }

  // "sequential" runs one build at a time. "parallel" runs each round (one iteration of one
  // scenario, every strategy once) side by side, so builds compete for the machine, and the result
  // page warns about it.
  const queued = comparison.runs.filter((run) => run.status === "queued");
  if (comparison.schedule === "parallel") {
    for (const round of groupIntoRounds(queued)) await Promise.all(round.map(runOne));
  } else {
    for (const run of queued) await runOne(run);
  }

  if (!signal.aborted) await storeImageEquivalence(comparisonId);

  for (const name of usedStrategies) {
    try {
      await (await getStrategy(name)).releaseComparison?.(comparisonId);
    } catch (error) {
      console.warn(`[runner] releasing ${name} resources of comparison ${comparisonId} failed`, error);
    }
  }

  const runs = await db.run.findMany({ where: { comparisonId }, select: { status: true } });
  const status = signal.aborted ? "cancelled" : runs.every((run) => run.status === "succeeded") ? "succeeded" : "failed";
  await db.comparison.update({
    where: { id: comparisonId },
    data: {
      status,
      finishedAt: new Date(),
      environment: { ...describeHost(), versions: engineVersions },
    },
  });
  console.info(`[runner] comparison ${comparisonId} ended: ${status}`);
}

interface RunInput {
  runId: string;
  comparisonId: string;
  strategyName: StrategyName;
  mode?: string;
  scenario: string;
  dockerfilePath: string;
  baseImages: string[];
  contextPath: string;
  signal: AbortSignal;
}

async function executeRun(input: RunInput): Promise<BuildResult> {
  const db = getDb();
  const env = getEnv();
  const recorder = createRunRecorder(input.runId, env.BUILDLAB_LOG_MAX_BYTES);
  const timeout = AbortSignal.timeout(env.BUILDLAB_BUILD_TIMEOUT_SECONDS * 1000);
  const signal = AbortSignal.any([input.signal, timeout]);

  await db.run.update({ where: { id: input.runId }, data: { status: "running", startedAt: new Date() } });
  console.info(`[runner] run ${input.runId} (${input.strategyName} ${input.mode ?? ""}) started`);

  let result: BuildResult;
  try {
    const strategy = await getStrategy(input.strategyName);
    const availability = await strategy.checkAvailability(input.mode);
    if (!availability.available) {
      result = { status: "failed", error: `${strategy.label} is not available: ${availability.reason} ${availability.fix}`, versions: {}, workloads: [] };
    } else {
      result = await strategy.build({
        runId: input.runId,
        comparisonId: input.comparisonId,
        openContext: () => openContext({ path: input.contextPath }),
        dockerfilePath: input.dockerfilePath,
        baseImages: input.baseImages,
        imageRef: imageRefFor(env.BUILDLAB_REGISTRY, input.comparisonId, input.runId),
        push: env.BUILDLAB_PUSH,
        mode: input.mode,
        scenario: input.scenario,
        labels: {
          [LABEL_APP]: "buildlab",
          [LABEL_RUN]: input.runId,
          [LABEL_COMPARISON]: input.comparisonId,
          [LABEL_STRATEGY]: input.strategyName,
        },
        signal,
        emit: recorder.record,
      });
    }
  } catch (error) {
    const message = toError(error).message;
    console.error(`[runner] run ${input.runId} failed outside the build`, error);
    result = { status: "failed", error: `Buildlab could not run this build: ${message}`, versions: {}, workloads: [] };
  }

  if (timeout.aborted && result.status === "cancelled") {
    result = { ...result, status: "failed", error: `The build took longer than BUILDLAB_BUILD_TIMEOUT_SECONDS (${env.BUILDLAB_BUILD_TIMEOUT_SECONDS} s) and was stopped.` };
  }

  if (result.image?.digest) result = { ...result, image: await withRegistrySize(result.image) };

  try {
    await recorder.flush();
  } catch (error) {
    console.error(`[runner] some events of run ${input.runId} were not stored`, error);
  }

  await db.run.update({
    where: { id: input.runId },
    data: {
      status: result.status,
      finishedAt: new Date(),
      error: result.error ?? null,
      failedStep: result.failedStep ?? null,
      imageRef: result.image?.ref ?? null,
      imageId: result.image?.id ?? null,
      imageDigest: result.image?.digest ?? null,
      imageSize: result.image?.sizeBytes === undefined ? null : BigInt(result.image.sizeBytes),
      layerCount: result.image?.layerCount ?? null,
      versions: result.versions,
      workload: { workloads: result.workloads, notes: result.notes ?? [] } as object,
    },
  });
  await storePosture(input.runId, result);
  console.info(`[runner] run ${input.runId} ended: ${result.status}${result.error ? ` (${result.error.split("\n")[0]})` : ""}`);
  return result;
}

/** Splits plan-ordered runs into rounds: consecutive runs of one iteration and scenario. */
function groupIntoRounds<Run extends { iteration: number; scenario: string }>(runs: Run[]): Run[][] {
  const rounds: Run[][] = [];
  for (const run of runs) {
    const last = rounds.at(-1);
    if (last && last[0].iteration === run.iteration && last[0].scenario === run.scenario) last.push(run);
    else rounds.push([run]);
  }
  return rounds;
}

/**
 * Replaces a pushed image's size and layer count with what the registry's manifest gives: the sum
 * of the compressed layers. Engines report the unpacked size and Kaniko only has the manifest, so
 * only the registry's figure compares alike across strategies. Keeps the strategy's figures when
 * the manifest cannot be read.
 */
async function withRegistrySize(image: ImageFacts): Promise<ImageFacts> {
  try {
    // parseImageRef reaches a registry on loopback over plain HTTP and any other over HTTPS.
    const facts = await fetchImageFacts(image.ref);
    return { ...image, sizeBytes: facts.sizeBytes, layerCount: facts.layerCount };
  } catch (error) {
    console.warn(`[runner] reading the manifest of ${image.ref} failed; keeping the size the strategy reported`, error);
    return image;
  }
}

/**
 * Picks the context each run builds. "cold" builds the submitted context. "warm-same" rebuilds
 * exactly what the same strategy built last, and "warm-change" builds that with one file changed
 * that only the last layers use. Every strategy gets the same changed bytes in one iteration.
 */
function createScenarioContexts(original: StoredContext, dataDir: string, comparisonId: string) {
  const lastBuilt = new Map<string, StoredContext>();
  const changes = new Map<string, Promise<{ context: StoredContext; change: string }>>();

  async function contextFor(strategyKey: string, scenario: string, iteration: number): Promise<{ context: StoredContext; change?: string }> {
    const previous = lastBuilt.get(strategyKey) ?? original;
    let chosen: { context: StoredContext; change?: string };

    if (scenario === "warm-change") {
      const key = `${previous.digest}|${iteration}`;
      if (!changes.has(key)) {
        changes.set(key, makeWarmChange(previous, { dataDir, iteration, token: comparisonId }).then((result) => ({ context: result.context, change: result.change.description })));
      }
      chosen = await changes.get(key)!;
    } else if (scenario === "warm-same") {
      chosen = { context: previous };
    } else {
      chosen = { context: original };
    }

    lastBuilt.set(strategyKey, chosen.context);
    return chosen;
  }

  return { contextFor };
}

function describeHost() {
  return {
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    buildlab: BUILDLAB_VERSION,
  };
}
