"use client";

import { useEffect, useState } from "react";

/**
 * Returns the current time in milliseconds, refreshed every `intervalMs` while `active` is true,
 * so elapsed times tick while something runs and rendering stops when nothing does. It returns
 * null until the component has mounted, so the server's HTML and the first client render agree.
 */
export function useNow(active: boolean, intervalMs = 500): number | null {
  const [now, setNow] = useState<number | null>(null);

  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);

  return now;
}
