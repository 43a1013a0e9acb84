import type { ImagePairView, RunView } from "@/lib/views";
import { formatEvidenceValue } from "./format-evidence-value";
import { strategyKeyOf } from "./strategy-key-of";

function runName(run: RunView | undefined, runId: string): string {
  return run ? `${strategyKeyOf(run)} (run ${run.sequence + 1})` : `run ${runId}`;
}

/**
 * Renders one compared pair of images: equal or not, and each difference that matters with its
 * path, kind, left and right values and message. Ignored differences (timestamps, digests, layer
 * boundaries, history) show only with `showIgnored`, and only those that were stored.
 */
export function ImagePairCard({ pair, runs, showIgnored }: { pair: ImagePairView; runs: Map<string, RunView>; showIgnored: boolean }) {
  const left = runs.get(pair.leftRunId);
  const right = runs.get(pair.rightRunId);
  const visibleDifferences = pair.differences.filter((difference) => showIgnored || !difference.ignored);
  const relevantCount = pair.differences.filter((difference) => !difference.ignored).length;
  const storedIgnored = pair.differences.length - relevantCount;

  return (
    <li data-testid="image-pair" data-left-run-id={pair.leftRunId} data-right-run-id={pair.rightRunId} data-equal={pair.equal} className="space-y-2 rounded-md border border-slate-300 p-3 text-sm break-inside-avoid">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-mono text-xs">{runName(left, pair.leftRunId)}</span>
        <span aria-hidden="true">↔</span>
        <span className="sr-only">compared with</span>
        <span className="font-mono text-xs">{runName(right, pair.rightRunId)}</span>
        {pair.equal ? (
          <span data-testid="image-pair-result" className="rounded bg-green-50 px-1.5 py-0.5 text-xs font-semibold text-green-900 ring-1 ring-green-300 ring-inset print:ring-black">
            <span aria-hidden="true">= </span>equal
          </span>
        ) : (
          <span data-testid="image-pair-result" className="rounded bg-red-50 px-1.5 py-0.5 text-xs font-semibold text-red-900 ring-1 ring-red-300 ring-inset print:ring-black">
            <span aria-hidden="true">≠ </span>
            {relevantCount} {relevantCount === 1 ? "difference" : "differences"}
          </span>
        )}
        <span data-testid="image-pair-ignored" data-count={pair.ignoredCount} className="text-xs text-slate-600">
          {pair.ignoredCount} ignored {pair.ignoredCount === 1 ? "difference" : "differences"}
          {showIgnored && pair.ignoredCount > storedIgnored ? `, ${pair.ignoredCount - storedIgnored} of them counted but not stored` : ""}
        </span>
      </p>

      {visibleDifferences.length > 0 && (
        <div className="relative overflow-x-auto">
          <table data-testid="image-differences" className="min-w-full text-xs">
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-1 pr-2 font-semibold">Path</th>
                <th scope="col" className="px-2 py-1 font-semibold">Kind</th>
                <th scope="col" className="px-2 py-1 font-semibold">Left → right</th>
                <th scope="col" className="py-1 pl-2 font-semibold">Message</th>
              </tr>
            </thead>
            <tbody>
              {visibleDifferences.map((difference, index) => (
                <tr key={index} data-testid="image-difference" data-kind={difference.kind} data-ignored={difference.ignored === true} className={`border-b border-slate-200 align-top ${difference.ignored ? "text-slate-600" : ""}`}>
                  <td className="min-w-[8rem] py-1 pr-2 font-mono [overflow-wrap:anywhere]">{difference.path}</td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    {difference.kind}
                    {difference.ignored && " (ignored)"}
                  </td>
                  <td className="px-2 py-1 font-mono [overflow-wrap:anywhere]">
                    {formatEvidenceValue(difference.left)} <span aria-hidden="true">→</span>
                    <span className="sr-only"> on the left, on the right </span> {formatEvidenceValue(difference.right)}
                  </td>
                  <td className="py-1 pl-2">{difference.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}
