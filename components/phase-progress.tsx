import { PHASE_NAMES, type PhaseName } from "@/lib/strategies/types";
import type { PhaseView, RunView } from "@/lib/views";
import { formatSeconds } from "./format-seconds";
import { PHASE_COLORS, PHASE_LABELS } from "./phase-colors";

type PhaseState = "done" | "running" | "pending" | "skipped";

const STATE_STYLES: Record<PhaseState, string> = {
  running: "border-blue-700 bg-blue-50 font-semibold ring-1 ring-blue-700",
  done: "border-slate-300 bg-white",
  pending: "border-dashed border-slate-300 bg-slate-50 text-slate-600",
  skipped: "border-dashed border-slate-300 bg-slate-50 text-slate-600",
};

function phaseState(stretches: PhaseView[], runFinished: boolean): PhaseState {
  if (stretches.some((phase) => phase.endedAt === null)) return "running";
  if (stretches.length > 0) return "done";
  if (runFinished) return "skipped";
  return "pending";
}

function phaseValue(state: PhaseState, stretches: PhaseView[], now: number | null): string {
  const doneMs = stretches.reduce((sum, phase) => sum + (phase.durationMs ?? 0), 0);

  if (state === "done") return formatSeconds(doneMs);
  if (state === "skipped") return "not run";
  if (state === "pending") return "";

  const running = stretches.find((phase) => phase.endedAt === null)!;
  if (now === null) return "running";
  return formatSeconds(doneMs + Math.max(0, now - Date.parse(running.startedAt)));
}

/**
 * Renders a run's phases in their fixed order: finished ones with their stored duration, the
 * current one with the time elapsed so far by the browser's clock, and the ones still to come.
 */
export function PhaseProgress({ run, now }: { run: RunView; now: number | null }) {
  const runFinished = run.status !== "queued" && run.status !== "running";
  const current = run.phases.find((phase) => phase.endedAt === null);

  return (
    <ol data-testid="phase-progress" data-current-phase={current?.name ?? ""} aria-label="Phases" className="flex flex-wrap gap-2">
      {PHASE_NAMES.map((name: PhaseName) => {
        const stretches = run.phases.filter((phase) => phase.name === name);
        const state = phaseState(stretches, runFinished);
        const value = phaseValue(state, stretches, now);
        const filled = state === "running" || state === "done";

        return (
          <li
            key={name}
            data-phase={name}
            data-state={state}
            aria-current={state === "running" ? "step" : undefined}
            className={`flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs ${STATE_STYLES[state]}`}
          >
            <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm border border-slate-500" style={{ backgroundColor: filled ? PHASE_COLORS[name] : "transparent" }} />
            <span>{PHASE_LABELS[name]}</span>
            {state === "running" && <span className="sr-only">(running now)</span>}
            {value && <span className="font-mono tabular-nums">{value}</span>}
          </li>
        );
      })}
    </ol>
  );
}
