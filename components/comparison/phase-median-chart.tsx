"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import type { ComparisonStatistics } from "@/lib/stats/types";
import { PHASE_NAMES, type PhaseName } from "@/lib/strategies/types";
import { PHASE_COLORS, PHASE_LABELS } from "../phase-colors";
import { SCENARIO_LABELS, strategyWithMode } from "../strategy-labels";
import { ChartPatterns } from "./chart-patterns";
import { niceCeiling } from "./nice-ceiling";
import { PatternSwatch } from "./pattern-swatch";
import { PHASE_PATTERNS } from "./phase-patterns";
import { SegmentLabel } from "./segment-label";
import { strategyKeyOf } from "./strategy-key-of";
import { useNarrowScreen } from "./use-narrow-screen";
import { usePatternPrefix } from "./use-pattern-prefix";

type Row = { id: string; label: string; title: string } & Partial<Record<PhaseName, number>>;

const BAR_HEIGHT = 30;

/**
 * Draws one stacked bar per strategy and scenario whose segments are the median of each phase, in
 * seconds. Each segment is filled with its phase colour and pattern and labelled with its value
 * when it is wide enough. The medians of the phases need not add up to the median of the totals.
 */
export function PhaseMedianChart({ statistics }: { statistics: ComparisonStatistics }) {
  const prefix = usePatternPrefix("phase-median");
  const narrow = useNarrowScreen();

  const rows: Row[] = [];
  for (const scenario of statistics.scenarios) {
    const total = scenario.measures.find((measure) => measure.measure === "total");
    for (const entry of total?.strategies ?? []) {
      const key = strategyKeyOf(entry);
      const row: Row = {
        id: `${scenario.scenario}|${key}`,
        label: `${key} · ${scenario.scenario}`,
        title: `${strategyWithMode(entry.strategy, entry.mode)}, ${SCENARIO_LABELS[scenario.scenario] ?? scenario.scenario}`,
      };
      for (const measure of scenario.measures) {
        if (measure.measure === "total") continue;
        const median = measure.strategies.find((candidate) => strategyKeyOf(candidate) === key)?.summary?.median;
        if (median !== undefined) row[measure.measure] = median / 1000;
      }
      if (PHASE_NAMES.some((phase) => row[phase] !== undefined)) rows.push(row);
    }
  }
  if (rows.length === 0) return <p className="text-sm text-slate-700">No succeeded run reported a finished phase.</p>;

  const top = Math.max(...rows.map((row) => PHASE_NAMES.reduce((sum, phase) => sum + (row[phase] ?? 0), 0)));
  const phases = PHASE_NAMES.filter((phase) => rows.some((row) => row[phase] !== undefined));
  const description = rows
    .map((row) => `${row.title}: ${phases.map((phase) => `${PHASE_LABELS[phase]} ${row[phase] === undefined ? "not reported" : `${row[phase]!.toFixed(2)} s`}`).join(", ")}`)
    .join(". ");

  return (
    <figure data-testid="phase-median-chart" className="space-y-2 break-inside-avoid">
      <ChartPatterns fills={phases.map((phase) => ({ id: `${prefix}-${phase}`, color: PHASE_COLORS[phase], kind: PHASE_PATTERNS[phase] }))} />
      <div role="img" aria-label={`Median phase durations per strategy and scenario, in seconds. ${description}`}>
        <BarChart
          layout="vertical"
          data={rows}
          responsive
          style={{ width: "100%", height: rows.length * (BAR_HEIGHT + 12) + 56 }}
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
          barCategoryGap={8}
        >
          <CartesianGrid horizontal={false} stroke="#cbd5e1" />
          <XAxis type="number" unit=" s" tickCount={narrow ? 3 : 5} domain={[0, niceCeiling(top)]} tick={{ fill: "#334155", fontSize: 12 }} stroke="#64748b" />
          <YAxis type="category" dataKey="label" width={narrow ? 100 : 150} tick={{ fill: "#0f172a", fontSize: 11 }} stroke="#64748b" />
          <Tooltip
            formatter={(value, name) => [`${Number(value).toFixed(3)} s`, PHASE_LABELS[name as PhaseName] ?? String(name)]}
            labelFormatter={(_, payload) => (payload?.[0]?.payload as Row | undefined)?.title ?? ""}
          />
          {phases.map((phase) => (
            <Bar key={phase} dataKey={phase} stackId="phases" fill={`url(#${prefix}-${phase})`} stroke="#ffffff" strokeWidth={1} barSize={BAR_HEIGHT} isAnimationActive={false}>
              <LabelList dataKey={phase} content={SegmentLabel} />
            </Bar>
          ))}
        </BarChart>
      </div>
      <figcaption className="space-y-1 text-sm text-slate-700">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-slate-800" aria-label="Phases">
          {phases.map((phase) => (
            <li key={phase} className="inline-flex items-center gap-1.5">
              <PatternSwatch patternId={`${prefix}-${phase}`} />
              {PHASE_LABELS[phase]}
            </li>
          ))}
        </ul>
        <p>Medians of the succeeded runs, per phase. A median of phases need not add up to the median run total, which the tables below give.</p>
      </figcaption>
    </figure>
  );
}
