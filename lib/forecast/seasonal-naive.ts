/**
 * Seasonal naive forecast with a weekly period: tomorrow's demand is demand on the same weekday a
 * week ago. The baseline every other model must beat, and the scale of MASE.
 *
 *   F(end + h - 1) = y[last clean day before end with the same weekday slot (t mod 7)]
 *
 * With censored data the classic y[t - 7] may be unknown, so the forecast reaches back week by
 * week (up to 8 weeks) to the last clean value of that weekday; with none it uses the mean of the
 * clean days in the last 28 days, else 0.
 */
import { cleanMean } from './series'

export const WEEK = 7
const MAX_WEEKS_BACK = 8
/** Scratch reused across calls (synchronous code, one module instance per thread). */
const SLOT = new Float64Array(WEEK)

/** The h = 1..horizon seasonal naive path from the data before `end`, written into `out`. */
export function seasonalNaiveForecast(
  demand: Float64Array,
  skip: Uint8Array,
  end: number,
  horizon: number,
  out: Float64Array = new Float64Array(horizon),
): Float64Array {
  const slot = SLOT.fill(NaN)
  let found = 0
  const stop = Math.max(0, end - WEEK * MAX_WEEKS_BACK)
  for (let t = end - 1; t >= stop && found < WEEK; t--) {
    const j = t % WEEK
    if (skip[t] === 0 && Number.isNaN(slot[j])) {
      slot[j] = demand[t]
      found++
    }
  }
  let fallback = NaN
  for (let h = 0; h < horizon; h++) {
    let v = slot[(end + h) % WEEK]
    if (Number.isNaN(v)) {
      if (Number.isNaN(fallback)) fallback = cleanMean(demand, skip, Math.max(0, end - 28), end)
      v = fallback
    }
    out[h] = v
  }
  return out
}

export interface InSampleError {
  /** mean |y_t - y_{t-7}| */
  mae: number
  /** sqrt(mean (y_t - y_{t-7})^2) */
  rmse: number
  /** pairs used (both days clean) */
  n: number
}

/**
 * One-step in-sample error of the seasonal naive method over t in [from + 7, end), using only
 * pairs where both y_t and y_{t-7} are clean. This mae is MASE's scale. n = 0 gives NaN errors.
 */
export function seasonalNaiveInSample(demand: Float64Array, skip: Uint8Array, from: number, end: number): InSampleError {
  let sa = 0
  let ss = 0
  let n = 0
  for (let t = from + WEEK; t < end; t++) {
    if (skip[t] !== 0 || skip[t - WEEK] !== 0) continue
    const e = demand[t] - demand[t - WEEK]
    sa += Math.abs(e)
    ss += e * e
    n++
  }
  return n > 0 ? { mae: sa / n, rmse: Math.sqrt(ss / n), n } : { mae: NaN, rmse: NaN, n: 0 }
}

/** Seasonal naive h-step sd: sigma_h = sigma * sqrt(floor((h - 1) / 7) + 1). */
export function seasonalNaiveSd(sigma: number, h: number): number {
  return sigma * Math.sqrt(Math.floor((h - 1) / WEEK) + 1)
}
