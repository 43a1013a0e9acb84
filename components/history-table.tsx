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
    <>
      <HistoryCards comparisons={newestFirst} />
      <div className="hidden overflow-x-auto rounded-lg border border-slate-300 bg-white md:block">
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
    </>
  );
}

/** Renders the same comparisons as stacked cards, for screens too narrow for the table's six columns. */
function HistoryCards({ comparisons }: { comparisons: ComparisonSummary[] }) {
  return (
    <ul className="space-y-3 md:hidden" aria-label="Comparisons, newest first">
      {comparisons.map((comparison) => (
        <li key={comparison.id} data-testid="history-card" data-comparison-id={comparison.id} className="rounded-lg border border-slate-300 bg-white p-3 text-sm">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Link href={`/comparisons/${comparison.id}`} className="font-medium text-blue-800 underline-offset-2 hover:underline">
              {comparison.title}
            </Link>
            <StatusBadge status={comparison.status} />
          </div>
          <p className="mt-1 text-slate-700">{comparison.strategies.join(", ")}</p>
          <p className="mt-1 text-slate-700">
            <time dateTime={comparison.createdAt}>{formatTimestamp(comparison.createdAt)}</time> · {comparison.runCount} {comparison.runCount === 1 ? "run" : "runs"} ·{" "}
            <span data-ms={comparison.totalMs ?? undefined} className="font-mono tabular-nums">{formatSeconds(comparison.totalMs)}</span> total
          </p>
        </li>
      ))}
    </ul>
  );
}
