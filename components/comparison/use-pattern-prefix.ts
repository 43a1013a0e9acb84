"use client";

import { useId } from "react";

/**
 * Returns a prefix for the SVG pattern ids of one chart. React's ids contain characters such as
 * colons that need escaping inside `url(#...)`, so only letters, digits and dashes are kept.
 */
export function usePatternPrefix(name: string): string {
  return `${name}-${useId().replace(/[^a-zA-Z0-9-]/g, "")}`;
}
