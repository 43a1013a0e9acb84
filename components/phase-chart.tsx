"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { PHASE_NAMES, type PhaseName } from "@/lib/strategies/types";
import type { RunView } from "@/lib/views";
import { formatSeconds } from "./format-seconds";
import { ChartPatterns } from "./comparison/chart-patterns";
import { PatternSwatch } from "./comparison/pattern-swatch";
import { PHASE_PATTERNS } from "./comparison/phase-patterns";
import { usePatternPrefix } from "./comparison/use-pattern-prefix";
import { PHASE_COLORS, PHASE_LABELS } from "./phase-colors";
import { runLabel, runShortLabel } from "./run-label";
import { SCENARIO_LABELS } from "./strategy-labels";
import { sumPhaseDurations } from "./sum-phase-durations";

type ChartRow = { runId: string; label: string; title: string } & Partial<Record<PhaseName, number>>;

const BAR_HEIGHT = 36;
// Segments narrower than this get no value label, because the text would spill over its neighbours.
const MIN_LABEL_WIDTH = 44;

/**
 * Draws phase timings as one horizontal stacked bar per run, with phases in the fixed order of
 * PHASE_NAMES. Values are seconds, and the table below the chart gives the exact milliseconds.
 */
export function PhaseChart({ runs }: { runs: RunView[] }) {
  // Each phase's colour carries a pattern too, so the phases stay apart in black-and-white print.
  const prefix = usePatternPrefix("phase-chart");
  const rows: ChartRow[] = runs.map((run) => {
    const totals = sumPhaseDurations(run);
    const row: ChartRow = { runId: run.id, label: runShortLabel(run), title: runLabel(run) };
    for (const phase of PHASE_NAMES) {
      if (totals[phase] !== undefined) row[phase] = totals[phase] / 1000;
    }
    return row;
  });
  const shownPhases = PHASE_NAMES.filter((phase) => rows.some((row) => row[phase] !== undefined));

  const description = rows
    .map((row) => `${row.title}: ${shownPhases.map((phase) => `${PHASE_LABELS[phase]} ${row[phase] === undefined ? "not reported" : `${row[phase]!.toFixed(2)} s`}`).join(", ")}`)
    .join(". ");

  return (
    <figure data-testid="phase-chart" className="space-y-3">
      <ChartPatterns fills={shownPhases.map((phase) => ({ id: `${prefix}-${phase}`, color: PHASE_COLORS[phase], kind: PHASE_PATTERNS[phase] }))} />
      <div role="img" aria-label={`Phase timings per run in seconds. ${description}`} className="w-full">
        <BarChart
          layout="vertical"
          data={rows}
          responsive
          style={{ width: "100%", height: rows.length * (BAR_HEIGHT + 16) + 56 }}
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
          barCategoryGap={12}
        >
          <CartesianGrid horizontal={false} stroke="#cbd5e1" />
          <XAxis type="number" unit=" s" tick={{ fill: "#334155", fontSize: 12 }} stroke="#64748b" />
          <YAxis type="category" dataKey="label" width={128} tick={{ fill: "#0f172a", fontSize: 12 }} stroke="#64748b" />
          <Tooltip
            formatter={(value, name) => [`${Number(value).toFixed(2)} s`, PHASE_LABELS[name as PhaseName] ?? String(name)]}
            labelFormatter={(_, payload) => (payload?.[0]?.payload as ChartRow | undefined)?.title ?? ""}
          />
          {shownPhases.map((phase) => (
            <Bar key={phase} dataKey={phase} stackId="phases" fill={`url(#${prefix}-${phase})`} stroke="#ffffff" strokeWidth={1} barSize={BAR_HEIGHT} isAnimationActive={false}>
              <LabelList dataKey={phase} content={SegmentLabel} />
            </Bar>
          ))}
        </BarChart>
      </div>
      <figcaption>
        <PhaseLegend phases={shownPhases} patternPrefix={prefix} />
      </figcaption>
    </figure>
  );
}

interface SegmentLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  value?: unknown;
}

function SegmentLabel({ x, y, width, height, value }: SegmentLabelProps) {
  const numericWidth = Number(width ?? 0);
  if (typeof value !== "number" || numericWidth < MIN_LABEL_WIDTH) return null;

  return (
    <text
      x={Number(x) + numericWidth / 2}
      y={Number(y) + Number(height) / 2}
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={11}
      fontWeight={600}
      fill="#0f172a"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    >
      {value.toFixed(2)}
    </text>
  );
}

/**
 * Renders the phase colours in chart order as an HTML list, which screen readers and narrow screens
 * can read. With `patternPrefix`, each swatch shows the fill pattern that chart defined.
 */
export function PhaseLegend({ phases = PHASE_NAMES, patternPrefix }: { phases?: readonly PhaseName[]; patternPrefix?: string }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800" aria-label="Phases">
      {phases.map((phase) => (
        <li key={phase} className="inline-flex items-center gap-1.5">
          {patternPrefix ? (
            <PatternSwatch patternId={`${patternPrefix}-${phase}`} />
          ) : (
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm border border-slate-500" style={{ backgroundColor: PHASE_COLORS[phase] }} />
          )}
          {PHASE_LABELS[phase]}
        </li>
      ))}
    </ul>
  );
}

/** Renders the chart's figures as a table: per run, each phase's summed duration, exact in `data-ms`. */
export function PhaseTable({ runs }: { runs: RunView[] }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="phase-table" className="min-w-full text-sm">
        <caption className="sr-only">Phase durations per run, in seconds</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2 pr-3 font-semibold">Run</th>
            {PHASE_NAMES.map((phase) => (
              <th key={phase} scope="col" className="px-2 py-2 text-right font-semibold whitespace-nowrap">
                <span aria-hidden="true" className="mr-1 inline-block h-2.5 w-2.5 rounded-sm border border-slate-500" style={{ backgroundColor: PHASE_COLORS[phase] }} />
                {PHASE_LABELS[phase]}
              </th>
            ))}
            <th scope="col" className="py-2 pl-2 text-right font-semibold">Run total</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const totals = sumPhaseDurations(run);
            return (
              <tr key={run.id} data-testid="run-phases" data-run-id={run.id} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 text-left font-medium">
                  <span title={runLabel(run)} className="whitespace-nowrap">{runShortLabel(run)}</span>
                  <span className="block text-xs font-normal text-slate-600">
                    {SCENARIO_LABELS[run.scenario] ?? run.scenario}, iteration {run.iteration}
                  </span>
                </th>
                {PHASE_NAMES.map((phase) => {
                  const ms = totals[phase];
                  return (
                    <td
                      key={phase}
                      data-testid="phase-duration"
                      data-phase={phase}
                      data-ms={ms}
                      title={ms === undefined ? "Not reported" : `${ms} ms`}
                      className="px-2 py-2 text-right font-mono tabular-nums"
                    >
                      {ms === undefined ? "—" : formatSeconds(ms)}
                    </td>
                  );
                })}
                <td data-testid="run-duration" data-ms={run.durationMs ?? undefined} title={run.durationMs === null ? undefined : `${run.durationMs} ms`} className="py-2 pl-2 text-right font-mono tabular-nums">
                  {formatSeconds(run.durationMs)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
