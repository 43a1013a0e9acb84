import type { Summary } from "./summarize";
import type { NoiseReason } from "./types";

/**
 * Fewer runs than this give no usable spread: one run has an IQR of 0, which would look perfectly
 * steady, and two runs put both quartiles on the line between the same two points.
 */
export const MIN_SAMPLES = 3;

/**
 * A middle half of the runs wider than this fraction of the median means that differences between
 * strategies of that size are within one strategy's own run-to-run variation.
 */
export const MAX_RELATIVE_IQR = 0.25;

export const NOISE_RULE =
  `A ranking is noisy when the fastest strategy or the runner-up has fewer than ${MIN_SAMPLES} succeeded runs, ` +
  `or an IQR larger than ${MAX_RELATIVE_IQR} times its median, or when the two interquartile ranges ` +
  "(q1 to q3) overlap, ties included. With one strategy, it is noisy when that strategy's own summary is.";

export interface NoiseEntry {
  /** Name used in messages, such as "socket/buildkit". */
  label: string;
  summary: Summary;
}

export interface NoiseFindings {
  /** Reasons each entry's own summary is noisy, in the order of the entries. */
  entries: NoiseReason[][];
  /** Whether the entries cannot honestly be ranked by median. */
  noisy: boolean;
  /** Reasons for `noisy`: those of the fastest entry and the runner-up, then any overlap of the two. */
  reasons: NoiseReason[];
}

/**
 * Applies the noise rule (NOISE_RULE above) to the summaries of one scenario and measure.
 *
 * Only the fastest entry and the runner-up decide `noisy`, because the question a reader asks first
 * is which strategy is fastest. A slower strategy's own noise still shows in its `entries` reasons.
 * The interquartile ranges are compared rather than the medians alone, because two medians apart by
 * less than the middle half of either strategy's runs may swap places in the next comparison.
 */
export function findNoise(entries: readonly NoiseEntry[]): NoiseFindings {
  const own = entries.map(findOwnNoise);
  if (entries.length === 0) return { entries: own, noisy: false, reasons: [] };

  // Stable sort: among equal medians the entry listed first counts as the fastest.
  const ranked = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.summary.median - b.entry.summary.median);
  const [fastest, runnerUp] = ranked;

  const reasons = [...own[fastest.index]];
  if (runnerUp) {
    reasons.push(...own[runnerUp.index]);
    const overlap = overlapReason(fastest.entry, runnerUp.entry);
    if (overlap) reasons.push(overlap);
  }

  return { entries: own, noisy: reasons.length > 0, reasons };
}

function findOwnNoise({ label, summary }: NoiseEntry): NoiseReason[] {
  const reasons: NoiseReason[] = [];
  if (summary.n < MIN_SAMPLES) {
    const runs = summary.n === 1 ? "1 succeeded run" : `${summary.n} succeeded runs`;
    reasons.push({
      code: "few-samples",
      message: `${label} has ${runs}, and at least ${MIN_SAMPLES} are needed to judge its spread.`,
    });
  }

  if (summary.median === 0) {
    // Any spread around a median of 0 ms is infinitely wide relative to it.
    if (summary.iqr > 0) {
      reasons.push({
        code: "wide-spread",
        message: `${label} has an IQR of ${summary.iqr} ms around a median of 0 ms, so its spread is wider than its median.`,
      });
    }
  } else if (summary.iqr / summary.median > MAX_RELATIVE_IQR) {
    const percent = Math.round((summary.iqr / summary.median) * 100);
    reasons.push({
      code: "wide-spread",
      message: `${label} has an IQR of ${summary.iqr} ms, ${percent}% of its median, above the limit of ${MAX_RELATIVE_IQR * 100}%.`,
    });
  }
  return reasons;
}

function overlapReason(fastest: NoiseEntry, runnerUp: NoiseEntry): NoiseReason | undefined {
  const a = fastest.summary;
  const b = runnerUp.summary;
  if (a.q1 > b.q3 || b.q1 > a.q3) return undefined;

  return {
    code: "overlapping-quartiles",
    message:
      `The interquartile ranges of ${fastest.label} (${a.q1}–${a.q3} ms) and ${runnerUp.label} ` +
      `(${b.q1}–${b.q3} ms) overlap, so either could be the faster.`,
  };
}
