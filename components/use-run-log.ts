"use client";

import { useEffect, useState } from "react";
import { readApiError } from "./read-api-error";

export type RunLog = { state: "idle" | "loading" } | { state: "loaded"; text: string } | { state: "failed"; message: string };

/** Fetches a run's stored log from `GET /api/runs/:id/log` once `enabled` turns true. */
export function useRunLog(runId: string, enabled: boolean): RunLog {
  const [log, setLog] = useState<RunLog>({ state: "idle" });

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setLog({ state: "loading" });

    fetch(`/api/runs/${runId}/log`, { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error((await readApiError(response)).message);
        setLog({ state: "loaded", text: await response.text() });
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setLog({ state: "failed", message: caught instanceof Error ? caught.message : String(caught) });
      });

    return () => controller.abort();
  }, [runId, enabled]);

  return log;
}
