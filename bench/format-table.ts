import type { Summary } from "@/lib/stats/summarize";

/** Formats rows as a Markdown table; every cell is already text, and its pipes are escaped here. */
export function formatTable(headers: string[], rows: string[][]): string {
  // A pipe ends a cell even inside a code span, unless it is escaped.
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Formats a duration in milliseconds with a precision that suits its size. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (Math.abs(ms) >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** Formats a ratio such as 1.034 as "1.034". */
export function formatRatio(ratio: number): string {
  return ratio.toFixed(3);
}

/** Formats a byte count in MiB with one decimal. */
export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Formats n, median, min, max and IQR of a summary as table cells, each value with `format`. */
export function summaryCells(summary: Summary, format: (value: number) => string = formatMs): string[] {
  return [String(summary.n), format(summary.median), format(summary.min), format(summary.max), format(summary.iqr)];
}

/** The headers that go with summaryCells. */
export const SUMMARY_HEADERS = ["n", "median", "min", "max", "IQR"];
