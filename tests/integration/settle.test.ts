/**
 * Value on real data (issue 16 item 2), end to end on real chDB and Redis: decisions (alert
 * transitions and their action records) landed 40 days ago, the sales, stock, purchase order and
 * transfer that followed written to the product's tables, and the settlement worker run through its
 * queue. Settlements land with the figures worked by hand (lib/value/settle.test.ts has the same
 * cases); a second run adds nothing; a dead action settles as not_executed; a decision whose
 * horizon runs on waits; the report's reads (lib/clickhouse/queries/settlements.ts) add up, and a
 * scoped reader sees only their locations' decisions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime'
import { appendActionRow } from '@/lib/clickhouse/queries/actions'
import { actionIdFor } from '@/lib/actions/records'
import type { ActionRecord, ActionStatus, ApprovedBy } from '@/lib/actions/types'
import type { Worker } from 'bullmq'
import type Redis from 'ioredis'
import { settleDue, startSettleWorker } from '@/jobs/settle'
import { connectRedis } from '@/lib/redis'
import { SETTLE_SCHEDULE } from '@/lib/queues'
import { appendSettlements } from '@/lib/clickhouse/queries/settlement-inputs'
import { decisionRates, decisionsBehind, settledDaily, settlementCalibration, settlementsByUseCase } from '@/lib/clickhouse/queries/settlements'
import { addDays } from '@/lib/value/settle'
import type { ActionSettlement } from '@/lib/value/types'

let t: TestRuntime
let worker: Worker | undefined
let connection: Redis | undefined
const today = new Date().toISOString().slice(0, 10)
const D = addDays(today, -40)
const at = (day: string, hh = '10') => `${day}T${hh}:00:00.000Z`
const BW = { date_time_input_format: 'best_effort' }
let seq = 0
const eid = () => `ev-${++seq}`

const priya = { kind: 'person' as const, id: 'u-p', name: 'Priya Planner' }
const sam = { kind: 'person' as const, id: 'u-s', name: 'Sam Second' }
const ids: Record<string, string> = {}

async function insert(table: string, rows: Record<string, unknown>[]): Promise<void> {
  await t.rt.clickhouse.insertRows('interactive', table, rows, BW)
}

/** An alert, its decision (by a person or a rule) and, when it was approved or modified, its action. */
async function decision(o: {
  id: string; type: string; agent: string; sku: string; location: string; day: string; to: 'approved' | 'modified' | 'rejected';
  actor: { kind: 'person' | 'system'; id: string; name: string }; action?: Partial<ActionRecord> & { status: ActionStatus }
}): Promise<void> {
  const when = at(o.day)
  await insert('alerts', [{ id: o.id, key: `${o.type}|${o.sku}|${o.location}`, type: o.type, sku: o.sku, location: o.location, status: o.to, agent: o.agent, opened_at: when, updated_at: when, version: 1 }])
  const tid = `${o.id}-decision`
  await insert('alert_transitions', [{
    alert_id: o.id, transition_id: tid, at: when, actor_kind: o.actor.kind, actor_id: o.actor.id, actor_name: o.actor.name, from_status: 'open', to_status: o.to,
    reason: '', revision: 2, type: o.type, agent: o.agent, location: o.location, sku: o.sku,
  }])
  if (!o.action) return
  const approved_by: ApprovedBy = o.actor.kind === 'system' ? { kind: 'rule', rule_version: 1 } : { kind: 'person', actor: o.actor as typeof priya }
  const a: ActionRecord = {
    action_id: actionIdFor(o.id, tid), kind: 'reorder', alert_id: o.id, sku: o.sku, location: o.location, channel: 'store', supplier: 'SUP1', quantity: 10, cost: 60,
    value: 0, rule_version: 1, approved_by, created_at: when, attempts: 1, detail: '', updated_at: when, ...o.action,
  }
  ids[o.id] = a.action_id
  await appendActionRow(t.rt.clickhouse, { ...a, status: 'pending' }, 'pending', 1)
  await appendActionRow(t.rt.clickhouse, a, a.status, 2)
}

/** Sales and end-of-day snapshots at a pair, day by day from `from`: [sold, on hand]. */
async function history(sku: string, location: string, from: string, rows: [number, number | null][], price = 10): Promise<void> {
  const sales: Record<string, unknown>[] = []
  const snaps: Record<string, unknown>[] = []
  rows.forEach(([sold, onHand], i) => {
    const day = addDays(from, i)
    if (sold > 0) sales.push({ event_id: eid(), ts: at(day, '12'), sku, location, channel: 'store', qty: sold, unit_price: price, source: 'test' })
    if (onHand !== null) snaps.push({ event_id: eid(), ts: at(day, '23'), sku, location, on_hand: onHand, source: 'test' })
  })
  await insert('raw_sales', sales)
  await insert('raw_inventory_snapshots', snaps)
}

async function settlementRows(): Promise<ActionSettlement[]> {
  const rs = await t.rt.clickhouse.interactive.query({ query: 'SELECT * FROM action_settlements ORDER BY action_id, settled_at', format: 'JSONEachRow' })
  return rs.json<ActionSettlement>()
}

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
  const product = (sku: string, category: string) => ({ event_id: eid(), sku, name: sku, category, price: 10, unit_cost: 6, updated_at: at(addDays(D, -60)), source: 'test' })
  await insert('products', [product('SKU-R', 'Grocery'), product('SKU-D', 'Grocery'), product('SKU-X', 'Grocery'), product('SKU-T', 'Apparel'), product('SKU-E', 'Grocery')])
  await insert('products', [{ ...product('SKU-M', 'Apparel'), season_end: addDays(D, 3) }])

  // A1: a reorder of 10 at L1 approved by Priya; 2 a day sold in the 28 days before (cover 5 days), promised D+2: horizon to D+7.
  await decision({ id: 'A1', type: 'stockout_risk', agent: 'stockout-risk', sku: 'SKU-R', location: 'L1', day: D, to: 'approved', actor: priya, action: { status: 'confirmed', value: 30 } })
  await history('SKU-R', 'L1', addDays(D, -28), Array.from({ length: 27 }, () => [2, null] as [number, null]))
  await history('SKU-R', 'L1', addDays(D, -1), [[2, 5], [2, 3], [2, 1], [3, 8], [4, 4], [3, 1], [0, 1], [0, 1], [0, 1]])
  await insert('raw_purchase_orders', [{ event_id: eid(), ts: at(D, '11'), po_id: 'PO-A1', supplier: 'SUP1', sku: 'SKU-R', location: 'L1', qty: 10, ordered_at: at(D, '11'), promised_at: at(addDays(D, 2), '08'), source: 'test' }])
  await insert('raw_po_receipts', [{ event_id: eid(), ts: at(addDays(D, 2), '08'), po_id: 'PO-A1', sku: 'SKU-R', location: 'L1', qty: 10, received_at: at(addDays(D, 2), '08'), source: 'test' }])

  // A2: a transfer of 10 DC1 -> L2 modified by Sam, cost 5; arrives D+1; L2 ends with 3 on hand.
  await decision({
    id: 'A2', type: 'transfer_opportunity', agent: 'transfers', sku: 'SKU-T', location: 'L2', day: D, to: 'modified', actor: sam,
    action: { status: 'delivered', kind: 'transfer', from_location: 'DC1', supplier: '', cost: 5, value: 20 },
  })
  await history('SKU-T', 'L2', addDays(D, -1), [[0, 3], [1, 2], [3, 9], [4, 5], [2, 3]])
  await insert('raw_transfers', [{ event_id: eid(), ts: at(D, '11'), transfer_id: 'T-A2', from_location: 'DC1', to_location: 'L2', sku: 'SKU-T', qty: 10, shipped_at: at(D, '11'), expected_at: at(addDays(D, 1), '08'), source: 'test' }])
  await insert('raw_inventory_movements', [{ event_id: eid(), ts: at(addDays(D, 1), '08'), sku: 'SKU-T', location: 'L2', kind: 'transfer_in', qty: 10, ref: 'T-A2', source: 'test' }])

  // A3: approved by Priya, dead (the receiver refused it). A4: rejected by Sam. A5: approved by a rule, no stock figures.
  await decision({ id: 'A3', type: 'stockout_risk', agent: 'stockout-risk', sku: 'SKU-D', location: 'L1', day: D, to: 'approved', actor: priya, action: { status: 'dead', value: 40 } })
  await decision({ id: 'A4', type: 'stockout_risk', agent: 'stockout-risk', sku: 'SKU-R', location: 'L1', day: D, to: 'rejected', actor: sam })
  await decision({
    id: 'A5', type: 'stockout_risk', agent: 'stockout-risk', sku: 'SKU-X', location: 'L1', day: D, to: 'approved',
    actor: { kind: 'system', id: 'rule:v1', name: 'approval rule v1' }, action: { status: 'confirmed', value: 12 },
  })
  // A7: an expedite (by a rule) at L3 bringing PO-E forward from D+4 to D+1; 2 a day before (cover 5): horizon to D+6.
  const rule = { kind: 'system' as const, id: 'rule:v1', name: 'approval rule v1' }
  await decision({ id: 'A7', type: 'supplier_delay', agent: 'supplier-delay', sku: 'SKU-E', location: 'L3', day: D, to: 'approved', actor: rule, action: { status: 'confirmed', kind: 'expedite', value: 15 } })
  await history('SKU-E', 'L3', addDays(D, -28), Array.from({ length: 27 }, () => [2, null] as [number, null]))
  await history('SKU-E', 'L3', addDays(D, -1), [[2, 2], [1, 1], [2, 9], [2, 7], [2, 5], [2, 3], [2, 1], [0, 1]])
  const po = { po_id: 'PO-E', supplier: 'SUP1', sku: 'SKU-E', location: 'L3', qty: 10, ordered_at: at(addDays(D, -5)), source: 'test' }
  await insert('raw_purchase_orders', [
    { ...po, event_id: eid(), ts: at(addDays(D, -5)), promised_at: at(addDays(D, 4), '08') },
    { ...po, event_id: eid(), ts: at(D, '11'), promised_at: at(addDays(D, 1), '08') },
  ])
  await insert('raw_po_receipts', [{ event_id: eid(), ts: at(addDays(D, 1), '08'), po_id: 'PO-E', sku: 'SKU-E', location: 'L3', qty: 10, received_at: at(addDays(D, 1), '08'), source: 'test' }])
  // A8: a markdown (by a rule) of SKU-M at L3 to 8; 1 a day sold at 10 before; season ends D+3.
  await decision({ id: 'A8', type: 'sell_through_deviation', agent: 'anomalies', sku: 'SKU-M', location: 'L3', day: D, to: 'approved', actor: rule, action: { status: 'confirmed', kind: 'markdown', price: 8, cost: 0, value: 10 } })
  await history('SKU-M', 'L3', addDays(D, -28), Array.from({ length: 27 }, () => [1, null] as [number, null]))
  await history('SKU-M', 'L3', addDays(D, -1), [[1, 20]])
  await history('SKU-M', 'L3', D, [[3, 17], [3, 14], [3, 11], [3, 8]], 8)
  // A9: a channel split (by a rule) at L4 while SKU-P is on promotion there: the promotions use case; nothing sold or counted there.
  await decision({ id: 'A9', type: 'channel_conflict', agent: 'channel-allocation', sku: 'SKU-P', location: 'L4', day: D, to: 'approved', actor: rule, action: { status: 'delivered', kind: 'reallocate', quantity: 4, cost: 0, value: 5 } })
  await insert('raw_promotions', [{ event_id: eid(), ts: at(addDays(D, -3)), promo_id: 'PR-1', skus: ['SKU-P'], locations: ['L4'], channels: ['store'], start: at(addDays(D, -2), '00'), end: at(addDays(D, 5), '00'), discount_pct: 20, source: 'test' }])
  // A6: yesterday, its horizon runs on.
  await decision({ id: 'A6', type: 'stockout_risk', agent: 'stockout-risk', sku: 'SKU-R', location: 'L1', day: addDays(today, -1), to: 'approved', actor: priya, action: { status: 'delivered', value: 50 } })
}, 60_000)

afterAll(async () => {
  await worker?.close()
  connection?.disconnect()
  await t?.cleanup()
})

const Q = () => ({ from: addDays(D, -1), to: today })

describe('settlement', () => {
  it('the worker settles the decisions whose horizon ended, with the hand-worked figures', async () => {
    // Started once everything landed: its first run is queued when it starts, its schedule is hourly.
    connection = connectRedis(t.rt.config.REDIS_URL, 'worker')
    worker = startSettleWorker(t.rt, connection)
    await waitFor(async () => ((await t.rt.queues.settle.getJobSchedulers()).some((s) => s.key === SETTLE_SCHEDULE.id) ? true : undefined))
    const rows = await waitFor(async () => {
      const r = await settlementRows()
      return r.length >= 7 ? r : undefined
    }, 30_000)
    const by = new Map(rows.map((r) => [r.alert_id, r]))
    expect(rows).toHaveLength(7)
    // Opening 5: without the 10 units (D+2) the pair sells 1 of 3 on D+2 and loses 4 and 3 after: 9 protected x margin 4.
    expect(by.get('A1')).toMatchObject({ action_id: ids.A1, use_case: 'replenishment', kind: 'reorder', estimated_value: 30, settled_value: 36, outcome: 'stockout_prevented', horizon_end: addDays(D, 7) })
    // 10 arrived D+1, 3 on hand at the end: 7 sold x 4 - 5.
    expect(by.get('A2')).toMatchObject({ use_case: 'transfers', settled_value: 23, outcome: 'units_sold', horizon_end: addDays(D, 29) })
    expect(by.get('A3')).toMatchObject({ settled_value: 0, outcome: 'not_executed', estimated_value: 40 })
    expect(by.get('A5')).toMatchObject({ settled_value: 0, outcome: 'stockout_not_threatened' })
    // Opening 2: without the expedite the 10 units come on D+4; until then the replay loses 1 + 2 + 2 sales: 5 x 4.
    expect(by.get('A7')).toMatchObject({ use_case: 'supplier_delay', kind: 'expedite', settled_value: 20, outcome: 'stockout_prevented', horizon_end: addDays(D, 6) })
    // 12 sold at 8 (margin 2) against 4 expected at 10 (margin 4): 24 - 16, to the season end.
    expect(by.get('A8')).toMatchObject({ use_case: 'markdown', kind: 'markdown', settled_value: 8, outcome: 'units_sold', horizon_end: addDays(D, 3) })
    expect(by.get('A9')).toMatchObject({ use_case: 'promotions', kind: 'reallocate', settled_value: 0, outcome: 'units_unsold', horizon_end: addDays(D, 28) })
    expect(by.has('A6')).toBe(false)
  }, 40_000)

  it('a second run settles nothing again, and a retried append replaces itself', async () => {
    const before = await settlementRows()
    expect(await settleDue(t.rt.clickhouse)).toEqual({ checked: 1, settled: 0, waiting: 1 })
    await appendSettlements(t.rt.clickhouse, before)
    const rs = await t.rt.clickhouse.interactive.query({ query: 'SELECT uniqExact(action_id) AS n FROM action_settlements', format: 'JSONEachRow' })
    expect(Number((await rs.json<{ n: number }>())[0].n)).toBe(7)
    expect(await settlementCalibration(t.rt.clickhouse.interactive, Q())).toMatchObject({ settled: 6 })
  })

  it('reads by use case, per day and calibration over executed decisions; a scoped reader sees only theirs', async () => {
    const ch = t.rt.clickhouse.interactive
    const uc = new Map((await settlementsByUseCase(ch, Q())).map((r) => [r.use_case, r]))
    // Replenishment: A1, A5, A6 executed (A3 is dead); transfers: A2.
    expect(uc.get('replenishment')).toEqual({ use_case: 'replenishment', decisions: 3, estimated_value: 92, settled_value: 36, settled: 2 })
    expect(uc.get('transfers')).toEqual({ use_case: 'transfers', decisions: 1, estimated_value: 20, settled_value: 23, settled: 1 })
    expect(uc.get('promotions')).toEqual({ use_case: 'promotions', decisions: 1, estimated_value: 5, settled_value: 0, settled: 1 })
    expect(uc.get('channel_allocation')).toMatchObject({ decisions: 0 })
    expect(uc.get('supplier_delay')).toEqual({ use_case: 'supplier_delay', decisions: 1, estimated_value: 15, settled_value: 20, settled: 1 })
    expect(uc.get('markdown')).toEqual({ use_case: 'markdown', decisions: 1, estimated_value: 10, settled_value: 8, settled: 1 })
    const cal = await settlementCalibration(ch, Q())
    // A1 30 -> 36, A2 20 -> 23, A5 12 -> 0, A7 15 -> 20, A8 10 -> 8, A9 5 -> 0.
    expect(cal).toMatchObject({ settled: 6, estimated_total: 92, settled_total: 87 })
    expect(cal.ratio).toBeCloseTo(87 / 92, 10)
    expect(cal.mean_abs_error).toBeCloseTo((6 + 3 + 12 + 5 + 2 + 5) / 6, 10)
    const daily = await settledDaily(ch, Q())
    expect(daily).toHaveLength(42)
    expect(daily.find((d) => d.date === D)).toEqual({ date: D, estimated: 92, settled: 87 })
    expect(daily.find((d) => d.date === addDays(today, -1))).toEqual({ date: addDays(today, -1), estimated: 50, settled: 0 })

    const l1 = { ...Q(), locations: ['L1'] }
    expect((await settlementsByUseCase(ch, l1)).find((r) => r.use_case === 'transfers')).toMatchObject({ decisions: 0 })
    expect(await settlementCalibration(ch, l1)).toMatchObject({ settled: 2, estimated_total: 42, settled_total: 36 })
    expect(await settlementCalibration(ch, { ...Q(), locations: [] })).toMatchObject({ settled: 0, ratio: null, mean_abs_error: null })
  })

  it('drills to the decisions behind a figure', async () => {
    const ch = t.rt.clickhouse.interactive
    const transfers = await decisionsBehind(ch, { ...Q(), use_case: 'transfers', limit: 10, offset: 0 })
    expect(transfers.total).toBe(1)
    expect(transfers.rows[0]).toMatchObject({ action_id: ids.A2, alert_id: 'A2', kind: 'transfer', use_case: 'transfers', sku: 'SKU-T', location: 'L2', approved_by: 'Sam Second', estimated_value: 20, settled_value: 23, outcome: 'units_sold', status: 'delivered' })
    const repl = await decisionsBehind(ch, { ...Q(), use_case: 'replenishment', limit: 2, offset: 0 })
    expect(repl.total).toBe(3)
    expect(repl.rows.map((r) => r.alert_id)).toEqual(['A6', ids.A1 < ids.A5 ? 'A1' : 'A5'])
    expect(repl.rows[0]).toMatchObject({ settled_value: null, outcome: null })
    expect((await decisionsBehind(ch, { ...Q(), use_case: 'transfers', locations: ['L1'], limit: 10, offset: 0 })).total).toBe(0)
    expect((await decisionsBehind(ch, { ...Q(), kind: 'reorder', limit: 10, offset: 0 })).total).toBe(3)
  })

  it('decision rates by agent, category and planner add up, with the value of accepted against overridden decisions', async () => {
    const rows = await decisionRates(t.rt.clickhouse.interactive, Q())
    for (const by of ['agent', 'category', 'planner'] as const) {
      const of = rows.filter((r) => r.by === by)
      for (const r of of) expect(r.accepted + r.modified + r.rejected).toBe(r.decided)
      // A1, A2, A3, A4, A6 are people's decisions; A5 (a rule's) is left out.
      expect(of.reduce((s, r) => s + r.decided, 0)).toBe(5)
      // Accepted: A1 settled 36, A3 not executed 0, A6 its estimate 50; overridden: A2 settled 23.
      expect(of.reduce((s, r) => s + r.value_accepted, 0)).toBe(86)
      expect(of.reduce((s, r) => s + r.value_overridden, 0)).toBe(23)
    }
    const planner = new Map(rows.filter((r) => r.by === 'planner').map((r) => [r.key, r]))
    expect(planner.get('u-p')).toMatchObject({ label: 'Priya Planner', decided: 3, accepted: 3, acceptance_rate: 1, override_rate: 0, value_accepted: 86, accepted_unsettled: 1 })
    expect(planner.get('u-s')).toMatchObject({ label: 'Sam Second', decided: 2, modified: 1, rejected: 1, acceptance_rate: 0, override_rate: 1, value_overridden: 23, overridden_unsettled: 0 })
    const category = new Map(rows.filter((r) => r.by === 'category').map((r) => [r.key, r]))
    expect(category.get('Grocery')).toMatchObject({ decided: 4, accepted: 3, rejected: 1 })
    expect(category.get('Apparel')).toMatchObject({ decided: 1, modified: 1 })
    const scoped = await decisionRates(t.rt.clickhouse.interactive, { ...Q(), locations: ['L2'] })
    expect(scoped.filter((r) => r.by === 'agent').map((r) => [r.key, r.decided])).toEqual([['transfers', 1]])
  })
})
