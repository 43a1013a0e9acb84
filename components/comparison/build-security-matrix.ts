import type { FindingView } from "@/lib/views";
import type { PostureRun } from "./select-posture-runs";

export type Severity = FindingView["severity"];

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

/** One control as evaluated on one strategy's run: one finding per workload it applies to. */
export interface MatrixCell {
  findings: FindingView[];
  /** True when every workload passed. */
  passed: boolean;
  /** The most severe failed finding's severity, or the control's own severity when all passed. */
  severity: Severity;
}

export interface MatrixRow {
  control: string;
  title: string;
  /** One per column; null where the strategy's run did not evaluate this control. */
  cells: (MatrixCell | null)[];
  /** How many columns failed this control. */
  failedCount: number;
  /** The most severe failure in the row, or null when every column passed. */
  worstFailed: Severity | null;
  /** The highest severity the control has in any column, for ordering passed rows. */
  severity: Severity;
}

export interface SecurityMatrix {
  columns: PostureRun[];
  rows: MatrixRow[];
}

function rank(severity: Severity): number {
  const index = SEVERITY_ORDER.indexOf(severity);
  return index === -1 ? SEVERITY_ORDER.length : index;
}

function toCell(findings: FindingView[]): MatrixCell {
  const failed = findings.filter((finding) => !finding.passed);
  const weighed = failed.length > 0 ? failed : findings;
  const severity = weighed.reduce((worst, finding) => (rank(finding.severity) < rank(worst) ? finding.severity : worst), weighed[0].severity);
  return { findings, passed: failed.length === 0, severity };
}

/**
 * Lays out the findings of each strategy's run as a matrix: one column per strategy and mode, one
 * row per control. Rows are ordered worst first: failed rows by their most severe failure (a failed
 * critical control first), then by how many strategies fail them, then passed rows by severity.
 * Ties are broken by control id, so the order does not depend on the order findings were stored.
 */
export function buildSecurityMatrix(columns: PostureRun[]): SecurityMatrix {
  const byControl = new Map<string, { title: string; findings: FindingView[][] }>();
  columns.forEach((column, index) => {
    for (const finding of column.run?.findings ?? []) {
      let entry = byControl.get(finding.control);
      if (!entry) {
        entry = { title: finding.title, findings: columns.map(() => []) };
        byControl.set(finding.control, entry);
      }
      entry.findings[index].push(finding);
    }
  });

  const rows: MatrixRow[] = [...byControl.entries()].map(([control, entry]) => {
    const cells = entry.findings.map((findings) => (findings.length > 0 ? toCell(findings) : null));
    const present = cells.filter((cell): cell is MatrixCell => cell !== null);
    const failed = present.filter((cell) => !cell.passed);
    const worstFailed = failed.length > 0 ? failed.map((cell) => cell.severity).sort((a, b) => rank(a) - rank(b))[0] : null;
    const severity = present.flatMap((cell) => cell.findings.map((finding) => finding.severity)).sort((a, b) => rank(a) - rank(b))[0];
    return { control, title: entry.title, cells, failedCount: failed.length, worstFailed, severity };
  });

  rows.sort((left, right) => {
    if ((left.worstFailed === null) !== (right.worstFailed === null)) return left.worstFailed === null ? 1 : -1;
    if (left.worstFailed !== null && right.worstFailed !== null && left.worstFailed !== right.worstFailed) {
      return rank(left.worstFailed) - rank(right.worstFailed);
    }
    if (left.failedCount !== right.failedCount) return right.failedCount - left.failedCount;
    if (left.severity !== right.severity) return rank(left.severity) - rank(right.severity);
    return left.control.localeCompare(right.control);
  });

  return { columns, rows };
}
