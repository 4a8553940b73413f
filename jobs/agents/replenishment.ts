/**
 * The replenishment-exception agent's worker side (its mandate and decision:
 * lib/agents/replenishment-exception.ts). For the policy rows of one location that recommend an
 * order: the quantities of the pair's last 5 purchase orders (raw_purchase_orders), its days of
 * history (first day sold, sales_daily) and the forecast's 80% band over the lead time (forecasts).
 * Every pair given is judged: one not recommending an order (any more) gets signal 0, so hygiene
 * clears its alert; in the sweep, alerts whose pair has no policy row any more get signal 0 too.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { forecastBandsFor, recentOrderQtysAt } from '@/lib/clickhouse/queries/agent-inputs'
import { AGENT, MIN_INTERVAL_DAYS, RULES, decideReplenishmentException } from '@/lib/agents/replenishment-exception'
import { daysBetween } from '@/lib/agents/stock-shared'
import { unjudgedEvaluations, type Evaluation } from './apply'
import type { SalesStats } from './sales'

const RULE = RULES.replenishment_exception!
/** Longest lead time whose forecast band is read (days). */
const MAX_BAND_DAYS = 120

/**
 * Evaluations for `policies` at `location` (every sku there in the sweep, `sweep` true). `sales`
 * holds each sku's first day sold (days of history); a sku without sales has 0 days of history.
 */
export async function replenishmentEvaluations(
  ch: ClickHouseClient,
  location: string,
  policies: readonly PolicyRow[],
  sales: ReadonlyMap<string, SalesStats>,
  today: string,
  sweep: boolean,
): Promise<Evaluation[]> {
  const ordering = policies.filter((r) => r.recommended_order_qty > 0)
  const skus = ordering.map((r) => r.sku)
  const days = Math.min(MAX_BAND_DAYS, Math.max(MIN_INTERVAL_DAYS, ...ordering.map((r) => Math.ceil(r.lead_time_days))))
  const [orders, bands] = skus.length
    ? await Promise.all([recentOrderQtysAt(ch, { location, skus, n: 5 }), forecastBandsFor(ch, { location, skus, days })])
    : [[], []]
  const qtys = new Map(orders.map((o) => [o.sku, o.qtys]))
  const band = new Map(bands.map((b) => [b.sku, b]))
  const judged = policies.map((r): Evaluation => {
    const first = sales.get(r.sku)?.first_day
    const f = band.get(r.sku)
    const finding = r.recommended_order_qty > 0
      ? decideReplenishmentException({
          sku: r.sku, location, supplier: r.supplier, recommended_qty: r.recommended_order_qty, case_pack: r.case_pack,
          unit_cost: r.unit_cost, unit_price: r.unit_price, d: r.d, sd_d: r.sd_d, lead_time_days: r.lead_time_days,
          sd_lead_time_days: r.sd_lead_time_days, position: r.position, stockout_probability: r.stockout_probability, model: r.model,
          history_days: first ? Math.max(0, daysBetween(first, today)) : 0,
          recent_order_qtys: qtys.get(r.sku) ?? [],
          forecast: f && f.mean.length ? { mean: f.mean, lower: f.lower, upper: f.upper } : undefined,
        })
      : null
    return {
      type: 'replenishment_exception', scope: { sku: r.sku, location, channel: '', supplier: '' }, signal: finding?.signal ?? 0, finding, rule: RULE,
      clearText: r.recommended_order_qty > 0 ? 'The recommended order is back within its usual size and forecast confidence.' : 'No order is recommended any more.',
    }
  })
  if (!sweep) return judged
  return [...judged, ...(await unjudgedEvaluations(ch, location, 'replenishment_exception', judged, RULE, 'No policy recommends an order for this pair any more.'))]
}

export const REPLENISHMENT_AGENT = AGENT
