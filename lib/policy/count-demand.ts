/**
 * Demand over a short window as whole units: P(demand > stock) from a count distribution with the
 * window's mean and variance, for the windows where the design's normal model is poorest (a day
 * or two of a slow or lumpy seller: mean 0.3 with sd 0.8 puts a normal's P(demand > 0) at 65 %,
 * when such an item sells on about one day in four).
 *
 * Variance above the mean (over-dispersed, the usual case in retail): negative binomial with
 * r = mean^2 / (variance - mean) and success probability p = mean / variance (mean r(1-p)/p and
 * variance r(1-p)/p^2 match). Otherwise Poisson with the mean. CDFs from @stdlib.
 */
import negativeBinomialCdf from '@stdlib/stats-base-dists-negative-binomial-cdf'
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf'

/** P(D > stock) for D a count with this mean and variance; stock below 0 is owed already: 1. */
export function probDemandExceeds(stock: number, mean: number, variance: number): number {
  if (stock < 0) return 1
  if (!(mean > 0)) return 0
  const k = Math.floor(stock)
  if (variance > mean * (1 + 1e-9)) {
    const r = (mean * mean) / (variance - mean)
    return Math.min(1, Math.max(0, 1 - negativeBinomialCdf(k, r, mean / variance)))
  }
  return Math.min(1, Math.max(0, 1 - poissonCdf(k, mean)))
}
