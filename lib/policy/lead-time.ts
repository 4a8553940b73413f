/**
 * Lead time mean and deviation per supplier x location from actual PO receipts, shrunk toward the
 * supplier's figure and then the global figure when there are few receipts (empirical Bayes).
 *
 * With n receipts, the local estimate gets weight w = n / (n + k) and the level above gets 1 - w:
 *   supplier' = w_s * supplier + (1 - w_s) * global,          w_s = n_s / (n_s + k)
 *   local'    = w_l * local    + (1 - w_l) * supplier',       w_l = n_l / (n_l + k)
 * Means and variances (sd^2) are shrunk the same way; the sd returned is sqrt of the shrunk variance.
 *
 * k = 5 receipts by default: k is the ratio of within-group variance (receipt to receipt) to
 * between-group variance (lane to lane). Lead-time noise per receipt is typically as large as the
 * spread between lanes of one supplier, giving k of a few receipts; 5 means a lane with 5 receipts
 * is trusted half-way, one with 20 receipts at 80%, one with a single receipt at 17%.
 */

export const DEFAULT_LEAD_TIME_SHRINKAGE_K = 5

export interface LeadTimeStats {
  mean_days: number
  sd_days: number
  /** Number of receipts behind the figures; 0 means no information (mean and sd are ignored). */
  n: number
}

export interface LeadTimeEstimate {
  lead_time_days: number
  sd_lead_time_days: number
  /** Weight on the supplier x location receipts. */
  weight_local: number
  /** Weight on the supplier's receipts (within the supplier-level figure). */
  weight_supplier: number
  k: number
  inputs: { local: LeadTimeStats; supplier: LeadTimeStats; global: { mean_days: number; sd_days: number } }
}

/** w = n / (n + k), with w = 0 when n <= 0 and w = 1 when k <= 0 and n > 0. */
export function shrinkageWeight(n: number, k: number): number {
  if (!(n > 0)) return 0
  if (!(k > 0)) return 1
  return n / (n + k)
}

function blend(w: number, local: number, prior: number): number {
  // Skip the term with weight 0 so a NaN or placeholder in an empty level cannot leak through.
  if (w <= 0) return prior
  if (w >= 1) return local
  return w * local + (1 - w) * prior
}

/** Shrunk lead time mean and sd for one supplier x location, with the weights and inputs echoed. */
export function shrinkLeadTime(
  local: LeadTimeStats,
  supplier: LeadTimeStats,
  global: { mean_days: number; sd_days: number },
  k = DEFAULT_LEAD_TIME_SHRINKAGE_K,
): LeadTimeEstimate {
  const ws = shrinkageWeight(supplier.n, k)
  const supplierMean = blend(ws, supplier.mean_days, global.mean_days)
  const supplierVar = blend(ws, supplier.sd_days * supplier.sd_days, global.sd_days * global.sd_days)
  const wl = shrinkageWeight(local.n, k)
  const mean = blend(wl, local.mean_days, supplierMean)
  const variance = blend(wl, local.sd_days * local.sd_days, supplierVar)
  return {
    lead_time_days: Math.max(0, mean),
    sd_lead_time_days: Math.sqrt(Math.max(0, variance)),
    weight_local: wl,
    weight_supplier: ws,
    k,
    inputs: { local, supplier, global },
  }
}

/**
 * Receipt statistics from observed lead times in days (receipt date - order date):
 * mean = sum x / n, sd = sqrt(sum (x - mean)^2 / (n - 1)) (sample sd; 0 when n < 2).
 */
export function leadTimeStatsFromReceipts(lead_times_days: Float64Array): LeadTimeStats {
  const n = lead_times_days.length
  if (n === 0) return { mean_days: 0, sd_days: 0, n: 0 }
  let sum = 0
  for (let i = 0; i < n; i++) sum += lead_times_days[i]
  const mean = sum / n
  let ss = 0
  for (let i = 0; i < n; i++) {
    const e = lead_times_days[i] - mean
    ss += e * e
  }
  return { mean_days: mean, sd_days: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n }
}
