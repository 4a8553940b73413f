/**
 * Promotion uplift and the post-promotion dip, learned from history by (category, discount depth).
 *
 * The baseline models never learn from promotion or dip days (see series.ts). The promotion effect
 * is multiplicative on that baseline:
 *   promotion day with discount depth in bucket b:   F = baseline * U[category][b]
 *   day 1..dip_days after the last promotion day:    F = baseline * D[category]
 *
 * Learning from history pairs (actual demand, baseline demand) on promotion and dip days:
 *   U[c][b] raw = sum actual / sum baseline over promo days of category c in bucket b
 *                 (a ratio of sums: big-volume days weigh more and one odd day cannot explode it)
 *   shrunk:       U[c][b] = (n U_raw + k U_all[b]) / (n + k),  U_all[b] = (n_b U_all_raw + k * 1) / (n_b + k)
 * and the same for the dip D[c] toward D_all toward 1, with n = days observed and k = shrink_days
 * (default 20 promo-days): a cell with 20 days of evidence is trusted half-way.
 *
 * The baseline of a history day is the mean of the clean days (not censored, not promo, not dip) in
 * the baseline_window (default 28) days before it, so it never sees the promotion it explains.
 */
import { DEFAULT_DIP_DAYS } from './series'

/** Lower edges (exclusive of 0) of the discount depth buckets after the first: (0,10%), [10,20%), ... */
export const DEFAULT_DISCOUNT_EDGES: readonly number[] = [0.1, 0.2, 0.3, 0.5]
export const DEFAULT_PROMO_SHRINK_DAYS = 20
export const DEFAULT_BASELINE_WINDOW = 28

/** Bucket of a discount depth (fraction off, 0..1): -1 for no promotion, else 0..edges.length. */
export function discountBucket(discount: number, edges: readonly number[] = DEFAULT_DISCOUNT_EDGES): number {
  if (!(discount > 0)) return -1
  let b = 0
  while (b < edges.length && discount >= edges[b]) b++
  return b
}

export interface PromoObservations {
  /** Category code per observation (0..n_categories - 1). */
  category: Int32Array
  discount: Float64Array
  actual: Float64Array
  baseline: Float64Array
  /** 1 = a post-promotion dip day (discount 0), 0 = a promotion day. */
  post_promo: Uint8Array
}

/**
 * History pairs of one series for learning: every promotion day and every dip day (within dip_days
 * after a promotion) that is not censored and has a baseline (at least one clean day in the window).
 */
export function promoObservationsFromSeries(
  category: number,
  demand: Float64Array,
  discount: Float64Array,
  censored?: Uint8Array,
  dip_days = DEFAULT_DIP_DAYS,
  baseline_window = DEFAULT_BASELINE_WINDOW,
): PromoObservations {
  const n = demand.length
  // Prefix sums over clean days: clean = not censored, not promo, not dip, finite non-negative.
  const ps = new Float64Array(n + 1)
  const pc = new Float64Array(n + 1)
  const kind = new Uint8Array(n) // 0 clean, 1 promo, 2 dip, 3 unusable
  let lastPromo = -Infinity
  let m = 0
  for (let t = 0; t < n; t++) {
    const y = demand[t]
    const cens = (censored !== undefined && t < censored.length && censored[t] === 1) || !(y >= 0 && y < Infinity)
    const disc = t < discount.length ? discount[t] : 0
    let k = 0
    if (disc > 0) {
      k = 1
      lastPromo = t
    } else if (t - lastPromo <= dip_days) k = 2
    if (cens) k = k === 0 ? 3 : k + 10
    kind[t] = k
    const clean = k === 0
    ps[t + 1] = ps[t] + (clean ? y : 0)
    pc[t + 1] = pc[t] + (clean ? 1 : 0)
    if (k === 1 || k === 2) m++
  }
  const out: PromoObservations = {
    category: new Int32Array(m),
    discount: new Float64Array(m),
    actual: new Float64Array(m),
    baseline: new Float64Array(m),
    post_promo: new Uint8Array(m),
  }
  let i = 0
  for (let t = 0; t < n; t++) {
    const k = kind[t]
    if (k !== 1 && k !== 2) continue
    const lo = Math.max(0, t - baseline_window)
    const c = pc[t] - pc[lo]
    if (c === 0) continue
    out.category[i] = category
    out.discount[i] = k === 1 ? discount[t] : 0
    out.actual[i] = demand[t]
    out.baseline[i] = (ps[t] - ps[lo]) / c
    out.post_promo[i] = k === 2 ? 1 : 0
    i++
  }
  if (i === m) return out
  return {
    category: out.category.subarray(0, i),
    discount: out.discount.subarray(0, i),
    actual: out.actual.subarray(0, i),
    baseline: out.baseline.subarray(0, i),
    post_promo: out.post_promo.subarray(0, i),
  }
}

/** Concatenate observations from many series into one set. */
export function concatPromoObservations(parts: readonly PromoObservations[]): PromoObservations {
  let m = 0
  for (const p of parts) m += p.actual.length
  const out: PromoObservations = {
    category: new Int32Array(m),
    discount: new Float64Array(m),
    actual: new Float64Array(m),
    baseline: new Float64Array(m),
    post_promo: new Uint8Array(m),
  }
  let o = 0
  for (const p of parts) {
    out.category.set(p.category, o)
    out.discount.set(p.discount, o)
    out.actual.set(p.actual, o)
    out.baseline.set(p.baseline, o)
    out.post_promo.set(p.post_promo, o)
    o += p.actual.length
  }
  return out
}

export interface PromoEffects {
  n_categories: number
  discount_edges: readonly number[]
  n_buckets: number
  /** U[c * n_buckets + b]: multiplicative uplift on promotion days. */
  uplift: Float64Array
  /** U_all[b], the category-free uplift each category shrinks toward. */
  uplift_all: Float64Array
  /** Promotion days behind each U[c][b]. */
  uplift_days: Float64Array
  /** D[c]: multiplicative factor on the dip_days after a promotion (below 1 = a dip). */
  dip: Float64Array
  dip_all: number
  dip_days: number
}

export interface PromoLearnOptions {
  n_categories: number
  discount_edges?: readonly number[]
  shrink_days?: number
  dip_days?: number
}

function shrunkRatio(sumA: number, sumB: number, n: number, prior: number, k: number): number {
  if (!(sumB > 0) || !(n > 0)) return prior
  const raw = sumA / sumB
  return (n * raw + k * prior) / (n + k)
}

/** Learn U and D from history pairs (see the file header for the formulas). */
export function learnPromoEffects(obs: PromoObservations, opts: PromoLearnOptions): PromoEffects {
  const edges = opts.discount_edges ?? DEFAULT_DISCOUNT_EDGES
  const k = opts.shrink_days ?? DEFAULT_PROMO_SHRINK_DAYS
  const nb = edges.length + 1
  const nc = Math.max(0, opts.n_categories | 0)
  const cellA = new Float64Array(nc * nb)
  const cellB = new Float64Array(nc * nb)
  const cellN = new Float64Array(nc * nb)
  const bucketA = new Float64Array(nb)
  const bucketB = new Float64Array(nb)
  const bucketN = new Float64Array(nb)
  const dipA = new Float64Array(nc)
  const dipB = new Float64Array(nc)
  const dipN = new Float64Array(nc)
  let dipAllA = 0
  let dipAllB = 0
  let dipAllN = 0
  for (let i = 0; i < obs.actual.length; i++) {
    const c = obs.category[i]
    const a = obs.actual[i]
    const base = obs.baseline[i]
    if (!(a >= 0 && a < Infinity) || !(base > 0 && base < Infinity)) continue
    const inCat = c >= 0 && c < nc
    if (obs.post_promo[i] === 1) {
      dipAllA += a
      dipAllB += base
      dipAllN++
      if (inCat) {
        dipA[c] += a
        dipB[c] += base
        dipN[c]++
      }
      continue
    }
    const b = discountBucket(obs.discount[i], edges)
    if (b < 0) continue
    bucketA[b] += a
    bucketB[b] += base
    bucketN[b]++
    if (inCat) {
      const cell = c * nb + b
      cellA[cell] += a
      cellB[cell] += base
      cellN[cell]++
    }
  }
  const upliftAll = new Float64Array(nb)
  for (let b = 0; b < nb; b++) upliftAll[b] = shrunkRatio(bucketA[b], bucketB[b], bucketN[b], 1, k)
  const uplift = new Float64Array(nc * nb)
  for (let c = 0; c < nc; c++) {
    for (let b = 0; b < nb; b++) {
      const cell = c * nb + b
      uplift[cell] = shrunkRatio(cellA[cell], cellB[cell], cellN[cell], upliftAll[b], k)
    }
  }
  const dipAll = shrunkRatio(dipAllA, dipAllB, dipAllN, 1, k)
  const dip = new Float64Array(nc)
  for (let c = 0; c < nc; c++) dip[c] = shrunkRatio(dipA[c], dipB[c], dipN[c], dipAll, k)
  return {
    n_categories: nc,
    discount_edges: edges,
    n_buckets: nb,
    uplift,
    uplift_all: upliftAll,
    uplift_days: cellN,
    dip,
    dip_all: dipAll,
    dip_days: opts.dip_days ?? DEFAULT_DIP_DAYS,
  }
}

/**
 * Days from the last promotion day in the history to the first forecast day: 1 when the last
 * history day was on promotion, Infinity when there was none.
 */
export function daysSinceLastPromo(discount: Float64Array | undefined, history_length: number): number {
  if (discount === undefined) return Infinity
  for (let t = Math.min(history_length, discount.length) - 1; t >= 0; t--) if (discount[t] > 0) return history_length - t
  return Infinity
}

/**
 * Multiplicative promotion factor per forecast day h = 0..H-1 given the planned future discounts
 * (missing days read as 0), the item's category, and the days since the last promotion in history:
 * U[c][bucket] on promotion days, D[c] on the dip_days after one, 1 otherwise. A category outside
 * the table uses the category-free figures.
 */
export function promoFactors(
  effects: PromoEffects,
  category: number,
  future_discount: Float64Array | undefined,
  horizon: number,
  days_since_last_promo = Infinity,
  out: Float64Array = new Float64Array(horizon),
): Float64Array {
  const inCat = category >= 0 && category < effects.n_categories
  const dip = inCat ? effects.dip[category] : effects.dip_all
  let last = -days_since_last_promo
  for (let h = 0; h < horizon; h++) {
    const disc = future_discount !== undefined && h < future_discount.length ? future_discount[h] : 0
    const b = discountBucket(disc, effects.discount_edges)
    let f = 1
    if (b >= 0) {
      f = inCat ? effects.uplift[category * effects.n_buckets + b] : effects.uplift_all[b]
      last = h
    } else if (h - last <= effects.dip_days) f = dip
    out[h] = f >= 0 && f < Infinity ? f : 1
  }
  return out
}

/** Multiply a forecast path (mean, lower, upper, in place) by the promotion factors. */
export function applyPromoEffects(
  mean: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  effects: PromoEffects,
  category: number,
  future_discount: Float64Array | undefined,
  days_since_last_promo = Infinity,
): Float64Array {
  const f = promoFactors(effects, category, future_discount, mean.length, days_since_last_promo)
  for (let h = 0; h < mean.length; h++) {
    mean[h] *= f[h]
    lower[h] *= f[h]
    upper[h] *= f[h]
  }
  return f
}
