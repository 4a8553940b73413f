/**
 * StockPulse as the replenishment run (REPLENISHMENT_RUN=stockpulse), through the real engines: a
 * DC with no sales of its own is planned on its stores' demand (echelon), a store at its reorder
 * point gets a transfer from its DC on the first sweep (the retailer's mode raises no low-stock
 * card: its own run orders), the DC's drill-down reads the demand it is planned on, and while a stock-out alert awaits a person the routine order is held
 * back; once that alert is decided, the routine low-stock card opens at its first evaluation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep, type AgentDeps } from '@/jobs/agents'
import { latestForecastsIn, latestPoliciesFor, salesHistory } from '@/lib/clickhouse/queries/planning'
import { childLocationsOf } from '@/lib/clickhouse/queries/agent-inputs'
import { sumForecasts } from '@/lib/planning/sum-forecasts'
import { DOWNSTREAM_MODEL } from '@/lib/planning/plan-location'
import type { AlertBody } from '@/lib/alerts/api-schemas'
import { createTestRuntime, INGEST_SECRET, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps, everyCardToAPerson, ingestLanded, stopScheduledSweeps } from '../helpers/agents'
import { handleDecideAlert, handleListAlerts } from '../helpers/api'

let t: TestRuntime
const DECIDE_SECRET = 'test-actions-secret'
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const deps = (run: AgentDeps['replenishment_run']): AgentDeps => ({ ...alertStoreDeps(t), replenishment_run: run })

async function cards(location: string, sku: string): Promise<AlertBody[]> {
  const res = await handleListAlerts(t.rt, new Request(`http://t/api/v1/alerts?status=all&location=${location}`, { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  expect(res.status).toBe(200)
  return ((await res.json()).alerts as AlertBody[]).filter((a) => a.scope.sku === sku)
}

beforeAll(async () => {
  t = await createTestRuntime({ env: { API_KEYS: `dash:${READ_SECRET}:read,erp:${DECIDE_SECRET}:actions+read,pos:${INGEST_SECRET}:ingest` } })
  await stopScheduledSweeps(t)
  await everyCardToAPerson(t)
  const events: Record<string, unknown>[] = [
    { type: 'location', event_id: 'loc-DC1', ts: iso(today - 100 * DAY), location: 'DC1', kind: 'dc', region: 'north' },
    { type: 'supplier', event_id: 'sup-A', ts: iso(today - 100 * DAY), supplier: 'SUP-A', name: 'Acme' },
  ]
  // Two stores of DC1 sell 10 and 6 a day of sku R (routine) and 10 a day of sku K (kept for the hold).
  for (const [store, rate] of [['P1', 10], ['P2', 6]] as const) {
    events.push({ type: 'location', event_id: `loc-${store}`, ts: iso(today - 100 * DAY), location: store, kind: 'store', region: 'north', parent: 'DC1' })
    for (const sku of ['R', 'K']) {
      for (let d = 90; d >= 1; d--) events.push({ type: 'sale', event_id: `s-${store}-${sku}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku, location: store, channel: 'store', qty: sku === 'R' ? rate : 10, unit_price: 2 })
    }
  }
  for (const sku of ['R', 'K']) {
    events.push({ type: 'product', event_id: `prod-${sku}`, ts: iso(today - 100 * DAY), sku, name: `Rice ${sku}`, category: 'Dry', price: 2, unit_cost: 1, case_pack: 1, moq: 1, supplier: 'SUP-A' })
    events.push({ type: 'inventory_snapshot', event_id: `snap-${sku}-DC1`, ts: iso(today - DAY + 13 * 3600_000), sku, location: 'DC1', on_hand: 400 })
    events.push({ type: 'inventory_snapshot', event_id: `snap-${sku}-P2`, ts: iso(today - DAY + 13 * 3600_000), sku, location: 'P2', on_hand: 300 })
  }
  // Transfers DC1 -> P1 that took a day: P1 plans on a one-day lead time.
  for (let i = 1; i <= 6; i++) {
    const at = today - (10 * i + 5) * DAY
    events.push({ type: 'inventory_movement', event_id: `out-${i}`, ts: iso(at), sku: 'K', location: 'DC1', kind: 'transfer_out', qty: -20, ref: `T-${i}` })
    events.push({ type: 'inventory_movement', event_id: `in-${i}`, ts: iso(at + DAY), sku: 'K', location: 'P1', kind: 'transfer_in', qty: 20, ref: `T-${i}` })
  }
  // P1: R just under a day and a half of cover (at its reorder point, little risk yet); K empty (a stock-out).
  events.push({ type: 'inventory_snapshot', event_id: 'snap-R-P1', ts: iso(today - DAY + 13 * 3600_000), sku: 'R', location: 'P1', on_hand: 18 })
  events.push({ type: 'inventory_snapshot', event_id: 'snap-K-P1', ts: iso(today - DAY + 13 * 3600_000), sku: 'K', location: 'P1', on_hand: 0 })
  await ingestLanded(t, events)
  await runRecompute(t.rt.clickhouse, { threads: 1 })
}, 120_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('StockPulse as the replenishment run', () => {
  it("plans a DC that sells nothing on its stores' demand", async () => {
    const [r] = await latestPoliciesFor(t.rt.clickhouse.interactive, { location: 'DC1', skus: ['R'] })
    expect(r.model).toBe(DOWNSTREAM_MODEL)
    // 10 + 6 a day from the two stores.
    expect(r.d).toBeGreaterThan(14)
    expect(r.d).toBeLessThan(18)
    expect(r.reorder_point).toBeGreaterThan(r.d * r.lead_time_days)
    expect(r.order_up_to).toBeGreaterThan(r.reorder_point)
  })

  it("gives the DC's drill-down the demand it is planned on: its stores' forecasts, which add up to its d", async () => {
    const ch = t.rt.clickhouse.interactive
    const [dc] = await latestPoliciesFor(ch, { location: 'DC1', skus: ['R'] })
    const fed = (await childLocationsOf(ch, { parents: ['DC1'] })).map((c) => c.location)
    expect(fed).toEqual(['P1', 'P2'])
    const forecasts = await latestForecastsIn(ch, { sku: 'R', locations: fed })
    expect(forecasts.map((f) => f.location).sort()).toEqual(['P1', 'P2'])
    // Two figures about one thing: the chart's forecast and the DC's planned daily demand.
    expect(forecasts.reduce((a, f) => a + f.d, 0)).toBeCloseTo(dc.d, 4)
    const summed = sumForecasts(forecasts)
    expect(summed.length).toBe(forecasts[0].mean.length)
    expect(summed[0].mean).toBeCloseTo(forecasts[0].mean[0] + forecasts[1].mean[0], 9)
    // The bars beside it: the stores' sales (the DC sold nothing itself).
    const sold = await salesHistory(ch, { sku: 'R', locations: ['DC1', ...fed], from: new Date(today - 30 * DAY).toISOString().slice(0, 10) })
    expect(sold.length).toBeGreaterThan(20)
    expect(sold.every((d) => d.units > 0)).toBe(true)
  })

  it("recommends the DC transfer up to the order-up-to level at the first sweep; the retailer's mode raises no low-stock card (its own run orders)", { timeout: 90_000 }, async () => {
    const [p] = await latestPoliciesFor(t.rt.clickhouse.interactive, { location: 'P1', skus: ['R'] })
    expect(p.position).toBeLessThanOrEqual(p.reorder_point)
    await runSweep(deps('retailer'))
    expect((await cards('P1', 'R')).filter((c) => c.type === 'low_stock')).toEqual([])
    await runSweep(deps('stockpulse'))
    // Under two days of cover against a one-day transfer and tonight's run: the stock-out card
    // stands for it (and holds the routine card back while it awaits a person).
    const open = (await cards('P1', 'R')).filter((c) => c.status === 'open')
    expect(open.map((c) => c.type)).toEqual(['stockout_risk'])
    expect(open[0].recommendation).toMatchObject({ action: 'transfer', from_location: 'DC1' })
    expect(p.position + open[0].recommendation.quantity).toBeGreaterThanOrEqual(p.order_up_to)
  })

  it('holds the routine order back while a stock-out alert awaits a person, and lets it go once that alert is decided', { timeout: 90_000 }, async () => {
    await runSweep(deps('stockpulse'))
    const before = await cards('P1', 'K')
    const risk = before.find((c) => c.type === 'stockout_risk')!
    expect(risk.status).toBe('open')
    expect(before.filter((c) => c.type === 'low_stock' && c.status === 'open')).toEqual([])
    // The planner rejects the stock-out card (a decision holds its scope while the condition lasts).
    const res = await handleDecide(risk.id, risk.revision)
    expect(res.status).toBe(200)
    await runSweep(deps('stockpulse'))
    const after = await cards('P1', 'K')
    expect(after.find((c) => c.id === risk.id)!.status).toBe('rejected')
    const low = after.filter((c) => c.type === 'low_stock')
    expect(low.map((c) => c.status)).toEqual(['open'])
    expect(low[0].recommendation.action).toBe('transfer')
  })
})

async function handleDecide(id: string, revision: number): Promise<Response> {
  return handleDecideAlert(
    t.rt,
    new Request(`http://t/api/v1/alerts/${id}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DECIDE_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'reject', reason: 'other: the store is being refitted', revision }),
    }),
    id,
  )
}
