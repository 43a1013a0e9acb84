import type { RunView } from "@/lib/views";
import { MODE_LABELS, SCENARIO_LABELS, STRATEGY_LABELS } from "./strategy-labels";

/** Names a run for headings and tooltips: "Run 1 · Host Docker socket (BuildKit) · Cold · iteration 1". */
export function runLabel(run: RunView): string {
  const strategy = STRATEGY_LABELS[run.strategy] ?? run.strategy;
  const mode = run.mode ? ` (${MODE_LABELS[run.mode] ?? run.mode})` : "";
  const scenario = SCENARIO_LABELS[run.scenario] ?? run.scenario;
  return `Run ${run.sequence + 1} · ${strategy}${mode} · ${scenario} · iteration ${run.iteration}`;
}

/** Returns a short run name for chart axes and table rows, such as "#1 socket/buildkit". The run number keeps it unique. */
export function runShortLabel(run: RunView): string {
  return `#${run.sequence + 1} ${run.strategy}${run.mode ? `/${run.mode}` : ""}`;
}
