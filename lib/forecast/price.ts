/**
 * The price covariate of the regressor layer (regressors.ts): log(price / regular price) on the
 * days of a TEMPORARY price cut, 0 otherwise, so its coefficient is the price elasticity of a
 * promotion-like cut (negative: demand rises when the price falls).
 *
 *   regular[t] = the highest price over the trailing `regular_days` (56) days, t included;
 *   a run of days priced below regular (by more than `tolerance`, 1%) is a temporary cut when the
 *   price is back at >= regular (within tolerance) within `max_cut_days` (56) of the run's first
 *   day, or when the known prices end before that (a cut in progress: read as temporary).
 *   A run that lasts longer is a permanent change: x = 0 on it (the base models follow the new
 *   level like any other level shift), and once `regular_days` have passed the lower price is the
 *   regular one.
 *
 * Why not simply log(price / trailing max): a permanent price change then reads as an 8-week cut.
 * On M5 most "cuts" so defined were permanent reductions of declining items and clearance runs
 * whose sales sat near zero (stock gone), so demand looked LOWER on cut days and the fitted
 * elasticity came out positive in six departments of seven; bounded at <= 0 it sat at the bound
 * and prices changed nothing (bench:forecast prints the coefficient by department).
 *
 * Days without a price (NaN, not on sale) read 0 and do not break a run's look-ahead.
 */

export const DEFAULT_REGULAR_DAYS = 56
export const DEFAULT_MAX_CUT_DAYS = 56
export const DEFAULT_PRICE_TOLERANCE = 0.01

export interface PriceCutOptions {
  regular_days?: number
  max_cut_days?: number
  tolerance?: number
}

/**
 * log(price / regular) on temporary-cut days of [0, days), 0 elsewhere (see the file header).
 * `price` may run beyond `days`: the look-ahead for a run's end reads up to price.length, so pass
 * only the prices known at the forecast origin (history and announced ones).
 */
export function temporaryPriceCut(price: ArrayLike<number>, days = price.length, o: PriceCutOptions = {}): Float64Array {
  const R = Math.max(1, Math.floor(o.regular_days ?? DEFAULT_REGULAR_DAYS))
  const M = Math.max(1, Math.floor(o.max_cut_days ?? DEFAULT_MAX_CUT_DAYS))
  const tol = o.tolerance ?? DEFAULT_PRICE_TOLERANCE
  const known = price.length
  const out = new Float64Array(days)
  // regular[t]: sliding maximum over the trailing R days (monotonic deque of day indexes).
  const regular = new Float64Array(days)
  const dq = new Int32Array(days)
  let head = 0
  let tail = 0
  for (let t = 0; t < days; t++) {
    const p = t < known ? price[t] : NaN
    if (p > 0) {
      while (tail > head && price[dq[tail - 1]] <= p) tail--
      dq[tail++] = t
    }
    while (tail > head && dq[head] <= t - R) head++
    regular[t] = tail > head ? price[dq[head]] : NaN
  }
  let t = 0
  while (t < days) {
    const p = price[t]
    const ref = regular[t]
    if (!(p > 0 && ref > 0 && p < ref * (1 - tol))) {
      t++
      continue
    }
    // A run below this regular price: find where the price is back (or the look-ahead ends).
    let u = t
    let back = -1
    for (let s = t + 1; s < Math.min(known, t + M); s++) {
      const q = price[s]
      if (!(q > 0)) continue
      if (q >= ref * (1 - tol)) {
        back = s
        break
      }
      u = s
    }
    const inProgress = back < 0 && t + M > known
    const end = back >= 0 ? back : inProgress ? known : u + 1
    if (back >= 0 || inProgress) {
      for (let s = t; s < Math.min(end, days); s++) if (price[s] > 0 && price[s] < ref * (1 - tol)) out[s] = Math.log(price[s] / ref)
    }
    t = Math.max(t + 1, Math.min(end, days))
  }
  return out
}
