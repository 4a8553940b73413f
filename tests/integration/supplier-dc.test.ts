/**
 * The supplier-delay agent beyond a store's own POs, through the real engines (ingest, recompute,
 * ClickHouse, Redis): a PO late at a DC (which sells nothing and has no policy rows) opens one
 * alert naming the two stores it feeds that run short before its stock can reach them, with the
 * exact margin at risk, and its receipt clears it after clear_after sweeps; a supplier whose recent
 * receipts took 4 days longer than its history opens a drift alert naming the store its open DC PO
 * would leave short.
 *
 * Worked figures (d from 90 days of constant sales; margin 10 - 5 = 5; no transfers yet, so the
 * transit from DC1 is the default 1 day; DC1 holds none of either sku):
 * - PO-DC (SUP-D, 200 of L for DC1) promised 6 days ago: tolerance 1 day (no receipts), H = 6.
 *   S1: d 10, position 20 -> out in 2 days, restocked in 0 + 6 + 1 = 7: 10 x (7 - 2) = 50 units -> 250
 *   S2: d 5, position 25  -> out in 5 days, restocked in 7:            5 x (7 - 5) = 10 units -> 50
 *   value 300 (medium).
 * - SUP-R: history leads 5,6,7,6,5,6,7,6,6,6 (mean 6), recent 9,10,11,10,10 (mean 10): drift 4 days.
 *   PO-Q (100 of Q for DC1) ordered 2 days ago, due in 6 - 2 = 4 days (a = 4), h = 4.
 *   S1: d 10, position 50 -> out in 5; restocked at 4 + 4 + 1 = 9 instead of 5: 10 x (9 - 5) = 40 units -> 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep } from '@/jobs/agents'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { latestPoliciesIn } from '@/lib/clickhouse/queries/agent-inputs'
import { alertsQuery, type AlertBody } from '@/lib/alerts/api-schemas'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps, dcWithTwoStores, ingestLanded, stopScheduledSweeps, everyCardToAPerson } from '../helpers/agents'

let t: TestRuntime
/** The planned d of each (location, sku): the forecast's float32 mean of a constant series, within 0.01 % of the sales rate. */
const d = new Map<string, number>()
const round2 = (x: number) => Math.round(x * 100) / 100
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const deps = () => alertStoreDeps(t)

async function supplierAlerts(supplier: string, status: 'all' | 'active' = 'all'): Promise<AlertBody[]> {
  const answer = await listAlerts(t.rt.clickhouse.interactive, alertsQuery.parse({ status, type: 'supplier_delay', limit: 500 }))
  return answer.alerts.filter((a) => a.scope.supplier === supplier)
}

const ingest = (events: Record<string, unknown>[]) => ingestLanded(t, events)

beforeAll(async () => {
  t = await createTestRuntime()
  await everyCardToAPerson(t)
  const at = iso(today - 100 * DAY)
  const events: Record<string, unknown>[] = [
    ...dcWithTwoStores(at),
    { type: 'supplier', event_id: 'sup-D', ts: at, supplier: 'SUP-D', name: 'Dawdle' },
    { type: 'supplier', event_id: 'sup-R', ts: at, supplier: 'SUP-R', name: 'Drift' },
    { type: 'product', event_id: 'prod-L', ts: at, sku: 'L', name: 'Item L', category: 'Dry', price: 10, unit_cost: 5, case_pack: 1, moq: 1, supplier: 'SUP-D' },
    { type: 'product', event_id: 'prod-Q', ts: at, sku: 'Q', name: 'Item Q', category: 'Dry', price: 10, unit_cost: 5, case_pack: 1, moq: 1, supplier: 'SUP-R' },
  ]
  for (const [sku, location, qty] of [['L', 'S1', 10], ['L', 'S2', 5], ['Q', 'S1', 10]] as const) {
    for (let d = 90; d >= 1; d--) events.push({ type: 'sale', event_id: `s-${sku}-${location}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku, location, channel: 'store', qty, unit_price: 10 })
  }
  for (const [sku, location, on_hand] of [['L', 'S1', 20], ['L', 'S2', 25], ['Q', 'S1', 50]] as const) {
    events.push({ type: 'inventory_snapshot', event_id: `snap-${sku}-${location}`, ts: iso(today - DAY + 13 * 3600_000), sku, location, on_hand })
  }
  // PO-DC: 200 of L for DC1, ordered 16 days ago, promised 6 days ago, not received.
  events.push({ type: 'purchase_order', event_id: 'po-dc', ts: iso(today - 16 * DAY), po_id: 'PO-DC', supplier: 'SUP-D', sku: 'L', location: 'DC1', qty: 200, ordered_at: iso(today - 16 * DAY + 10 * 3600_000), promised_at: iso(today - 6 * DAY + 8 * 3600_000) })
  // SUP-R's receipts at DC1: ten in history (ordered 200 .. 65 days ago), five recent (received 25 .. 5 days ago).
  const receipts: [number, number][] = [
    ...[5, 6, 7, 6, 5, 6, 7, 6, 6, 6].map((lead, i): [number, number] => [200 - 15 * i, lead]),
    ...[9, 10, 11, 10, 10].map((lead, i): [number, number] => [25 - 5 * i + lead, lead]),
  ]
  receipts.forEach(([orderedAgo, lead], i) => {
    const ordered = today - orderedAgo * DAY + 10 * 3600_000
    events.push({ type: 'purchase_order', event_id: `po-r${i}`, ts: iso(ordered), po_id: `PO-R${i}`, supplier: 'SUP-R', sku: 'Q', location: 'DC1', qty: 100, ordered_at: iso(ordered), promised_at: iso(ordered + 6 * DAY) })
    events.push({ type: 'po_receipt', event_id: `por-r${i}`, ts: iso(ordered + lead * DAY), po_id: `PO-R${i}`, qty: 100, received_at: iso(ordered + lead * DAY) })
  })
  // PO-Q: open, ordered 2 days ago, not late (promised in 4 days).
  events.push({ type: 'purchase_order', event_id: 'po-q', ts: iso(today - 2 * DAY + 10 * 3600_000), po_id: 'PO-Q', supplier: 'SUP-R', sku: 'Q', location: 'DC1', qty: 100, ordered_at: iso(today - 2 * DAY + 10 * 3600_000), promised_at: iso(today + 4 * DAY + 10 * 3600_000) })
  await ingest(events)
  await runRecompute(t.rt.clickhouse, { threads: 1 })
  await stopScheduledSweeps(t)
}, 90_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('supplier delay through a DC', () => {
  it('plans the stores on the figures the worked example assumes', async () => {
    const all = await latestPoliciesIn(t.rt.clickhouse.interactive, { locations: ['S1', 'S2', 'DC1'], skus: ['L', 'Q'] })
    // DC1 sells nothing: it is planned on its stores' demand (lib/planning/downstream.ts).
    const dc = all.filter((r) => r.location === 'DC1')
    expect(dc.map((r) => [r.sku, r.model])).toEqual([['L', 'downstream_sum'], ['Q', 'downstream_sum']])
    const rows = all.filter((r) => r.location !== 'DC1')
    expect(rows.map((r) => [r.location, r.sku, r.position, r.unit_price - r.unit_cost, r.lead_time_source])).toEqual([
      ['S1', 'L', 20, 5, 'supplier'],
      ['S1', 'Q', 50, 5, 'supplier'],
      ['S2', 'L', 25, 5, 'supplier'],
    ])
    for (const r of rows) d.set(`${r.location}|${r.sku}`, r.d)
    expect(d.get('S1|L')).toBeCloseTo(10, 2)
    expect(d.get('S1|Q')).toBeCloseTo(10, 2)
    expect(d.get('S2|L')).toBeCloseTo(5, 2)
  })

  it('opens one alert for the PO late at the DC, naming both stores with the exact value at risk', async () => {
    await runSweep(deps())
    const [card, ...rest] = await supplierAlerts('SUP-D')
    expect(rest).toEqual([])
    expect(card.status).toBe('open')
    expect(card.scope).toEqual({ sku: 'L', location: 'DC1', channel: '', supplier: 'SUP-D' })
    // Exactly the worked formula on the planned d: S1 5 x (7 d - 20), S2 5 x (7 d - 25); about 250 + 50.
    const value = round2(5 * (7 * d.get('S1|L')! - 20) + 5 * (7 * d.get('S2|L')! - 25))
    expect(card.value_at_risk).toBe(value)
    expect(card.value_at_risk).toBeCloseTo(300, 0)
    expect(card.severity).toBe('medium')
    expect(card.why).toContain('PO PO-DC from SUP-D (200 units of L for DC1)')
    expect(card.why).toContain('6 days late')
    expect(card.why).toContain('S1 (out in 2.0 days, restocked in 7.0: 50 units short, £250)')
    // 5 x (7 d - 25) with d a hair under 5: £49.99 or £50.00.
    expect(card.why).toMatch(/S2 \(out in 5\.0 days, restocked in 7\.0: 10 units short, £(49\.99|50\.00)\); £300 of margin at risk\./)
    expect(card.recommendation).toMatchObject({ action: 'expedite', quantity: 200, value })
    expect(card.recommendation.summary).toBe('Ask SUP-D to expedite PO-DC (200 units of L for DC1), 6 days late: S1 and S2 run short first')
  })

  it('opens a drift alert for the supplier whose recent lead times grew, naming the store its open PO leaves short', async () => {
    const [card, ...rest] = await supplierAlerts('SUP-R')
    expect(rest).toEqual([])
    expect(card.status).toBe('open')
    expect(card.scope).toEqual({ sku: '', location: '', channel: '', supplier: 'SUP-R' })
    expect(card.why).toContain("SUP-R's last 5 receipts took 10.0 days on average, against 6.0 days over the 10 receipts before: 4.0 days more")
    expect(card.why).toContain('Q at DC1 (PO-Q, £200; short at S1)')
    // S1: 5 x d x (9 - 50 / d) = 5 x (9 d - 50), about 200.
    const value = round2(5 * (9 * d.get('S1|Q')! - 50))
    expect(card.value_at_risk).toBe(value)
    expect(card.value_at_risk).toBeCloseTo(200, 0)
    // Several POs of one supplier: a conversation, not one action (records.ts refuses a card without a SKU and location).
    expect(card.recommendation).toMatchObject({ action: 'investigate', quantity: 0 })
    expect(card.recommendation.summary).toContain('Ask SUP-R to expedite 1 open PO (100 units')
  })

  it('clears the DC alert after clear_after sweeps once the PO is received', async () => {
    const [card] = await supplierAlerts('SUP-D', 'active')
    await ingest([{ type: 'po_receipt', event_id: 'por-dc', ts: iso(Date.now() - 1000), po_id: 'PO-DC', qty: 200, received_at: iso(Date.now() - 1000) }])
    await runSweep(deps())
    expect((await supplierAlerts('SUP-D', 'active')).map((a) => a.id)).toEqual([card.id])
    await runSweep(deps())
    const [after] = await supplierAlerts('SUP-D')
    expect(after.id).toBe(card.id)
    expect(after.status).toBe('cleared')
    expect(after.cleared_reason).toContain('received')
    // The drift alert is untouched by the receipt of another supplier's PO.
    expect((await supplierAlerts('SUP-R', 'active')).length).toBe(1)
  })
})
