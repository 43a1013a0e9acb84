import type { NoiseReason, ScenarioStatistics, StrategyMeasure } from "@/lib/stats/types";
import { formatSeconds } from "../format-seconds";
import { SCENARIO_LABELS, strategyWithMode } from "../strategy-labels";
import { formatRatio } from "./format-ratio";
import { measureLabel } from "./measure-label";
import { NoiseWarning } from "./noise-warning";
import { strategyKeyOf } from "./strategy-key-of";

const NOISE_LABELS: Record<NoiseReason["code"], string> = {
  "few-samples": "too few runs",
  "wide-spread": "wide spread",
  "overlapping-quartiles": "overlaps",
};

const CELL = "px-2 py-1.5 text-right font-mono tabular-nums whitespace-nowrap";

function MsCell({ testId, ms, title }: { testId: string; ms: number | undefined; title?: string }) {
  return (
    <td data-testid={testId} data-ms={ms} title={ms === undefined ? "No succeeded run" : (title ?? `${ms} ms`)} className={CELL}>
      {formatSeconds(ms)}
    </td>
  );
}

function StrategyRow({ scenario, measure, entry, noisy }: { scenario: string; measure: string; entry: StrategyMeasure; noisy: boolean }) {
  const summary = entry.summary;

  return (
    <tr
      data-testid="stat-row"
      data-scenario={scenario}
      data-measure={measure}
      data-strategy={entry.strategy}
      data-mode={entry.mode ?? ""}
      className="border-b border-slate-200 align-top"
    >
      <th scope="row" className="sticky left-0 bg-white py-1.5 pr-2 text-left font-medium">
        <span className="block font-mono text-xs">{strategyKeyOf(entry)}</span>
        <span className="hidden text-xs font-normal text-slate-600 sm:block">{strategyWithMode(entry.strategy, entry.mode)}</span>
      </th>
      <MsCell testId="stat-median" ms={summary?.median} />
      <MsCell testId="stat-min" ms={summary?.min} />
      <MsCell testId="stat-max" ms={summary?.max} />
      <td
        data-testid="stat-iqr"
        data-ms={summary?.iqr}
        data-q1={summary?.q1}
        data-q3={summary?.q3}
        title={summary ? `${summary.iqr} ms, from q1 ${summary.q1} ms to q3 ${summary.q3} ms` : "No succeeded run"}
        className={CELL}
      >
        {formatSeconds(summary?.iqr)}
      </td>
      <td data-testid="stat-n" data-count={summary?.n ?? 0} className={CELL}>
        {summary?.n ?? 0}
      </td>
      <td data-testid="stat-ratio" data-ratio={entry.ratio ?? undefined} title={entry.ratio === null ? undefined : `${entry.ratio} times the fastest median`} className={CELL}>
        {formatRatio(entry.ratio)}
      </td>
      <td className="min-w-[9rem] py-1.5 pl-2 text-left text-xs">
        {entry.fastest && (
          <span data-testid="stat-fastest" className="mr-1 inline-block rounded bg-blue-50 px-1.5 py-0.5 font-semibold text-blue-900 ring-1 ring-blue-300 ring-inset print:ring-black">
            fastest{noisy ? " (not reliable)" : ""}
          </span>
        )}
        {entry.noise.map((reason) => (
          <span key={reason.code} data-testid="stat-noise" data-code={reason.code} title={reason.message} className="mr-1 inline-block text-amber-900">
            <span aria-hidden="true">⚠ </span>
            {NOISE_LABELS[reason.code]}
          </span>
        ))}
        {summary === null && <span className="text-slate-600">no succeeded run</span>}
      </td>
    </tr>
  );
}

/** Says which runs the figures leave out, because only succeeded runs are summarized. */
function UncountedRuns({ statistics }: { statistics: ScenarioStatistics }) {
  const parts = statistics.runs.flatMap((counts) => {
    const left = [
      counts.failed > 0 ? `${counts.failed} failed` : null,
      counts.cancelled > 0 ? `${counts.cancelled} cancelled` : null,
      counts.unfinished > 0 ? `${counts.unfinished} not finished` : null,
    ].filter((part): part is string => part !== null);
    return left.length > 0 ? [`${strategyKeyOf(counts)}: ${left.join(", ")}`] : [];
  });
  if (parts.length === 0) return null;

  return (
    <p data-testid="stat-uncounted" className="text-sm text-slate-700">
      Not counted, because only succeeded runs are summarized: {parts.join("; ")}.
    </p>
  );
}

/**
 * Renders one scenario's statistics: for the run total and each phase, every strategy's median,
 * minimum, maximum, IQR and run count, its ratio to the fastest median, and a warning where the
 * spread is too large to rank. Each figure carries its exact value in `data-ms` (or `data-count`,
 * `data-ratio`), because the text is rounded to hundredths of a second.
 */
export function StatisticsTable({ statistics }: { statistics: ScenarioStatistics }) {
  const scenarioName = SCENARIO_LABELS[statistics.scenario] ?? statistics.scenario;
  const headingId = `stats-${statistics.scenario}-heading`;

  return (
    <div data-testid="stat-table" data-scenario={statistics.scenario} className="space-y-2 break-inside-avoid-page">
      <h4 id={headingId} className="text-sm font-semibold">{scenarioName}</h4>
      <UncountedRuns statistics={statistics} />
      <NoiseWarning scenarioName={scenarioName} measures={statistics.measures} />
      {statistics.measures.length === 0 ? (
        <p className="text-sm text-slate-700">No run of this scenario succeeded, so there is nothing to summarize.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table aria-labelledby={headingId} className="min-w-full text-sm">
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="sticky left-0 bg-white py-2 pr-2 font-semibold">Strategy</th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">Median</th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">Min</th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">Max</th>
                <th scope="col" className="px-2 py-2 text-right font-semibold"><abbr title="Interquartile range: q3 minus q1">IQR</abbr></th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">n</th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">vs fastest</th>
                <th scope="col" className="py-2 pl-2 font-semibold">Notes</th>
              </tr>
            </thead>
            {statistics.measures.map((measure) => (
              <tbody key={measure.measure} data-testid="stat-measure" data-measure={measure.measure} data-noisy={measure.noisy}>
                <tr className="bg-slate-100 print:bg-white">
                  <th scope="rowgroup" colSpan={8} className="px-2 py-1.5 text-left font-semibold">
                    <span className="sticky left-2">
                      {measureLabel(measure.measure)}
                      {measure.noisy && (
                        <span data-testid="stat-measure-noisy" className="ml-2 text-xs font-normal text-amber-900">
                          <span aria-hidden="true">⚠ </span>too noisy to rank, see above
                        </span>
                      )}
                    </span>
                  </th>
                </tr>
                {measure.strategies.map((entry) => (
                  <StrategyRow key={strategyKeyOf(entry)} scenario={statistics.scenario} measure={measure.measure} entry={entry} noisy={measure.noisy} />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </div>
  );
}
