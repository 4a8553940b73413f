/**
 * Stockout risk per SKU x location: probability of a stockout within the lead time, days of cover,
 * projected stockout date and expected lost margin. Pure functions, no I/O.
 *
 * Demand over the lead time is modelled as normal: D_LT ~ N(mu, sigma^2) with mu = d * L and
 * sigma = sqrt(L * sd_d^2 + d^2 * sd_L^2) (the same sigma as the safety stock).
 */
import { leadTimeDemandSd } from './policy'
import { normalCdf, standardNormalLoss } from './normal'
import { probDemandExceeds } from './count-demand'

export interface LeadTimeDemandInput {
  position: number
  d: number
  sd_d: number
  lead_time_days: number
  sd_lead_time_days: number
}

/**
 * Lead-time demand below this mean is a count (negative binomial or Poisson with the design's mean
 * and variance, count-demand.ts); at and above it, the design's normal. A normal is poor for a slow
 * seller: at position 0 with d L = 0.07 and sigma = 0.26 it puts P(stockout) at 61% (the item sells
 * one week in fifteen) while its own expected shortfall is 0.14 units, so the board showed a 30%+
 * risk beside £0 of margin at risk. With the count, the probability and the shortfall come from one
 * distribution and P(D > x) > 0 implies E[(D - x)+] >= P(D > x) (floor(x) + 1 - x) > 0. Above a mean
 * of 50 units the two models agree to about a continuity correction.
 */
export const COUNT_MODEL_MAX_MEAN = 50

/**
 * P(D > x) and E[(D - x)+] for lead-time demand D with mean mu and this variance, from one
 * distribution (see COUNT_MODEL_MAX_MEAN). A negative x (backorders owed) is always a stockout,
 * short mu - x. Zero variance: demand is certain (mu).
 */
export function leadTimeShortfall(x: number, mu: number, variance: number): { probability: number; units_short: number } {
  const m = Math.max(0, mu)
  if (x < 0) return { probability: 1, units_short: m - x }
  if (!(m > 1e-12)) return { probability: 0, units_short: 0 }
  if (!(variance > 1e-24)) return { probability: m > x ? 1 : 0, units_short: Math.max(0, m - x) }
  if (m >= COUNT_MODEL_MAX_MEAN) {
    // A count's variance is at least about its mean (Poisson), as count-demand.ts assumes too.
    const sigma = Math.sqrt(Math.max(variance, m))
    const z = (x - m) / sigma
    return { probability: 1 - normalCdf(z), units_short: sigma * standardNormalLoss(z) }
  }
  const k = Math.floor(x)
  // Far beyond the mean nothing is left to lose (and the pmf walk would be long).
  if (k > m + 40 * Math.sqrt(variance) + 40) return { probability: 0, units_short: 0 }
  // pmf by recursion from P(D = 0): Poisson(m), or negative binomial with r = m^2 / (v - m), p = m / v.
  const nb = variance > m * (1 + 1e-9)
  const r = nb ? (m * m) / (variance - m) : 0
  const q = nb ? 1 - m / variance : 0
  let pmf = nb ? Math.exp(r * Math.log(m / variance)) : Math.exp(-m)
  let cdf = 0
  let below = 0 // E[(k - D)+] = sum_{j <= k} (k - j) P(D = j)
  for (let j = 0; j <= k; j++) {
    cdf += pmf
    below += (k - j) * pmf
    pmf *= nb ? ((j + r) / (j + 1)) * q : m / (j + 1)
  }
  const probability = Math.min(1, Math.max(0, 1 - cdf))
  // E[(D - k)+] = mu - k + E[(k - D)+]; then E[(D - x)+] = E[(D - k)+] - (x - k) P(D > k).
  const units_short = Math.max(0, m - k + below - (x - k) * probability)
  return { probability, units_short }
}

/**
 * The board's risk figures for one SKU x location: P(stockout within L) = P(D_LT > position) and
 * E[(D_LT - position)+], D_LT with the design's mean d L and variance L sd_d^2 + d^2 sd_L^2, both
 * from one distribution (leadTimeShortfall): the design normal 1 - Phi((position - d L) / sigma)
 * from a lead-time demand of COUNT_MODEL_MAX_MEAN units, a count below it.
 */
export function leadTimeRisk(i: LeadTimeDemandInput): { probability: number; units_short: number } {
  const mu = Math.max(0, i.d) * Math.max(0, i.lead_time_days)
  const sigma = leadTimeDemandSd(i.d, i.sd_d, i.lead_time_days, i.sd_lead_time_days)
  return leadTimeShortfall(i.position, mu, sigma * sigma)
}

/**
 * The design normal alone: P(stockout within L) = 1 - Phi((position - d L) / sigma). The agents'
 * estimates (expectedLostMargin) still use it; the board's figures are leadTimeRisk's.
 * Edge cases: sigma = 0 (no variance, or zero demand) makes demand certain, so the probability is
 * 1 when d L > position and 0 otherwise (demand that exactly uses up the stock is not a stockout);
 * a negative position (backorders already owed) is always 1.
 */
export function stockoutProbability(i: LeadTimeDemandInput): number {
  if (i.position < 0) return 1
  const mu = Math.max(0, i.d) * Math.max(0, i.lead_time_days)
  const sigma = leadTimeDemandSd(i.d, i.sd_d, i.lead_time_days, i.sd_lead_time_days)
  if (!(sigma > 1e-12)) return mu > i.position ? 1 : 0
  return 1 - normalCdf((i.position - mu) / sigma)
}

/** Stock on its way to the shelf: `days` from today until it lands (0 = lands this morning), and units. */
export interface TimedReceipt {
  days: number
  qty: number
}

/**
 * Stockout probability within the lead time when what is on order lands over time, not at once.
 * The design formula above counts every unit on order in the position, as if it were on the shelf
 * today; a shelf holding 1 unit with 20 due in four days runs out before they land. Here the shelf
 * must cover demand until each receipt lands: with receipts landing on mornings t_1 <= t_2 <= ...
 * inside the lead time, a stockout happens if demand over [0, t_j) exceeds the available stock plus
 * the receipts before j, or demand over the whole lead time exceeds the available stock plus every
 * receipt inside it. The result is the largest of these terms (a lower bound of their union).
 * Demand over each window is a count (count-demand.ts) with the design's mean and variance: d t and
 * t sd_d^2 for a window of t days, d L and L sd_d^2 + d^2 sd_L^2 for the lead time; a normal is
 * poor over a day or two of a slow seller. Receipts landing after the lead time do not count;
 * receipts landing today or overdue count as available now (as projectStockout counts them).
 */
export function timedStockoutProbability(i: Omit<LeadTimeDemandInput, 'position'> & { available: number; receipts: readonly TimedReceipt[] }): number {
  const L = Math.max(0, i.lead_time_days)
  const d = Math.max(0, i.d)
  const varDay = Math.max(0, i.sd_d) ** 2
  const sdL = Math.max(0, i.sd_lead_time_days)
  return shelfOutlastsProbability(i.available, i.receipts, L, (t) => ({ mean: d * t, variance: varDay * t + (t === L ? d * d * sdL * sdL : 0) }))
}

/** Mean and variance of demand over the first t days. */
export type DemandMoments = (t: number) => { mean: number; variance: number }

/**
 * The timed stockout probability for any demand model: the largest of P(demand over [0, t_j) >
 * stock before receipt j) and P(demand over [0, L) > stock plus every receipt inside L), demand
 * over each window a count with `moments(t)`. timedStockoutProbability gives it the design's d and
 * sd_d (and the lead-time spread on the whole window); bench:agents' oracle the true demand.
 */
export function shelfOutlastsProbability(available: number, receipts: readonly TimedReceipt[], L: number, moments: DemandMoments): number {
  let stock = available
  const inside = [...receipts].filter((r) => r.qty > 0 && r.days < L).sort((a, b) => a.days - b.days)
  let p = 0
  for (const r of inside) {
    if (r.days > 0) {
      const m = moments(r.days)
      p = Math.max(p, probDemandExceeds(stock, m.mean, m.variance))
    }
    stock += r.qty
  }
  const m = moments(L)
  return Math.max(p, probDemandExceeds(stock, m.mean, m.variance))
}

/**
 * Expected units short over the lead time under the design normal, E[(D_LT - position)+] =
 * sigma * G((position - mu) / sigma) with G the standard normal loss function; with sigma = 0 it
 * is max(mu - position, 0). (The board's figure: leadTimeRisk.)
 */
export function expectedUnitsShort(i: LeadTimeDemandInput): number {
  const mu = Math.max(0, i.d) * Math.max(0, i.lead_time_days)
  const sigma = leadTimeDemandSd(i.d, i.sd_d, i.lead_time_days, i.sd_lead_time_days)
  if (!(sigma > 1e-12)) return Math.max(0, mu - i.position)
  return sigma * standardNormalLoss((i.position - mu) / sigma)
}

/** Expected lost margin = E[(D_LT - position)+] * unit margin (unit margin floored at 0). */
export function expectedLostMargin(i: LeadTimeDemandInput, unit_margin: number): number {
  return expectedUnitsShort(i) * Math.max(0, unit_margin)
}

/** Days of cover = on hand / d. 0 when on hand <= 0; Infinity when d <= 0 and there is stock. */
export function daysOfCover(on_hand: number, d: number): number {
  if (!(on_hand > 0)) return 0
  if (!(d > 0)) return Infinity
  return on_hand / d
}

export interface ScheduledReceipt {
  /** Expected arrival, YYYY-MM-DD: a day of the location's calendar, as `today` is. */
  date: string
  qty: number
}

const DAY_MS = 86_400_000

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate) / DAY_MS)
}

/** YYYY-MM-DD `days` after the date `from` (YYYY-MM-DD). */
export function addDaysIso(from: string, days: number): string {
  return new Date((dayNumber(from) + days) * DAY_MS).toISOString().slice(0, 10)
}

export interface CoverAndRunOut {
  /** on hand / d: 0 without stock, Infinity without demand. */
  days_of_cover: number
  /** Days from today (0 = today) of the run-out day, or null when stock lasts past the horizon. */
  run_out_day: number | null
  /** today + run_out_day as YYYY-MM-DD, or null. */
  run_out_date: string | null
}

/**
 * Days of cover and the run-out day, one rate (d, the forecast's mean daily demand) and one "now"
 * (today, the location's business day, with the stock on hand now), so the two always agree.
 *   days_of_cover = on hand / d
 *   run-out day   = today + floor(days of cover): stock that covers 0.7 days runs out today, stock
 *                   that covers exactly 1.0 day lasts today and runs out tomorrow.
 * Stock on its way counts from the morning it lands (overdue receipts: today): walking at d a day,
 * the shelf holding S at the start of day t runs out on day t + floor(S / d) unless a receipt lands
 * first, which adds to S on its morning. Without a receipt before it the run-out day is exactly
 * today + floor(cover). A run-out day at or past `horizon_days` (the forecast's horizon) is null.
 * Before this, cover was on hand / d while the run-out date walked the daily forecast path (a busy
 * Saturday, or yesterday's path read as today's), so a row covering 1.0 day could run out today
 * beside rows covering 0.7 days that ran out tomorrow.
 */
export function coverAndRunOut(on_hand: number, d: number, receipts: readonly ScheduledReceipt[], today: string, horizon_days: number): CoverAndRunOut {
  const days_of_cover = daysOfCover(on_hand, d)
  const start = dayNumber(today)
  const landing = receipts
    .filter((r) => r.qty > 0)
    .map((r) => ({ t: Math.max(0, dayNumber(r.date) - start), qty: r.qty }))
    .sort((x, y) => x.t - y.t)
  let stock = on_hand
  let t0 = 0
  let day: number | null = null
  if (d > 0) {
    for (const r of landing) {
      if (r.t > t0) {
        const out = t0 + Math.max(0, Math.floor(stock / d + 1e-9))
        if (out < r.t) break
        stock -= (r.t - t0) * d
        t0 = r.t
      }
      stock += r.qty
    }
    day = day ?? t0 + Math.max(0, Math.floor(stock / d + 1e-9))
  } else {
    // No demand: an empty shelf with nothing landing today is out today; stock never runs out.
    const today0 = landing.filter((r) => r.t === 0).reduce((s, r) => s + r.qty, 0)
    day = on_hand + today0 > 0 ? null : 0
  }
  if (day === null || day >= horizon_days) return { days_of_cover, run_out_day: null, run_out_date: null }
  return { days_of_cover, run_out_day: day, run_out_date: addDaysIso(today, day) }
}

export interface RiskInput extends LeadTimeDemandInput {
  on_hand: number
  unit_margin: number
  /** Daily forecast path from start_date (mean); its length is the run-out date's horizon. */
  forecast: Float64Array
  receipts: readonly ScheduledReceipt[]
  /** Today: the location's business day (YYYY-MM-DD). */
  start_date: string
  model: string
}

export interface RiskResult {
  stockout_probability: number
  days_of_cover: number
  projected_stockout_date: string | null
  expected_units_short: number
  expected_lost_margin: number
  inputs: {
    d: number
    sd_d: number
    lead_time_days: number
    sd_lead_time_days: number
    position: number
    on_hand: number
    unit_margin: number
    /** d * L */
    lead_time_demand: number
    /** sqrt(L sd_d^2 + d^2 sd_L^2) */
    lead_time_demand_sd: number
  }
  model: string
}

/** All risk figures for one SKU x location, with the inputs echoed for the explanation. */
export function assessRisk(i: RiskInput): RiskResult {
  const cover = coverAndRunOut(i.on_hand, i.d, i.receipts, i.start_date, i.forecast.length)
  const { probability, units_short: short } = leadTimeRisk(i)
  return {
    stockout_probability: probability,
    days_of_cover: cover.days_of_cover,
    projected_stockout_date: cover.run_out_date,
    expected_units_short: short,
    expected_lost_margin: short * Math.max(0, i.unit_margin),
    inputs: {
      d: i.d,
      sd_d: i.sd_d,
      lead_time_days: i.lead_time_days,
      sd_lead_time_days: i.sd_lead_time_days,
      position: i.position,
      on_hand: i.on_hand,
      unit_margin: i.unit_margin,
      lead_time_demand: Math.max(0, i.d) * Math.max(0, i.lead_time_days),
      lead_time_demand_sd: leadTimeDemandSd(i.d, i.sd_d, i.lead_time_days, i.sd_lead_time_days),
    },
    model: i.model,
  }
}
