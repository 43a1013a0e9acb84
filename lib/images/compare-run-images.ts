import { toError } from "../errors";
import { compareImageSummaries } from "./compare-image-summaries";
import { readImageSummary } from "./read-image-summary";
import type {
  EquivalenceReport,
  ImagePairComparison,
  ImageSummary,
  ReadImageSummaryOptions,
  RunImage,
  RunImageFinding,
  RunLabel,
} from "./types";

function labelOf(run: RunImage): RunLabel {
  const label: RunLabel = { runId: run.runId, strategy: run.strategy };
  if (run.mode) label.mode = run.mode;
  if (run.scenario) label.scenario = run.scenario;
  return label;
}

/** Names a run in messages, such as "socket/buildkit run cm1x". */
export function describeRun(run: RunLabel): string {
  return `${run.strategy}${run.mode ? `/${run.mode}` : ""} run ${run.runId}`;
}

/**
 * Compares the images of the runs that succeeded, pair by pair within each scenario (a "warm with
 * a small change" image differs from a cold one by design), reading each image once. A run that
 * failed where another run of the same scenario succeeded is a finding with its failing step, and
 * so is a succeeded run whose image cannot be read. Runs that are queued, running or cancelled
 * are left out.
 */
export async function compareRunImages(runs: RunImage[], options: ReadImageSummaryOptions = {}): Promise<EquivalenceReport> {
  const pairs: ImagePairComparison[] = [];
  const findings: RunImageFinding[] = [];

  const scenarios = new Map<string, RunImage[]>();
  for (const run of runs) {
    const key = run.scenario ?? "";
    scenarios.set(key, [...(scenarios.get(key) ?? []), run]);
  }

  const summaries = new Map<string, ImageSummary>();
  for (const group of scenarios.values()) {
    const succeeded = group.filter((run) => run.status === "succeeded");

    if (succeeded.length > 0) {
      for (const run of group.filter((candidate) => candidate.status === "failed")) {
        findings.push(failedWhereAnotherSucceeded(run, succeeded));
      }
    }

    const readable: { run: RunImage; summary: ImageSummary }[] = [];
    for (const run of succeeded) {
      const summary = await readRunImage(run, summaries, findings, options);
      if (summary) readable.push({ run, summary });
    }

    for (let i = 0; i < readable.length; i += 1) {
      for (let j = i + 1; j < readable.length; j += 1) {
        pairs.push(comparePair(readable[i], readable[j]));
      }
    }
  }
  return { pairs, findings, summaries: Object.fromEntries(summaries) };
}

function failedWhereAnotherSucceeded(run: RunImage, succeeded: RunImage[]): RunImageFinding {
  const label = labelOf(run);
  const others = succeeded.map(labelOf);
  const step = run.failedStep ? ` at step "${run.failedStep}"` : "";
  const reason = run.error ? `: ${run.error}` : "";
  const scenario = run.scenario ? ` in scenario "${run.scenario}"` : "";

  const finding: RunImageFinding = {
    kind: "failed-where-another-succeeded",
    run: label,
    succeeded: others,
    message: `${describeRun(label)} failed${step}${reason}, while ${others.map(describeRun).join(", ")} succeeded${scenario}`,
  };
  if (run.failedStep) finding.failedStep = run.failedStep;
  if (run.error) finding.error = run.error;
  return finding;
}

// Returns undefined, and records a finding, when the run has no image or it cannot be read.
async function readRunImage(
  run: RunImage,
  summaries: Map<string, ImageSummary>,
  findings: RunImageFinding[],
  options: ReadImageSummaryOptions,
): Promise<ImageSummary | undefined> {
  const label = labelOf(run);
  if (!run.imageRef) {
    findings.push({
      kind: "image-unreadable",
      run: label,
      imageRef: null,
      error: "The run has no image reference.",
      message: `${describeRun(label)} succeeded without a pushed image, so its image cannot be compared; turn pushing on (BUILDLAB_PUSH=true).`,
    });
    return undefined;
  }

  const known = summaries.get(run.imageRef);
  if (known) return known;
  try {
    const summary = await readImageSummary(run.imageRef, options);
    summaries.set(run.imageRef, summary);
    return summary;
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const message = toError(error).message;
    findings.push({
      kind: "image-unreadable",
      run: label,
      imageRef: run.imageRef,
      error: message,
      message: `The image of ${describeRun(label)} (${run.imageRef}) could not be read: ${message}`,
    });
    return undefined;
  }
}

function comparePair(left: { run: RunImage; summary: ImageSummary }, right: { run: RunImage; summary: ImageSummary }): ImagePairComparison {
  const leftLabel = labelOf(left.run);
  const rightLabel = labelOf(right.run);
  const all = compareImageSummaries(left.summary, right.summary, {
    showIgnored: true,
    leftLabel: describeRun(leftLabel),
    rightLabel: describeRun(rightLabel),
  });
  const differences = all.filter((difference) => !difference.ignored);

  return {
    left: leftLabel,
    right: rightLabel,
    leftDigest: left.summary.manifestDigest,
    rightDigest: right.summary.manifestDigest,
    equal: differences.length === 0,
    differences,
    ignoredCount: all.length - differences.length,
    ignoredDifferences: all.filter((difference) => difference.ignored),
  };
}
