/**
 * Rounds the largest value of a chart up to a multiple of half a power of ten, a little above it,
 * so the bars fill the axis and its last tick is a round number. Returns 1 for a maximum of 0.
 */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value)) / 2;
  // toPrecision drops the binary rounding error of the product, such as 0.7000000000000001.
  return Number((Math.ceil((value * 1.05) / step) * step).toPrecision(12));
}
