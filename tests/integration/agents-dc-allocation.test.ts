/**
 * One DC's stock offered once, through the real engines (ingest, recompute, ClickHouse, Redis): two
 * stores it feeds, both at risk, both asking for more than half of what the DC holds. The sweep
 * judges them one after the other; the second must be offered only what the first left (before,
 * each read the DC's books as they stood and both were offered the same units, and the simulated
 * retailer shipped the second short or refused it).
 *
 * Figures: S1 and S2 sell 10 a day (90 days, constant) and hold 5 each; DC1 holds 30 of X; the
 * transit from DC1 is the default 1 day, so each store is out in half a day, and each one's
 * order-up-to (lead time plus review period at 10 a day) is above 35: each wants all 30.
 * Without the run's tally both were offered "Transfer 30 units from DC1".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep } from '@/jobs/agents'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { alertsQuery, type AlertBody } from '@/lib/alerts/api-schemas'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps, dcWithTwoStores, ingestLanded, stopScheduledSweeps, everyCardToAPerson } from '../helpers/agents'

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()

/** The catalogue as of 100 days ago, 90 days of sales and yesterday's stock. */
function world(): Record<string, unknown>[] {
  const at = iso(today - 100 * DAY)
  const events: Record<string, unknown>[] = [...dcWithTwoStores(at)]
  events.push({ type: 'supplier', event_id: 'sup-A', ts: at, supplier: 'SUP-A', name: 'Acme' })
  events.push({ type: 'product', event_id: 'prod-X', ts: at, sku: 'X', name: 'Item X', category: 'Dry', price: 10, unit_cost: 5, case_pack: 1, moq: 1, supplier: 'SUP-A' })
  const snapshotAt = iso(today - DAY + 13 * 3600_000)
  for (const location of ['S1', 'S2']) {
    for (let d = 90; d >= 1; d--) events.push({ type: 'sale', event_id: `s-${location}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku: 'X', location, channel: 'store', qty: 10, unit_price: 10 })
    events.push({ type: 'inventory_snapshot', event_id: `snap-${location}`, ts: snapshotAt, sku: 'X', location, on_hand: 5 })
  }
  events.push({ type: 'inventory_snapshot', event_id: 'snap-DC1', ts: snapshotAt, sku: 'X', location: 'DC1', on_hand: 30 })
  return events
}

beforeAll(async () => {
  t = await createTestRuntime()
  await everyCardToAPerson(t)
  await ingestLanded(t, world())
  await runRecompute(t.rt.clickhouse, { threads: 1 })
  await stopScheduledSweeps(t)
}, 90_000)

afterAll(async () => {
  await t?.cleanup()
})

async function stockoutCards(): Promise<AlertBody[]> {
  const answer = await listAlerts(t.rt.clickhouse.interactive, alertsQuery.parse({ status: 'all', type: 'stockout_risk', limit: 500 }))
  return answer.alerts.filter((a) => a.scope.sku === 'X' && a.scope.location !== 'DC1').sort((a, b) => a.scope.location.localeCompare(b.scope.location))
}

describe('a DC\'s stock offered to the stores it feeds', () => {
  it('offers the second store at risk only what the first left of the DC\'s 30 units', async () => {
    await runSweep(alertStoreDeps(t))
    const cards = await stockoutCards()
    expect(cards.map((c) => c.scope.location)).toEqual(['S1', 'S2'])
    const [s1, s2] = cards
    // The first judged takes what it needs, up to the 30 there: all of it.
    expect(s1.recommendation).toMatchObject({ action: 'transfer', from_location: 'DC1', quantity: 30 })
    // Nothing left for the second: it is told the DC has none to send, not offered the same 30 units.
    expect(s2.recommendation.action).not.toBe('transfer')
    const offered = cards.filter((c) => c.recommendation.action === 'transfer' && c.recommendation.from_location === 'DC1').reduce((s, c) => s + c.recommendation.quantity, 0)
    expect(offered).toBeLessThanOrEqual(30)
  })

  it('starts each run afresh: a second sweep offers the DC\'s units again, as the books still hold them', async () => {
    await runSweep(alertStoreDeps(t))
    const [s1] = await stockoutCards()
    // The card is open, and unchanged: the same 30 units, not 30 less again.
    expect(s1.recommendation).toMatchObject({ action: 'transfer', from_location: 'DC1', quantity: 30 })
  })
})
