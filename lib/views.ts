import type { PhaseName, RunStatus, StrategyName } from "./strategies/types";

// The JSON shapes that the API returns and the pages render. Dates are ISO strings with milliseconds.

export interface PhaseView {
  name: PhaseName;
  startedAt: string;
  endedAt: string | null;
  /** Derived from the two timestamps; null while the phase runs. */
  durationMs: number | null;
  detail: string | null;
}

export interface StepView {
  position: number;
  name: string;
  cached: boolean;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

export interface FindingView {
  subject: string;
  workload: string;
  control: string;
  title: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  passed: boolean;
  evidence: unknown;
  explanation: string;
  remediation: string;
}

export interface PostureView {
  pssLevel: "privileged" | "baseline" | "restricted" | null;
  hostTakeoverFromDockerfile: boolean;
  rootDaemonInvolved: boolean;
  summary: string;
}

export interface RunView {
  id: string;
  sequence: number;
  strategy: StrategyName;
  mode: string | null;
  scenario: string;
  iteration: number;
  status: RunStatus;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  failedStep: string | null;
  image: {
    ref: string | null;
    id: string | null;
    digest: string | null;
    sizeBytes: number | null;
    layerCount: number | null;
  };
  versions: Record<string, string>;
  phases: PhaseView[];
  steps: StepView[];
  logBytes: number;
  logTruncated: boolean;
  /** For the warm-change scenario: the file changed before the build. */
  change: string | null;
  /** Facts the strategy reported beside inspection, such as a privileged-mode fallback. */
  notes: string[];
  posture: PostureView | null;
  /** Failed findings first, the most severe first. */
  findings: FindingView[];
}

export interface ImagePairView {
  leftRunId: string;
  rightRunId: string;
  equal: boolean;
  /** Each difference: kind, path (or configuration key), left and right values, and a one-line message. */
  differences: { kind: string; path: string; left: unknown; right: unknown; message: string; ignored?: boolean }[];
  ignoredCount: number;
}

export interface ImageEquivalenceView {
  pairs: ImagePairView[];
  /** A strategy that failed where another passed, or an image that could not be read. */
  findings: { kind: string; message: string; run: { runId: string; strategy: string; mode?: string; scenario?: string }; failedStep?: string }[];
}

export interface ComparisonView {
  id: string;
  title: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  source: string;
  dockerfilePath: string;
  dockerfile: string;
  contextDigest: string;
  contextBytes: number;
  contextFiles: number;
  strategies: { strategy: StrategyName; mode?: string }[];
  scenarios: string[];
  iterations: number;
  /** "sequential" runs one build at a time; "parallel" runs each round's strategies side by side. */
  schedule: "sequential" | "parallel";
  runs: RunView[];
  /** Null until the plan has ended and the images were compared. */
  equivalence: ImageEquivalenceView | null;
  /**
   * Where the comparison ran: CPU count, memory, platform, Node.js and Buildlab versions, and per
   * strategy the versions of what built (engine, inner daemon, executor, Kubernetes).
   */
  environment: Record<string, unknown> | null;
}

/** One row of the history list. */
export interface ComparisonSummary {
  id: string;
  title: string;
  status: ComparisonView["status"];
  createdAt: string;
  finishedAt: string | null;
  source: string;
  strategies: string[];
  runCount: number;
  /** Total of the runs' durations, in milliseconds. */
  totalMs: number | null;
}

export interface LogLineView {
  id: string;
  runId: string;
  at: string;
  stream: string;
  text: string;
}
