/**
 * New items: start from a category x location prior and blend in the few observations there are.
 *
 * Gamma-Poisson style posterior mean of the daily rate, with the prior worth k days of data:
 *   rate = (k * prior_mean + sum y) / (k + n)         n = clean days observed, y their demand
 *   var  = (k * prior_var + n * s^2) / (k + n)         s^2 = sample variance of y (0 when n < 2)
 * prior_var defaults to prior_mean (Poisson). k = 14 days by default: after two weeks of sales the
 * item's own history weighs as much as its peers', after eight weeks it is 80% of the answer.
 * Without a prior (k = 0) the rate is simply the mean of what was observed (0 with nothing).
 */

export const DEFAULT_PRIOR_STRENGTH_DAYS = 14

export interface NewItemPrior {
  /** Mean daily demand of comparable items (same category x location) early in their life. */
  mean_daily: number
  /** Variance of daily demand of those items; defaults to mean_daily (Poisson). */
  var_daily?: number
  /** Pseudo-days k the prior is worth. */
  strength_days?: number
}

export interface NewItemEstimate {
  rate: number
  sd: number
  observed_days: number
  prior_weight: number
}

/** Posterior daily rate and sd from the clean days in [from, to) and the prior. */
export function newItemRate(demand: Float64Array, skip: Uint8Array, prior: NewItemPrior | undefined, from = 0, to = demand.length): NewItemEstimate {
  let n = 0
  let sum = 0
  let sumSq = 0
  for (let t = from; t < to; t++) {
    if (skip[t] !== 0) continue
    n++
    sum += demand[t]
    sumSq += demand[t] * demand[t]
  }
  const mu0 = prior !== undefined && prior.mean_daily > 0 ? prior.mean_daily : 0
  const var0 = prior !== undefined ? Math.max(0, prior.var_daily ?? mu0) : 0
  const k = prior !== undefined ? Math.max(0, prior.strength_days ?? DEFAULT_PRIOR_STRENGTH_DAYS) : 0
  if (n + k === 0) return { rate: 0, sd: 0, observed_days: 0, prior_weight: 0 }
  const mean = n > 0 ? sum / n : 0
  const s2 = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0
  const rate = (k * mu0 + sum) / (k + n)
  const variance = (k * var0 + n * s2) / (k + n)
  return { rate: Math.max(0, rate), sd: Math.sqrt(variance), observed_days: n, prior_weight: k / (k + n) }
}
