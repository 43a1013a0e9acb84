import type { RunView } from "@/lib/views";
import { formatSeconds } from "./format-seconds";
import { PHASE_COLORS, PHASE_LABELS } from "./phase-colors";

/**
 * Renders every stored phase of a run in start order: when it began relative to the run's start,
 * how long it took (exact in `data-ms`) and the strategy's detail, such as what was fetched.
 */
export function RunPhaseList({ run }: { run: RunView }) {
  if (run.phases.length === 0) return <p className="text-sm text-slate-700">No phases were reported.</p>;

  const ordered = [...run.phases].sort((left, right) => Date.parse(left.startedAt) - Date.parse(right.startedAt));
  const origin = Date.parse(run.startedAt ?? ordered[0].startedAt);

  return (
    <ol data-testid="run-phase-list" className="space-y-1 text-sm">
      {ordered.map((phase, index) => (
        <li key={`${phase.name}-${index}`} data-testid="run-phase" data-phase={phase.name} data-ms={phase.durationMs ?? undefined} className="flex flex-wrap items-baseline gap-x-2">
          <span aria-hidden="true" className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm border border-slate-500" style={{ backgroundColor: PHASE_COLORS[phase.name] }} />
          <span className="w-24 font-medium">{PHASE_LABELS[phase.name] ?? phase.name}</span>
          <span className="font-mono tabular-nums" title={phase.durationMs === null ? "Still running" : `${phase.durationMs} ms`}>
            {phase.durationMs === null ? "running" : formatSeconds(phase.durationMs)}
          </span>
          <span className="text-xs text-slate-600">from +{formatSeconds(Date.parse(phase.startedAt) - origin)}</span>
          {phase.detail && <span className="basis-full pl-[1.125rem] text-xs text-slate-700 [overflow-wrap:anywhere]">{phase.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
