"use client";

import { useState } from "react";
import type { MatrixRow } from "./build-security-matrix";
import { FindingEvidence } from "./finding-evidence";
import type { PostureRun } from "./select-posture-runs";
import { SeverityBadge } from "./severity-badge";

/**
 * Renders one control of the security matrix: a cell per strategy with passed or failed and the
 * severity. A cell is a button that opens the evidence, explanation and remediation in a row
 * under it, one cell at a time.
 */
export function SecurityMatrixRow({ row, columns }: { row: MatrixRow; columns: PostureRun[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const detailsId = `security-${row.control.replace(/[^a-zA-Z0-9-]/g, "-")}-details`;
  const openCell = open === null ? null : row.cells[open];

  return (
    <>
      <tr data-testid="security-row" data-control={row.control} data-worst={row.worstFailed ?? "passed"} className="border-b border-slate-200 align-top">
        <th scope="row" className="sticky left-0 z-10 min-w-[7.5rem] bg-white py-2 pr-2 text-left font-normal sm:min-w-[10rem]">
          <span className="block text-xs font-medium sm:text-sm">{row.title}</span>
          <span className="block font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">{row.control}</span>
        </th>
        {row.cells.map((cell, index) => {
          const column = columns[index];
          if (!cell) {
            return (
              <td key={column.key} data-testid="security-cell" data-strategy={column.strategy} data-mode={column.mode ?? ""} data-state="not-evaluated" className="px-1 py-2 text-center text-slate-500 sm:px-2">
                <span aria-hidden="true">—</span>
                <span className="sr-only">Not evaluated for {column.key}</span>
              </td>
            );
          }

          const result = cell.passed ? "passed" : "failed";
          const expanded = open === index;
          return (
            <td key={column.key} data-testid="security-cell" data-strategy={column.strategy} data-mode={column.mode ?? ""} data-state={result} data-severity={cell.severity} className="px-1 py-2 text-center sm:px-2">
              <button
                type="button"
                aria-expanded={expanded}
                aria-controls={expanded ? detailsId : undefined}
                aria-label={`${column.key}, ${row.title}: ${result}, ${cell.severity} severity. ${expanded ? "Hide" : "Show"} the evidence.`}
                onClick={() => setOpen(expanded ? null : index)}
                className={`inline-flex flex-col items-center gap-0.5 rounded-md border px-2 py-1 text-xs hover:bg-slate-50 print:border-black ${cell.passed ? "border-green-300 text-green-900" : "border-red-400 text-red-900"} ${expanded ? "ring-2 ring-blue-700" : ""}`}
              >
                <span className="font-semibold whitespace-nowrap">
                  <span aria-hidden="true">{cell.passed ? "✓ " : "✕ "}</span>
                  {result}
                </span>
                {!cell.passed && <SeverityBadge severity={cell.severity} />}
                {cell.findings.length > 1 && <span className="text-slate-600">{cell.findings.length} workloads</span>}
              </button>
            </td>
          );
        })}
      </tr>
      {openCell && open !== null && (
        <tr className="border-b border-slate-300 bg-slate-50">
          <td colSpan={columns.length + 1} className="p-3">
            <div id={detailsId} data-testid="security-details" role="region" aria-label={`${row.title} on ${columns[open].key}`} className="space-y-3">
              <p className="font-semibold">
                {row.title} on <span className="font-mono text-sm">{columns[open].key}</span>
              </p>
              {openCell.findings.map((finding, index) => (
                <FindingEvidence key={index} finding={finding} />
              ))}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
