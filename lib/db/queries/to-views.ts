import type { ComparisonView, PhaseView, RunView, StepView } from "../../views";
import type { PhaseName, RunStatus, StrategyName } from "../../strategies/types";
import type { Comparison, Phase, Run, Step } from "../generated/client";

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

export function toRunView(run: Run & { phases: Phase[]; steps: Step[] }): RunView {
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
  };
}

export function toComparisonView(comparison: Comparison & { runs: (Run & { phases: Phase[]; steps: Step[] })[] }): ComparisonView {
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
    runs: [...comparison.runs].sort((a, b) => a.sequence - b.sequence).map(toRunView),
  };
}
