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
 * P(stockout within L) = P(D_LT > position) = 1 - Phi((position - d L) / sigma).
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
 * Expected units short over the lead time, E[(D_LT - position)+] = sigma * G((position - mu) / sigma)
 * with G the standard normal loss function; with sigma = 0 it is max(mu - position, 0).
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
  /** Expected arrival, YYYY-MM-DD (UTC day). */
  date: string
  qty: number
}

export interface StockoutProjection {
  /** Day index into the forecast path (0 = start date) of the first day stock runs out, or null. */
  day_index: number | null
  /** That day as YYYY-MM-DD, or null when stock lasts the whole path. */
  date: string | null
  /** Projected on hand at the end of each day (can go negative: unmet demand). */
  projected_on_hand: Float64Array
}

const DAY_MS = 86_400_000

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate) / DAY_MS)
}

/**
 * Walk the daily forecast path from `start_date`:
 *   stock_0 = on hand; each day t: stock += receipts due on t; stock -= forecast[t].
 * The projected stockout day is the first t whose end-of-day stock is <= 0 while that day's forecast
 * demand is > 0 (stock hits zero while customers still come), or day 0 when on hand is already
 * <= 0 and nothing arrives that day. Receipts dated before start (overdue open POs) count on day 0,
 * consistent with inventory position counting them as on order; receipts past the path are ignored.
 */
export function projectStockout(
  on_hand: number,
  forecast: Float64Array,
  receipts: readonly ScheduledReceipt[],
  start_date: string,
): StockoutProjection {
  const h = forecast.length
  const incoming = new Float64Array(h)
  const start = dayNumber(start_date)
  for (const r of receipts) {
    if (!(r.qty > 0)) continue
    const t = Math.max(0, dayNumber(r.date) - start)
    if (t < h) incoming[t] += r.qty
  }
  const projected = new Float64Array(h)
  let stock = on_hand
  let hit = -1
  for (let t = 0; t < h; t++) {
    const demand = forecast[t] > 0 ? forecast[t] : 0
    const opening = stock + incoming[t]
    stock = opening - demand
    projected[t] = stock
    if (hit < 0 && ((demand > 0 && stock <= 1e-9) || (t === 0 && opening <= 0))) hit = t
  }
  if (hit < 0) return { day_index: null, date: null, projected_on_hand: projected }
  return { day_index: hit, date: new Date((start + hit) * DAY_MS).toISOString().slice(0, 10), projected_on_hand: projected }
}

export interface RiskInput extends LeadTimeDemandInput {
  on_hand: number
  unit_margin: number
  /** Daily forecast path from start_date (mean), for the projected stockout date. */
  forecast: Float64Array
  receipts: readonly ScheduledReceipt[]
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
  const proj = projectStockout(i.on_hand, i.forecast, i.receipts, i.start_date)
  const short = expectedUnitsShort(i)
  return {
    stockout_probability: stockoutProbability(i),
    days_of_cover: daysOfCover(i.on_hand, i.d),
    projected_stockout_date: proj.date,
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
