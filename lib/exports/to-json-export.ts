import { summarizeComparison } from "../stats/summarize-comparison";
import type { ComparisonStatistics } from "../stats/types";
import type { ComparisonView } from "../views";

/** Results kept beside the view in an export. Typed loosely until their shapes settle. */
export interface JsonExportExtras {
  /** Security findings, such as each run's posture report. */
  findings?: unknown;
  /** Image equivalence results, such as the pairs of runs compared and their differences. */
  imageEquivalence?: unknown;
}

export interface ComparisonJsonExport {
  format: "buildlab-comparison";
  version: 1;
  /** Unit of every duration in `comparison` and `statistics`. */
  durationUnit: "ms";
  comparison: ComparisonView;
  statistics: ComparisonStatistics;
  /** Null when not given. */
  findings: unknown;
  /** Null when not given. */
  imageEquivalence: unknown;
}

/**
 * Builds the JSON export of a comparison: the whole view with its runs, phases and steps, the
 * statistics of `summarizeComparison`, and the extras given. Returns a plain object that
 * `JSON.stringify` writes as it is; `format` and `version` let a reader check what it got.
 */
export function toJsonExport(view: ComparisonView, extras: JsonExportExtras = {}): ComparisonJsonExport {
  return {
    format: "buildlab-comparison",
    version: 1,
    durationUnit: "ms",
    comparison: view,
    statistics: summarizeComparison(view),
    findings: extras.findings ?? null,
    imageEquivalence: extras.imageEquivalence ?? null,
  };
}
