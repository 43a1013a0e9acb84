import type { FindingView } from "@/lib/views";

const STYLES: Record<FindingView["severity"], string> = {
  critical: "bg-red-700 text-white ring-red-700",
  high: "bg-red-50 text-red-900 ring-red-300",
  medium: "bg-amber-50 text-amber-900 ring-amber-300",
  low: "bg-slate-100 text-slate-800 ring-slate-300",
  info: "bg-white text-slate-700 ring-slate-300",
};

/** Renders a finding's severity as its name, styled by weight; the word carries it in black and white. */
export function SeverityBadge({ severity }: { severity: FindingView["severity"] }) {
  return (
    <span data-testid="severity" data-severity={severity} className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset print:bg-white print:text-black print:ring-black ${STYLES[severity]}`}>
      {severity}
    </span>
  );
}
