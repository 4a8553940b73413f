/**
 * The agents wired beside stockout risk, through the real engines (ingest, recompute, ClickHouse,
 * Redis): a purchase order promised 5 days ago and not received opens a supplier-delay alert naming
 * it, and receiving it clears the alert after clear_after sweeps; a recommended order far above the
 * pair's usual order size raises a replenishment exception, and a restock clears it through the
 * incremental path; stock on the books with no sale for 3 days, where it sold ten times a day,
 * raises phantom inventory. Alerts are read from storage; the ingest answers (202) are checked
 * against the OpenAPI document (contract-claims.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep } from '@/jobs/agents'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { alertsQuery, type AlertBody } from '@/lib/alerts/api-schemas'
import { createTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps, ingestLanded, stopScheduledSweeps, everyCardToAPerson } from '../helpers/agents'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('agents-wired.test.ts')

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const deps = () => alertStoreDeps(t)

async function alerts(type: string, status: 'all' | 'active' = 'all'): Promise<AlertBody[]> {
  const answer = await listAlerts(t.rt.clickhouse.interactive, alertsQuery.parse({ status, location: 'W1', type, limit: 500 }))
  return answer.alerts
}

const ingest = (events: Record<string, unknown>[]) => ingestLanded(t, events)

beforeAll(async () => {
  t = await createTestRuntime()
  await everyCardToAPerson(t)
  const events: Record<string, unknown>[] = [
    { type: 'location', event_id: 'loc-W1', ts: iso(today - 100 * DAY), location: 'W1', kind: 'store', region: 'west' },
    { type: 'supplier', event_id: 'sup-B', ts: iso(today - 100 * DAY), supplier: 'SUP-B', name: 'Brill' },
  ]
  for (const sku of ['L', 'X', 'P']) {
    events.push({ type: 'product', event_id: `prod-${sku}`, ts: iso(today - 100 * DAY), sku, name: `Item ${sku}`, category: 'Dry', price: 10, unit_cost: 5, case_pack: 1, moq: 1, supplier: 'SUP-B' })
    if (sku === 'P') continue
    for (let d = 90; d >= 1; d--) events.push({ type: 'sale', event_id: `s-${sku}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku, location: 'W1', channel: 'store', qty: 10, unit_price: 10 })
  }
  // P sells in 10 lines of one unit a day, and stopped 4 days ago while the books still show
  // stock: 3 whole days without a sale at 10 sale lines a day (phantom inventory).
  for (let d = 90; d >= 4; d--) {
    for (let k = 0; k < 10; k++) events.push({ type: 'sale', event_id: `s-P-${d}-${k}`, ts: iso(today - d * DAY + (9 + k) * 3600_000), sku: 'P', location: 'W1', channel: 'store', qty: 1, unit_price: 10 })
  }
  // Four received orders of 20 units of X: its usual order size; all took 6 days (SUP-B's lead time, sd 0).
  for (const [i, ago] of [[1, 60], [2, 45], [3, 30], [4, 20]]) {
    const ordered = today - ago * DAY
    events.push({ type: 'purchase_order', event_id: `po-x${i}`, ts: iso(ordered), po_id: `PO-X${i}`, supplier: 'SUP-B', sku: 'X', location: 'W1', qty: 20, ordered_at: iso(ordered), promised_at: iso(ordered + 6 * DAY) })
    events.push({ type: 'po_receipt', event_id: `por-x${i}`, ts: iso(ordered + 6 * DAY), po_id: `PO-X${i}`, qty: 20, received_at: iso(ordered + 6 * DAY) })
  }
  // L: a PO promised 5 days ago, not received.
  events.push({ type: 'purchase_order', event_id: 'po-late', ts: iso(today - 11 * DAY), po_id: 'PO-LATE', supplier: 'SUP-B', sku: 'L', location: 'W1', qty: 100, ordered_at: iso(today - 11 * DAY), promised_at: iso(today - 5 * DAY) })
  events.push({ type: 'inventory_snapshot', event_id: 'snap-L', ts: iso(today - DAY + 13 * 3600_000), sku: 'L', location: 'W1', on_hand: 30 })
  events.push({ type: 'inventory_snapshot', event_id: 'snap-X', ts: iso(today - DAY + 13 * 3600_000), sku: 'X', location: 'W1', on_hand: 0 })
  events.push({ type: 'inventory_snapshot', event_id: 'snap-P', ts: iso(today - DAY + 13 * 3600_000), sku: 'P', location: 'W1', on_hand: 80 })
  await ingest(events)
  await runRecompute(t.rt.clickhouse, { threads: 1 })
  // The sweeps counted below are this file's own: no scheduled sweep (every 15 minutes) in between.
  await stopScheduledSweeps(t)
}, 90_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('agents wired to the sweep', () => {
  it('opens a supplier-delay alert naming a PO 5 days late, one per (supplier, sku, location)', async () => {
    const run = await runSweep(deps())
    expect(run.by_agent['supplier-delay']).toMatchObject({ evaluated: 1, opened: 1, errors: 0 })
    const [card, ...rest] = await alerts('supplier_delay')
    expect(rest).toEqual([])
    expect(card.status).toBe('open')
    expect(card.scope).toEqual({ sku: 'L', location: 'W1', channel: '', supplier: 'SUP-B' })
    expect(card.why).toContain('PO-LATE')
    expect(card.why).toMatch(/5 days late/)
    expect(card.recommendation.action).toBe('expedite')
    expect(card.recommendation.summary).toContain('PO-LATE')
    expect(card.value_at_risk).toBeGreaterThan(0)
    expect(card.agent).toBe('supplier-delay')
    // Another sweep updates in place: still one card.
    await runSweep(deps())
    expect((await alerts('supplier_delay')).map((a) => a.id)).toEqual([card.id])
  })

  it('raises a replenishment exception for an order far above the usual size', async () => {
    const [card, ...rest] = await alerts('replenishment_exception', 'active')
    expect(rest).toEqual([])
    expect(card.scope.sku).toBe('X')
    expect(card.why).toMatch(/x the median of the last 4 orders \(20\)/)
    expect(card.recommendation.action).toBe('reorder')
    expect(card.recommendation.quantity).toBeGreaterThanOrEqual(60)
    expect(card.confidence).toBeLessThanOrEqual(0.4)
  })

  it('clears the replenishment exception through the incremental path when a restock ends the order', async () => {
    const [card] = await alerts('replenishment_exception', 'active')
    await ingest([{ type: 'inventory_snapshot', event_id: 'restock-X', ts: iso(Date.now()), sku: 'X', location: 'W1', on_hand: 900 }])
    // No sweep here: the risk refresh marks X dirty, the agents worker re-judges it (clear_after 1).
    const cleared = await waitFor(async () => (await alerts('replenishment_exception')).find((a) => a.id === card.id && a.status === 'cleared'), 20_000)
    expect(cleared.cleared_reason).toBe('No order is recommended any more.')
  })

  it('raises phantom inventory for stock on the books that sold 10 times a day and has not sold for 3 days', async () => {
    const cards = await alerts('phantom_inventory', 'active')
    expect(cards.map((c) => c.scope.sku)).toEqual(['P'])
    expect(cards[0].why).toMatch(/No sale of P at W1 for 3 days/)
    expect(cards[0].why).toContain('the shelf may be empty')
    expect(cards[0].recommendation.action).toBe('investigate')
  })

  it('clears the supplier-delay alert after clear_after sweeps once the PO is received', async () => {
    const [card] = await alerts('supplier_delay', 'active')
    await ingest([{ type: 'po_receipt', event_id: 'por-late', ts: iso(Date.now() - 1000), po_id: 'PO-LATE', qty: 100, received_at: iso(Date.now() - 1000) }])
    // clear_after = 2: the first sweep below the threshold keeps it open, the second clears it.
    await runSweep(deps())
    expect((await alerts('supplier_delay', 'active')).map((a) => a.id)).toEqual([card.id])
    const cleared = await waitFor(async () => {
      await runSweep(deps())
      return (await alerts('supplier_delay')).find((a) => a.id === card.id && a.status === 'cleared')
    }, 20_000)
    expect(cleared.cleared_reason).toContain('received')
    // Cleared, and nothing left to judge: later sweeps write nothing for it.
    const run = await runSweep(deps())
    expect(run.by_agent['supplier-delay']).toMatchObject({ evaluated: 0, written: 0 })
  })
})
