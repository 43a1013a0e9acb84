import type { PhaseName, RunStatus, StrategyName } from "../strategies/types";
import type { ComparisonView, PhaseView, RunView } from "../views";

// Helpers for the statistics and export tests: comparison views with chosen durations.

const START = Date.parse("2026-01-05T10:00:00.000Z");

export interface TestRun {
  strategy: StrategyName;
  mode?: string | null;
  scenario?: string;
  iteration?: number;
  status?: RunStatus;
  /** Run total in milliseconds, or null for a run that has not ended. */
  totalMs?: number | null;
  /** Phases in order, each with its duration in milliseconds, or null while it runs. */
  phases?: [PhaseName, number | null][];
  digest?: string | null;
  /** The file changed before a warm-change build. */
  change?: string | null;
}

/** Makes a comparison view whose runs start one minute apart, in the order given. */
export function makeView(runs: TestRun[], overrides: Partial<ComparisonView> = {}): ComparisonView {
  const runViews = runs.map(makeRun);
  const strategies: ComparisonView["strategies"] = [];
  for (const run of runViews) {
    const known = strategies.some((choice) => choice.strategy === run.strategy && (choice.mode ?? null) === run.mode);
    if (!known) strategies.push(run.mode === null ? { strategy: run.strategy } : { strategy: run.strategy, mode: run.mode });
  }

  return {
    id: "comparison-1",
    title: "Test comparison",
    status: "succeeded",
    createdAt: new Date(START - 1000).toISOString(),
    startedAt: new Date(START).toISOString(),
    finishedAt: new Date(START + runs.length * 60_000).toISOString(),
    error: null,
    source: "sample:multi-stage",
    dockerfilePath: "Dockerfile",
    dockerfile: "FROM localhost:5000/buildlab/busybox:lab\n",
    contextDigest: `sha256:${"a".repeat(64)}`,
    contextBytes: 2048,
    contextFiles: 2,
    strategies,
    scenarios: [...new Set(runViews.map((run) => run.scenario))],
    iterations: Math.max(1, ...runViews.map((run) => run.iteration)),
    runs: runViews,
    equivalence: null,
    environment: null,
    schedule: "sequential",
    ...overrides,
  };
}

function makeRun(run: TestRun, sequence: number): RunView {
  const startedAt = START + sequence * 60_000;
  const totalMs = run.totalMs === undefined ? 1000 : run.totalMs;
  const phases: PhaseView[] = [];
  let at = startedAt;
  for (const [name, durationMs] of run.phases ?? []) {
    phases.push({
      name,
      startedAt: new Date(at).toISOString(),
      endedAt: durationMs === null ? null : new Date(at + durationMs).toISOString(),
      durationMs,
      detail: null,
    });
    at += durationMs ?? 0;
  }

  return {
    id: `run-${sequence}`,
    sequence,
    strategy: run.strategy,
    mode: run.mode === undefined ? null : run.mode,
    scenario: run.scenario ?? "cold",
    iteration: run.iteration ?? 1,
    status: run.status ?? "succeeded",
    queuedAt: new Date(START).toISOString(),
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: totalMs === null ? null : new Date(startedAt + totalMs).toISOString(),
    durationMs: totalMs,
    error: null,
    failedStep: null,
    image: { ref: null, id: null, digest: run.digest ?? null, sizeBytes: null, layerCount: null },
    versions: {},
    phases,
    steps: [],
    logBytes: 0,
    logTruncated: false,
    change: run.change ?? null,
    notes: [],
    posture: null,
    findings: [],
  };
}
