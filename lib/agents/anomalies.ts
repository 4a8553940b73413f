/**
 * Anomalies agent: phantom inventory, shrink spikes, sell-through off forecast, forecast deviation.
 *
 * Mandate
 * - Trigger: the day's sales and movements of a SKU-location land (the writer's changed keys,
 *   debounced), and once a day after the forecast recompute for every carried SKU-location.
 * - Reads: daily units sold per SKU-location (sales_daily) and units per sale line; on hand, d,
 *   unit cost and margin (inventory_policies); shrink and adjustment movements
 *   (raw_inventory_movements) and the same window's write-offs of the category's other SKUs at the
 *   location; the forecast's daily mean, lower and upper (forecasts) for the days judged.
 * - Raises: 'phantom_inventory', 'shrink_spike', 'sell_through_deviation', 'forecast_deviation'.
 * - Recommends: 'investigate' only (a cycle count, a look at the write-offs, a check of the
 *   forecast); it never moves stock or changes an order.
 * - Autonomy: an approval rule may let a phantom-inventory cycle count be scheduled without a person
 *   (a count changes nothing but the books' accuracy); everything else waits for a person.
 *
 * Every detector takes plain arrays and returns one finding per judged SKU-location, its signal
 * whatever it is (hygiene compares it with RULES), or null when there is too little to judge.
 * AGENT, RULES and the options live in anomalies-rules.ts, the phantom-inventory detector in
 * phantom.ts and the two forecast detectors in anomalies-forecast.ts (same mandate, split for
 * size); this file re-exports them.
 */
import type { AgentFinding, WhyChart } from '../alerts/types'
import { shrinkageWeight } from '../policy/lead-time'
import { detectForecastDeviation, detectSellThroughDeviation, type ForecastWindowInput } from './anomalies-forecast'
import { AGENT, DEFAULT_ANOMALY_OPTIONS, RULES, investigateFinding, type AnomalyOptions } from './anomalies-rules'
import { detectPhantomInventory, type PhantomInput } from './phantom'
import { dateOfDay, dayNumber, robustZ, round } from './signals'
import { fmtMoneyAuto, fmtNum, plural } from './wording'

export { AGENT, DEFAULT_ANOMALY_OPTIONS, RULES, detectPhantomInventory, type AnomalyOptions, type PhantomInput }

export interface Movement {
  /** YYYY-MM-DD or ISO instant (its UTC day). */
  date: string
  /** raw_inventory_movements kind: shrink and negative adjustments count as write-offs. */
  kind: string
  qty: number
}

export interface ShrinkInput {
  sku: string
  location: string
  /** The last day of the recent window (YYYY-MM-DD). */
  today: string
  /** This SKU-location's movements over the recent and history windows (other kinds are ignored). */
  movements: readonly Movement[]
  unit_cost: number
  /** First day the SKU-location was carried: history windows starting earlier are not history. */
  since?: string
  /** Units written off in the same recent window by each other SKU of the category at the location. */
  peer_window_losses?: readonly number[]
}

/** Units a movement writes off: shrink |qty| (stored signed either way), a negative adjustment -qty. */
export function writtenOff(m: Movement): number {
  if (m.kind === 'shrink') return Math.abs(m.qty)
  if (m.kind === 'adjustment') return Math.max(0, -m.qty)
  return 0
}

/**
 * Shrink spike: write-offs in the recent window far above the norm. Norm = this SKU-location's own
 * previous windows when it has at least shrink_min_history_windows of them, else the category's
 * SKUs at the location in the same window (a new SKU has no history). Robust z = (x - median) /
 * max(1.4826 MAD, sqrt(max(median, 1))): the floor keeps a norm of zero write-offs (MAD 0) from
 * making one unit infinitely surprising, at the scale of a Poisson count. signal = max(0, z) when
 * x >= shrink_min_units, else 0. Value at risk: the excess over the norm at cost, (x - median) x
 * unit cost, what the next window loses if it goes on.
 */
export function detectShrinkSpike(i: ShrinkInput, options: Partial<AnomalyOptions> = {}): AgentFinding | null {
  const o = { ...DEFAULT_ANOMALY_OPTIONS, ...options }
  const w = o.shrink_window_days
  const today = dayNumber(i.today)
  const since = i.since ? dayNumber(i.since) : -Infinity
  const windows = new Array<number>(o.shrink_history_windows + 1).fill(0)
  for (const m of i.movements) {
    const j = Math.floor((today - dayNumber(m.date)) / w)
    if (j >= 0 && j < windows.length) windows[j] += writtenOff(m)
  }
  const x = windows[0]
  const own = windows.slice(1).filter((_, k) => today - (k + 2) * w + 1 >= since).reverse()
  const peers = i.peer_window_losses ?? []
  const norm = own.length >= o.shrink_min_history_windows ? 'own' : peers.length >= o.shrink_min_peers ? 'category' : null
  if (!norm) return null
  const baseline = norm === 'own' ? own : peers
  const rz = robustZ(x, baseline)
  const signal = x >= o.shrink_min_units ? round(Math.max(0, rz.z)) : 0
  const value = round(Math.max(0, x - rz.median) * Math.max(0, i.unit_cost))
  const normText =
    norm === 'own'
      ? `a median of ${fmtNum(rz.median, 1)} over its previous ${plural(own.length, 'window')} of ${plural(w, 'day')}`
      : `a median of ${fmtNum(rz.median, 1)} for the ${plural(peers.length, 'other SKU')} of its category at ${i.location} (too little history of its own)`
  const why =
    `${plural(x, 'unit')} of ${i.sku} at ${i.location} written off (shrink and negative adjustments) in the ${plural(w, 'day')} to ${i.today}, ` +
    `against ${normText}: robust z ${fmtNum(rz.z, 1)} (an alert needs ${RULES.shrink_spike!.open} and at least ${plural(o.shrink_min_units, 'unit')}). ` +
    `The excess is ${fmtMoneyAuto(value, o.currency_symbol)} at cost a window if it goes on.`
  const hist = norm === 'own' ? own : []
  const chart: WhyChart = {
    x: [...hist.map((_, k) => dateOfDay(today - (hist.length - k) * w)), i.today],
    series: [{ name: `units written off per ${w} days`, values: [...hist, x], unit: 'units' }],
    refs: [{ name: norm === 'own' ? 'median' : 'category median', value: round(rz.median) }],
  }
  return investigateFinding({
    type: 'shrink_spike', sku: i.sku, location: i.location, signal, value, why, chart, severity: o.severity,
    summary: `Look into write-offs of ${i.sku} at ${i.location}: ${plural(x, 'unit')} in ${plural(w, 'day')}, usually ${fmtNum(rz.median, 1)}`,
    confidence: norm === 'own' ? shrinkageWeight(own.length, 4) : 0.5 * shrinkageWeight(peers.length, 5),
  })
}

export interface AnomaliesInput {
  phantom?: readonly PhantomInput[]
  shrink?: readonly ShrinkInput[]
  /** Units sold over the last days against the forecast for them (sum with its interval). */
  sell_through?: readonly ForecastWindowInput[]
  /** Daily actuals against the daily interval (days running outside it). */
  forecast?: readonly ForecastWindowInput[]
  options?: Partial<AnomalyOptions>
}

/** Every detector on its inputs, in that order; scopes with too little to judge are left out. */
export function decideAnomalies(input: AnomaliesInput): AgentFinding[] {
  const o = input.options ?? {}
  const out: (AgentFinding | null)[] = [
    ...(input.phantom ?? []).map((i) => detectPhantomInventory(i, o)),
    ...(input.shrink ?? []).map((i) => detectShrinkSpike(i, o)),
    ...(input.sell_through ?? []).map((i) => detectSellThroughDeviation(i, o)),
    ...(input.forecast ?? []).map((i) => detectForecastDeviation(i, o)),
  ]
  return out.filter((f): f is AgentFinding => f !== null)
}

export { detectForecastDeviation, detectSellThroughDeviation, type ForecastWindowInput }
