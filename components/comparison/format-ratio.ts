/** Formats a ratio to the fastest median as "1.00×"; null, which lib/stats gives when no ratio exists, as "—". */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return "—";
  return `${ratio.toFixed(2)}×`;
}
