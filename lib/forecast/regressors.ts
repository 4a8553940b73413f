/**
 * Known covariates ("regressors") as a multiplicative layer on top of the base models: SNAP or
 * payday days, calendar events by type, the price relative to the regular price, and a pooled
 * yearly seasonal index. With K covariates x_k[t] and log-scale coefficients b_k:
 *
 *   factor f[t] = exp(sum_k b_k x_k[t])               clamped to [MIN_FACTOR, MAX_FACTOR]
 *   demand[t]  = base[t] * f[t]
 *
 * In forecastSeries the history is divided by its factors before any base model sees it (the base
 * level and weekday pattern then mean "demand on a plain day at the regular price"), and the base
 * forecast is multiplied by the factors of the forecast days:
 *
 *   y'[t] = y[t] / f[t]                 history, t < n
 *   F[n + h] = base_forecast[h] * f_future[h]
 *
 * A history day whose factor is below min_informative_factor (default 0.15: off-season, store
 * closed) is skipped like a stockout: its demand says almost nothing about the base level, and
 * dividing a near-zero count by a near-zero factor would only add noise.
 *
 * Covariates: a missing or non-finite value reads as 0 (the reference: no effect). Binary ones
 * (SNAP, event of type k) are 0/1; price enters as log(price / regular price), so b is the price
 * elasticity (negative: a 20% cut, x = log 0.8 = -0.223, with b = -2 gives f = 0.8^-2 = 1.5625);
 * a yearly index Y (yearlyIndex below) enters as log Y with b = 1 (or a learned b < 1 to trust it
 * only partly).
 *
 * This file applies the layer. Learning the coefficients is regressor-observations.ts (step 1) and
 * regressor-fit.ts (steps 2 and 3); the yearly index is yearly-index.ts.
 *
 * Learning the coefficients (pooled; run once per recompute, not per forecast):
 *   1. regressorObservations: per series, every clean day with some covariate != 0 becomes a pair
 *      (actual y[t], baseline b[t], x[t]). The baseline never sees the effect it explains: it is the
 *      mean of the REFERENCE days (clean, every covariate 0) within +-half_window days of t, each
 *      divided by its weekday factor, times the weekday factor of t. Weekday factors come from the
 *      reference days of the series (ratio of means, shrunk toward 1 by 8 pseudo-days per weekday).
 *   2. fitRegressorCoefs: Poisson regression with offset log b and a ridge toward a prior:
 *        maximise  sum_i [ y_i eta_i - b_i exp(eta_i) ] - (ridge / 2) |coef - prior|^2,
 *        eta_i = x_i . coef
 *      solved by Newton's method (K is small; the Hessian is K x K). For one binary covariate and no
 *      ridge this is exactly log(sum actual / sum baseline), the ratio of sums promo.ts uses. The
 *      ridge is in units of demand: a covariate whose days add up to `ridge` baseline units is
 *      trusted about half-way, so thin evidence stays near the prior.
 *   3. learnRegressorHierarchy: global fit (prior 0) -> per group (e.g. department x store; prior =
 *      global) -> optionally per series (prior = its group; off by default).
 *   Building the pairs is linear in the days; the fit merges identical 0/1 rows first
 *   (compressRegressorObservations: exact for a Poisson likelihood), so with binary calendar
 *   covariates a Newton pass (4-6 of them) costs O(distinct patterns + rows with a price change).
 *   At 500,000 series learn from a sample of series per group (a few hundred give the same
 *   coefficients) and reuse the coefficients between recomputes; applying them is the cheap part.
 *
 * Measured (bench:forecast): on M5 (6 rolling 28-day origins) the covariates plus a department
 * yearly index cut WAPE from 0.474 to 0.466 on average (with the pooled level, pooling.ts: 0.461);
 * SNAP days learn about +4..6%. Price: the coefficient is bounded at <= 0, and the covariate is
 * the TEMPORARY cut of price.ts, learned without improbable zero runs (regressor-observations.ts):
 * read as log(price / trailing max) it sat at its bound 0 in six M5 departments of seven, as
 * permanent reductions of declining items and clearances on empty shelves made demand look lower
 * at the lower price. On the simulator's markdowns it recovers the true elasticity (-1.36 learned
 * vs -1.31, bench:forecast) once the yearly index is built from price-deflated demand; on the M5
 * sample it stays at 0: its 280 series at Walmart's everyday prices have 240 series-days of
 * temporary cuts in two years (100 once empty-shelf runs are left out), mostly on items selling
 * well under one a day: too little evidence against the ridge, and what there is points the wrong
 * way (e.g. a 75% cut on an item being cleared out that sold half as much). On the
 * simulator the yearly index (seasonal SKUs on their own chain-wide curve, the rest on their
 * category's) cut WAPE by 26% on a February window (a season ends on 31 January), by 7% on a
 * September one, and moved it by less than 1.5% either way in December and May.
 *
 * Why this method: the production recompute must forecast 500,000 series in a minute. Applying
 * the layer costs one pass over the history window (one exp per day) and the horizon, a few
 * microseconds a series; the regression runs once per group on pooled pairs. Fitting regressors
 * inside every series (ARIMAX/ETSX by likelihood) would cost milliseconds a series and overfit
 * the rare event days of a single intermittent series.
 */

export const MIN_FACTOR = 1e-3
export const MAX_FACTOR = 1e3
export const DEFAULT_MIN_INFORMATIVE_FACTOR = 0.15

/** What forecastSeries needs to apply the layer to one series. */
export interface RegressorInput {
  /** K covariates over the history, index t = history day (arrays shorter than the history read as 0). */
  history: readonly Float64Array[]
  /** The same K covariates over the forecast days, index 0 = first forecast day. */
  future: readonly Float64Array[]
  /** Log-scale coefficient per covariate (length K). */
  coef: ArrayLike<number>
  /** History days with a factor below this are skipped (default DEFAULT_MIN_INFORMATIVE_FACTOR). */
  min_informative_factor?: number
}

/**
 * out[t] = clamp(exp(sum_k coef[k] * covariates[k][t])) for t in [from, to); other entries untouched.
 * Returns out.
 */
export function covariateFactors(
  covariates: readonly Float64Array[],
  coef: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
): Float64Array {
  out.fill(0, from, to)
  const k = Math.min(covariates.length, coef.length)
  for (let j = 0; j < k; j++) {
    const b = coef[j]
    if (b === 0 || !(b > -Infinity && b < Infinity)) continue
    const x = covariates[j]
    const stop = Math.min(to, x.length)
    for (let t = from; t < stop; t++) {
      const v = x[t]
      if (v > -Infinity && v < Infinity) out[t] += b * v
    }
  }
  for (let t = from; t < to; t++) {
    const f = Math.exp(out[t])
    out[t] = f > MIN_FACTOR ? (f < MAX_FACTOR ? f : MAX_FACTOR) : MIN_FACTOR
  }
  return out
}

/**
 * Divide the history by its factors over [from, to): out[t] = demand[t] / factor[t] on days not
 * skipped; a day with factor < min_factor becomes skipped (skip is updated in place). Skipped days
 * copy demand unchanged (no model reads them).
 */
export function deflateHistory(
  demand: Float64Array,
  skip: Uint8Array,
  factor: Float64Array,
  from: number,
  to: number,
  min_factor: number,
  out: Float64Array,
): Float64Array {
  for (let t = from; t < to; t++) {
    const f = factor[t]
    if (skip[t] === 0 && f < min_factor) skip[t] = 1
    out[t] = skip[t] === 0 ? demand[t] / f : demand[t]
  }
  return out
}
