/**
 * The anomalies agent's phantom-inventory detector (its mandate: anomalies.ts; the worker that
 * gathers its inputs: jobs/agents/phantom.ts).
 *
 * Phantom inventory is stock on the books that is not on the shelf: nothing sells, yet the books
 * say there is something to sell. The evidence is a run of days without a sale that demand does not
 * explain, counted only over days the books said the shelf was stocked, at the demand rate those
 * days really had.
 */
import type { AgentFinding, WhyChart } from '../alerts/types'
import { shrinkageWeight } from '../policy/lead-time'
import { DEFAULT_ANOMALY_OPTIONS, investigateFinding, type AnomalyOptions } from './anomalies-rules'
import { dateOfDay, dayNumber, round } from './signals'
import { fmtMoneyAuto, fmtNum, plural } from './wording'

export interface PhantomInput {
  sku: string
  location: string
  /** Units sold per day, oldest first, the last entry being `last_date` (the last complete day). */
  daily_units: readonly number[]
  last_date: string
  /** System on hand now. */
  on_hand: number
  /** Forecast daily demand, units a day. */
  d: number
  /** Average units per sale line (sales_daily units / lines); 1 when unknown. */
  units_per_line?: number
  unit_margin: number
  /**
   * Per entry of daily_units: the books' on hand as that day opened (the latest snapshot or count
   * up to the end of the day before), null when unknown. A day that opened with nothing on the
   * books is a stock-out, not evidence of phantom stock: the silent run stops there. Absent: the
   * books are taken to have shown stock throughout.
   */
  books_at_open?: readonly (number | null)[]
  /**
   * The same sku's sales at the other selling locations over the silent days (observed units)
   * against what their rate before those days would have sold (expected units). A drop there too
   * is a drop in demand, not a shelf problem: the demand rate here is scaled by
   * min(1, (observed + 1) / (expected + 1)). Absent: no scaling.
   */
  peers?: { observed: number; expected: number }
  /** daily_units starts at the sku's first sale (a sale there by construction, left out of the rate). */
  starts_at_first_sale?: boolean
}

/** Days before the silent run whose sales at the other locations give their usual rate. */
export const PEER_BASE_DAYS = 28

/**
 * The books at the opening of each of n days from `since` (offset 0): the latest figure at the
 * end of an earlier day, null before any. Figures: day offsets (ascending, may be negative) and values.
 */
export function booksAtOpen(days: readonly number[], values: readonly number[], n: number): (number | null)[] {
  const out: (number | null)[] = new Array(n).fill(null)
  let j = 0
  let last: number | null = null
  for (let k = 0; k < n; k++) {
    while (j < days.length && days[j] < k) last = values[j++]
    out[k] = last
  }
  return out
}

/** Units the other locations sold over days [from, to) of the window and over the base days before `from`, as their rate predicts. */
export function peerEvidence(days: readonly number[], units: readonly number[], from: number, to: number, baseDays = PEER_BASE_DAYS): { observed: number; expected: number } | undefined {
  const base0 = Math.max(0, from - baseDays)
  const nBase = from - base0
  if (nBase < 7) return undefined
  let base = 0
  let observed = 0
  days.forEach((d, k) => {
    if (d >= base0 && d < from) base += units[k]
    else if (d >= from && d < to) observed += units[k]
  })
  return { observed, expected: (base / nBase) * (to - from) }
}

/**
 * Days without a sale, counted back from the last day, while the books showed stock as the day
 * opened: stops at the first day (from the end) with a sale or opening with books at or below zero.
 */
export function silentDays(daily_units: readonly number[], books_at_open?: readonly (number | null)[]): number {
  const n = daily_units.length
  let gap = 0
  while (gap < n) {
    const k = n - 1 - gap
    if (daily_units[k] > 0) break
    const b = books_at_open?.[k]
    if (b !== undefined && b !== null && b <= 0) break
    gap++
  }
  return gap
}

/** Days before the silent run whose sales give the rate the silent days should have had. */
export const RATE_BASE_DAYS = 28
/** Weight of the forecast in that rate, in days of sales (the prior of a gamma-Poisson update). */
export const RATE_PRIOR_DAYS = 7

/**
 * Units a day the silent days should have sold: the sales of the RATE_BASE_DAYS before the run
 * (days that opened with nothing on the books left out: their zeros are stock-outs; the sale day
 * just before the run, and the first day when the series starts at the first sale, left out), with the
 * forecast d worth RATE_PRIOR_DAYS more days, (units + d x prior) / (days + prior). Not the
 * forecast alone: a forecast refitted on the silent days' zeros (the books said they were not
 * stock-outs) falls towards 0 the longer the shelf stands empty, and hides the very gap it should
 * measure.
 */
export function rateBefore(daily_units: readonly number[], runStart: number, d: number, books_at_open?: readonly (number | null)[], startsAtFirstSale = false): number {
  const b = baseBefore(daily_units, runStart, books_at_open, startsAtFirstSale)
  return (b.units + Math.max(0, d) * RATE_PRIOR_DAYS) / (b.days + RATE_PRIOR_DAYS)
}

/** The base days rateBefore counts, and their units. */
export function baseBefore(daily_units: readonly number[], runStart: number, books_at_open?: readonly (number | null)[], startsAtFirstSale = false): { units: number; days: number } {
  let units = 0
  let days = 0
  for (let k = Math.max(0, runStart - RATE_BASE_DAYS); k < runStart; k++) {
    const b = books_at_open?.[k]
    if (b !== undefined && b !== null && b <= 0) continue
    // The sale that ended the base (the day before the run) and the one that began the series are
    // there by construction, not by chance: counting them would make every slow seller look
    // faster (one sale in a base of 3 days reads as a third of a sale a day).
    if ((k === runStart - 1 || (k === 0 && startsAtFirstSale)) && daily_units[k] > 0) continue
    units += Math.max(0, daily_units[k])
    days++
  }
  return { units, days }
}

/** The demand-rate scale from the sku's other locations: min(1, (observed + 1) / (expected + 1)). */
export function peerFactor(peers?: { observed: number; expected: number }): number {
  if (!peers || !(peers.expected >= 0) || !(peers.observed >= 0)) return 1
  return Math.min(1, (peers.observed + 1) / (peers.expected + 1))
}

/**
 * Phantom inventory: stock on the books, yet no sale for far longer than demand explains.
 * Sale lines arrive as a Poisson process whose rate is known only from the days before the silent
 * run (rateBefore's base: n days, L lines = units / units per line) and the forecast worth
 * RATE_PRIOR_DAYS more days: a gamma posterior with shape a = L + d x 7 / units per line and rate
 * b = n + 7 (mean lambda = a / b). g silent days (silentDays: no sale, the books showing stock) then
 * have the negative-binomial probability P = (1 + f g / b)^-a, f the peers' scale (peerFactor).
 * Little history behind the rate makes a long gap less surprising than a Poisson count would say
 * (which P approaches as b grows). signal = -log10 P when on hand > 0, lambda > 0 and g >= min
 * days; 0 otherwise; the open threshold (RULES) is -log10 alpha = 4 (alpha = 1e-4).
 * Value at risk: the margin lost over the horizon if the shelf is empty, d x horizon x unit margin.
 */
export function detectPhantomInventory(i: PhantomInput, options: Partial<AnomalyOptions> = {}): AgentFinding | null {
  const o = { ...DEFAULT_ANOMALY_OPTIONS, ...options }
  const n = i.daily_units.length
  if (n === 0) return null
  const gap = silentDays(i.daily_units, i.books_at_open)
  const stoppedByBooks = gap < n && !(i.daily_units[n - 1 - gap] > 0)
  const factor = peerFactor(i.peers)
  const upl = Math.max(1, i.units_per_line ?? 1)
  const base = baseBefore(i.daily_units, n - gap, i.books_at_open, i.starts_at_first_sale)
  // Gamma posterior of the line rate: shape = lines seen + the forecast's over the prior days, rate = days.
  const shape = (base.units + Math.max(0, i.d) * RATE_PRIOR_DAYS) / upl
  const days = base.days + RATE_PRIOR_DAYS
  const lambda = (shape / days) * factor
  const logP = -shape * Math.log1p((factor * gap) / days)
  const p = Math.exp(logP)
  const judged = i.on_hand > 0 && lambda > 0 && gap >= o.phantom_min_days
  const signal = judged ? round(-logP / Math.LN10) : 0
  const value = round(Math.max(0, i.d) * o.phantom_horizon_days * Math.max(0, i.unit_margin))
  const saleDays = i.daily_units.filter((u) => u > 0).length
  const gapText = gap === n ? `at least ${plural(gap, 'day')}` : plural(gap, 'day')
  const pText = p < 0.001 ? p.toExponential(1) : fmtNum(p, 3)
  const money = fmtMoneyAuto(value, o.currency_symbol)
  const surprising = judged && p < o.phantom_alpha
  const since = stoppedByBooks ? ' since the books last showed no stock' : ''
  const peerText = factor < 1 ? ` (${Math.round(factor * 100)}% of its rate before: the same SKU's sales elsewhere fell as much over those days)` : ''
  const why = !(i.on_hand > 0)
    ? `No stock on the books for ${i.sku} at ${i.location}: nothing to check.`
    : !(lambda > 0)
      ? `No demand is forecast or sold before for ${i.sku} at ${i.location}, so days without a sale say nothing about its ${plural(i.on_hand, 'unit')} on hand.`
      : `No sale of ${i.sku} at ${i.location} for ${gapText}${since} to ${i.last_date} while the books show ${plural(i.on_hand, 'unit')} on hand. ` +
        `At ${fmtNum(lambda, 2)} sale lines a day${peerText} a gap that long has probability ${pText} (an alert needs under ${o.phantom_alpha}` +
        `${o.phantom_min_days > gap ? ` and ${plural(o.phantom_min_days, 'day')}` : ''}): ` +
        (surprising ? `the shelf may be empty. If it is, ${money} of margin is lost over ${plural(o.phantom_horizon_days, 'day')}.` : 'not unusual yet.')
  const last = dayNumber(i.last_date)
  const shown = i.daily_units.slice(-28)
  const chart: WhyChart = {
    x: shown.map((_, k) => dateOfDay(last - (shown.length - 1 - k))),
    series: [{ name: 'units sold', values: [...shown], unit: 'units' }],
    refs: [{ name: 'forecast a day', value: round(i.d) }],
  }
  return investigateFinding({
    type: 'phantom_inventory', sku: i.sku, location: i.location, signal, value, why, chart, severity: o.severity,
    summary: `Count ${i.sku} at ${i.location}: the books say ${plural(i.on_hand, 'unit')}, no sale for ${gapText}`,
    confidence: shrinkageWeight(saleDays, 5),
  })
}
