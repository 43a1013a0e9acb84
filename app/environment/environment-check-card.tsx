import type { ProbeCheck, ProbeStatus } from "@/lib/environment/types";

const STATUS_STYLES: Record<ProbeStatus, string> = {
  ok: "bg-green-50 text-green-900 ring-green-300",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
  missing: "bg-slate-100 text-slate-800 ring-slate-300",
  unreachable: "bg-red-50 text-red-900 ring-red-300",
};

const STATUS_ICONS: Record<ProbeStatus, string> = {
  ok: "✓",
  warning: "!",
  missing: "○",
  unreachable: "✕",
};

/** Renders one environment check: its status as text and symbol, what was found, and the fix. */
export function EnvironmentCheckCard({ check }: { check: ProbeCheck }) {
  const headingId = `check-${check.id}`;

  return (
    <section aria-labelledby={headingId} data-testid="environment-check" data-check={check.id} data-status={check.status} className="min-w-0 rounded-lg border border-slate-300 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {check.title}
        </h2>
        <span
          data-testid="check-status"
          className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATUS_STYLES[check.status]}`}
        >
          <span aria-hidden="true">{STATUS_ICONS[check.status]}</span>
          {check.status}
        </span>
      </div>
      <p data-testid="check-summary" className="mt-2 text-slate-800 [overflow-wrap:anywhere]">
        {check.summary}
      </p>

      {check.details.length > 0 && (
        <dl className="mt-3 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          {check.details.map((detail) => (
            <div key={detail.label} className="contents">
              <dt className="font-medium text-slate-700">{detail.label}</dt>
              <dd className="break-all font-mono text-slate-900">{detail.value}</dd>
            </div>
          ))}
        </dl>
      )}

      {check.fix && (
        <div data-testid="check-fix" className="mt-3 rounded border border-slate-200 bg-slate-50 p-3 text-sm">
          <p className="font-semibold text-slate-900">How to fix it</p>
          <p className="mt-1 text-slate-800 [overflow-wrap:anywhere]">{check.fix.description}</p>
          {check.fix.command && (
            <pre data-testid="check-fix-command" className="mt-2 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-50">
              <code>{check.fix.command}</code>
            </pre>
          )}
        </div>
      )}
    </section>
  );
}
