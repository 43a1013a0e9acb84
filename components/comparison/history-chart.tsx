"use client";

import { useEffect, useId, useState } from "react";
import { CartesianGrid, LabelList, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatSeconds } from "../format-seconds";
import { readApiError } from "../read-api-error";
import { SCENARIO_LABELS } from "../strategy-labels";
import { MarkerDot } from "./marker-dot";
import { useNarrowScreen } from "./use-narrow-screen";
import { niceCeiling } from "./nice-ceiling";
import { seriesStyleAt } from "./series-styles";
import { spreadLabels } from "./spread-labels";
import { summarizeHistory, type HistoryResponse, type HistorySummary } from "./summarize-history";

type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "loaded"; history: HistoryResponse };

const CHART_HEIGHT = 280;
const MARGIN_TOP = 16;
const MARGIN_BOTTOM = 4;
const X_AXIS_HEIGHT = 30;
const PLOT_HEIGHT = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - X_AXIS_HEIGHT;
// Line names at the end of the lines are at least this many pixels apart.
const LABEL_GAP = 13;

type Row = { index: number; comparisonId: string; tick: string; title: string } & Record<string, number | string>;

/** Formats an ISO time as "12-04 21:15" in UTC, short enough for an axis tick. */
function tickOf(iso: string): string {
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

interface LastPointLabelProps {
  x?: number | string;
  y?: number | string;
  index?: number;
}

/**
 * Draws how the median run total of each strategy changed across the comparisons of the same
 * Dockerfile and context, oldest first, for one scenario, from `GET /api/comparisons/:id/history`.
 * Lines differ by colour, dash and marker, and each is named at its last point. A table of the
 * same figures, exact in `data-ms`, is under the chart.
 */
export function HistoryChart({ url, comparisonId, scenarios }: { url: string; comparisonId: string; scenarios: string[] }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [scenario, setScenario] = useState(scenarios[0] ?? "cold");
  const selectId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetch(url, { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error((await readApiError(response)).message);
        setLoaded({ state: "loaded", history: (await response.json()) as HistoryResponse });
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({ state: "failed", message: caught instanceof Error ? caught.message : String(caught) });
      });
    return () => controller.abort();
  }, [url]);

  if (loaded.state === "loading") return <p role="status" className="text-sm text-slate-700">Loading the history of this Dockerfile…</p>;
  if (loaded.state === "failed") return <p role="alert" className="text-sm text-red-800">Could not load the history of this Dockerfile: {loaded.message}</p>;

  const summary = summarizeHistory(loaded.history, scenario);
  const choices = [...new Set([...scenarios, ...summary.scenarios])];

  return (
    <figure data-testid="history-chart" data-scenario={scenario} className="space-y-2 break-inside-avoid">
      <div className="flex flex-wrap items-center gap-2 text-sm print:hidden">
        <label htmlFor={selectId}>Scenario</label>
        <select id={selectId} value={scenario} onChange={(event) => setScenario(event.target.value)} className="rounded-md border border-slate-400 bg-white px-2 py-1">
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {SCENARIO_LABELS[choice] ?? choice}
            </option>
          ))}
        </select>
      </div>
      <HistoryLines summary={summary} comparisonId={comparisonId} scenario={scenario} />
    </figure>
  );
}

function HistoryLines({ summary, comparisonId, scenario }: { summary: HistorySummary; comparisonId: string; scenario: string }) {
  const narrow = useNarrowScreen();
  const scenarioName = SCENARIO_LABELS[scenario] ?? scenario;
  if (summary.points.length === 0) {
    return <p className="text-sm text-slate-700">No comparison of this Dockerfile has a succeeded run in the {scenarioName} scenario.</p>;
  }

  const rows: Row[] = summary.points.map((point, index) => {
    const row: Row = { index, comparisonId: point.comparisonId, tick: tickOf(point.createdAt), title: point.title };
    for (const [key, median] of Object.entries(point.medians)) row[key] = median / 1000;
    return row;
  });
  const current = rows.find((row) => row.comparisonId === comparisonId);
  const lastIndexOf = (key: string) => Math.max(...rows.filter((row) => typeof row[key] === "number").map((row) => row.index));
  const top = niceCeiling(Math.max(...summary.points.flatMap((point) => Object.values(point.medians))) / 1000);

  // Names at the end of lines that end at the same comparison are moved apart so they never overlap.
  const labelShifts = new Map<string, number>();
  for (const last of new Set(summary.keys.map(lastIndexOf))) {
    const keys = summary.keys.filter((key) => lastIndexOf(key) === last);
    const positions = keys.map((key) => (1 - (rows[last][key] as number) / top) * PLOT_HEIGHT);
    spreadLabels(positions, LABEL_GAP).forEach((shift, index) => labelShifts.set(keys[index], shift));
  }

  const description = summary.keys
    .map((key) => `${key}: ${rows.filter((row) => typeof row[key] === "number").map((row) => `${row.tick} ${(row[key] as number).toFixed(2)} s`).join(", ")}`)
    .join(". ");

  return (
    <>
      <div role="img" aria-label={`Median run total per strategy across ${rows.length} comparisons of this Dockerfile, ${scenarioName}, in seconds. ${description}`}>
        <LineChart data={rows} responsive style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: MARGIN_TOP, right: narrow ? 88 : 120, bottom: MARGIN_BOTTOM, left: 4 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis dataKey="index" height={X_AXIS_HEIGHT} type="number" domain={[-0.3, rows.length - 0.7]} ticks={rows.map((row) => row.index)} tickFormatter={(index: number) => rows[index]?.tick ?? ""} tick={{ fill: "#334155", fontSize: 11 }} stroke="#64748b" />
          <YAxis unit=" s" domain={[0, top]} tick={{ fill: "#334155", fontSize: 12 }} stroke="#64748b" width={56} />
          <Tooltip
            formatter={(value, name) => [`${Number(value).toFixed(3)} s`, String(name)]}
            labelFormatter={(_, payload) => {
              const row = payload?.[0]?.payload as Row | undefined;
              return row ? `${row.title} (${row.tick} UTC)` : "";
            }}
          />
          {current && <ReferenceLine x={current.index} stroke="#0f172a" strokeDasharray="2 2" label={{ value: "this comparison", position: "top", fontSize: 10, fill: "#0f172a" }} />}
          {summary.keys.map((key, keyIndex) => {
            const style = seriesStyleAt(keyIndex);
            const last = lastIndexOf(key);
            return (
              <Line
                key={key}
                dataKey={key}
                name={key}
                stroke={style.color}
                strokeWidth={2}
                strokeDasharray={style.dash || undefined}
                connectNulls
                isAnimationActive={false}
                dot={(props: { cx?: number; cy?: number; index?: number }) => <MarkerDot key={`${key}-${props.index}`} cx={props.cx} cy={props.cy} shape={style.marker} color={style.color} />}
              >
                <LabelList
                  dataKey={key}
                  content={({ x, y, index }: LastPointLabelProps) =>
                    index === last ? (
                      <text x={Number(x) + 10} y={Number(y) + (labelShifts.get(key) ?? 0)} dominantBaseline="central" fontSize={11} fontWeight={600} fill="#0f172a">
                        {key}
                      </text>
                    ) : null
                  }
                />
              </Line>
            );
          })}
        </LineChart>
      </div>
      <figcaption className="space-y-2 text-sm text-slate-700">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-slate-800" aria-label="Strategies">
          {summary.keys.map((key, keyIndex) => {
            const style = seriesStyleAt(keyIndex);
            return (
              <li key={key} className="inline-flex items-center gap-1.5 font-mono text-xs">
                <svg aria-hidden="true" width="36" height="14">
                  <line x1="2" x2="34" y1="7" y2="7" stroke={style.color} strokeWidth="2" strokeDasharray={style.dash || undefined} />
                  <MarkerDot cx={18} cy={7} shape={style.marker} color={style.color} size={4} />
                </svg>
                {key}
              </li>
            );
          })}
        </ul>
        <p>Median run total of the succeeded runs of each comparison of the same Dockerfile and context, oldest first. Lines join across comparisons that did not run a strategy.</p>
        <details>
          <summary className="font-medium">History as a table</summary>
          <div className="relative mt-2 overflow-x-auto">
            <table data-testid="history-table-figures" className="min-w-full text-sm">
              <thead>
                <tr className="border-b border-slate-300 text-left">
                  <th scope="col" className="py-1.5 pr-2 font-semibold">Comparison</th>
                  {summary.keys.map((key) => (
                    <th key={key} scope="col" className="px-2 py-1.5 text-right font-mono text-xs font-semibold">{key}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.points.map((point) => (
                  <tr key={point.comparisonId} data-testid="history-point" data-comparison-id={point.comparisonId} className="border-b border-slate-200">
                    <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                      {point.comparisonId === comparisonId ? (
                        <span className="font-semibold">{point.title} (this comparison)</span>
                      ) : (
                        <a href={`/comparisons/${point.comparisonId}`} className="text-blue-800 underline">{point.title}</a>
                      )}
                      <span className="block text-xs text-slate-600">{tickOf(point.createdAt)} UTC</span>
                    </th>
                    {summary.keys.map((key) => (
                      <td key={key} data-testid="history-median" data-key={key} data-ms={point.medians[key]} title={point.medians[key] === undefined ? "Not run" : `${point.medians[key]} ms, median of ${point.counts[key]} runs`} className="px-2 py-1.5 text-right font-mono tabular-nums">
                        {formatSeconds(point.medians[key])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </>
  );
}
