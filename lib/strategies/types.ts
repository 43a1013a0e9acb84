import type { Readable } from "node:stream";

/** Phase names every strategy reports, in the order they normally happen. */
export const PHASE_NAMES = ["prepare", "base", "context", "build", "push", "cleanup"] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

export const STRATEGY_NAMES = ["socket", "dind", "kaniko"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One Dockerfile instruction as the builder executed it. */
export interface StepRecord {
  /** Order within the run, from 0. */
  position: number;
  /** The instruction as the builder names it, such as "[2/5] RUN pip install -r requirements.txt". */
  name: string;
  cached: boolean;
  startedAt?: Date;
  endedAt?: Date;
  error?: string;
}

/** Something a strategy reports while it runs; the runner stores it and forwards it to the live view. */
export type RunEvent =
  | { type: "phase-start"; phase: PhaseName; at: Date; detail?: string }
  | { type: "phase-end"; phase: PhaseName; at: Date }
  | { type: "step"; step: StepRecord }
  | { type: "log"; at: Date; stream: "stdout" | "stderr" | "system"; text: string };

export type RunEventSink = (event: RunEvent) => void;

/** What the container or pod that did the build really looked like, for the security view. */
export type Workload =
  | { kind: "docker-container"; role: "builder" | "daemon" | "client"; inspect: unknown; note?: string }
  | { kind: "host-daemon"; info: unknown; /** Unix socket of the daemon, when reached through one. */ socketPath?: string }
  | { kind: "pod"; spec: unknown };

export interface BuildRequest {
  runId: string;
  comparisonId: string;
  /** Opens a fresh tar stream of the validated context; each call starts from the first byte. */
  openContext: () => Readable;
  /** Path of the Dockerfile inside the context. */
  dockerfilePath: string;
  /** Base images named by FROM, without stage names and `scratch`, in order of appearance. */
  baseImages: string[];
  /** Reference to tag and, when `push` is set, push the result as. */
  imageRef: string;
  push: boolean;
  /** Strategy mode, such as "buildkit" or "classic" for the socket strategy. */
  mode?: string;
  /** "cold", "warm-change" or "warm-same". */
  scenario: string;
  /** Labels that every container, volume or pod made for this run carries. */
  labels: Record<string, string>;
  signal: AbortSignal;
  emit: RunEventSink;
}

export interface ImageFacts {
  ref: string;
  id?: string;
  /** Registry manifest digest, when the image was pushed. */
  digest?: string;
  sizeBytes?: number;
  layerCount?: number;
}

/**
 * The outcome of one build. A failed build is a result, not an exception: strategies throw only
 * when something outside the build broke and no result can be given.
 */
export interface BuildResult {
  status: "succeeded" | "failed" | "cancelled";
  error?: string;
  /** The instruction that failed, when a build step failed. */
  failedStep?: string;
  image?: ImageFacts;
  /** Versions of what built it, such as { engine: "20.10.24", api: "1.41", builder: "buildkit" }. */
  versions: Record<string, string>;
  workloads: Workload[];
  /** Facts the security view needs that inspection cannot show, such as a privileged-mode fallback. */
  notes?: string[];
}

export type Availability =
  | { available: true; versions: Record<string, string> }
  | { available: false; reason: string; fix: string };

/** How a build is done. One implementation per folder under lib/strategies/. */
export interface Strategy {
  name: StrategyName;
  /** Name shown to users. */
  label: string;
  /** Modes the user picks from; the first is the default. */
  modes: readonly string[];
  /** Whether the strategy can build now; with a mode, whether that mode can (Kaniko's runners differ). */
  checkAvailability(mode?: string): Promise<Availability>;
  build(request: BuildRequest): Promise<BuildResult>;
  /**
   * Removes what the strategy kept between the runs of one comparison (result images kept as a
   * warm cache, a cache volume), once the comparison's last run has ended.
   */
  releaseComparison?(comparisonId: string): Promise<void>;
  /** Removes every resource carrying Buildlab's labels whose run id is not in `liveRunIds`. */
  removeLeftovers?(liveRunIds: ReadonlySet<string>): Promise<string[]>;
}

/** Labels on every container, volume, image and pod Buildlab makes. */
export const LABEL_APP = "org.buildlab.app";
export const LABEL_RUN = "org.buildlab.run";
export const LABEL_COMPARISON = "org.buildlab.comparison";
export const LABEL_STRATEGY = "org.buildlab.strategy";
