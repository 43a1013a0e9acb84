import type { Metadata } from "next";
import { listComparisonSummaries } from "@/lib/db/queries/list-comparison-summaries";
import { HistoryTable } from "@/components/history-table";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "History" };

const HISTORY_LIMIT = 100;

export default async function HistoryPage() {
  const comparisons = await listComparisonSummaries(HISTORY_LIMIT);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">History</h1>
      <HistoryTable comparisons={comparisons} />
      {comparisons.length === HISTORY_LIMIT && <p className="text-sm text-slate-700">Showing the newest {HISTORY_LIMIT} comparisons.</p>}
    </div>
  );
}
