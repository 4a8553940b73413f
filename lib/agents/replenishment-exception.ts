/**
 * Mandate: replenishment-exception agent.
 * - Trigger: every planning write that leaves a sku x location with a recommended order > 0.
 * - Inputs: the recommended order quantity and the pair's policy figures (inventory_policies), the
 *   quantities of its recent purchase orders (po_lifecycle), the forecast's daily mean, lower and
 *   upper paths (forecasts, an 80% band), whether the item is new and its days of history.
 * - Raises: 'replenishment_exception' when the recommended order is far outside the pair's usual
 *   size (>= 3x or <= 1/3 of the median of its recent orders) or stands on a low-confidence
 *   forecast (the band over the demand the order covers wider than 2.5x its mean, a new item, or fewer than 28
 *   days of history), and the order is worth at least MIN_ORDER_VALUE at cost.
 * - Recommends: 'reorder' of the recommended quantity, with confidence at most 0.4.
 * - Without a person: never. An exception exists to be looked at; no approval rule may run it.
 *
 * Signal = the largest of the reasons' scores, each scaled so that 1 is its bound:
 *   size = max(r / 3, (1/3) / r) with r = recommended / median of recent orders (>= 3 orders);
 *   interval = (width of the n-day sum's 80% band / its mean) / 2.5 over n = max(7, ceil(L)) days,
 *   the band's width being sqrt(sum (upper_t - lower_t)^2) (days' errors independent). Summing the
 *   daily bounds instead, or looking at one day of a slow seller, makes every slow seller's band
 *   look wider than its mean: at demo scale that flagged 26 orders a day, all on this reason
 *   (bench:agents), because the item was slow, not because its forecast was unsure;
 *   new item = 1; short history (< 28 days) = 1. Opens at 1, clears below 0.85.
 */
import type { AgentFinding, AlertType, HysteresisRule, Severity, WhyChart } from '@/lib/alerts/types'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import { expectedLostMargin } from '@/lib/policy/risk'
import { median as medianOfAll } from './signals'
import { casesNote, forecastConfidence, money, pct, round2, units, type AgentDescriptor } from './stock-shared'

export const AGENT = {
  name: 'replenishment-exception',
  model_version: 'replenishment-exception-1.0.0',
  alert_types: ['replenishment_exception'],
  actions: ['reorder'],
  may_run_without_person: false,
} as const satisfies AgentDescriptor

export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  replenishment_exception: { open: 1, clear: 0.85, open_after: 1, clear_after: 1 },
}

export interface ExceptionBounds {
  /** An order >= ratio x median (or <= median / ratio) of recent orders is unusual. */
  size_ratio: number
  /** Fewest recent orders for a "usual size" to exist. */
  min_orders: number
  /** (upper - lower) / mean of the forecast over the lead time above this is a wide interval. */
  interval_ratio: number
  /** Fewer days of history than this is too little. */
  min_history_days: number
  /** Orders worth less than this at cost are not worth a person's time (deployment currency). */
  min_order_value: number
}

export const DEFAULT_EXCEPTION_BOUNDS: ExceptionBounds = { size_ratio: 3, min_orders: 3, interval_ratio: 2.5, min_history_days: 28, min_order_value: 100 }
/** The confidence of an exception's recommendation is at most this. */
export const LOW_CONFIDENCE_CAP = 0.4

export interface ReplenishmentInput {
  sku: string
  location: string
  supplier: string
  recommended_qty: number
  case_pack: number
  unit_cost: number
  unit_price: number
  d: number
  sd_d: number
  lead_time_days: number
  sd_lead_time_days: number
  position: number
  stockout_probability: number
  model?: string
  is_new?: boolean
  history_days: number
  /** Quantities of the pair's recent purchase orders, oldest first. */
  recent_order_qtys: readonly number[]
  /** The forecast's daily paths from today (80% band). */
  forecast?: { mean: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number> }
}

export type ExceptionReason =
  | { kind: 'size'; ratio: number; median: number; orders: number; score: number }
  | { kind: 'interval'; width: number; days: number; score: number }
  | { kind: 'new_item'; score: number }
  | { kind: 'short_history'; days: number; score: number }

/** Median of the positive quantities; NaN for none. */
export const median = (xs: readonly number[]): number => medianOfAll(xs.filter((x) => x > 0))

/** Fewest days of demand the interval reason looks at: an order covers at least a week. */
export const MIN_INTERVAL_DAYS = 7

/**
 * Relative width of the 80% band of demand summed over the first `days` days: sqrt(sum of the
 * daily widths squared) / sum of the means (independent days); NaN when the mean sums to 0.
 */
export function intervalWidth(f: NonNullable<ReplenishmentInput['forecast']>, days: number): number {
  const n = Math.min(days, f.mean.length)
  let m = 0
  let w2 = 0
  for (let t = 0; t < n; t++) {
    m += f.mean[t]
    w2 += (f.upper[t] - f.lower[t]) ** 2
  }
  return m > 0 ? Math.sqrt(w2) / m : NaN
}

/** Every reason with its score (1 = at its bound), whether or not it reaches 1. */
export function exceptionReasons(i: ReplenishmentInput, b: ExceptionBounds = DEFAULT_EXCEPTION_BOUNDS): ExceptionReason[] {
  const out: ExceptionReason[] = []
  const q = i.recommended_qty
  const orders = i.recent_order_qtys.filter((x) => x > 0)
  const med = median(orders)
  if (orders.length >= b.min_orders && med > 0 && q > 0) {
    const ratio = q / med
    out.push({ kind: 'size', ratio, median: med, orders: orders.length, score: Math.max(ratio / b.size_ratio, 1 / (b.size_ratio * ratio)) })
  }
  if (i.forecast) {
    const days = Math.max(MIN_INTERVAL_DAYS, Math.ceil(i.lead_time_days))
    const width = intervalWidth(i.forecast, days)
    if (Number.isFinite(width)) out.push({ kind: 'interval', width, days, score: width / b.interval_ratio })
  }
  if (i.is_new || i.model === 'new_item_prior') out.push({ kind: 'new_item', score: 1 })
  if (i.history_days < b.min_history_days) out.push({ kind: 'short_history', days: i.history_days, score: 1 })
  return out
}

function reasonText(r: ExceptionReason, q: number): string {
  switch (r.kind) {
    case 'size':
      return `the recommended ${units(q)} units are ${r.ratio.toFixed(1)}x the median of the last ${r.orders} orders (${units(r.median)})`
    case 'interval':
      return `the forecast's 80% interval over the ${units(r.days)} days the order covers is ${r.width.toFixed(1)}x its mean`
    case 'new_item':
      return 'the item is new (forecast from its category)'
    case 'short_history':
      return `it has only ${r.days} days of history`
  }
}

/**
 * The exception for one recommended order, or null (no order, order below the value floor, or
 * every reason's score below the clear threshold). Reasons in the `why` are those at or above
 * clear. Severity: high when the pair is also at stockout risk (p >= 0.3: the order is urgent and
 * a person must look now); medium for a size outlier; low for forecast-confidence reasons only.
 * value_at_risk = the order's value at cost (what is committed if it is wrong).
 */
export function decideReplenishmentException(i: ReplenishmentInput, b: ExceptionBounds = DEFAULT_EXCEPTION_BOUNDS): AgentFinding | null {
  const q = i.recommended_qty
  if (!(q > 0)) return null
  const value = q * i.unit_cost
  if (value < b.min_order_value) return null
  const clear = RULES.replenishment_exception!.clear
  const reasons = exceptionReasons(i, b).filter((r) => r.score >= clear)
  if (reasons.length === 0) return null
  const signal = Math.max(...reasons.map((r) => r.score))
  const size = reasons.find((r) => r.kind === 'size')
  const severity: Severity = i.stockout_probability >= STOCKOUT_RISK_THRESHOLD ? 'high' : size ? 'medium' : 'low'
  const margin = Math.max(0, i.unit_price - i.unit_cost)
  const ltd = (position: number) => ({ position, d: i.d, sd_d: i.sd_d, lead_time_days: i.lead_time_days, sd_lead_time_days: i.sd_lead_time_days })
  const protectedMargin = expectedLostMargin(ltd(i.position), margin) - expectedLostMargin(ltd(i.position + q), margin)
  const text = reasons.map((r) => reasonText(r, q))
  const why = `Check this order before it goes: ${text.join('; ')} (stockout probability ${pct(i.stockout_probability)}, order value ${money(value)} at cost).`
  return {
    type: 'replenishment_exception',
    scope: { sku: i.sku, location: i.location, channel: '', supplier: '' },
    signal,
    severity,
    value_at_risk: round2(value),
    why,
    recommendation: {
      action: 'reorder',
      quantity: q,
      cost: round2(value),
      value: round2(protectedMargin),
      summary: `Order ${units(q)} units${casesNote(q, i.case_pack)}${i.supplier ? ` from ${i.supplier}` : ''} (check the quantity)`,
    },
    confidence: Math.min(LOW_CONFIDENCE_CAP, forecastConfidence({ d: i.d, sd_d: i.sd_d, history_days: i.history_days, model: i.model })),
    agent: AGENT.name,
    model_version: AGENT.model_version,
    chart: chartFor(i, size),
  }
}

/** Recent orders and the recommended one against the median band; else the forecast band over the lead time. */
function chartFor(i: ReplenishmentInput, size: ExceptionReason | undefined): WhyChart | undefined {
  const orders = i.recent_order_qtys.filter((x) => x > 0)
  if (orders.length > 0) {
    const med = size && size.kind === 'size' ? size.median : median(orders)
    return {
      x: [...orders.map((_, k) => `order ${k + 1}`), 'recommended'],
      series: [{ name: 'order quantity', values: [...orders, i.recommended_qty], unit: 'units' }],
      refs: [{ name: 'median', value: med }],
    }
  }
  if (!i.forecast) return undefined
  const n = Math.min(Math.max(1, Math.ceil(i.lead_time_days)), i.forecast.mean.length)
  const pick = (a: ArrayLike<number>) => Array.from({ length: n }, (_, t) => round2(a[t]))
  return {
    x: Array.from({ length: n }, (_, t) => `day ${t + 1}`),
    series: [
      { name: 'forecast', values: pick(i.forecast.mean), unit: 'units' },
      { name: 'lower (10%)', values: pick(i.forecast.lower), unit: 'units' },
      { name: 'upper (90%)', values: pick(i.forecast.upper), unit: 'units' },
    ],
  }
}
