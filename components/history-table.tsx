import Link from "next/link";
import type { ComparisonSummary } from "@/lib/views";
import { formatSeconds } from "./format-seconds";
import { formatTimestamp } from "./format-timestamp";
import { StatusBadge } from "./status-badge";

/** Renders the comparisons, newest first, each linking to its page. */
export function HistoryTable({ comparisons }: { comparisons: ComparisonSummary[] }) {
  if (comparisons.length === 0) {
    return (
      <p className="text-slate-700">
        No comparisons yet. <Link href="/" className="text-blue-800 underline">Start one</Link>.
      </p>
    );
  }

  const newestFirst = [...comparisons].sort((left, right) => Date.parse(right.createdAt) - Date.parse(left.createdAt));
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <table data-testid="history-table" className="min-w-full text-sm">
        <caption className="sr-only">Comparisons, newest first</caption>
        <thead className="bg-slate-100">
          <tr className="text-left">
            <th scope="col" className="px-3 py-2 font-semibold">Comparison</th>
            <th scope="col" className="px-3 py-2 font-semibold">Status</th>
            <th scope="col" className="px-3 py-2 font-semibold">Strategies</th>
            <th scope="col" className="px-3 py-2 font-semibold">Created</th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">Runs</th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">Total build time</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((comparison) => (
            <tr key={comparison.id} data-testid="history-row" data-comparison-id={comparison.id} className="border-t border-slate-200 align-top">
              <td className="px-3 py-2">
                <Link href={`/comparisons/${comparison.id}`} className="font-medium text-blue-800 underline-offset-2 hover:underline">
                  {comparison.title}
                </Link>
                <span className="block text-xs text-slate-600">{comparison.source}</span>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={comparison.status} />
              </td>
              <td className="px-3 py-2">{comparison.strategies.join(", ")}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <time dateTime={comparison.createdAt}>{formatTimestamp(comparison.createdAt)}</time>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{comparison.runCount}</td>
              <td data-ms={comparison.totalMs ?? undefined} title={comparison.totalMs === null ? undefined : `${comparison.totalMs} ms, the sum of the runs' durations`} className="px-3 py-2 text-right font-mono tabular-nums whitespace-nowrap">
                {formatSeconds(comparison.totalMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
