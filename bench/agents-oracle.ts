/**
 * The stockout agent's own probability with the simulator's TRUE demand in place of the forecast
 * (bench:agents' oracle rows): what precision and recall the signal could reach if the forecast
 * were perfect. The same shape as timedStockoutProbability (lib/policy/risk.ts): the shelf must
 * last until each receipt lands and over the whole window (lead time + review), demand over each
 * window a count with the true mean and variance (lib/policy/count-demand.ts). What stays
 * uncertain is only the demand draw itself, which nobody can forecast.
 */
import { shelfOutlastsProbability } from '@/lib/policy/risk'

export interface DemandTruth {
  mover: 'fast' | 'slow' | 'intermittent' | string
  dispersion: number
  lumpSize: number
}

/** Variance of one day's demand draw with mean m, as lib/sim/demand.ts draws it. */
export function dayVariance(m: number, p: DemandTruth): number {
  if (!(m > 0)) return 0
  if (p.mover === 'intermittent') {
    const prob = m / p.lumpSize
    if (prob >= 1) return m + (m * m) / 2
    // Bernoulli(prob) x (1 + Poisson(lump - 1)): E[X^2] = prob (1 + 3 lambda + lambda^2).
    const lambda = p.lumpSize - 1
    return prob * (1 + 3 * lambda + lambda * lambda) - m * m
  }
  return Number.isFinite(p.dispersion) ? m + (m * m) / p.dispersion : m
}

/**
 * P(a stockout within `window` days) for a shelf of `available` units with receipts (days from
 * now, qty), given the true daily means `means[0..]` from today: the agent's own mechanism
 * (shelfOutlastsProbability) with the true moments. A fractional last day counts in proportion;
 * sdLead adds d^2 sd_L^2 to the whole window's variance, as the agent does.
 */
export function oracleStockoutProbability(available: number, receipts: readonly { days: number; qty: number }[], window: number, means: ArrayLike<number>, truth: DemandTruth, sdLead = 0): number {
  const upTo = (t: number) => {
    let mean = 0
    let variance = 0
    for (let d = 0; d < Math.ceil(t) && d < means.length; d++) {
      const share = Math.min(1, t - d)
      mean += share * means[d]
      variance += share * dayVariance(means[d], truth)
    }
    return { mean, variance }
  }
  return shelfOutlastsProbability(available, receipts, window, (t) => {
    const m = upTo(t)
    if (t !== window) return m
    const dBar = window > 0 ? m.mean / window : 0
    return { mean: m.mean, variance: m.variance + dBar * dBar * sdLead * sdLead }
  })
}

/** What the oracle needs of one planned pair at one sweep (its probability waits for the truth). */
export interface OracleInput {
  /** The simulator's pair index. */
  i: number
  key: string
  available: number
  receipts: { days: number; qty: number }[]
  window: number
  sdLead: number
}

/**
 * Per threshold, per sweep, the keys whose oracle probability reached it. `means(k, i, days)`: the
 * pair's true expected demand for `days` days from sweep k; `truth(i)`: how its demand is drawn.
 */
export function oracleSignalSets(
  inputs: readonly (readonly OracleInput[])[],
  thresholds: readonly number[],
  means: (k: number, i: number, days: number) => ArrayLike<number>,
  truth: (i: number) => DemandTruth,
): Map<number, Set<string>[]> {
  const above = new Map(thresholds.map((th) => [th, inputs.map(() => new Set<string>())]))
  inputs.forEach((rows, k) => {
    for (const r of rows) {
      const p = oracleStockoutProbability(r.available, r.receipts, r.window, means(k, r.i, Math.ceil(r.window)), truth(r.i), r.sdLead)
      for (const [th, sets] of above) if (p >= th) sets[k].add(r.key)
    }
  })
  return above
}
