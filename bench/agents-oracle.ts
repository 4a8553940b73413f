/**
 * The stockout agent's own probability with the simulator's TRUE demand in place of the forecast
 * (bench:agents' oracle rows): what precision and recall the signal could reach if the forecast
 * were perfect. The same shape as timedStockoutProbability (lib/policy/risk.ts): the shelf must
 * last until each receipt lands and over the whole window (lead time + review), demand over each
 * window a count with the true mean and variance (lib/policy/count-demand.ts). What stays
 * uncertain is only the demand draw itself, which nobody can forecast.
 */
import { probDemandExceeds } from '@/lib/policy/count-demand'

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
 * now, qty), given the true daily means `means[0..]` from today. A fractional last day counts in
 * proportion; sdLead adds d^2 sd_L^2 to the whole window's variance, as the agent does.
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
  let stock = available
  let p = 0
  for (const r of [...receipts].filter((r) => r.qty > 0 && r.days < window).sort((a, b) => a.days - b.days)) {
    if (r.days > 0) {
      const m = upTo(r.days)
      p = Math.max(p, probDemandExceeds(stock, m.mean, m.variance))
    }
    stock += r.qty
  }
  const all = upTo(window)
  const dBar = window > 0 ? all.mean / window : 0
  return Math.max(p, probDemandExceeds(stock, all.mean, all.variance + dBar * dBar * sdLead * sdLead))
}
