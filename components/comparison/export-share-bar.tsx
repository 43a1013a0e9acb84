"use client";

import { ShareLinkControls } from "./share-link-controls";
import { useSessionRole } from "./use-session-role";

const LINK = "inline-block rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100";

interface ExportShareBarProps {
  /** The export route without its query, such as `/api/comparisons/:id/export` or `/api/share/:token/export`. */
  exportUrl: string;
  /** The comparison whose share link an admin may create or revoke; null hides those actions, as on a share link. */
  shareComparisonId: string | null;
}

/**
 * Renders the downloads (CSV with one row per run, JSON with everything), the share link actions
 * for an admin, and a Print button that prints the page through the print stylesheet. The bar
 * itself is left out of print.
 */
export function ExportShareBar({ exportUrl, shareComparisonId }: ExportShareBarProps) {
  const session = useSessionRole();
  const mayManage = session.state === "loaded" && session.role === "admin";

  return (
    <section aria-labelledby="export-heading" data-testid="export-bar" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4 print:hidden">
      <h2 id="export-heading" className="text-lg font-semibold">Export and share</h2>
      <div className="flex flex-wrap gap-2">
        <a href={`${exportUrl}?format=csv`} download data-testid="export-csv" className={LINK}>
          Download CSV
        </a>
        <a href={`${exportUrl}?format=json`} download data-testid="export-json" className={LINK}>
          Download JSON
        </a>
        <button type="button" onClick={() => window.print()} className={LINK}>
          Print
        </button>
      </div>
      <p className="text-sm text-slate-700">The CSV has one row per run with each phase in seconds to the millisecond; the JSON has the runs, phases, steps, statistics, findings and image comparison.</p>
      {shareComparisonId && mayManage && <ShareLinkControls comparisonId={shareComparisonId} />}
    </section>
  );
}
