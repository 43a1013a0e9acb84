import type { ComparisonView, FindingView, ImageEquivalenceView, ImagePairView, PhaseView, PostureView, RunView, StepView } from "../../views";
import type { PhaseName, RunStatus, StrategyName } from "../../strategies/types";
import type { Comparison, Finding, ImageEquivalence, Phase, Run, Step } from "../generated/client";

type RunWithParts = Run & { phases: Phase[]; steps: Step[]; findings?: Finding[] };

function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

function durationMs(start: Date | null | undefined, end: Date | null | undefined): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

export function toPhaseView(phase: Phase): PhaseView {
  return {
    name: phase.name as PhaseName,
    startedAt: phase.startedAt.toISOString(),
    endedAt: iso(phase.endedAt),
    durationMs: durationMs(phase.startedAt, phase.endedAt),
    detail: phase.detail,
  };
}

export function toStepView(step: Step): StepView {
  return {
    position: step.position,
    name: step.name,
    cached: step.cached,
    startedAt: iso(step.startedAt),
    endedAt: iso(step.endedAt),
    durationMs: durationMs(step.startedAt, step.endedAt),
    error: step.error,
  };
}

export function toFindingView(finding: Finding): FindingView {
  return {
    subject: finding.subject,
    workload: finding.workload,
    control: finding.control,
    title: finding.title,
    severity: finding.severity as FindingView["severity"],
    passed: finding.passed,
    evidence: finding.evidence,
    explanation: finding.explanation,
    remediation: finding.remediation,
  };
}

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"];

function compareFindings(a: Finding, b: Finding): number {
  if (a.passed !== b.passed) return a.passed ? 1 : -1;
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.control.localeCompare(b.control);
}

export function toRunView(run: RunWithParts): RunView {
  const workload = (run.workload ?? {}) as { notes?: string[] };
  return {
    id: run.id,
    sequence: run.sequence,
    strategy: run.strategy as StrategyName,
    mode: run.mode,
    scenario: run.scenario,
    iteration: run.iteration,
    status: run.status as RunStatus,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: durationMs(run.startedAt, run.finishedAt),
    error: run.error,
    failedStep: run.failedStep,
    image: {
      ref: run.imageRef,
      id: run.imageId,
      digest: run.imageDigest,
      sizeBytes: run.imageSize === null ? null : Number(run.imageSize),
      layerCount: run.layerCount,
    },
    versions: (run.versions ?? {}) as Record<string, string>,
    phases: [...run.phases].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || Number(a.id - b.id)).map(toPhaseView),
    steps: [...run.steps].sort((a, b) => a.position - b.position).map(toStepView),
    logBytes: run.logBytes,
    logTruncated: run.logTruncated,
    change: run.change,
    notes: workload.notes ?? [],
    posture: (run.posture ?? null) as PostureView | null,
    findings: [...(run.findings ?? [])].sort(compareFindings).map(toFindingView),
  };
}

function toEquivalenceView(comparison: Comparison, pairs: ImageEquivalence[] | undefined): ImageEquivalenceView | null {
  if (!pairs?.length && comparison.imageFindings === null) return null;
  return {
    pairs: (pairs ?? []).map((pair): ImagePairView => ({
      leftRunId: pair.leftRunId,
      rightRunId: pair.rightRunId,
      equal: pair.equal,
      differences: pair.differences as ImagePairView["differences"],
      ignoredCount: pair.ignoredCount,
    })),
    findings: (comparison.imageFindings ?? []) as ImageEquivalenceView["findings"],
  };
}

export function toComparisonView(comparison: Comparison & { runs: RunWithParts[]; equivalences?: ImageEquivalence[] }): ComparisonView {
  return {
    id: comparison.id,
    title: comparison.title,
    status: comparison.status as ComparisonView["status"],
    createdAt: comparison.createdAt.toISOString(),
    startedAt: iso(comparison.startedAt),
    finishedAt: iso(comparison.finishedAt),
    error: comparison.error,
    source: comparison.source,
    dockerfilePath: comparison.dockerfilePath,
    dockerfile: comparison.dockerfile,
    contextDigest: comparison.contextDigest,
    contextBytes: Number(comparison.contextBytes),
    contextFiles: comparison.contextFiles,
    strategies: comparison.strategies as ComparisonView["strategies"],
    scenarios: comparison.scenarios,
    iterations: comparison.iterations,
    schedule: comparison.schedule === "parallel" ? "parallel" : "sequential",
    runs: [...comparison.runs].sort((a, b) => a.sequence - b.sequence).map(toRunView),
    equivalence: toEquivalenceView(comparison, comparison.equivalences),
    environment: (comparison.environment ?? null) as Record<string, unknown> | null,
  };
}
