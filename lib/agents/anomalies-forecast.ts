/**
 * The anomalies agent's two forecast detectors (mandate: anomalies.ts): units sold over the last
 * days against the forecast's sum, and days running outside the forecast's daily interval.
 * Pure, no I/O: plain arrays in, one finding per judged SKU-location out.
 */
import type { AgentFinding, WhyChart } from '../alerts/types'
import { serviceLevelToZ } from '../policy/normal'
import { DEFAULT_ANOMALY_OPTIONS, RULES, investigateFinding, type AnomalyOptions } from './anomalies-rules'
import { dateOfDay, dayNumber, round } from './signals'
import { fmtMoneyAuto, fmtNum, fmtPct, fmtSignedPct, plural } from './wording'

export interface ForecastWindowInput {
  sku: string
  location: string
  /** '' or absent: all channels. */
  channel?: string
  /** The first day of the arrays (YYYY-MM-DD); one entry a day, oldest first. */
  start_date: string
  /** Units sold each day. */
  actual: readonly number[]
  /** The forecast made before each day (not one fitted to it): mean and central interval. */
  mean: readonly number[]
  lower: readonly number[]
  upper: readonly number[]
  /** Central coverage of [lower, upper]: 0.8 for the forecasts table (lib/forecast/select.ts). */
  level?: number
  /**
   * Days the shelf ran empty (a stock snapshot at or below zero that day): units sold are then a
   * floor on demand, so selling below the forecast that day says nothing about the forecast.
   */
  out_of_stock?: readonly boolean[]
  unit_margin: number
}

function daysOf(i: ForecastWindowInput): number {
  return Math.min(i.actual.length, i.mean.length, i.lower.length, i.upper.length)
}

function chartOf(i: ForecastWindowInput, n: number): WhyChart {
  const start = dayNumber(i.start_date)
  return {
    x: Array.from({ length: n }, (_, k) => dateOfDay(start + k)),
    series: [
      { name: 'units sold', values: i.actual.slice(0, n), unit: 'units' },
      { name: 'forecast', values: i.mean.slice(0, n).map((v) => round(v)), unit: 'units' },
      { name: 'forecast lower', values: i.lower.slice(0, n).map((v) => round(v)), unit: 'units' },
      { name: 'forecast upper', values: i.upper.slice(0, n).map((v) => round(v)), unit: 'units' },
    ],
  }
}

/** Day t sold below `bound` while the shelf was empty: the shortfall is the shelf's, not the forecast's. */
function shortBecauseEmpty(i: ForecastWindowInput, t: number, bound: number): boolean {
  return i.out_of_stock?.[t] === true && i.actual[t] < bound
}

/** Signals are capped so a zero-width interval cannot store an infinite z. */
const MAX_SIGNAL = 99

/**
 * Sell-through off forecast. Over the window: A = sum of units sold, F = sum of the forecast means.
 * Each day's forecast sd comes from its upper bound, sd_t = (upper_t - mean_t) / z with
 * z = Phi^-1((1 + level) / 2) (1.2816 for 80 %; the lower bound is floored at 0, the upper is not);
 * the sum's sd = sqrt(sum sd_t^2), treating days as independent. z = (A - F) / sd, ratio = A / F.
 * A day that sold below its forecast while the shelf was empty is left out of A, F and the sd (its
 * sales are a floor on demand); one that sold above it still counts (demand was at least that).
 * signal = |z| (at most 99) when |A / F - 1| >= sell_through_min_rel and |A - F| >= sell_through_min_units
 * units, else 0. Value at risk: the units the forecast is off by, at margin, |A - F| x unit margin.
 * Confidence: F / (F + sd), lower when the forecast's own interval is wide.
 */
export function detectSellThroughDeviation(i: ForecastWindowInput, options: Partial<AnomalyOptions> = {}): AgentFinding | null {
  const o = { ...DEFAULT_ANOMALY_OPTIONS, ...options }
  const n = daysOf(i)
  if (n === 0) return null
  const zl = serviceLevelToZ((1 + (i.level ?? 0.8)) / 2)
  let a = 0
  let f = 0
  let v = 0
  for (let t = 0; t < n; t++) {
    if (shortBecauseEmpty(i, t, i.mean[t])) continue
    a += i.actual[t]
    f += i.mean[t]
    const sd = Math.max(0, i.upper[t] - i.mean[t]) / zl
    v += sd * sd
  }
  const sd = Math.sqrt(v)
  const diff = a - f
  const z = sd > 0 ? diff / sd : diff === 0 ? 0 : Math.sign(diff) * Infinity
  const rel = f > 0 ? a / f - 1 : a > 0 ? Infinity : 0
  const material = Math.abs(rel) >= o.sell_through_min_rel && Math.abs(diff) >= o.sell_through_min_units
  const signal = material ? round(Math.min(MAX_SIGNAL, Math.abs(z))) : 0
  const value = round(Math.abs(diff) * Math.max(0, i.unit_margin))
  const end = dateOfDay(dayNumber(i.start_date) + n - 1)
  const relText = Number.isFinite(rel) ? ` (${fmtSignedPct(rel)})` : ''
  const zText = Number.isFinite(z) ? fmtNum(Math.abs(z), 1) : 'infinitely many'
  const hint =
    diff > 0
      ? 'Demand is running above the forecast: stock may run short before the next order arrives.'
      : diff < 0
        ? 'Demand is running below the forecast: check the shelf, the display and the price, then the forecast.'
        : ''
  const why =
    `${i.sku} at ${i.location} sold ${plural(a, 'unit')} in the ${plural(n, 'day')} to ${end} against ${fmtNum(f, 1)} forecast${relText}, ` +
    `${zText} standard deviations of the forecast's own uncertainty (an alert needs ${RULES.sell_through_deviation!.open} and a gap of ` +
    `${fmtPct(o.sell_through_min_rel, 0)} and ${plural(o.sell_through_min_units, 'unit')}). ${hint}`.trimEnd()
  return investigateFinding({
    type: 'sell_through_deviation', sku: i.sku, location: i.location, channel: i.channel, signal, value, why, chart: chartOf(i, n), severity: o.severity,
    summary: `Check the forecast of ${i.sku} at ${i.location}: sold ${fmtNum(a, 0)} against ${fmtNum(f, 0)} forecast over ${plural(n, 'day')} (${fmtMoneyAuto(value, o.currency_symbol)} of margin)`,
    confidence: f > 0 ? f / (f + sd) : 0,
  })
}

/**
 * Forecast deviation: actual outside the daily interval on the same side for the latest days
 * running. side_t = +1 when actual > upper, -1 when actual < lower, else 0; signal = the number of
 * trailing days sharing the latest day's side (0 when the latest day is inside). Were the forecast
 * right, each side holds (1 - level) / 2 of days (10 % for 80 %), so n days running happen by
 * chance with about 0.1^n (days taken as independent): 3 days, 1 in 1,000. A day below the interval
 * while the shelf was empty counts as inside (side 0): the stockout, which the stockout and phantom
 * agents judge, explains it.
 * Value at risk: sum over those days of |actual - mean| x unit margin.
 */
export function detectForecastDeviation(i: ForecastWindowInput, options: Partial<AnomalyOptions> = {}): AgentFinding | null {
  const o = { ...DEFAULT_ANOMALY_OPTIONS, ...options }
  const n = daysOf(i)
  if (n === 0) return null
  const side = (t: number) => (i.actual[t] > i.upper[t] ? 1 : i.actual[t] < i.lower[t] && !shortBecauseEmpty(i, t, i.lower[t]) ? -1 : 0)
  const s = side(n - 1)
  let run = 0
  while (s !== 0 && run < n && side(n - 1 - run) === s) run++
  let off = 0
  for (let t = n - run; t < n; t++) off += Math.abs(i.actual[t] - i.mean[t])
  const value = round(off * Math.max(0, i.unit_margin))
  const level = i.level ?? 0.8
  const end = dateOfDay(dayNumber(i.start_date) + n - 1)
  const pct = fmtNum(level * 100, 0)
  let why: string
  if (run === 0) {
    why = `${i.sku} at ${i.location} sold ${plural(i.actual[n - 1], 'unit')} on ${end}, inside the forecast's ${pct}% interval (${fmtNum(i.lower[n - 1], 1)} to ${fmtNum(i.upper[n - 1], 1)}).`
  } else {
    const days = Array.from({ length: run }, (_, k) => n - run + k)
    const sold = days.map((t) => fmtNum(i.actual[t], 0)).join(', ')
    const bounds = days.map((t) => fmtNum(s > 0 ? i.upper[t] : i.lower[t], 1)).join(', ')
    const chance = Math.pow((1 - level) / 2, run)
    why =
      `${i.sku} at ${i.location} sold ${s > 0 ? 'above' : 'below'} the forecast's ${pct}% interval ${plural(run, 'day')} running to ${end}: ` +
      `${sold} against ${s > 0 ? 'upper' : 'lower'} bounds of ${bounds}. Were the forecast right, that happens about 1 time in ` +
      `${fmtNum(1 / chance, 0)} (an alert needs ${plural(RULES.forecast_deviation!.open, 'day')}).`
  }
  return investigateFinding({
    type: 'forecast_deviation', sku: i.sku, location: i.location, channel: i.channel, signal: run, value, why, chart: chartOf(i, n), severity: o.severity,
    summary:
      run > 0
        ? `Check the forecast of ${i.sku} at ${i.location}: ${s > 0 ? 'above' : 'below'} its interval ${plural(run, 'day')} running`
        : `Nothing to check for ${i.sku} at ${i.location}: sales inside the forecast's interval`,
    confidence: Math.min(1, n / 14),
  })
}
