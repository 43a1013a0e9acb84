"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ComparisonView, LogLineView } from "@/lib/views";
import { ComparisonEvidence, type EvidenceLinks } from "@/components/comparison/comparison-evidence";
import { ComparisonFacts } from "@/components/comparison-facts";
import { DockerfileView } from "@/components/dockerfile-view";
import { LiveRunCard } from "@/components/live-run-card";
import { PlanProgress } from "@/components/plan-progress";
import { LogViewer } from "@/components/log-viewer";
import { PhaseChart, PhaseTable } from "@/components/phase-chart";
import { readApiError } from "@/components/read-api-error";
import { RunResultCard } from "@/components/run-result-card";
import { StatusBadge } from "@/components/status-badge";
import { useNow } from "@/components/use-now";

// The live log keeps this many lines in the page; the whole log stays on the server.
const MAX_LOG_LINES = 3000;

type Connection = "connecting" | "open" | "reconnecting" | "closed";

interface LiveLog {
  lines: LogLineView[];
  received: number;
}

function readStreamErrorMessage(data: string): string {
  try {
    const parsed = JSON.parse(data) as { message?: unknown };
    return typeof parsed.message === "string" ? parsed.message : data;
  } catch {
    return data;
  }
}

function isLive(view: ComparisonView | null): boolean {
  return view === null || view.status === "queued" || view.status === "running";
}

/** The routes the page reads the comparison through: its own, or a share link's read-only ones. */
interface ComparisonRoutes {
  /** `GET` returns the view, `/events` streams it and `/export` downloads it. */
  apiBase: string;
  runLogUrl: (runId: string) => string;
  evidence: EvidenceLinks;
}

function routesFor(id: string, shareToken: string | undefined): ComparisonRoutes {
  if (shareToken !== undefined) {
    const apiBase = `/api/share/${encodeURIComponent(shareToken)}`;
    return {
      apiBase,
      runLogUrl: (runId) => `${apiBase}/runs/${runId}/log`,
      // A share link opens only this comparison, so the Dockerfile's history and the share actions are left out.
      evidence: { exportUrl: `${apiBase}/export`, historyUrl: null, shareComparisonId: null },
    };
  }
  const apiBase = `/api/comparisons/${id}`;
  return {
    apiBase,
    runLogUrl: (runId) => `/api/runs/${runId}/log`,
    evidence: { exportUrl: `${apiBase}/export`, historyUrl: `${apiBase}/history`, shareComparisonId: id },
  };
}

interface ComparisonClientProps {
  id: string;
  initialView: ComparisonView | null;
  /** Set on a share link: the page reads through the link's routes and offers no cancel or share actions. */
  shareToken?: string;
}

/**
 * Renders a comparison's page: the live view while it runs, fed by server-sent events, and the
 * stored result once it has finished.
 */
export function ComparisonClient({ id, initialView, shareToken }: ComparisonClientProps) {
  const routes = routesFor(id, shareToken);
  const { apiBase } = routes;
  const [view, setView] = useState<ComparisonView | null>(initialView);
  const [loadError, setLoadError] = useState<{ status: number; message: string } | null>(null);
  const [log, setLog] = useState<LiveLog>({ lines: [], received: 0 });
  const [connection, setConnection] = useState<Connection>("connecting");
  const [streamError, setStreamError] = useState<string | null>(null);
  const seenLogIds = useRef(new Set<string>());
  const live = isLive(view);
  const now = useNow(live && view !== null);

  const loadView = useCallback(async () => {
    try {
      const response = await fetch(apiBase, { cache: "no-store" });
      if (!response.ok) {
        const error = await readApiError(response);
        setLoadError({ status: response.status, message: error.message });
        return;
      }
      setView((await response.json()) as ComparisonView);
      setLoadError(null);
    } catch (caught) {
      setLoadError({ status: 0, message: caught instanceof Error ? caught.message : String(caught) });
    }
  }, [apiBase]);

  useEffect(() => {
    if (initialView === null) void loadView();
  }, [initialView, loadView]);

  const appendLog = useCallback((incoming: LogLineView[]) => {
    const fresh = incoming.filter((line) => !seenLogIds.current.has(line.id));
    if (fresh.length === 0) return;

    setLog((previous) => {
      const combined = previous.lines.concat(fresh);
      const retained = combined.length > MAX_LOG_LINES ? combined.slice(combined.length - MAX_LOG_LINES) : combined;
      // Forget the ids of dropped lines too, so the set stays as small as the kept window.
      for (const dropped of combined.slice(0, combined.length - retained.length)) seenLogIds.current.delete(dropped.id);
      return { lines: retained, received: previous.received + fresh.length };
    });
    for (const line of fresh) seenLogIds.current.add(line.id);
  }, []);

  const shouldStream = view !== null && live && loadError === null;
  useEffect(() => {
    if (!shouldStream) return;

    const source = new EventSource(`${apiBase}/events`);
    setConnection("connecting");
    source.onopen = () => {
      setConnection("open");
      setStreamError(null);
    };
    // EventSource reconnects by itself after a dropped connection; a CLOSED state means it gave up.
    // The server also sends a named "error" event with a message before it closes the stream.
    source.onerror = (event) => {
      setConnection(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
      if (event instanceof MessageEvent && typeof event.data === "string") setStreamError(readStreamErrorMessage(event.data));
    };
    source.addEventListener("comparison", (event) => {
      setView(JSON.parse((event as MessageEvent<string>).data) as ComparisonView);
    });
    source.addEventListener("log", (event) => {
      appendLog(JSON.parse((event as MessageEvent<string>).data) as LogLineView[]);
    });
    source.addEventListener("end", () => {
      source.close();
      setConnection("closed");
      void loadView();
    });

    return () => source.close();
  }, [apiBase, shouldStream, appendLog, loadView]);

  if (view === null) {
    if (loadError) return <LoadFailure id={id} shared={shareToken !== undefined} status={loadError.status} message={loadError.message} onRetry={loadView} />;
    return <p role="status" className="text-slate-700">Loading the comparison…</p>;
  }

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="text-2xl font-bold tracking-tight [overflow-wrap:anywhere]">{view.title}</h1>
          <StatusBadge status={view.status} testId="comparison-status" />
          {live && shareToken === undefined && <CancelButton id={id} />}
        </div>
        {live && <ConnectionNote connection={connection} error={streamError} />}
        {view.error && (
          <p role="alert" data-testid="comparison-error" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 whitespace-pre-wrap [overflow-wrap:anywhere]">
            {view.error}
          </p>
        )}
        <ComparisonFacts view={view} />
        {view.schedule === "parallel" && (
          <p data-testid="parallel-schedule-warning" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            The strategies of each round ran side by side, so their builds competed for the same CPU, disk and network. Compare
            these timings with care: run the comparison again one at a time before ranking strategies.
          </p>
        )}
      </header>

      {live ? (
        <>
          <section aria-labelledby="live-runs-heading" className="space-y-3">
            <h2 id="live-runs-heading" className="text-lg font-semibold">Runs</h2>
            <PlanProgress view={view} now={now} />
            {view.runs.map((run) => (
              <LiveRunCard key={run.id} run={run} now={now} />
            ))}
          </section>
          <div className="print:hidden">
            <LogViewer lines={log.lines} receivedCount={log.received} maxLines={MAX_LOG_LINES} runs={view.runs} />
          </div>
        </>
      ) : (
        <ComparisonResult view={view} routes={routes} />
      )}

      <div data-print-expand="">
        <DockerfileView path={view.dockerfilePath} text={view.dockerfile} />
      </div>
    </div>
  );
}

function ComparisonResult({ view, routes }: { view: ComparisonView; routes: ComparisonRoutes }) {
  const timedRuns = view.runs.filter((run) => run.phases.some((phase) => phase.durationMs !== null));

  return (
    <div data-testid="comparison-result" className="space-y-6">
      <section aria-labelledby="phases-heading" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="phases-heading" className="text-lg font-semibold">Phase timings</h2>
        {timedRuns.length === 0 ? (
          <p className="text-sm text-slate-700">No run reported a finished phase.</p>
        ) : (
          <>
            <PhaseChart runs={timedRuns} />
            <PhaseTable runs={view.runs} />
          </>
        )}
      </section>

      <ComparisonEvidence view={view} links={routes.evidence} />

      <section aria-labelledby="runs-heading" className="space-y-3">
        <h2 id="runs-heading" className="text-lg font-semibold">Runs</h2>
        {view.runs.map((run) => (
          <RunResultCard key={run.id} run={run} logUrl={routes.runLogUrl(run.id)} />
        ))}
      </section>
    </div>
  );
}

const CANCEL_LABELS = { idle: "Cancel", sending: "Cancelling…", sent: "Cancel requested" } as const;

function CancelButton({ id }: { id: string }) {
  const [state, setState] = useState<keyof typeof CANCEL_LABELS>("idle");
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setState("sending");
    setError(null);
    try {
      const response = await fetch(`/api/comparisons/${id}/cancel`, { method: "POST" });
      if (!response.ok) {
        setError((await readApiError(response)).message);
        setState("idle");
        return;
      }
      setState("sent");
    } catch (caught) {
      setError(`The cancel request did not reach the server: ${caught instanceof Error ? caught.message : String(caught)}`);
      setState("idle");
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2 print:hidden">
      <button
        type="button"
        onClick={() => void cancel()}
        disabled={state !== "idle"}
        className="rounded-md border border-red-700 bg-white px-3 py-1 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:cursor-not-allowed disabled:border-slate-400 disabled:text-slate-600"
      >
        {CANCEL_LABELS[state]}
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-800">
          Could not cancel: {error}
        </span>
      )}
    </span>
  );
}

function ConnectionNote({ connection, error }: { connection: Connection; error: string | null }) {
  const text: Record<Connection, string> = {
    connecting: "Connecting to the live view…",
    open: "Live: updates arrive as the runs progress.",
    reconnecting: "The live connection dropped; reconnecting…",
    closed: "The live connection closed. Reload the page to see the latest state.",
  };
  return (
    <p data-testid="live-connection" data-state={connection} role="status" className={`text-sm print:hidden ${connection === "open" ? "text-slate-700" : "text-amber-900"}`}>
      {text[connection]}
      {error && <span className="block">The server reported: {error}</span>}
    </p>
  );
}

function LoadFailure({ id, shared, status, message, onRetry }: { id: string; shared: boolean; status: number; message: string; onRetry: () => void }) {
  const notFoundTitle = shared ? "This share link does not open a comparison." : `No comparison has the id ${id}.`;

  return (
    <div role="alert" className="space-y-2 rounded-md border border-red-300 bg-red-50 p-4 text-red-950">
      <p className="font-semibold">{status === 404 ? notFoundTitle : "Could not load the comparison."}</p>
      <p className="text-sm">{message}</p>
      <div className="flex gap-3 text-sm">
        {status !== 404 && (
          <button type="button" onClick={onRetry} className="rounded-md border border-red-400 bg-white px-3 py-1 font-medium hover:bg-red-100">
            Try again
          </button>
        )}
        <Link href="/history" className="text-blue-800 underline">
          See all comparisons
        </Link>
      </div>
    </div>
  );
}
