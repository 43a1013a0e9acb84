import { quantileSorted } from "d3-array";

/** Summary statistics of a list of measurements, in the unit of the values. */
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** First quartile (25th percentile). */
  q1: number;
  /** Third quartile (75th percentile). */
  q3: number;
  /** Interquartile range, q3 - q1. */
  iqr: number;
  mean: number;
}

/**
 * Computes the median, quartiles, range and mean of `values`, in any order.
 *
 * Quartiles use linear interpolation between the closest ranks, which is R's type 7 and the default
 * of R, NumPy and Excel's QUARTILE.INC: for sorted values x[0..n-1], the p-quantile is
 * x[h] interpolated at h = (n - 1) * p. The median is the same rule at p = 0.5. One value gives
 * q1 = q3 = median = that value; two values give q1 and q3 a quarter of the way in from each end.
 *
 * Throws a RangeError for an empty list or a value that is not a finite number, because a summary
 * of nothing has no median and a NaN would silently poison every statistic.
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new RangeError("summarize needs at least one value; check for an empty list before calling it.");
  }
  const invalid = values.find((value) => !Number.isFinite(value));
  if (invalid !== undefined) {
    throw new RangeError(`summarize got ${invalid}, which is not a finite number; pass only measured values.`);
  }

  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25) as number;
  const median = quantileSorted(sorted, 0.5) as number;
  const q3 = quantileSorted(sorted, 0.75) as number;
  const sum = sorted.reduce((total, value) => total + value, 0);

  return {
    n: sorted.length,
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1,
    q3,
    iqr: q3 - q1,
    mean: sum / sorted.length,
  };
}
