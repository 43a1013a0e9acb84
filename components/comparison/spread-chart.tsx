"use client";

import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";
import { summarize, type Summary } from "@/lib/stats/summarize";
import type { ComparisonView } from "@/lib/views";
import { SCENARIO_LABELS, strategyWithMode } from "../strategy-labels";
import { listStrategyKeys } from "./list-strategy-keys";
import { niceCeiling } from "./nice-ceiling";
import { strategyKeyOf } from "./strategy-key-of";
import { useNarrowScreen } from "./use-narrow-screen";

interface Row {
  key: string;
  title: string;
  /** [min, max] in seconds: the bar's extent, which the box shape draws inside. */
  range: [number, number];
  summary: Summary;
  /** Each succeeded run's total, in seconds, in plan order. */
  points: number[];
}

const ROW_HEIGHT = 44;

interface BoxShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: Row;
}

/**
 * Draws one strategy's box plot inside the extent recharts gives its [min, max] bar. Whiskers span
 * min to max, a box q1 to q3, and a thick line marks the median. Every run is a hollow point, spread
 * vertically so that equal values stay visible. Shapes and line weights carry it, not colour.
 */
function BoxShape({ x = 0, y = 0, width = 0, height = 0, payload }: BoxShapeProps) {
  if (!payload) return null;
  const { summary } = payload;
  const [low, high] = payload.range;
  const toX = (seconds: number) => (high === low ? x : x + ((seconds - low) / (high - low)) * width);
  const middle = y + height / 2;
  const boxTop = y + height * 0.2;
  const boxHeight = height * 0.6;
  const q1 = toX(summary.q1 / 1000);
  const q3 = toX(summary.q3 / 1000);
  const median = toX(summary.median / 1000);

  return (
    <g>
      <line x1={x} x2={x + width} y1={middle} y2={middle} stroke="#334155" strokeWidth={1.5} />
      <line x1={x} x2={x} y1={boxTop} y2={boxTop + boxHeight} stroke="#334155" strokeWidth={1.5} />
      <line x1={x + width} x2={x + width} y1={boxTop} y2={boxTop + boxHeight} stroke="#334155" strokeWidth={1.5} />
      <rect x={q1} y={boxTop} width={Math.max(q3 - q1, 1)} height={boxHeight} fill="#cce3f1" stroke="#0f172a" strokeWidth={1.5} />
      <line x1={median} x2={median} y1={boxTop - 3} y2={boxTop + boxHeight + 3} stroke="#0f172a" strokeWidth={3.5} />
      {payload.points.map((seconds, index) => (
        <circle key={index} cx={toX(seconds)} cy={middle + ((index % 3) - 1) * (boxHeight / 3)} r={3.5} fill="#ffffff" stroke="#d55e00" strokeWidth={2} />
      ))}
      <text x={median} y={y + 2} textAnchor="middle" fontSize={10} fill="#0f172a" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
        {(summary.median / 1000).toFixed(2)} s
      </text>
    </g>
  );
}

/**
 * Draws the spread of the run totals of one scenario: per strategy a box plot (min, q1, median,
 * q3, max) with every succeeded run as a point, on one time axis in seconds.
 */
export function SpreadChart({ view, scenario }: { view: ComparisonView; scenario: string }) {
  const narrow = useNarrowScreen();
  const rows: Row[] = listStrategyKeys(view).flatMap((strategyKey) => {
    const key = strategyKeyOf(strategyKey);
    const totals = view.runs
      .filter((run) => run.scenario === scenario && run.status === "succeeded" && run.durationMs !== null && strategyKeyOf(run) === key)
      .sort((left, right) => left.sequence - right.sequence)
      .map((run) => run.durationMs as number);
    if (totals.length === 0) return [];
    const summary = summarize(totals);
    return [{ key, title: strategyWithMode(strategyKey.strategy, strategyKey.mode), range: [summary.min / 1000, summary.max / 1000], summary, points: totals.map((ms) => ms / 1000) }];
  });
  if (rows.length === 0) {
    return <p className="text-sm text-slate-700">No run of the {SCENARIO_LABELS[scenario] ?? scenario} scenario succeeded.</p>;
  }

  const top = Math.max(...rows.map((row) => row.range[1]));
  const description = rows
    .map((row) => {
      const s = row.summary;
      const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      return `${row.title}: ${s.n} runs, min ${seconds(s.min)}, q1 ${seconds(s.q1)}, median ${seconds(s.median)}, q3 ${seconds(s.q3)}, max ${seconds(s.max)}`;
    })
    .join(". ");

  return (
    <figure data-testid="spread-chart" data-scenario={scenario} className="space-y-2 break-inside-avoid">
      <div role="img" aria-label={`Spread of the run totals, ${SCENARIO_LABELS[scenario] ?? scenario}, in seconds. ${description}`}>
        <BarChart
          layout="vertical"
          data={rows}
          responsive
          style={{ width: "100%", height: rows.length * ROW_HEIGHT + 56 }}
          margin={{ top: 8, right: 24, bottom: 4, left: 4 }}
          barCategoryGap={4}
        >
          <CartesianGrid horizontal={false} stroke="#cbd5e1" />
          <XAxis type="number" unit=" s" tickCount={narrow ? 3 : 5} domain={[0, niceCeiling(top)]} tick={{ fill: "#334155", fontSize: 12 }} stroke="#64748b" />
          <YAxis type="category" dataKey="key" width={narrow ? 92 : 120} tick={{ fill: "#0f172a", fontSize: 11 }} stroke="#64748b" />
          <Bar dataKey="range" shape={BoxShape} isAnimationActive={false} />
        </BarChart>
      </div>
      <figcaption className="text-sm text-slate-700">
        Whiskers span min to max, the box q1 to q3, the thick line is the median, and each hollow point is one succeeded run.
      </figcaption>
    </figure>
  );
}
