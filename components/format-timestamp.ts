/**
 * Formats an ISO timestamp as "2026-12-04 20:12:03 UTC". UTC keeps the server and the browser
 * rendering the same text, so hydration never disagrees.
 */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return "—";

  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
