/**
 * Pooling across locations ("middle-out"): the level of one SKU at one location is a noisy
 * estimate when the location sells a few units a day, while the SKU's total over the locations of a
 * channel moves smoothly. So the pipeline also forecasts the group total (groupTotal below, then
 * forecastSeries on it, with the group's covariates) and hands each member a pooled path:
 *
 *   share_i     = sum of y_i over clean days in [from, to) / sum of the group total over the same days
 *   pooled_i[h] = share_i * F_group[h]
 *
 * and forecastSeries blends it into the member's own forecast (input.pooled_mean):
 *
 *   mean'[h]  = (1 - w) mean[h] + w pooled_i[h]          w = pooled_weight (default 1/3)
 *   lower'[h] = lower[h] x r,  upper'[h] = mean'[h] + (upper[h] - mean[h]) x sqrt(r)     r = mean'[h] / mean[h]
 *
 * (the band is the member's own, moved with its level: the upper bound's distance from the mean
 * grows as a count's standard deviation does, with the square root of its mean (Poisson). Scaling
 * that distance by r itself, as this did before, blew the band up where the member's own mean had
 * decayed towards 0 and the pooled level had not: an item selling a unit a quarter, own mean
 * 0.0005 a day, blended to 0.0065, r = 13, drew an 80% upper bound of 1.4 units a day on the
 * drill-down. The lower bound scales by r so that a slow seller
 * whose own band starts at 0 keeps a lower bound of 0. Shifting the band by mean' - mean instead,
 * as this once did, lifted that 0 above it whenever the pooled level was higher, so every day that
 * sold nothing fell "below the interval": bench:agents' forecast-deviation alerts went from 5 to 58
 * a day when the recompute gained the pooled level. When the member's own mean is 0 the band's
 * lower bound stays and the upper moves by mean' - mean.)
 * Measured on the M5 back-test (6 origins) and the simulator, a third of pooled level cut WAPE by
 * about 1% (half: 0.2% more on M5, but the pooled share lags assortment changes more); the share
 * window (56 days) is long enough to be stable and short enough to follow assortment changes.
 * groupTotal also feeds yearlyIndex (yearly-index.ts) with a category's or a SKU's daily total.
 *
 * Covariates (regressors.ts) when members' factors differ (e.g. SNAP days of different states, a
 * markdown at one location): with member i's factor f_i[t] and base_i proportional to share_i, the
 * group total is sum_i base_i f_i[t], so its factor is the share-weighted mean (groupFactor)
 *
 *   f_group[t] = sum_i share_i f_i[t] / sum_i share_i
 *
 * The group total is forecast with log f_group as its one covariate (coefficient 1): deflated by
 * f_group on history days, multiplied by it on forecast days. Each member's pooled path then swaps
 * the group's factor for its own (memberPooledPath):
 *
 *   pooled_i[h] = share_i * F_group[h] * f_i[n + h] / f_group[n + h]
 *
 * so a Wisconsin store's pooled path has Wisconsin's SNAP days, not the first member's. When all
 * members share their factors (one calendar, chain-wide prices) this is exactly share_i * F_group.
 * Validated on M5 without the back-test window (item x 10 stores in 3 states, mean WAPE over the nine
 * 28-day origins before it): 0.4284 -> 0.4274, 7 of 9 origins better, none worse by more than 0.001.
 * Previously the group total was deflated with the FIRST member's covariates (one state's SNAP days)
 * and every member got that state's SNAP days in its pooled path. On the simulator (members share
 * the calendar and chain-wide prices) the forecasts are unchanged, as they must be.
 */

export const DEFAULT_POOLED_WEIGHT = 1 / 3
export const DEFAULT_SHARE_DAYS = 56

export interface GroupTotal {
  /** Estimated daily total of the group, days [0, n). */
  total: Float64Array
  /** 1 where the estimate is usable (enough of the group's volume was observed that day). */
  clean: Uint8Array
}

/**
 * Daily total of a group of series (e.g. one SKU over a channel's locations, or a category) when
 * some members' days are unknown (stockout, promotion, no data). A ratio estimator:
 *
 *   w_i      = mean of member i over its clean days in [0, n)          (its usual volume)
 *   total[t] = sum of y_i[t] over members clean on t  x  (sum_i w_i) / (sum of w_i over those members)
 *   clean[t] = 1 when the members clean on t carry at least min_share of sum_i w_i
 *
 * Scaling up by volume, not by head count, matters in peak season: stockouts hit the best sellers
 * first, so the members still observed are the smaller ones, and a head-count scale-up would
 * understate the peak (measured on the simulator's December: the yearly index built from
 * head-count totals under-forecast electronics by 28%).
 */
export function groupTotal(demand: readonly Float64Array[], skip: readonly Uint8Array[], n: number, min_share = 0.5): GroupTotal {
  const m = demand.length
  const w = new Float64Array(m)
  let W = 0
  for (let i = 0; i < m; i++) {
    let s = 0
    let c = 0
    const y = demand[i]
    const sk = skip[i]
    for (let t = 0; t < Math.min(n, y.length); t++) {
      if (sk[t] !== 0 || !(y[t] >= 0 && y[t] < Infinity)) continue
      s += y[t]
      c++
    }
    w[i] = c > 0 ? s / c : 0
    W += w[i]
  }
  const total = new Float64Array(n)
  const clean = new Uint8Array(n)
  if (!(W > 0)) return { total, clean }
  const sum = new Float64Array(n)
  const seen = new Float64Array(n)
  for (let i = 0; i < m; i++) {
    if (!(w[i] > 0)) continue
    const y = demand[i]
    const sk = skip[i]
    for (let t = 0; t < Math.min(n, y.length); t++) {
      if (sk[t] !== 0 || !(y[t] >= 0 && y[t] < Infinity)) continue
      sum[t] += y[t]
      seen[t] += w[i]
    }
  }
  for (let t = 0; t < n; t++) {
    if (seen[t] >= min_share * W && seen[t] > 0) {
      total[t] = (sum[t] * W) / seen[t]
      clean[t] = 1
    }
  }
  return { total, clean }
}

/**
 * share = sum demand / sum group total over days in [from, to) where the member is not skipped and
 * the group total is usable (groupClean[t] = 1, or every day when omitted). 0 when the group sold
 * nothing on those days.
 */
export function poolShare(
  demand: Float64Array,
  skip: Uint8Array,
  groupTotal: Float64Array,
  groupClean: Uint8Array | undefined,
  from: number,
  to: number,
): number {
  let num = 0
  let den = 0
  for (let t = Math.max(0, from); t < Math.min(to, demand.length, groupTotal.length); t++) {
    if (skip[t] !== 0 || (groupClean !== undefined && groupClean[t] !== 1)) continue
    const y = demand[t]
    const g = groupTotal[t]
    if (!(y >= 0 && y < Infinity) || !(g >= 0 && g < Infinity)) continue
    num += y
    den += g
  }
  return den > 0 ? num / den : 0
}

/** Blend a pooled path into mean, lower, upper in place (see the file header). Non-finite pooled values are ignored. */
export function blendPooled(mean: Float64Array, lower: Float64Array, upper: Float64Array, pooled: Float64Array, weight = DEFAULT_POOLED_WEIGHT): void {
  const w = Math.min(1, Math.max(0, weight))
  const k = Math.min(mean.length, pooled.length)
  for (let h = 0; h < k; h++) {
    const p = pooled[h]
    if (!(p >= 0 && p < Infinity)) continue
    const m = (1 - w) * mean[h] + w * p
    const r = mean[h] > 0 ? m / mean[h] : Number.NaN
    if (r >= 0 && r < Infinity) {
      // lower x r and the blended mean are products computed apart: bound it by the mean it sits under.
      lower[h] = Math.min(m, Math.max(0, lower[h] * r))
      upper[h] = m + Math.max(0, upper[h] - mean[h]) * Math.sqrt(r)
    } else {
      lower[h] = Math.min(m, lower[h])
      upper[h] = Math.max(m, upper[h] + m - mean[h])
    }
    mean[h] = m
  }
}

/**
 * Day factor of a group total from its members' covariate factors (see the file header):
 * out[t] = sum_i w_i f_i[t] / sum_i w_i over members whose f_i[t] is finite and > 0, for t in
 * [from, to); weights are the members' shares (non-finite or negative weights count as 0; when
 * all are 0 every member weighs the same). A day no member defines gets 1. Other entries of out
 * are left untouched. Returns out.
 */
export function groupFactor(
  factors: readonly Float64Array[],
  weights: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array = new Float64Array(to),
): Float64Array {
  const m = factors.length
  let W = 0
  for (let i = 0; i < m; i++) {
    const w = weights[i]
    if (w > 0 && w < Infinity) W += w
  }
  const equal = !(W > 0)
  for (let t = from; t < to; t++) {
    let num = 0
    let den = 0
    for (let i = 0; i < m; i++) {
      const w = equal ? 1 : weights[i] > 0 && weights[i] < Infinity ? weights[i] : 0
      if (w === 0) continue
      const f = factors[i]
      const v = t < f.length ? f[t] : NaN
      if (!(v > 0 && v < Infinity)) continue
      num += w * v
      den += w
    }
    out[t] = den > 0 ? num / den : 1
  }
  return out
}

/**
 * One member's pooled path from the group total's forecast (see the file header):
 * out[h] = share * group_forecast[h] * member_factor[h] / group_factor[h], with both factors over
 * the forecast days (index 0 = first forecast day). Without factors, or on a day where either is
 * not finite and > 0, out[h] = share * group_forecast[h]. Returns out.
 */
export function memberPooledPath(
  groupForecast: Float64Array,
  share: number,
  memberFactor?: Float64Array,
  groupFactorFuture?: Float64Array,
  out: Float64Array = new Float64Array(groupForecast.length),
): Float64Array {
  for (let h = 0; h < groupForecast.length; h++) {
    let v = share * groupForecast[h]
    if (memberFactor !== undefined && groupFactorFuture !== undefined) {
      const a = memberFactor[h]
      const b = groupFactorFuture[h]
      if (a > 0 && a < Infinity && b > 0 && b < Infinity) v *= a / b
    }
    out[h] = v
  }
  return out
}
