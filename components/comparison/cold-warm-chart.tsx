"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import type { ComparisonStatistics } from "@/lib/stats/types";
import { SCENARIO_LABELS, strategyWithMode } from "../strategy-labels";
import { ChartPatterns } from "./chart-patterns";
import { niceCeiling } from "./nice-ceiling";
import { PatternSwatch } from "./pattern-swatch";
import { seriesStyleAt } from "./series-styles";
import { strategyKeyOf } from "./strategy-key-of";
import { useNarrowScreen } from "./use-narrow-screen";
import { usePatternPrefix } from "./use-pattern-prefix";

type Row = { key: string; title: string } & Record<string, number | string | undefined>;

const BAR_HEIGHT = 18;

interface EndLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  value?: unknown;
}

/**
 * Writes the scenario and the median at the end of a bar, so each bar is named without the legend.
 * On a narrow screen only the median fits, and the bar's pattern names the scenario.
 */
function endLabel(scenario: string | null) {
  return function EndLabel({ x, y, width, height, value }: EndLabelProps) {
    if (typeof value !== "number") return null;
    return (
      <text x={Number(x) + Number(width) + 4} y={Number(y) + Number(height) / 2} dominantBaseline="central" fontSize={11} fill="#0f172a">
        {scenario ? `${scenario} ` : ""}
        {value.toFixed(2)} s
      </text>
    );
  };
}

/**
 * Draws the median run total of each strategy in every scenario as grouped bars, one group per
 * strategy, so the cost of a cold build is next to a warm one. Each bar is labelled with its
 * scenario and value, and each scenario has its own colour and pattern.
 */
export function ColdWarmChart({ statistics }: { statistics: ComparisonStatistics }) {
  const prefix = usePatternPrefix("cold-warm");
  const narrow = useNarrowScreen();
  const scenarios = statistics.scenarios.map((item) => item.scenario);

  const rows = new Map<string, Row>();
  for (const scenario of statistics.scenarios) {
    const total = scenario.measures.find((measure) => measure.measure === "total");
    for (const entry of total?.strategies ?? []) {
      const key = strategyKeyOf(entry);
      const row = rows.get(key) ?? { key, title: strategyWithMode(entry.strategy, entry.mode) };
      if (entry.summary) row[scenario.scenario] = entry.summary.median / 1000;
      rows.set(key, row);
    }
  }
  const data = [...rows.values()].filter((row) => scenarios.some((scenario) => typeof row[scenario] === "number"));
  if (data.length === 0) return <p className="text-sm text-slate-700">No run succeeded, so there is no median to compare.</p>;

  const top = Math.max(...data.flatMap((row) => scenarios.map((scenario) => (typeof row[scenario] === "number" ? (row[scenario] as number) : 0))));
  const description = data
    .map((row) => `${row.title}: ${scenarios.map((scenario) => `${SCENARIO_LABELS[scenario] ?? scenario} ${typeof row[scenario] === "number" ? `${(row[scenario] as number).toFixed(2)} s` : "no succeeded run"}`).join(", ")}`)
    .join(". ");

  return (
    <figure data-testid="cold-warm-chart" className="space-y-2 break-inside-avoid">
      <ChartPatterns fills={scenarios.map((scenario, index) => ({ id: `${prefix}-${index}`, color: seriesStyleAt(index).color, kind: seriesStyleAt(index).pattern }))} />
      <div role="img" aria-label={`Median run total per strategy in each scenario, in seconds. ${description}`}>
        <BarChart
          layout="vertical"
          data={data}
          responsive
          style={{ width: "100%", height: data.length * (scenarios.length * (BAR_HEIGHT + 4) + 20) + 56 }}
          margin={{ top: 4, right: narrow ? 56 : 140, bottom: 4, left: 4 }}
          barCategoryGap={12}
          barGap={4}
        >
          <CartesianGrid horizontal={false} stroke="#cbd5e1" />
          <XAxis type="number" unit=" s" tickCount={narrow ? 3 : 5} domain={[0, niceCeiling(top)]} tick={{ fill: "#334155", fontSize: 12 }} stroke="#64748b" />
          <YAxis type="category" dataKey="key" width={narrow ? 92 : 120} tick={{ fill: "#0f172a", fontSize: 11 }} stroke="#64748b" />
          <Tooltip
            formatter={(value, name) => [`${Number(value).toFixed(3)} s`, SCENARIO_LABELS[String(name)] ?? String(name)]}
            labelFormatter={(_, payload) => (payload?.[0]?.payload as Row | undefined)?.title ?? ""}
          />
          {scenarios.map((scenario, index) => (
            <Bar key={scenario} dataKey={scenario} fill={`url(#${prefix}-${index})`} stroke="#334155" strokeWidth={0.5} barSize={BAR_HEIGHT} isAnimationActive={false}>
              <LabelList dataKey={scenario} content={endLabel(narrow ? null : scenario)} />
            </Bar>
          ))}
        </BarChart>
      </div>
      <figcaption className="space-y-1 text-sm text-slate-700">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-slate-800" aria-label="Scenarios">
          {scenarios.map((scenario, index) => (
            <li key={scenario} className="inline-flex items-center gap-1.5">
              <PatternSwatch patternId={`${prefix}-${index}`} />
              {SCENARIO_LABELS[scenario] ?? scenario} <span className="font-mono text-xs">({scenario})</span>
            </li>
          ))}
        </ul>
        <p>Median run total of the succeeded runs in each scenario.</p>
      </figcaption>
    </figure>
  );
}
