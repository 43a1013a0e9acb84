"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { LogLineView, RunView } from "@/lib/views";

interface LogViewerProps {
  lines: LogLineView[];
  /** How many lines arrived in all, including those no longer kept. */
  receivedCount: number;
  /** How many lines are kept at most; older ones are dropped to keep the page fast. */
  maxLines: number;
  runs: RunView[];
}

// Within this many pixels of the bottom the view counts as following the log.
const BOTTOM_SLACK_PX = 24;

/**
 * Renders the live log of every run, newest at the bottom. It follows new lines until the user
 * pauses it or scrolls up, and shows only the last `maxLines` lines.
 */
export function LogViewer({ lines, receivedCount, maxLines, runs }: LogViewerProps) {
  const [follow, setFollow] = useState(true);
  const [runFilter, setRunFilter] = useState("all");
  const scroller = useRef<HTMLDivElement>(null);
  const filterId = useId();

  const sequenceByRun = new Map(runs.map((run) => [run.id, run.sequence + 1]));
  const visibleLines = runFilter === "all" ? lines : lines.filter((line) => line.runId === runFilter);

  useEffect(() => {
    const element = scroller.current;
    if (follow && element) element.scrollTop = element.scrollHeight;
  }, [visibleLines.length, follow, lines]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK_PX;
    if (!atBottom && follow) setFollow(false);
  }

  return (
    <section aria-labelledby={`${filterId}-heading`} data-testid="live-log" className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 id={`${filterId}-heading`} className="text-lg font-semibold">Log</h2>
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor={filterId}>Run</label>
          <select id={filterId} value={runFilter} onChange={(event) => setRunFilter(event.target.value)} className="rounded-md border border-slate-400 bg-white px-2 py-1">
            <option value="all">All runs</option>
            {runs.map((run) => (
              <option key={run.id} value={run.id}>
                Run {run.sequence + 1} · {run.strategy}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          aria-pressed={!follow}
          onClick={() => setFollow((previous) => !previous)}
          className="rounded-md border border-slate-400 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100"
        >
          {follow ? "Pause auto-scroll" : "Resume auto-scroll"}
        </button>
      </div>

      <p className="text-xs text-slate-700" aria-live="polite">
        {receivedCount > lines.length
          ? `Showing the last ${lines.length.toLocaleString("en-US")} of ${receivedCount.toLocaleString("en-US")} lines received; this view keeps at most ${maxLines.toLocaleString("en-US")}. Each run's whole stored log is under Raw log once it finishes.`
          : `${receivedCount.toLocaleString("en-US")} lines received; this view keeps the last ${maxLines.toLocaleString("en-US")}.`}
      </p>

      <div
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        // Announcing every build line would drown a screen reader; the lines stay readable by browsing.
        aria-live="off"
        aria-label="Build log"
        data-testid="live-log-lines"
        className="h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100"
      >
        {visibleLines.length === 0 ? (
          <p className="text-slate-400">No log lines yet.</p>
        ) : (
          visibleLines.map((line) => (
            <div key={line.id} className={`whitespace-pre-wrap break-all ${line.stream === "stderr" ? "text-amber-200" : line.stream === "system" ? "text-sky-200" : ""}`}>
              <span className="mr-2 text-slate-400 select-none">#{sequenceByRun.get(line.runId) ?? "?"}</span>
              {line.text}
            </div>
          ))
        )}
      </div>
    </section>
  );
}
