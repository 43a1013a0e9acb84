"use client";

import type { RunView } from "@/lib/views";
import { useRunLog } from "./use-run-log";

const TAIL_LINES = 20;

/** Renders why a run failed: its error, the step that failed and the last lines of its stored log, read from `logUrl`. */
export function RunFailure({ run, logUrl }: { run: RunView; logUrl?: string }) {
  const log = useRunLog(run.id, true, logUrl);
  const tail = log.state === "loaded" ? log.text.trimEnd().split("\n").slice(-TAIL_LINES) : [];

  return (
    <div data-testid="run-failure" role="group" aria-label="Failure" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950">
      <p data-testid="run-error" className="font-semibold whitespace-pre-wrap [overflow-wrap:anywhere]">{run.error ?? `The run ended as ${run.status} without an error message.`}</p>
      {run.failedStep && (
        <p>
          Failed step: <code data-testid="failed-step" className="font-mono text-xs break-all">{run.failedStep}</code>
        </p>
      )}
      {log.state === "failed" && <p>Could not load the log: {log.message}</p>}
      {tail.length > 0 && (
        <div>
          <p className="font-medium">Last {tail.length} log lines</p>
          <pre tabIndex={0} className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs leading-5 text-slate-100">{tail.join("\n")}</pre>
        </div>
      )}
    </div>
  );
}
