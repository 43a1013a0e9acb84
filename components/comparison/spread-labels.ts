/**
 * Moves labels apart vertically so that none overlaps another: `positions` are the labels' wanted
 * y coordinates in pixels, and the result gives each label's shift in pixels, in the same order.
 * Labels keep their order from top to bottom, and each is at least `gap` pixels below the one above.
 */
export function spreadLabels(positions: readonly number[], gap: number): number[] {
  const order = positions.map((y, index) => ({ y, index })).sort((left, right) => left.y - right.y || left.index - right.index);
  const shifts = positions.map(() => 0);
  let previous = Number.NEGATIVE_INFINITY;
  for (const { y, index } of order) {
    const placed = Math.max(y, previous + gap);
    shifts[index] = placed - y;
    previous = placed;
  }
  return shifts;
}
