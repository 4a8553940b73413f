/**
 * The anomalies agent's forecast tests, worker side (mandate and decisions: lib/agents/anomalies.ts,
 * anomalies-forecast.ts): sell-through off forecast and forecast deviation.
 * - Trigger: the sweep, every sku with a policy at a location (the signals change once a day).
 * - Inputs: the forecast in force for each of the last 14 complete days (forecast_days: the latest
 *   run that covered the day, made on it or before), channels summed, and the units sold those
 *   days (the location's sales read, sales.ts), and the days each sku's shelf ran empty (a stock
 *   snapshot at or below zero: planning.stockout_days), whose shortfalls are not the forecast's.
 *   Today is left out: it is not over.
 * - Raises: 'sell_through_deviation' (units sold over the last 7 days against the forecast's sum;
 *   judged only when each of those days had a forecast) and 'forecast_deviation' (days running
 *   outside the daily 80% interval, over the trailing days that had one). Noisy: RULES' hysteresis.
 * - Recommends: 'investigate' only.
 * A pair with no forecast for yesterday, or no policy row any more, gets signal 0 (its alert clears).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { forecastsInForceAt } from '@/lib/clickhouse/queries/agent-inputs'
import { stockoutDays } from '@/lib/clickhouse/queries/planning-inputs'
import { RULES, detectForecastDeviation, detectSellThroughDeviation, type ForecastWindowInput } from '@/lib/agents/anomalies'
import type { AlertType } from '@/lib/alerts/types'
import { addDays, daysBetween } from '@/lib/agents/stock-shared'
import { unjudgedEvaluations, type Evaluation } from './apply'
import type { SalesStats } from './sales'

/** Complete days judged for forecast deviation (its chart), and the sell-through window within them. */
export const DEVIATION_DAYS = 14
export const SELL_THROUGH_DAYS = 7

const CLEAR: Record<'sell_through_deviation' | 'forecast_deviation', string> = {
  sell_through_deviation: 'Sales are back in line with the forecast.',
  forecast_deviation: 'Sales are back inside the forecast interval.',
}

type Band = { mean: number[]; lower: number[]; upper: number[] }

/**
 * The trailing days to `last` (inclusive) that each had a forecast, oldest first, with the units
 * sold (sales daily: since + k) and the days out of stock (`emptyDays`: offsets from `from`), as a
 * detector input; null when `last` had none.
 */
export function windowInput(
  sku: string, location: string, from: string, last: string, band: Band | undefined, present: boolean[], sales: SalesStats | undefined, unitMargin: number, maxDays: number,
  emptyDays: ReadonlySet<number> = new Set(),
): ForecastWindowInput | null {
  const end = daysBetween(from, last)
  if (!band || !present[end]) return null
  let start = end
  while (start > 0 && end - start + 1 < maxDays && present[start - 1]) start--
  const actual: number[] = []
  for (let k = start; k <= end; k++) {
    const s = sales ? daysBetween(sales.since, addDays(from, k)) : -1
    actual.push(sales && s >= 0 && s < sales.daily.length ? sales.daily[s] : 0)
  }
  return {
    sku, location, start_date: addDays(from, start), actual,
    mean: band.mean.slice(start, end + 1), lower: band.lower.slice(start, end + 1), upper: band.upper.slice(start, end + 1), unit_margin: unitMargin,
    out_of_stock: Array.from({ length: end - start + 1 }, (_, k) => emptyDays.has(start + k)),
  }
}

export async function forecastDeviationEvaluations(ch: ClickHouseClient, location: string, policies: readonly PolicyRow[], sales: ReadonlyMap<string, SalesStats>, today: string): Promise<Evaluation[]> {
  const last = addDays(today, -1)
  const from = addDays(last, -(DEVIATION_DAYS - 1))
  const bands = new Map<string, { band: Band; present: boolean[] }>()
  const [inForce, empty] = await Promise.all([forecastsInForceAt(ch, { location, from, to: last }), stockoutDays(ch, { location, from, to: today })])
  const emptyBySku = new Map(empty.map((r) => [r.sku, new Set(r.days)]))
  for (const r of inForce) {
    const band: Band = { mean: new Array(DEVIATION_DAYS).fill(0), lower: new Array(DEVIATION_DAYS).fill(0), upper: new Array(DEVIATION_DAYS).fill(0) }
    const present = new Array<boolean>(DEVIATION_DAYS).fill(false)
    r.days.forEach((k, i) => {
      if (k < 0 || k >= DEVIATION_DAYS) return
      band.mean[k] = r.mean[i]
      band.lower[k] = r.lower[i]
      band.upper[k] = r.upper[i]
      present[k] = true
    })
    bands.set(r.sku, { band, present })
  }
  const judged: Evaluation[] = []
  const scopeOf = (sku: string) => ({ sku, location, channel: '', supplier: '' })
  const push = (type: keyof typeof CLEAR, sku: string, finding: ReturnType<typeof detectForecastDeviation>) =>
    judged.push({ type, scope: scopeOf(sku), signal: finding?.signal ?? 0, finding, rule: RULES[type]!, clearText: CLEAR[type] })
  for (const r of policies) {
    const b = bands.get(r.sku)
    const margin = Math.max(0, r.unit_price - r.unit_cost)
    const emptyDays = emptyBySku.get(r.sku)
    const long = windowInput(r.sku, location, from, last, b?.band, b?.present ?? [], sales.get(r.sku), margin, DEVIATION_DAYS, emptyDays)
    const short = windowInput(r.sku, location, from, last, b?.band, b?.present ?? [], sales.get(r.sku), margin, SELL_THROUGH_DAYS, emptyDays)
    push('sell_through_deviation', r.sku, short && short.actual.length === SELL_THROUGH_DAYS ? detectSellThroughDeviation(short) : null)
    push('forecast_deviation', r.sku, long ? detectForecastDeviation(long) : null)
  }
  const unjudged = await Promise.all(
    (Object.keys(CLEAR) as (keyof typeof CLEAR & AlertType)[]).map((type) => unjudgedEvaluations(ch, location, type, judged, RULES[type]!, CLEAR[type])),
  )
  return [...judged, ...unjudged.flat()]
}
