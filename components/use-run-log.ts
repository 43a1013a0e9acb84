"use client";

import { useEffect, useState } from "react";
import { readApiError } from "./read-api-error";

export type RunLog = { state: "idle" | "loading" } | { state: "loaded"; text: string } | { state: "failed"; message: string };

/**
 * Fetches a run's stored log once `enabled` turns true, from `url`: `GET /api/runs/:id/log` by
 * default, or the share link's log route on a shared comparison.
 */
export function useRunLog(runId: string, enabled: boolean, url = `/api/runs/${runId}/log`): RunLog {
  const [log, setLog] = useState<RunLog>({ state: "idle" });

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setLog({ state: "loading" });

    fetch(url, { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error((await readApiError(response)).message);
        setLog({ state: "loaded", text: await response.text() });
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setLog({ state: "failed", message: caught instanceof Error ? caught.message : String(caught) });
      });

    return () => controller.abort();
  }, [url, enabled]);

  return log;
}
