import { stringify } from "csv-stringify/sync";

import { sumPhaseDurations } from "../stats/sum-phase-durations";
import { PHASE_NAMES, type PhaseName } from "../strategies/types";
import type { ComparisonView, RunView } from "../views";

const COLUMNS = [
  "sequence",
  "run_id",
  "strategy",
  "mode",
  "scenario",
  "iteration",
  "status",
  "total_seconds",
  ...PHASE_NAMES.map((phase) => `${phase}_seconds`),
  "started_at",
  "ended_at",
  "image_digest",
] as const;

type Row = Record<(typeof COLUMNS)[number], string>;

/**
 * Writes one CSV row per run of the comparison, in plan order, under a header row. Durations are
 * in seconds with three decimals, written from the stored whole milliseconds. A phase column is
 * empty when the run did not report that phase or it has not ended; times are ISO 8601 in UTC.
 * Follows RFC 4180: CRLF line ends, and fields with a comma, quote or line break in double quotes.
 */
export function toCsv(view: ComparisonView): string {
  const rows = [...view.runs].sort((a, b) => a.sequence - b.sequence).map(toRow);
  return stringify(rows, {
    header: true,
    columns: [...COLUMNS],
    record_delimiter: "windows",
    // csv-stringify quotes only the record delimiter itself, and RFC 4180 quotes a lone CR or LF too.
    quoted_match: /[\r\n]/,
  });
}

function toRow(run: RunView): Row {
  const phases = sumPhaseDurations(run);
  const phaseColumns = Object.fromEntries(
    PHASE_NAMES.map((phase: PhaseName) => [`${phase}_seconds`, formatSeconds(phases[phase] ?? null)]),
  ) as Record<`${PhaseName}_seconds`, string>;

  return {
    sequence: String(run.sequence),
    run_id: run.id,
    strategy: run.strategy,
    mode: run.mode ?? "",
    scenario: run.scenario,
    iteration: String(run.iteration),
    status: run.status,
    total_seconds: formatSeconds(run.durationMs),
    ...phaseColumns,
    started_at: run.startedAt ?? "",
    ended_at: run.finishedAt ?? "",
    image_digest: run.image.digest ?? "",
  };
}

/**
 * Formats milliseconds as seconds with exactly three decimals using integer arithmetic, so that
 * 1234 ms is "1.234" and never "1.2339999". Fractions of a millisecond are rounded to the nearest
 * one, although stored durations are whole milliseconds.
 */
function formatSeconds(ms: number | null): string {
  if (ms === null) return "";
  const rounded = Math.round(ms);
  const sign = rounded < 0 ? "-" : "";
  const absolute = Math.abs(rounded);
  return `${sign}${Math.floor(absolute / 1000)}.${String(absolute % 1000).padStart(3, "0")}`;
}
