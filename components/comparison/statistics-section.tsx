"use client";

import { useId, useState, type ReactNode } from "react";
import type { ComparisonStatistics } from "@/lib/stats/types";
import type { ComparisonView } from "@/lib/views";
import { formatSeconds } from "../format-seconds";
import { SCENARIO_LABELS, strategyWithMode } from "../strategy-labels";
import { ColdWarmChart } from "./cold-warm-chart";
import { HistoryChart } from "./history-chart";
import { PhaseMedianChart } from "./phase-median-chart";
import { selectRepresentativeRuns } from "./select-representative-runs";
import { SpreadChart } from "./spread-chart";
import { StatisticsTable } from "./statistics-table";
import { StepTimelineChart } from "./step-timeline-chart";

interface StatisticsSectionProps {
  view: ComparisonView;
  statistics: ComparisonStatistics;
  /** `GET /api/comparisons/:id/history`, or null where the caller may not read it, as on a share link. */
  historyUrl: string | null;
}

function ChartBlock({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <div data-testid={testId} className="min-w-0 space-y-2 break-inside-avoid">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </div>
  );
}

/**
 * Renders the statistics of a finished comparison. The charts come first: phase medians, cold
 * against warm, the spread of the iterations, a step timeline of a typical run per strategy and
 * the history of this Dockerfile. Then each scenario has a table of every strategy's median, min,
 * max, IQR, n and ratio to the fastest, for the run total and each phase, with noise warnings.
 */
export function StatisticsSection({ view, statistics, historyUrl }: StatisticsSectionProps) {
  const scenarios = statistics.scenarios.map((item) => item.scenario);
  const [timelineScenario, setTimelineScenario] = useState(scenarios[0] ?? "cold");
  const timelineSelectId = useId();
  const representatives = selectRepresentativeRuns(view, timelineScenario);

  return (
    <section aria-labelledby="statistics-heading" data-testid="statistics-section" data-print-expand="" className="space-y-6 rounded-lg border border-slate-300 bg-white p-4 print:border-0 print:p-0">
      <div className="space-y-1">
        <h2 id="statistics-heading" className="text-lg font-semibold">Statistics</h2>
        <p className="text-sm text-slate-700">
          Durations of the succeeded runs, summarized per strategy, scenario and phase. Seconds are rounded to hundredths; hover a figure for its exact milliseconds.
        </p>
        <details className="text-sm text-slate-700">
          <summary className="font-medium">How these figures are computed</summary>
          <p className="mt-1">{statistics.quartileMethod}</p>
          <p className="mt-1">{statistics.noiseRule}</p>
        </details>
      </div>

      <ChartBlock title="Median of each phase" testId="chart-phase-medians">
        <PhaseMedianChart statistics={statistics} />
      </ChartBlock>

      <ChartBlock title={scenarios.length > 1 ? "Cold against warm" : "Median run total"} testId="chart-cold-warm">
        <ColdWarmChart statistics={statistics} />
      </ChartBlock>

      <ChartBlock title="Spread of the iterations" testId="chart-spread">
        {scenarios.map((scenario) => (
          <div key={scenario} className="space-y-1">
            <h4 className="text-sm font-medium text-slate-800">{SCENARIO_LABELS[scenario] ?? scenario}</h4>
            <SpreadChart view={view} scenario={scenario} />
          </div>
        ))}
      </ChartBlock>

      <ChartBlock title="Step timeline of a typical run" testId="chart-step-timelines">
        <div className="flex flex-wrap items-center gap-2 text-sm print:hidden">
          <label htmlFor={timelineSelectId}>Scenario</label>
          <select id={timelineSelectId} value={timelineScenario} onChange={(event) => setTimelineScenario(event.target.value)} className="rounded-md border border-slate-400 bg-white px-2 py-1">
            {scenarios.map((scenario) => (
              <option key={scenario} value={scenario}>
                {SCENARIO_LABELS[scenario] ?? scenario}
              </option>
            ))}
          </select>
        </div>
        <p className="text-sm text-slate-700">
          {SCENARIO_LABELS[timelineScenario] ?? timelineScenario}: per strategy, the succeeded run whose total is closest to the median, with each phase and step from its start to its end.
        </p>
        {representatives.map((item) => (
          <div key={item.key} className="space-y-1">
            <h4 className="text-sm font-medium text-slate-800">
              {strategyWithMode(item.strategy, item.mode)}
              {item.run && (
                <span className="font-normal text-slate-600">
                  {" "}
                  · run {item.run.sequence + 1}, iteration {item.run.iteration}, total{" "}
                  <span data-ms={item.run.durationMs ?? undefined} className="font-mono tabular-nums">{formatSeconds(item.run.durationMs)}</span>
                </span>
              )}
            </h4>
            {item.run ? <StepTimelineChart run={item.run} /> : <p className="text-sm text-slate-700">No run of this strategy succeeded in this scenario.</p>}
          </div>
        ))}
      </ChartBlock>

      {historyUrl && (
        <ChartBlock title="History of this Dockerfile" testId="chart-history">
          <HistoryChart url={historyUrl} comparisonId={view.id} scenarios={scenarios} />
        </ChartBlock>
      )}

      <div className="space-y-6">
        <h3 className="font-semibold">Figures per scenario</h3>
        {statistics.scenarios.map((scenario) => (
          <StatisticsTable key={scenario.scenario} statistics={scenario} />
        ))}
      </div>
    </section>
  );
}
