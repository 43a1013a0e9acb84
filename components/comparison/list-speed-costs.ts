import type { ComparisonStatistics } from "@/lib/stats/types";
import type { PostureView } from "@/lib/views";
import type { PostureRun } from "./select-posture-runs";
import { strategyKeyOf } from "./strategy-key-of";

export interface SpeedCost {
  key: string;
  strategy: string;
  mode: string | null;
  /** Median total duration per scenario, in milliseconds, in the comparison's scenario order; null without a succeeded run. */
  medians: { scenario: string; medianMs: number | null; n: number }[];
  pssLevel: PostureView["pssLevel"];
  /** Null when the strategy's run stored no posture. */
  posture: PostureView | null;
  failedCritical: number;
  failedHigh: number;
}

/**
 * Puts each strategy's median total time beside what it costs in security: its Pod Security
 * Standards level and its count of failed critical and high findings, from the same run the
 * security matrix shows.
 */
export function listSpeedCosts(statistics: ComparisonStatistics, postureRuns: PostureRun[]): SpeedCost[] {
  return postureRuns.map((column) => {
    const medians = statistics.scenarios.map((scenario) => {
      const total = scenario.measures.find((measure) => measure.measure === "total");
      const entry = total?.strategies.find((candidate) => strategyKeyOf(candidate) === column.key);
      return { scenario: scenario.scenario, medianMs: entry?.summary?.median ?? null, n: entry?.summary?.n ?? 0 };
    });
    const failed = (column.run?.findings ?? []).filter((finding) => !finding.passed);
    return {
      key: column.key,
      strategy: column.strategy,
      mode: column.mode,
      medians,
      pssLevel: column.run?.posture?.pssLevel ?? null,
      posture: column.run?.posture ?? null,
      failedCritical: failed.filter((finding) => finding.severity === "critical").length,
      failedHigh: failed.filter((finding) => finding.severity === "high").length,
    };
  });
}
