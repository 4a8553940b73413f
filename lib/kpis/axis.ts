/** Axis arithmetic for the board's small charts: pure, so it is tested without a browser. */

/**
 * The smallest "nice" number (1, 2 or 5 times a power of ten) at or above `v`: the top of a value
 * axis, so its halves and quarters read as round figures. 0 and below give 1 (an empty chart
 * still has an axis).
 */
export function niceCeiling(v: number): number {
  if (!Number.isFinite(v) || v <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(v))
  for (const step of [1, 2, 5, 10]) if (step * power >= v - power * 1e-9) return step * power
  return 10 * power
}

/** Indexes of the points that get an axis label: every `every`-th, counted back from the last. */
export function labelledIndexes(length: number, every: number): number[] {
  const out: number[] = []
  for (let i = length - 1; i >= 0; i -= every) out.unshift(i)
  return out
}
