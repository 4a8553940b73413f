/**
 * Shared helpers over a daily demand series. Conventions for every model in lib/forecast:
 * - demand is a Float64Array, one value per day, oldest first; day index t also fixes the weekday
 *   slot t mod 7 (only relative position matters, so a series may start on any weekday);
 * - a skip mask (Uint8Array, 1 = skip) marks days whose demand is unknown or not baseline demand:
 *   stockout days (censored: true demand was at least the sales, not zero), promotion days and the
 *   post-promotion dip. Models never learn from skipped days: they carry their own one-step forecast
 *   forward instead (ETS), or drop the day from the interval count (Croston, TSB);
 * - negative or non-finite demand is treated as skipped too, so no input can poison a forecast.
 */

/** Days after a promotion ends that count as the post-promotion dip. */
export const DEFAULT_DIP_DAYS = 7

/**
 * skip[t] = 1 when censored[t] = 1, demand[t] is negative or not finite, discount[t] > 0 (a
 * promotion day), or t is within dip_days after the last promotion day. Arrays shorter than
 * demand are read as 0 beyond their end. `out` (length >= demand.length) lets a hot caller reuse a
 * buffer: allocating a typed array costs ~1 us, a sizeable share of a whole series' fit.
 */
export function buildSkipMask(
  demand: Float64Array,
  censored?: Uint8Array,
  discount?: Float64Array,
  dip_days = DEFAULT_DIP_DAYS,
  out?: Uint8Array,
): Uint8Array {
  const n = demand.length
  const skip = out !== undefined && out.length >= n ? out.fill(0, 0, n) : new Uint8Array(n)
  for (let t = 0; t < n; t++) {
    const y = demand[t]
    if (!(y >= 0 && y < Infinity)) skip[t] = 1
  }
  if (censored !== undefined) {
    const m = Math.min(n, censored.length)
    for (let t = 0; t < m; t++) if (censored[t] === 1) skip[t] = 1
  }
  if (discount !== undefined) {
    const m = Math.min(n, discount.length)
    let dipEnd = 0 // first day after the current dip window
    for (let t = 0; t < m; t++) {
      if (discount[t] > 0) {
        skip[t] = 1
        dipEnd = t + 1 + dip_days
      } else if (t < dipEnd) skip[t] = 1
    }
    for (let t = m; t < Math.min(n, dipEnd); t++) skip[t] = 1
  }
  return skip
}

/** Number of days not skipped in [from, to). */
export function countClean(skip: Uint8Array, from: number, to: number): number {
  let c = 0
  for (let t = from; t < to; t++) c += skip[t] === 0 ? 1 : 0
  return c
}

/** Mean of the clean days in [from, to); 0 when there are none. */
export function cleanMean(demand: Float64Array, skip: Uint8Array, from: number, to: number): number {
  let s = 0
  let c = 0
  for (let t = from; t < to; t++) {
    if (skip[t] !== 0) continue
    s += demand[t]
    c++
  }
  return c > 0 ? s / c : 0
}

/** Mean of the first `days` values of a path (all of it when shorter): d over a lead time. */
export function meanOverDays(path: Float64Array, days: number): number {
  const k = Math.min(path.length, Math.max(0, Math.ceil(days)))
  if (k === 0) return 0
  let s = 0
  for (let i = 0; i < k; i++) s += path[i]
  return s / k
}

/**
 * Fill prediction bounds around a mean path: lower = max(0, mean - z sd[h]), upper = mean + z sd[h].
 * A mean that is negative or not finite becomes 0, a non-finite half-width becomes 0, so no bound is
 * ever negative or NaN.
 */
export function fillInterval(mean: Float64Array, sd: Float64Array, z: number, lower: Float64Array, upper: Float64Array): void {
  for (let i = 0; i < mean.length; i++) {
    let m = mean[i]
    if (!(m >= 0 && m < Infinity)) m = 0
    mean[i] = m
    const w = z * sd[i]
    const half = w >= 0 && w < Infinity ? w : 0
    lower[i] = Math.max(0, m - half)
    upper[i] = m + half
  }
}
