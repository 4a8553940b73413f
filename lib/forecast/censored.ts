/**
 * Demand on stockout days, put back into the level.
 *
 * A stockout day's sales say only that demand was at least what sold (the day is censored, see
 * series.ts), so every model skips it. Skipping is not neutral: a shelf that runs out mid-day runs
 * out on the days demand ran high, so the clean days that remain are the low ones and every model's
 * level sits under the true rate. On the simulator 18% of intermittent series' true demand fell on
 * stockout days and every model, ours, seasonal naive and the moving average alike, under-forecast
 * them by 12-16% (docs/architecture.md); a replenishment loop that plans on that level runs out more
 * often, which censors more days: the bias feeds itself.
 *
 * The fix is the maximum-likelihood rate of the window with its censored days read as what they
 * are, lower bounds: clean days are exact counts, a stockout day with s units sold is "demand >= s".
 * Counts are negative binomial (Poisson when they show no overdispersion), the dispersion read
 * from the clean days; the rate is found by expectation-maximisation: each censored day replaced
 * by E[X | X >= s] under the current rate, the rate re-estimated as the mean of the completed days,
 * repeated to convergence (the textbook EM for right-censored counts, with the dispersion held).
 * A shelf simulated to run out on a random stock each day (censored.test.ts) hides 17-37% of its
 * demand from the clean days; this recovers it within 1% for Poisson demand and within 6% for
 * overdispersed demand. A day out of stock all day (s = 0) adds its expectation, the rate itself:
 * no information, no pull. A promotion or dip day stays out, as it does for the models.
 *
 * Why the dispersion is held at the clean days' and not re-read from the completed days (as this
 * once did, which recovers the overdispersed shelves exactly): each imputed day then feeds its own
 * spread back, and with a size under 1 each one adds more than its share of the rate, so the
 * estimate runs away. Slow sellers that sell in lumps a small shelf holds one or two of (the
 * simulator's do) are where it did: on bench:forecast's simulator origins (intermittent series,
 * true demand, grouped by the factor applied) series corrected 2-4x were over-forecast by 21%,
 * 4-10x by 47% and, uncapped, 10-30x by 214%; with the dispersion held, -14%, +9% and -11%
 * (capped at 10).
 * The factor used to stop at 2; the series it held back there were 55% under.
 *
 * Written here rather than taken from a library: @stdlib has the distributions' CDFs and
 * quantiles but no truncated moments, and summing per-day CDF calls would cost a pass over the
 * pmf per censored day per iteration; completedSum makes one pass for all of them.
 *
 * The result is a factor (censored MLE / clean mean, at least 1, at most MAX_FACTOR) that
 * forecastSeries applies to its path and bounds (applyCensoringFactor: the mean and lower bound by
 * the factor, the spread by spreadFactor: the factor up to 2, then as a count's spread grows),
 * so the models keep their shape (weekday profile, trend, pooled level) and only their level moves.
 * A shelf that every sale empties has clean days that all sold nothing: no mean to multiply, so
 * the factor is the censored rate over the forecast's own level, which the pooled level of the
 * item's other locations gives it (censoringFactor). On bench:forecast's simulator sample (300
 * series, 10 origins) no series was in that case and no figure moved; a worked test holds it.
 */

/** The days the factor reads: the recompute's own history window. */
export const CENSORING_WINDOW_DAYS = 112

/** Fewer clean days than this in the window: too little to estimate a rate or a dispersion from. */
export const MIN_CLEAN_DAYS = 14

/**
 * A bound on the correction: beyond it the clean days carry under a tenth of the window's demand,
 * and the estimate is mostly a guess (see above: at 2 it held back most of the slow sellers whose
 * every sale empties the shelf).
 */
export const MAX_FACTOR = 10

const MAX_ITERATIONS = 40
const TOLERANCE = 1e-5

/** The window's clean-day mean and its censored maximum-likelihood rate, both on y's scale. */
export interface CensoredRate {
  clean_mean: number
  rate: number
}

/**
 * The factor by which censored days raise the window's rate over its clean days' mean (1 when none
 * is censored, or when the clean days sold nothing: censoringFactor decides those), at most
 * MAX_FACTOR. Arguments as censoredDemandRate's.
 */
export function censoredDemandFactor(...args: Parameters<typeof censoredDemandRate>): number {
  const est = censoredDemandRate(...args)
  return est !== null && est.clean_mean > 0 ? censoringFactor(est, new Float64Array(0), 0, 1) : 1
}

/**
 * The censored maximum-likelihood rate of the window, or null when the window has no stockout day
 * or too few clean days. With clean days that sold
 * something, the rate stops at MAX_FACTOR x their mean. With clean days that all sold nothing (a
 * slow seller whose every sale empties its small shelf: each sale day is a stockout day) the clean
 * days give no mean to multiply and no dispersion: the rate is the Poisson MLE of zeros on the clean
 * days and "at least s" on the stockout days, from the stockout days' sales over the window's days
 * (a lower bound on it); null when those sold nothing either.
 *
 * @param y        demand on the models' scale (after covariate deflation), oldest first
 * @param lower    the censored days' lower bounds on the same scale (sales / the day's factor)
 * @param skip     forecastSeries' skip mask (censored | promotion | dip | invalid)
 * @param censored 1 on stockout days
 * @param noise    1 on days skipped for another reason than the stockout (promotion, dip, invalid):
 *                 such a day is left out even when it also stocked out
 */
export function censoredDemandRate(
  y: Float64Array,
  lower: Float64Array,
  skip: Uint8Array,
  censored: Uint8Array,
  noise: Uint8Array,
  from: number,
  to: number,
): CensoredRate | null {
  const start = Math.max(0, from, to - CENSORING_WINDOW_DAYS)
  let nClean = 0
  let sum = 0
  let sumSq = 0
  let nCens = 0
  let maxBound = 0
  let boundSum = 0
  for (let t = start; t < to; t++) {
    if (skip[t] === 0) {
      const v = y[t]
      nClean++
      sum += v
      sumSq += v * v
    } else if (isBound(t, lower, censored, noise)) {
      nCens++
      maxBound = Math.max(maxBound, Math.round(lower[t]))
      boundSum += Math.round(lower[t])
    }
  }
  if (nCens === 0 || nClean < MIN_CLEAN_DAYS || !(sum >= 0)) return null
  if (sum === 0 && boundSum === 0) return null
  // The censored days as a histogram of their bounds: each iteration is one pass over the pmf.
  if (BOUNDS.length <= maxBound) BOUNDS = new Float64Array(Math.max(maxBound + 1, 2 * BOUNDS.length))
  const bounds = BOUNDS.subarray(0, maxBound + 1).fill(0)
  for (let t = start; t < to; t++) if (skip[t] === 1 && isBound(t, lower, censored, noise)) bounds[Math.round(lower[t])]++
  const mean = sum / nClean
  const N = nClean + nCens
  let rate = sum > 0 ? mean : boundSum / N
  const size = sum > 0 ? sizeFor(mean, nClean > 1 ? (sumSq - nClean * mean * mean) / (nClean - 1) : 0) : Infinity
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const total = sum + completedSum(rate, size, bounds)
    const next = total / N
    const done = Math.abs(next - rate) <= TOLERANCE * rate
    rate = next
    if (done || (sum > 0 && rate >= MAX_FACTOR * mean)) break
  }
  return { clean_mean: mean, rate: sum > 0 ? Math.min(rate, MAX_FACTOR * mean) : rate }
}

/**
 * The stockout factor for this series' forecast (1 without a censored estimate): the censored rate
 * over the clean days' mean (censoredDemandFactor's), or, where every clean day sold nothing, the
 * censored rate in units (covariateAvg) over the forecast's own level so far (the models' zero
 * level blended with the pooled one), at most MAX_FACTOR; 1 when that level is 0 (no pooled level
 * to carry the weekday shape: the models' zeros stand) or already above the rate.
 */
export function censoringFactor(est: CensoredRate | null, mean: Float64Array, horizon: number, covariateAvg: number): number {
  if (est === null) return 1
  let factor: number
  if (est.clean_mean > 0) factor = est.rate / est.clean_mean
  else {
    let level = 0
    for (let h = 0; h < horizon; h++) level += mean[h] / horizon
    factor = level > 0 ? (est.rate * covariateAvg) / level : 1
  }
  // Within rounding of 1 (the censored days sold nothing: no information) is 1.
  return factor < 1 + 1e-9 || !(factor < Infinity) ? 1 : Math.min(MAX_FACTOR, factor)
}

let BOUNDS = new Float64Array(256)

function isBound(t: number, lower: Float64Array, censored: Uint8Array, noise: Uint8Array): boolean {
  return censored[t] === 1 && noise[t] === 0 && lower[t] >= 0 && lower[t] < Infinity
}

/** Negative binomial size for a mean and variance: Infinity (Poisson) without overdispersion. */
function sizeFor(mean: number, variance: number): number {
  return variance > mean * 1.05 ? (mean * mean) / (variance - mean) : Infinity
}

/** E[X | X >= s] for X negative binomial with mean `rate` and size `size` (Poisson when Infinity). */
export function expectedAtLeast(rate: number, size: number, s: number): number {
  const k = Math.max(0, Math.round(s))
  const bounds = new Float64Array(k + 1)
  bounds[k] = 1
  return completedSum(rate, size, bounds)
}

/**
 * How a stockout factor c moves the spread: by c up to 2, as the level (the clean days understate
 * the spread for the same reason as the level: their high days are the censored ones; with the
 * spread moved by sqrt(c) at every c, bench:value seed 42's stores held 2% less stock than in the
 * run before and lost 9% more units), and beyond 2 by 2 sqrt(c / 2), as a count's spread grows
 * with its mean: a slow seller whose lumps empty its shelf, raised 10x, had drawn an 80% upper
 * bound of 8 units a day beside a mean of 0.27 (a daily sd of 1.9 where its lumps of 2-3 units at
 * 0.1 a day give about 0.8; now 0.85).
 */
export const spreadFactor = (c: number) => (c <= 2 ? c : 2 * Math.sqrt(c / 2))

/**
 * Apply a stockout factor c to a forecast in place over its first `horizon` days: the mean and the
 * lower bound move by c (the same multiplier, so lower <= mean holds; a band that starts at 0 stays
 * at 0), the upper bound's distance from the mean by spreadFactor(c). Returns spreadFactor(c), the
 * multiplier for the residual sd the policies plan on (1 when c is 1).
 */
export function applyCensoringFactor(mean: Float64Array, lower: Float64Array, upper: Float64Array, c: number, horizon = mean.length): number {
  if (c === 1) return 1
  const spread = spreadFactor(c)
  for (let h = 0; h < horizon; h++) {
    const m = mean[h]
    mean[h] = m * c
    lower[h] *= c
    upper[h] = mean[h] + Math.max(0, upper[h] - m) * spread
  }
  return spread
}

/**
 * The sum over censored days of E[X | X >= s], the days given as a histogram of their bounds
 * (bounds[s] = days with s units sold; a fractional bound on a deflated scale is rounded to the
 * nearest unit), for X negative binomial with mean `rate` and size `size` (Poisson when size is
 * Infinity). Each is (E[X] - sum_{k<s} k p_k) / (1 - sum_{k<s} p_k), the pmf built by its ratio
 * recursion in log space (a rate of several hundred does not underflow p_0) in one pass up to the
 * largest bound.
 */
export function completedSum(rate: number, size: number, bounds: Float64Array): number {
  const poisson = !(size < Infinity)
  let first = 0
  let logP = poisson ? -rate : size * Math.log(size / (size + rate))
  const logQ = poisson ? Math.log(rate) : Math.log(rate / (size + rate))
  let below = 0 // P(X < k)
  let belowFirst = 0 // sum_{j<k} j p_j
  for (let k = 0; k < bounds.length; k++) {
    const days = bounds[k]
    if (days > 0) {
      const tail = 1 - below
      // Far in the tail the subtraction loses every digit: demand was at least k and hardly more.
      first += days * (!(tail > 1e-9) || !(rate > 0) ? k : Math.max(k, (rate - belowFirst) / tail))
    }
    const p = Math.exp(logP)
    below += p
    belowFirst += k * p
    logP += logQ + (poisson ? -Math.log(k + 1) : Math.log((k + size) / (k + 1)))
  }
  return first
}
