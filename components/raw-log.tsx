"use client";

import { useState } from "react";
import type { RunView } from "@/lib/views";
import { formatBytes } from "./format-bytes";
import { useRunLog } from "./use-run-log";

/**
 * Renders a run's whole stored log, fetched from `logUrl` when the user opens it. It is left out of
 * print, where a build log would fill pages.
 */
export function RawLog({ run, logUrl = `/api/runs/${run.id}/log` }: { run: RunView; logUrl?: string }) {
  const [open, setOpen] = useState(false);
  const log = useRunLog(run.id, open, logUrl);

  return (
    <details data-testid="raw-log" onToggle={(event) => setOpen(event.currentTarget.open)} className="rounded-md border border-slate-300 bg-white print:hidden">
      <summary className="px-3 py-2 text-sm font-medium">
        Raw log ({formatBytes(run.logBytes)}{run.logTruncated ? ", cut at the log cap" : ""})
      </summary>
      <div className="border-t border-slate-200 p-3">
        {run.logTruncated && (
          <p className="mb-2 text-sm text-amber-900">
            The log reached the per-run cap of stored bytes, so the lines after that point were not kept.
          </p>
        )}
        {log.state === "loading" && <p className="text-sm text-slate-700" role="status">Loading the log…</p>}
        {log.state === "failed" && <p className="text-sm text-red-800" role="alert">Could not load the log: {log.message}</p>}
        {log.state === "loaded" && (
          <pre tabIndex={0} className="max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100">
            {log.text || "(empty)"}
          </pre>
        )}
        <a href={logUrl} target="_blank" rel="noreferrer" className="mt-2 inline-block text-sm text-blue-800 underline">
          Open as plain text
        </a>
      </div>
    </details>
  );
}
