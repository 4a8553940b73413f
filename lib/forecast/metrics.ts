/**
 * Forecast accuracy as DESIGN.md defines it. Every function takes actuals A and forecasts F of the
 * same length and an optional exclusion mask (1 = leave the day out, e.g. a censored stockout day
 * whose true demand is unknown).
 *
 *   WAPE = sum |A - F| / sum A
 *   bias = sum (F - A) / sum A             (positive = over-forecast)
 *   MASE = mean |A - F| / mean |y_t - y_{t-7}|   (scale: in-sample seasonal naive error)
 *   forecast value add = error of the naive forecast - error of ours (positive = we add value)
 *
 * Undefined ratios (sum A = 0, scale = 0, nothing left after the mask) are NaN, never a fake 0; to
 * aggregate over many series add up ErrorTotals and take the ratio once.
 */
import { seasonalNaiveInSample } from './seasonal-naive'

export interface ErrorTotals {
  /** sum |A - F| */
  abs_error: number
  /** sum (F - A) */
  error: number
  /** sum A */
  actual: number
  /** days counted */
  n: number
}

export function emptyTotals(): ErrorTotals {
  return { abs_error: 0, error: 0, actual: 0, n: 0 }
}

/** Add the days of one series into running totals (in place) and return them. */
export function accumulateErrors(totals: ErrorTotals, actual: Float64Array, forecast: Float64Array, exclude?: Uint8Array): ErrorTotals {
  const n = Math.min(actual.length, forecast.length)
  for (let i = 0; i < n; i++) {
    if (exclude !== undefined && exclude[i] === 1) continue
    const d = forecast[i] - actual[i]
    totals.abs_error += Math.abs(d)
    totals.error += d
    totals.actual += actual[i]
    totals.n++
  }
  return totals
}

/** WAPE from totals: sum |A - F| / sum A. */
export function wapeFromTotals(t: ErrorTotals): number {
  return t.actual > 0 ? t.abs_error / t.actual : NaN
}

/** Bias from totals: sum (F - A) / sum A. */
export function biasFromTotals(t: ErrorTotals): number {
  return t.actual > 0 ? t.error / t.actual : NaN
}

/** WAPE = sum |A - F| / sum A. */
export function wape(actual: Float64Array, forecast: Float64Array, exclude?: Uint8Array): number {
  return wapeFromTotals(accumulateErrors(emptyTotals(), actual, forecast, exclude))
}

/** bias = sum (F - A) / sum A. */
export function bias(actual: Float64Array, forecast: Float64Array, exclude?: Uint8Array): number {
  return biasFromTotals(accumulateErrors(emptyTotals(), actual, forecast, exclude))
}

/** MAE = mean |A - F| over the days not excluded. */
export function mae(actual: Float64Array, forecast: Float64Array, exclude?: Uint8Array): number {
  const t = accumulateErrors(emptyTotals(), actual, forecast, exclude)
  return t.n > 0 ? t.abs_error / t.n : NaN
}

/**
 * MASE = MAE(A, F) / scale, where scale = mean |y_t - y_{t-7}| over the training history
 * (both days clean, per history_skip). NaN when the scale is 0 or undefined.
 */
export function mase(
  actual: Float64Array,
  forecast: Float64Array,
  history: Float64Array,
  history_skip: Uint8Array = new Uint8Array(history.length),
  exclude?: Uint8Array,
): number {
  const scale = seasonalNaiveInSample(history, history_skip, 0, history.length).mae
  const e = mae(actual, forecast, exclude)
  return scale > 0 ? e / scale : NaN
}

/** Forecast value add = naive error - our error, for any error measure (WAPE, MAE, MASE). */
export function forecastValueAdd(naive_error: number, our_error: number): number {
  return naive_error - our_error
}
