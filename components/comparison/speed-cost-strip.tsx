import type { ComparisonStatistics } from "@/lib/stats/types";
import type { ComparisonView } from "@/lib/views";
import { formatSeconds } from "../format-seconds";
import { SCENARIO_LABELS, strategyWithMode } from "../strategy-labels";
import { listSpeedCosts } from "./list-speed-costs";
import { PssLevelBadge } from "./pss-level-badge";
import { selectPostureRuns } from "./select-posture-runs";

/**
 * Renders "what the speed costs": per strategy, its median run total in each scenario beside the
 * Pod Security Standards level it earns and its count of failed critical and high findings. Placed
 * next to the timing chart, it shows what a fast strategy gives up in security.
 */
export function SpeedCostStrip({ view, statistics }: { view: ComparisonView; statistics: ComparisonStatistics }) {
  const costs = listSpeedCosts(statistics, selectPostureRuns(view));
  if (costs.length === 0) return null;

  return (
    <section aria-labelledby="speed-cost-heading" data-testid="speed-cost-strip" className="space-y-2 break-inside-avoid">
      <h2 id="speed-cost-heading" className="text-base font-semibold">What the speed costs</h2>
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {costs.map((cost) => (
          <li key={cost.key} data-testid="speed-cost" data-strategy={cost.strategy} data-mode={cost.mode ?? ""} className="space-y-1.5 rounded-md border border-slate-300 bg-white p-2.5 text-sm">
            <p className="font-semibold leading-tight">
              {strategyWithMode(cost.strategy, cost.mode)}
              <span className="block font-mono text-xs font-normal text-slate-600">{cost.key}</span>
            </p>
            <dl className="grid grid-cols-[1fr_auto] gap-x-2 text-xs">
              {cost.medians.map((median) => (
                <div key={median.scenario} className="contents">
                  <dt className="text-slate-700">{SCENARIO_LABELS[median.scenario] ?? median.scenario}, median</dt>
                  <dd data-testid="speed-cost-median" data-scenario={median.scenario} data-ms={median.medianMs ?? undefined} title={median.medianMs === null ? "No succeeded run" : `${median.medianMs} ms over ${median.n} runs`} className="text-right font-mono tabular-nums">
                    {formatSeconds(median.medianMs)}
                  </dd>
                </div>
              ))}
            </dl>
            <div className="flex flex-wrap items-center gap-2 text-xs">
              <PssLevelBadge level={cost.pssLevel} />
              <span data-testid="speed-cost-failed" data-critical={cost.failedCritical} data-high={cost.failedHigh} className={cost.failedCritical + cost.failedHigh > 0 ? "font-semibold text-red-900" : "text-green-900"}>
                {cost.failedCritical} critical, {cost.failedHigh} high failed
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
