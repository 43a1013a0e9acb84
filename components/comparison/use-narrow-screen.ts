"use client";

import { useEffect, useState } from "react";

// Tailwind's `sm` breakpoint: below it, charts give their axes and labels less room.
const NARROW_QUERY = "(max-width: 639px)";

/**
 * Returns whether the viewport is narrower than Tailwind's `sm` breakpoint, following resizes. It
 * returns false until the component has mounted, so the server's HTML and the first render agree.
 */
export function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = useState(false);

  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  return narrow;
}
