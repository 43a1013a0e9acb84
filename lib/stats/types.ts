import type { PhaseName, StrategyName } from "../strategies/types";
import type { Summary } from "./summarize";

export type { Summary } from "./summarize";

/** The duration a summary is of: one phase, or `total`, the run from its start to its end. */
export type Measure = "total" | PhaseName;

/** A reason that a ranking of strategies, or one strategy's summary, is too noisy to trust. */
export interface NoiseReason {
  code: "few-samples" | "wide-spread" | "overlapping-quartiles";
  /** One plain sentence naming the strategies and numbers involved. */
  message: string;
}

/** A strategy with its mode, as a comparison lists it. */
export interface StrategyKey {
  strategy: StrategyName;
  /** Null for a strategy without modes. */
  mode: string | null;
}

/** One strategy's durations for one scenario and measure. */
export interface StrategyMeasure extends StrategyKey {
  /** Durations in milliseconds of the succeeded runs that reported this measure, or null when none did. */
  summary: Summary | null;
  /**
   * This median divided by the fastest median of the same scenario and measure, so the fastest is 1.
   * Null without a summary, and when the fastest median is 0 ms and this one is not.
   */
  ratio: number | null;
  /** Whether this median is the fastest. Tied strategies are all fastest. */
  fastest: boolean;
  /** Reasons this strategy's own summary is too noisy, from too few runs or a wide spread. */
  noise: NoiseReason[];
}

/** All strategies' durations for one scenario and one measure, with whether they can be ranked. */
export interface MeasureStatistics {
  measure: Measure;
  /** In the order of the comparison's strategies. */
  strategies: StrategyMeasure[];
  /** Whether the spread is too large to say which strategy is fastest, by the rule in `findNoise`. */
  noisy: boolean;
  noiseReasons: NoiseReason[];
}

/** How many runs of one strategy and scenario ended in each status. */
export interface RunCounts extends StrategyKey {
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Runs still queued or running. */
  unfinished: number;
}

export interface ScenarioStatistics {
  scenario: string;
  /** In the order of the comparison's strategies. */
  runs: RunCounts[];
  /** `total` first, then each phase that a succeeded run reported, in the usual phase order. */
  measures: MeasureStatistics[];
}

export interface ComparisonStatistics {
  /** The method the quartiles were computed with. */
  quartileMethod: string;
  /** The rule that sets `noisy`, in words. */
  noiseRule: string;
  /** In the order of the comparison's scenarios. */
  scenarios: ScenarioStatistics[];
}
