const STYLES: Record<string, string> = {
  queued: "bg-slate-100 text-slate-800 ring-slate-300",
  running: "bg-blue-50 text-blue-900 ring-blue-300",
  succeeded: "bg-green-50 text-green-900 ring-green-300",
  failed: "bg-red-50 text-red-900 ring-red-300",
  cancelled: "bg-amber-50 text-amber-900 ring-amber-300",
};

const ICONS: Record<string, string> = {
  queued: "○",
  running: "◐",
  succeeded: "✓",
  failed: "✕",
  cancelled: "–",
};

/** Renders a run or comparison status as text with a symbol, so the colour is never the only signal. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[status] ?? STYLES.queued}`}
    >
      <span aria-hidden="true">{ICONS[status] ?? "•"}</span>
      {status}
    </span>
  );
}
