/**
 * The anomalies agent's phantom-inventory test, worker side (mandate and decision:
 * lib/agents/anomalies.ts, detectPhantomInventory): for every sku with a policy at a location, its
 * daily units over the last weeks and units per sale line (sales_daily), against the policy row's
 * on hand and d. The window starts no earlier than the sku's first sale, so an item never sold is
 * not judged (signal 0). Today counts only when it already has a sale.
 */
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { AGENT, RULES, detectPhantomInventory } from '@/lib/agents/anomalies'
import { addDays, daysBetween } from '@/lib/agents/stock-shared'
import type { Evaluation } from './apply'
import type { SalesStats } from './sales'

const RULE = RULES.phantom_inventory!

export function phantomEvaluations(location: string, policies: readonly PolicyRow[], sales: ReadonlyMap<string, SalesStats>, today: string): Evaluation[] {
  return policies.map((r): Evaluation => {
    const s = sales.get(r.sku)
    let finding = null
    if (s && s.last_sale_day && daysBetween(s.first_day, today) >= 0) {
      const start = Math.max(0, daysBetween(s.since, s.first_day))
      const soldToday = s.daily[s.daily.length - 1] > 0
      const daily = s.daily.slice(start, soldToday ? undefined : -1)
      const units = daily.reduce((a, b) => a + b, 0)
      finding = detectPhantomInventory({
        sku: r.sku, location, daily_units: daily, last_date: soldToday ? today : addDays(today, -1),
        on_hand: r.on_hand, d: r.d, units_per_line: s.lines > 0 ? units / s.lines : 1, unit_margin: r.unit_price - r.unit_cost,
      })
    }
    return {
      type: 'phantom_inventory', scope: { sku: r.sku, location, channel: '', supplier: '' }, signal: finding?.signal ?? 0, finding, rule: RULE,
      clearText: 'Sales resumed (or the books no longer show stock): the gap is no longer surprising.',
    }
  })
}

export const PHANTOM_AGENT = AGENT
