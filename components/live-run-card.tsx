import type { RunView } from "@/lib/views";
import { formatSeconds } from "./format-seconds";
import { PhaseProgress } from "./phase-progress";
import { runLabel } from "./run-label";
import { StatusBadge } from "./status-badge";
import { StepsTable } from "./steps-table";

/** Renders one run of a live comparison: status, elapsed time, phase progress and finished steps. */
export function LiveRunCard({ run, now }: { run: RunView; now: number | null }) {
  const headingId = `live-${run.id}-heading`;
  const elapsedMs = run.durationMs ?? (run.startedAt && now !== null ? Math.max(0, now - Date.parse(run.startedAt)) : null);

  return (
    <section aria-labelledby={headingId} data-testid="live-run" data-run-id={run.id} data-status={run.status} className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 id={headingId} className="font-semibold">{runLabel(run)}</h3>
        <StatusBadge status={run.status} testId="live-run-status" />
        {elapsedMs !== null && (
          <span className="text-sm text-slate-700">
            {run.durationMs === null ? "elapsed" : "took"} <span className="font-mono tabular-nums">{formatSeconds(elapsedMs)}</span>
          </span>
        )}
      </header>

      {run.status === "queued" ? (
        <p className="text-sm text-slate-700">Waiting for the runs before it.</p>
      ) : (
        <>
          <PhaseProgress run={run} now={now} />
          {run.error && (
            <p className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-950 whitespace-pre-wrap [overflow-wrap:anywhere]">
              {run.error}
              {run.failedStep && <span className="mt-1 block font-mono text-xs">Failed step: {run.failedStep}</span>}
            </p>
          )}
          <details open={run.status === "running"} className="text-sm">
            <summary className="font-medium">Steps ({run.steps.length})</summary>
            <div className="mt-2">
              <StepsTable runId={run.id} steps={run.steps} live={run.status === "running"} />
            </div>
          </details>
        </>
      )}
    </section>
  );
}
