"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import type { PhaseName } from "@/lib/strategies/types";
import type { RunView } from "@/lib/views";
import { PHASE_COLORS, PHASE_LABELS } from "../phase-colors";
import { runLabel } from "../run-label";
import { AxisTick } from "./axis-tick";
import { ChartPatterns } from "./chart-patterns";
import { niceCeiling } from "./nice-ceiling";
import { PatternSwatch } from "./pattern-swatch";
import { PHASE_PATTERNS } from "./phase-patterns";
import { useNarrowScreen } from "./use-narrow-screen";
import { usePatternPrefix } from "./use-pattern-prefix";

interface Row {
  label: string;
  title: string;
  kind: "phase" | "built" | "cached";
  phase?: PhaseName;
  /** [start, end] in seconds from the run's start. */
  span: [number, number];
  durationMs: number;
}

const ROW_HEIGHT = 22;
// Step names are cut to this many characters on the axis; the tooltip and the description give them whole.
const MAX_LABEL = 28;
const MAX_LABEL_NARROW = 14;
const BUILT_COLOR = "#0072b2";

/** Drops the builder's own numbering ("[build 2/4] ", "Step 3/8 : "), which narrow axes cannot spare room for. */
function withoutBuilderPrefix(name: string): string {
  return name.replace(/^\[[^\]]*\]\s*/, "").replace(/^Step \d+\/\d+ : /, "");
}

function fillOf(row: Row, prefix: string): string {
  if (row.kind === "phase") return `url(#${prefix}-${row.phase})`;
  if (row.kind === "built") return BUILT_COLOR;
  return "#ffffff";
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface EndLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  index?: number;
}

/**
 * Draws a Gantt-like timeline of one run: each phase, then each Dockerfile step, as a bar from its
 * start to its end in seconds after the run started. Built steps are solid, cached steps hollow with
 * a dashed outline and the word "cached", so the two differ without colour. Steps the builder
 * reported without timestamps are listed under the chart.
 */
export function StepTimelineChart({ run }: { run: RunView }) {
  const prefix = usePatternPrefix("timeline");
  const narrow = useNarrowScreen();
  const origin = run.startedAt ? Date.parse(run.startedAt) : null;

  if (origin === null) return <p className="text-sm text-slate-700">This run has no start time, so it has no timeline.</p>;
  const seconds = (iso: string) => (Date.parse(iso) - origin) / 1000;

  const phaseRows: Row[] = run.phases
    .filter((phase) => phase.endedAt !== null)
    .map((phase) => ({
      label: narrow ? PHASE_LABELS[phase.name] : `phase: ${PHASE_LABELS[phase.name]}`,
      title: `Phase ${PHASE_LABELS[phase.name]}`,
      kind: "phase",
      phase: phase.name,
      span: [seconds(phase.startedAt), seconds(phase.endedAt as string)],
      durationMs: phase.durationMs ?? 0,
    }));
  const timed = run.steps.filter((step) => step.startedAt !== null && step.endedAt !== null);
  const untimed = run.steps.filter((step) => step.startedAt === null || step.endedAt === null);
  const stepRows: Row[] = timed.map((step) => ({
    label: narrow ? shorten(`${step.position + 1}. ${withoutBuilderPrefix(step.name)}`, MAX_LABEL_NARROW) : shorten(`${step.position + 1}. ${step.name}`, MAX_LABEL),
    title: step.name,
    kind: step.cached ? "cached" : "built",
    span: [seconds(step.startedAt as string), seconds(step.endedAt as string)],
    durationMs: step.durationMs ?? 0,
  }));
  const rows = [...phaseRows, ...stepRows];
  const end = Math.max(run.durationMs !== null ? run.durationMs / 1000 : 0, ...rows.map((row) => row.span[1]));
  const phases = [...new Set(phaseRows.map((row) => row.phase as PhaseName))];

  function EndLabel({ x, y, width, height, index }: EndLabelProps) {
    const row = index === undefined ? undefined : rows[index];
    if (!row) return null;
    return (
      <text x={Number(x) + Number(width) + 4} y={Number(y) + Number(height) / 2} dominantBaseline="central" fontSize={10} fill="#0f172a">
        {(row.durationMs / 1000).toFixed(2)} s{row.kind === "cached" ? " cached" : ""}
      </text>
    );
  }

  const description = rows.map((row) => `${row.title}: from ${row.span[0].toFixed(2)} s to ${row.span[1].toFixed(2)} s${row.kind === "cached" ? ", cached" : ""}`).join(". ");

  return (
    <figure data-testid="step-timeline" data-run-id={run.id} className="space-y-2 break-inside-avoid">
      <ChartPatterns fills={phases.map((phase) => ({ id: `${prefix}-${phase}`, color: PHASE_COLORS[phase], kind: PHASE_PATTERNS[phase] }))} />
      {rows.length === 0 ? (
        <p className="text-sm text-slate-700">The run reported no timed phase or step.</p>
      ) : (
        <div role="img" aria-label={`Timeline of ${runLabel(run)}, in seconds from its start. ${description}`}>
          <BarChart
            layout="vertical"
            data={rows}
            responsive
            style={{ width: "100%", height: rows.length * ROW_HEIGHT + 56 }}
            margin={{ top: 4, right: narrow ? 72 : 96, bottom: 4, left: 4 }}
            barCategoryGap={3}
          >
            <CartesianGrid horizontal={false} stroke="#e2e8f0" />
            <XAxis type="number" unit=" s" tickCount={narrow ? 3 : 5} domain={[0, niceCeiling(end)]} tick={{ fill: "#334155", fontSize: 12 }} stroke="#64748b" />
            <YAxis type="category" dataKey="label" width={narrow ? 104 : 200} interval={0} tick={AxisTick} stroke="#64748b" />
            <Tooltip
              formatter={(value) => {
                const [start, stop] = value as unknown as [number, number];
                return [`${start.toFixed(3)} s to ${stop.toFixed(3)} s`, "From the run's start"];
              }}
              labelFormatter={(_, payload) => {
                const row = payload?.[0]?.payload as Row | undefined;
                return row ? `${row.title}${row.kind === "cached" ? " (cached)" : ""}` : "";
              }}
            />
            <Bar dataKey="span" isAnimationActive={false} minPointSize={2}>
              {rows.map((row, index) => (
                <Cell
                  key={index}
                  fill={fillOf(row, prefix)}
                  stroke={row.kind === "cached" ? "#0f172a" : "#ffffff"}
                  strokeDasharray={row.kind === "cached" ? "3 2" : undefined}
                  strokeWidth={row.kind === "cached" ? 1.5 : 0.5}
                />
              ))}
              <LabelList dataKey="span" content={EndLabel} />
            </Bar>
          </BarChart>
        </div>
      )}
      <figcaption className="space-y-1 text-sm text-slate-700">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-slate-800" aria-label="Bars">
          {phases.map((phase) => (
            <li key={phase} className="inline-flex items-center gap-1.5">
              <PatternSwatch patternId={`${prefix}-${phase}`} />
              {PHASE_LABELS[phase]}
            </li>
          ))}
          <li className="inline-flex items-center gap-1.5">
            <svg aria-hidden="true" width="14" height="14"><rect x="0.5" y="0.5" width="13" height="13" fill={BUILT_COLOR} /></svg>
            Step built
          </li>
          <li className="inline-flex items-center gap-1.5">
            <svg aria-hidden="true" width="14" height="14"><rect x="0.75" y="0.75" width="12.5" height="12.5" fill="#ffffff" stroke="#0f172a" strokeWidth="1.5" strokeDasharray="3 2" /></svg>
            Step cached
          </li>
        </ul>
        {untimed.length > 0 && (
          <p data-testid="step-timeline-untimed">
            Reported without times, so not drawn: {untimed.map((step) => `${step.position + 1}. ${step.name}${step.cached ? " (cached)" : ""}`).join("; ")}.
          </p>
        )}
      </figcaption>
    </figure>
  );
}
