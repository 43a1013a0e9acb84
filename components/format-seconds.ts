/**
 * Formats a duration in milliseconds as seconds with two decimals, such as "12.35 s".
 * Rounding is for display only: callers put the exact milliseconds in a `data-ms` attribute.
 */
export function formatSeconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return `${(ms / 1000).toFixed(2)} s`;
}
