import { strategyWithMode } from "../strategy-labels";
import { PssLevelBadge } from "./pss-level-badge";
import type { PostureRun } from "./select-posture-runs";

function YesNo({ value, testId, yes, no }: { value: boolean; testId: string; yes: string; no: string }) {
  return (
    <span data-testid={testId} data-value={value} className={value ? "font-semibold text-red-900" : "text-green-900"}>
      <span aria-hidden="true">{value ? "✕ " : "✓ "}</span>
      {value ? yes : no}
    </span>
  );
}

/**
 * Renders, per strategy, what its run's security evidence adds up to. Each card gives the Pod
 * Security Standards level, whether a root daemon is involved and whether a malicious Dockerfile
 * could take over the host or node. The summary in plain words follows, then the notes the
 * strategy recorded, such as a fallback from privileged mode.
 */
export function PostureCards({ columns }: { columns: PostureRun[] }) {
  return (
    <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" aria-label="Security posture per strategy">
      {columns.map((column) => {
        const posture = column.run?.posture ?? null;
        return (
          <li key={column.key} data-testid="posture-card" data-strategy={column.strategy} data-mode={column.mode ?? ""} className="space-y-2 rounded-md border border-slate-300 p-3 text-sm break-inside-avoid">
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="font-semibold">{strategyWithMode(column.strategy, column.mode)}</h3>
              <PssLevelBadge level={posture?.pssLevel ?? null} />
            </div>
            {column.run && <p className="text-xs text-slate-600">From run {column.run.sequence + 1} (iteration {column.run.iteration}).</p>}
            {posture ? (
              <>
                <ul className="space-y-0.5">
                  <li>
                    <YesNo value={posture.rootDaemonInvolved} testId="root-daemon" yes="A Docker daemon with root rights is involved" no="No Docker daemon with root rights is involved" />
                  </li>
                  <li>
                    <YesNo value={posture.hostTakeoverFromDockerfile} testId="host-takeover" yes="A malicious Dockerfile could take over the host or node" no="No known way for a Dockerfile to take over the host or node" />
                  </li>
                </ul>
                <p data-testid="posture-summary" className="text-slate-800">{posture.summary}</p>
              </>
            ) : (
              <p className="text-slate-700">No security evidence was stored for this strategy, usually because its runs failed before they started a container or pod.</p>
            )}
            {column.run && column.run.notes.length > 0 && (
              <ul data-testid="posture-notes" aria-label="Notes from the strategy" className="list-disc space-y-1 rounded-md border border-amber-300 bg-amber-50 py-2 pr-3 pl-7 text-amber-950 print:border-black print:bg-white">
                {column.run.notes.map((note, index) => (
                  <li key={index} className="[overflow-wrap:anywhere]">{note}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
