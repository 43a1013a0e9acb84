import type { RunView } from "@/lib/views";
import { formatSeconds } from "./format-seconds";
import { ImageFacts } from "./image-facts";
import { RawLog } from "./raw-log";
import { runLabel } from "./run-label";
import { RunFailure } from "./run-failure";
import { RunPhaseList } from "./run-phase-list";
import { StatusBadge } from "./status-badge";
import { StepsTable } from "./steps-table";
import { VersionsList } from "./versions-list";

/** Renders everything stored about one finished run. `logUrl` replaces the run's log route, as on a share link. */
export function RunResultCard({ run, logUrl }: { run: RunView; logUrl?: string }) {
  const headingId = `run-${run.id}-heading`;
  const failed = run.status === "failed" || run.status === "cancelled" || run.error !== null;

  return (
    <section aria-labelledby={headingId} data-testid="run-card" data-run-id={run.id} data-status={run.status} className="space-y-4 rounded-lg border border-slate-300 bg-white p-4">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 id={headingId} className="font-semibold">{runLabel(run)}</h3>
        <StatusBadge status={run.status} testId="run-status" />
        <span className="text-sm text-slate-700">
          total <span className="font-mono tabular-nums" data-ms={run.durationMs ?? undefined} title={run.durationMs === null ? undefined : `${run.durationMs} ms`}>{formatSeconds(run.durationMs)}</span>
        </span>
      </header>

      {run.change && (
        <p data-testid="run-change" className="text-sm text-slate-700">
          Changed before this build: <code className="font-mono text-xs [overflow-wrap:anywhere]">{run.change}</code>
        </p>
      )}

      {run.notes.length > 0 && (
        <ul data-testid="run-notes" aria-label="Notes from the strategy" className="list-disc space-y-1 rounded-md border border-amber-300 bg-amber-50 py-2 pr-3 pl-7 text-sm text-amber-950">
          {run.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}

      {failed && <RunFailure run={run} logUrl={logUrl} />}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-2">
          <h4 className="text-sm font-semibold text-slate-800">Steps</h4>
          <StepsTable runId={run.id} steps={run.steps} />
        </div>
        <div className="min-w-0 space-y-4">
          <div className="space-y-2">
            <h4 className="text-sm font-semibold text-slate-800">Phases</h4>
            <RunPhaseList run={run} />
          </div>
          <div className="space-y-2">
            <h4 className="text-sm font-semibold text-slate-800">Image</h4>
            <ImageFacts image={run.image} />
          </div>
          <div className="space-y-2">
            <h4 className="text-sm font-semibold text-slate-800">Versions</h4>
            <VersionsList versions={run.versions} />
          </div>
        </div>
      </div>

      <RawLog run={run} logUrl={logUrl} />
    </section>
  );
}
