/**
 * The anomalies agent's phantom-inventory test, worker side (mandate: lib/agents/anomalies.ts;
 * decision: lib/agents/phantom.ts, detectPhantomInventory): for every sku with a policy at a
 * location, its daily units over the last weeks and units per sale line (sales_daily), against the
 * policy row's on hand and d. The window starts no earlier than the sku's first sale, so an item
 * never sold is not judged (signal 0). Today counts only when it already has a sale.
 *
 * Two more reads, only for the candidates (books showing stock and a silent run long enough to
 * judge; the others' signal is 0 whatever they say, as both can only lower it): the books' daily
 * stock figures over the window (a day that opened with nothing on the books ends the silent run)
 * and the sku's sales at the other locations (a drop there too is a drop in demand).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { bookFiguresFor, peerSalesFor } from '@/lib/clickhouse/queries/agent-inputs'
import { AGENT, DEFAULT_ANOMALY_OPTIONS, RULES, detectPhantomInventory } from '@/lib/agents/anomalies'
import { booksAtOpen, peerEvidence, silentDays, type PhantomInput } from '@/lib/agents/phantom'
import { addDays, daysBetween } from '@/lib/agents/stock-shared'
import type { Evaluation } from './apply'
import type { SalesStats } from './sales'

const RULE = RULES.phantom_inventory!
/** Days before the window read for the books' last figure before it (a full snapshot comes at least weekly). */
const BOOKS_LOOKBACK_DAYS = 14

export async function phantomEvaluations(ch: ClickHouseClient, location: string, policies: readonly PolicyRow[], sales: ReadonlyMap<string, SalesStats>, today: string): Promise<Evaluation[]> {
  const inputs = new Map<string, { input: PhantomInput; offset: number }>()
  for (const r of policies) {
    const s = sales.get(r.sku)
    if (!s || !s.last_sale_day || daysBetween(s.first_day, today) < 0) continue
    const start = Math.max(0, daysBetween(s.since, s.first_day))
    const soldToday = s.daily[s.daily.length - 1] > 0
    const daily = s.daily.slice(start, soldToday ? undefined : -1)
    const units = daily.reduce((a, b) => a + b, 0)
    inputs.set(r.sku, {
      offset: start,
      input: {
        sku: r.sku, location, daily_units: daily, last_date: soldToday ? today : addDays(today, -1),
        on_hand: r.on_hand, d: r.d, units_per_line: s.lines > 0 ? units / s.lines : 1, unit_margin: r.unit_price - r.unit_cost, starts_at_first_sale: start > 0,
      },
    })
  }
  const candidates = [...inputs.entries()].filter(([, { input }]) => input.on_hand > 0 && silentDays(input.daily_units) >= DEFAULT_ANOMALY_OPTIONS.phantom_min_days)
  if (candidates.length) {
    const skus = candidates.map(([sku]) => sku)
    const since = sales.get(skus[0])!.since
    const [books, peers] = await Promise.all([
      bookFiguresFor(ch, { location, skus, from: addDays(since, -BOOKS_LOOKBACK_DAYS), since, to: today }),
      peerSalesFor(ch, { location, skus, since, to: today }),
    ])
    const booksBySku = new Map(books.map((b) => [b.sku, b]))
    const peersBySku = new Map(peers.map((p) => [p.sku, p]))
    for (const [sku, c] of candidates) {
      const n = c.input.daily_units.length
      const b = booksBySku.get(sku)
      if (b) c.input.books_at_open = booksAtOpen(b.days.map((d) => d - c.offset), b.on_hand, n)
      const gap = silentDays(c.input.daily_units, c.input.books_at_open)
      const p = peersBySku.get(sku)
      if (p && gap > 0) c.input.peers = peerEvidence(p.days, p.units, c.offset + n - gap, c.offset + n)
    }
  }
  return policies.map((r): Evaluation => {
    const c = inputs.get(r.sku)
    const finding = c ? detectPhantomInventory(c.input) : null
    return {
      type: 'phantom_inventory', scope: { sku: r.sku, location, channel: '', supplier: '' }, signal: finding?.signal ?? 0, finding, rule: RULE,
      clearText: 'Sales resumed (or the books no longer show stock): the gap is no longer surprising.',
    }
  })
}

export const PHANTOM_AGENT = AGENT
