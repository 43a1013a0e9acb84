"use client";

import type { ComparisonView } from "@/lib/views";
import { strategyWithMode } from "../strategy-labels";
import { buildSecurityMatrix } from "./build-security-matrix";
import { FindingEvidence } from "./finding-evidence";
import { PostureCards } from "./posture-cards";
import { PssLevelBadge } from "./pss-level-badge";
import { SecurityMatrixRow } from "./security-matrix-row";
import { selectPostureRuns } from "./select-posture-runs";

/**
 * Renders the security section: a posture card per strategy, then the matrix of controls (rows,
 * worst first) by strategy (columns), from each strategy's first-iteration run. In print, the
 * evidence of every failed critical and high finding is listed under the matrix instead of the
 * buttons that open it.
 */
export function SecurityMatrix({ view }: { view: ComparisonView }) {
  const matrix = buildSecurityMatrix(selectPostureRuns(view));
  const { columns, rows } = matrix;
  const printed = columns.flatMap((column) =>
    (column.run?.findings ?? [])
      .filter((finding) => !finding.passed && (finding.severity === "critical" || finding.severity === "high"))
      .map((finding) => ({ column, finding })),
  );

  return (
    <section aria-labelledby="security-heading" data-testid="security-section" data-print-expand="" className="space-y-4 rounded-lg border border-slate-300 bg-white p-4 print:border-0 print:p-0">
      <div className="space-y-1">
        <h2 id="security-heading" className="text-lg font-semibold">Security</h2>
        <p className="text-sm text-slate-700">
          Each control is checked on the container, pod or daemon a run really used, read back after the build. Pod Security Standards controls are named <code className="font-mono text-xs">pss.*</code>, CIS Docker Benchmark controls <code className="font-mono text-xs">cis-docker.*</code>.
        </p>
      </div>

      <PostureCards columns={columns} />

      {rows.length > 0 && <p className="text-xs text-slate-600 sm:hidden print:hidden">Scroll the table sideways to see every strategy.</p>}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-700">No run stored security findings.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table data-testid="security-matrix" className="min-w-full border-collapse text-sm">
            <caption className="sr-only">Security controls by strategy, the most severe failures first. Choose a cell to see its evidence.</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left align-bottom">
                <th scope="col" className="sticky left-0 z-10 bg-white py-2 pr-2 font-semibold">Control</th>
                {columns.map((column) => (
                  <th key={column.key} scope="col" data-testid="security-column" data-strategy={column.strategy} data-mode={column.mode ?? ""} className="min-w-[5.5rem] px-1 py-2 text-center text-xs font-semibold sm:min-w-[7rem] sm:px-2 sm:text-sm">
                    <span className="block">{strategyWithMode(column.strategy, column.mode)}</span>
                    <span className="block font-mono text-xs font-normal text-slate-600">{column.key}</span>
                    <span className="mt-1 block">
                      <PssLevelBadge level={column.run?.posture?.pssLevel ?? null} testId="column-pss-level" />
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <SecurityMatrixRow key={row.control} row={row} columns={columns} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {printed.length > 0 && (
        <div className="hidden space-y-3 print:block">
          <h3 className="font-semibold">Evidence of the failed critical and high findings</h3>
          {printed.map(({ column, finding }, index) => (
            <div key={index} className="break-inside-avoid border-t border-slate-400 pt-2">
              <p className="font-medium">
                {column.key}: {finding.title} <span className="font-mono text-xs">({finding.control})</span>
              </p>
              <FindingEvidence finding={finding} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
