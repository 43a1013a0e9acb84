"use client";

import { useEffect, useState } from "react";
import type { Role } from "@/lib/auth/types";

export type SessionRole = { state: "loading" } | { state: "loaded"; role: Role | null } | { state: "failed"; message: string };

/**
 * Reads the caller's role from `GET /api/auth/session`, so that a page shows the actions only an
 * admin may take. A failed read leaves the role unknown, and the page shows no admin actions.
 */
export function useSessionRole(): SessionRole {
  const [session, setSession] = useState<SessionRole>({ state: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/auth/session", { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`the server responded with ${response.status} ${response.statusText}`);
        const body = (await response.json()) as { role: Role | null };
        setSession({ state: "loaded", role: body.role });
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setSession({ state: "failed", message: caught instanceof Error ? caught.message : String(caught) });
      });
    return () => controller.abort();
  }, []);

  return session;
}
