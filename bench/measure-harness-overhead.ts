import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { getSampleDirectory, openContext, storeContext, type StoredContext } from "@/lib/context";
import { getEnv } from "@/lib/env";
import { summarize } from "@/lib/stats/summarize";
import { createDockerClient } from "@/lib/strategies/engine/create-docker-client";
import type { EngineBuilder } from "@/lib/strategies/engine/follow-build-stream";
import { socketStrategy } from "@/lib/strategies/socket/socket-strategy";
import { LABEL_APP, LABEL_COMPARISON, LABEL_RUN, LABEL_STRATEGY, PHASE_NAMES, type PhaseName, type RunEvent } from "@/lib/strategies/types";
import { buildWithDockerCli } from "./build-with-docker-cli";
import { buildWithPlainEngine } from "./build-with-plain-engine";
import { formatMs, formatRatio, formatTable, SUMMARY_HEADERS, summaryCells } from "./format-table";
import type { SectionResult, TargetCheck } from "./section-result";

export interface HarnessOverheadOptions {
  /** Measured rounds; one more warm-up round runs first and is not counted. */
  rounds: number;
  /** The small sample first; the targets on added milliseconds apply to it. */
  samples: [small: string, large: string];
  includeCli: boolean;
  /** Folder for the stored contexts. */
  dataDir: string;
  log: (line: string) => void;
}

type Side = "buildlab" | "engine" | "cli";

const SIDE_LABELS: Record<Side, string> = {
  buildlab: "Buildlab (socketStrategy.build)",
  engine: "Engine API (dockerode buildImage)",
  cli: "docker build (Debian 20.10 CLI)",
};
const BUILDERS: EngineBuilder[] = ["buildkit", "classic"];
const MAX_RATIO = 1.03;
const MAX_ADDED_MS_SMALL = 100;

interface Variant {
  sample: string;
  folder: string;
  stored: StoredContext;
  builder: EngineBuilder;
  durations: Record<Side, number[]>;
  phases: Record<PhaseName | "outside phases", number[]>;
  /** Time of checkAvailability, which the runner calls before each build, outside the timed span. */
  availability: number[];
}

/**
 * Builds each sample with each builder through Buildlab's socket strategy, through one plain Engine
 * API call and, optionally, through Debian's Docker CLI, interleaved round by round with the side
 * order rotated, every build without cache. Returns the durations, the paired ratios and the
 * socket strategy's phases. Every image built is removed after its build.
 */
export async function measureHarnessOverhead(options: HarnessOverheadOptions): Promise<SectionResult> {
  const env = getEnv();
  const docker = createDockerClient();
  const limits = { memoryBytes: env.BUILDLAB_BUILD_MEMORY_BYTES, cpus: env.BUILDLAB_BUILD_CPUS };
  const comparisonId = `bench-${randomBytes(4).toString("hex")}`;
  const sides: Side[] = options.includeCli ? ["buildlab", "engine", "cli"] : ["buildlab", "engine"];

  const variants: Variant[] = [];
  for (const sample of options.samples) {
    const folder = getSampleDirectory(sample);
    const stored = await storeContext({ kind: "directory", path: folder }, { dataDir: options.dataDir, maxBytes: env.BUILDLAB_CONTEXT_MAX_BYTES, maxFiles: env.BUILDLAB_CONTEXT_MAX_FILES });
    for (const image of stored.parsed.baseImages) await docker.getImage(image).inspect().catch(() => {
      throw new Error(`base image ${image} of sample ${sample} is not in the Docker Engine: run scripts/lab.sh first`);
    });
    for (const builder of BUILDERS) {
      variants.push({ sample, folder, stored, builder, durations: { buildlab: [], engine: [], cli: [] }, phases: emptyPhases(), availability: [] });
    }
  }

  try {
    for (let round = 0; round <= options.rounds; round += 1) {
      const warmUp = round === 0;
      for (const variant of variants) {
        // Rotating the order each round spreads any drift of the machine over every side.
        const order = sides.map((_, index) => sides[(index + round) % sides.length]);
        for (const side of order) {
          const imageRef = `localhost:5000/buildlab/${comparisonId}:r${round}-${variant.sample}-${variant.builder}-${side}`;
          if (side === "buildlab" && !warmUp) variant.availability.push(await timeAvailability(variant.builder));
          const started = performance.now();
          const phases = await buildOnce(side, variant, imageRef, comparisonId, limits);
          const elapsed = performance.now() - started;
          await docker.getImage(imageRef).remove().catch((error: Error) => options.log(`[overhead] removing ${imageRef} failed: ${error.message}`));
          if (warmUp) continue;

          variant.durations[side].push(elapsed);
          if (phases) {
            let inPhases = 0;
            for (const [name, ms] of phases) {
              variant.phases[name].push(ms);
              inPhases += ms;
            }
            variant.phases["outside phases"].push(elapsed - inPhases);
          }
        }
        if (!warmUp) {
          const last = (side: Side) => variant.durations[side].at(-1)!;
          options.log(`[overhead] round ${round}/${options.rounds} ${variant.sample} ${variant.builder}: ${sides.map((side) => `${side} ${formatMs(last(side))}`).join(", ")}`);
        }
      }
    }
  } finally {
    await socketStrategy.releaseComparison?.(comparisonId);
  }

  return describeResults(variants, sides, options);
}

async function buildOnce(
  side: Side,
  variant: Variant,
  imageRef: string,
  comparisonId: string,
  limits: { memoryBytes: number; cpus: number },
): Promise<Map<PhaseName, number> | undefined> {
  const { stored, builder } = variant;
  if (side === "engine") {
    await buildWithPlainEngine(createDockerClient(), { contextTar: stored.path, dockerfilePath: stored.dockerfilePath, imageRef, builder, limits });
    return undefined;
  }
  if (side === "cli") {
    await buildWithDockerCli({ folder: variant.folder, dockerfilePath: stored.dockerfilePath, imageRef, builder, limits });
    return undefined;
  }

  const events: RunEvent[] = [];
  const runId = imageRef.slice(imageRef.lastIndexOf(":") + 1);
  const result = await socketStrategy.build({
    runId,
    comparisonId,
    openContext: () => openContext(stored),
    dockerfilePath: stored.dockerfilePath,
    baseImages: stored.parsed.baseImages,
    imageRef,
    push: false,
    mode: builder,
    scenario: "cold",
    labels: { [LABEL_APP]: "buildlab", [LABEL_RUN]: runId, [LABEL_COMPARISON]: comparisonId, [LABEL_STRATEGY]: "socket" },
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
  });
  if (result.status !== "succeeded") throw new Error(`the socket strategy's build of ${imageRef} ${result.status}: ${result.error}`);
  return phaseDurations(events);
}

async function timeAvailability(builder: EngineBuilder): Promise<number> {
  const started = performance.now();
  const availability = await socketStrategy.checkAvailability(builder);
  if (!availability.available) throw new Error(`the socket strategy is not available: ${availability.reason} ${availability.fix}`);
  return performance.now() - started;
}

function phaseDurations(events: RunEvent[]): Map<PhaseName, number> {
  const starts = new Map<PhaseName, number>();
  const durations = new Map<PhaseName, number>();
  for (const event of events) {
    if (event.type === "phase-start") starts.set(event.phase, event.at.getTime());
    if (event.type === "phase-end") durations.set(event.phase, event.at.getTime() - (starts.get(event.phase) ?? event.at.getTime()));
  }
  return durations;
}

function emptyPhases(): Variant["phases"] {
  return Object.fromEntries([...PHASE_NAMES, "outside phases"].map((name) => [name, [] as number[]])) as Variant["phases"];
}

function pairwise(left: number[], right: number[], combine: (a: number, b: number) => number): number[] {
  return left.map((value, index) => combine(value, right[index]));
}

function describeResults(variants: Variant[], sides: Side[], options: HarnessOverheadOptions): SectionResult {
  const durationRows: string[][] = [];
  const pairRows: string[][] = [];
  const phaseRows: string[][] = [];
  const targets: TargetCheck[] = [];
  const misses: Variant[] = [];

  for (const variant of variants) {
    const label = `${variant.sample}, ${variant.builder}`;
    for (const side of sides) durationRows.push([label, SIDE_LABELS[side], ...summaryCells(summarize(variant.durations[side]))]);

    const ratios = summarize(pairwise(variant.durations.buildlab, variant.durations.engine, (a, b) => a / b));
    const added = summarize(pairwise(variant.durations.buildlab, variant.durations.engine, (a, b) => a - b));
    const cliRatio = sides.includes("cli") ? formatRatio(summarize(pairwise(variant.durations.cli, variant.durations.engine, (a, b) => a / b)).median) : "-";
    pairRows.push([label, ...summaryCells(ratios, formatRatio), formatMs(added.median), `${formatMs(added.q1)} to ${formatMs(added.q3)}`, cliRatio]);

    const small = variant.sample === options.samples[0];
    const ratioMet = ratios.median <= MAX_RATIO;
    targets.push({ target: `${label}: median ratio Buildlab / Engine API ≤ ${MAX_RATIO}`, measured: formatRatio(ratios.median), met: ratioMet });
    const addedMet = !small || added.median <= MAX_ADDED_MS_SMALL;
    if (small) targets.push({ target: `${label}: median time added ≤ ${MAX_ADDED_MS_SMALL} ms`, measured: formatMs(added.median), met: addedMet });
    if (!ratioMet || !addedMet) misses.push(variant);

    const phaseCells = [...PHASE_NAMES, "outside phases" as const].map((name) => {
      const values = variant.phases[name];
      return values.length ? formatMs(summarize(values).median) : "-";
    });
    phaseRows.push([label, formatMs(summarize(variant.durations.buildlab).median), ...phaseCells, formatMs(summarize(variant.availability).median)]);
  }

  const figures = [
    "Wall time of one build, from the call to the end of the response (or of the CLI process):",
    "",
    formatTable(["Sample, builder", "Side", ...SUMMARY_HEADERS], durationRows),
    "",
    "Paired per round (each Buildlab build against the Engine API build of the same round):",
    "",
    formatTable(["Sample, builder", "n", "median ratio", "min", "max", "IQR", "median added", "added, Q1 to Q3", "CLI / Engine API, median"], pairRows),
    "",
    "Where the socket strategy's time goes (medians of its own phase events; `outside phases` is the rest of the call, such as reading the image facts after the build). The last column is `checkAvailability`, which the runner calls before every build; it is timed apart and not part of the totals above:",
    "",
    formatTable(["Sample, builder", "total", ...PHASE_NAMES, "outside phases", "checkAvailability"], phaseRows),
  ].join("\n");

  const method = [
    `Samples \`${options.samples[0]}\` (small) and \`${options.samples[1]}\` (large), each stored once with \`storeContext\`.`,
    `Each round builds every sample with BuildKit and with the classic builder through every side: \`socketStrategy.build\` with a real \`BuildRequest\` (scenario \`cold\`, so no cache, push off, an event sink that keeps events in memory),`,
    "one plain dockerode `buildImage` call on the same stored tar with the options the socket strategy passes (`nocache`, `rm`, `forcerm`, `version`, memory and CPU limits), read to its end",
    options.includeCli ? "and `DOCKER_BUILDKIT=1|0 /usr/bin/docker build --no-cache` with the same limits on the sample folder." : ".",
    `The side order rotates every round. One warm-up round runs first and is not counted; ${options.rounds} rounds are counted.`,
    "Every image is removed right after its build, outside the timed span. The ratio is computed per round, then summarized.",
  ].join(" ");

  return { title: "1. Harness overhead", method, figures, targets, analysis: misses.length ? explainOverhead(misses) : undefined };
}

function explainOverhead(misses: Variant[]): string {
  const median = (values: number[]) => (values.length ? summarize(values).median : 0);
  const lines = misses.map((variant) => {
    const added = median(pairwise(variant.durations.buildlab, variant.durations.engine, (a, b) => a - b));
    const before = median(variant.phases.prepare) + median(variant.phases.base);
    const after = median(variant.phases.cleanup) + median(variant.phases["outside phases"]);
    const inside = median(variant.phases.context) + median(variant.phases.build) - median(variant.durations.engine);
    const spread = summarize(variant.durations.engine).iqr;
    const allowed = median(variant.durations.engine) * (MAX_RATIO - 1);
    return `- ${variant.sample}, ${variant.builder}: ${formatMs(added)} added (median of the pairs), where the ratio target allows ${formatMs(allowed)}. Before the build request the strategy spends ${formatMs(median(variant.phases.prepare))} in \`prepare\` and ${formatMs(median(variant.phases.base))} in \`base\` (${formatMs(before)}); after the response ${formatMs(after)}; its \`context\` and \`build\` phases together differ from the whole plain call by ${formatMs(inside)}, ${Math.abs(inside) <= spread ? "within" : "beyond"} the IQR of the plain call (${formatMs(spread)}).`;
  });
  return [
    "Where a target is missed, the socket strategy's phases show where the added time goes:",
    "",
    ...lines,
    "",
    "- `prepare` pings the daemon and reads its version and `docker info` (for the security view) before every build.",
    "- `base` of a cold run pulls each base image that lives in the lab registry again (`resolveBaseImages` with `forcePull`), a registry round trip that `docker build --no-cache` does not make. It is part of what the cold scenario means, not bookkeeping.",
    "- Inside the build, the strategy sends the context through an async generator that times it, and with BuildKit decodes every progress message from protobuf and emits steps and log lines; a plain call only reads the stream. A difference within the IQR of the plain call cannot be told from the daemon's own variation.",
    "",
    "Changes that would cut the fixed part: read the engine's version and `docker info` once per comparison rather than once per build (they do not change between the runs of one comparison), or start them in parallel with the build request; and let `checkAvailability` reuse the same answer.",
  ].join("\n");
}
