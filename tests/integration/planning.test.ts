/**
 * Planning through the real engines: history lands through the ingest path, the full recompute
 * writes forecasts, policies and the board rollup, the APIs read them back, and a sale that
 * empties the shelf moves position and risk through the incremental path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inboundTransfers, rebuildRiskTop, writeRiskTop } from '@/lib/clickhouse/queries/planning'
import { seriesWindow } from '@/lib/clickhouse/queries/planning-inputs'
import { stockLookbackStart } from '@/lib/planning/compute'
import { runRecompute, toBlock } from '@/jobs/recompute/run'
import { kpiRoom, type KpiSnapshot } from '@/lib/kpis/definitions'
import { createTestRuntime, drainIngest, ingestRequest, READ_SECRET, waitFor, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleForecasts, handlePolicies, handleRisk, handleKpis } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('planning.test.ts')

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const get = (path: string) => new Request(`http://t${path}`, { headers: { authorization: `Bearer ${READ_SECRET}` } })

beforeAll(async () => {
  t = await createTestRuntime()
  const events: Record<string, unknown>[] = [
    { type: 'location', event_id: 'loc-P1', ts: iso(today - 100 * DAY), location: 'P1', kind: 'store', region: 'north' },
    { type: 'supplier', event_id: 'sup-A', ts: iso(today - 100 * DAY), supplier: 'SUP-A', name: 'Acme' },
    { type: 'product', event_id: 'prod-A', ts: iso(today - 100 * DAY), sku: 'A', name: 'Apples', category: 'Fresh', price: 2, unit_cost: 1, case_pack: 10, moq: 20, supplier: 'SUP-A' },
  ]
  // 90 days of steady demand: 10 a day on weekdays, 20 on Saturdays.
  for (let d = 90; d >= 1; d--) {
    const ms = today - d * DAY + 12 * 3600_000
    const qty = new Date(ms).getUTCDay() === 6 ? 20 : 10
    events.push({ type: 'sale', event_id: `s-${d}`, ts: iso(ms), sku: 'A', location: 'P1', channel: 'store', qty, unit_price: 2 })
  }
  // Two POs received after 5 and 7 days.
  for (const [i, lt] of [[1, 5], [2, 7]]) {
    const ordered = today - (30 + i * 10) * DAY
    events.push({ type: 'purchase_order', event_id: `po-${i}`, ts: iso(ordered), po_id: `PO-${i}`, supplier: 'SUP-A', sku: 'A', location: 'P1', qty: 100, ordered_at: iso(ordered), promised_at: iso(ordered + 6 * DAY) })
    events.push({ type: 'po_receipt', event_id: `por-${i}`, ts: iso(ordered + lt * DAY), po_id: `PO-${i}`, qty: 100, received_at: iso(ordered + lt * DAY) })
  }
  // Counted after yesterday's sales.
  events.push({ type: 'inventory_snapshot', event_id: 'snap-1', ts: iso(today - DAY + 13 * 3600_000), sku: 'A', location: 'P1', on_hand: 200 })
  expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
  await drainIngest(t.rt)
}, 60_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('planning', () => {
  it('recomputes forecasts, policies and risk that the APIs return with their inputs', async () => {
    const r = await runRecompute(t.rt.clickhouse, { threads: 1 })
    expect(r.series).toBe(1)

    const f = await (await handleForecasts(t.rt, get('/api/v1/forecasts?sku=A&location=P1&channel=store'))).json()
    expect(f.points).toHaveLength(28)
    for (const p of f.points) {
      expect(p.lower).toBeLessThanOrEqual(p.mean)
      expect(p.upper).toBeGreaterThanOrEqual(p.mean)
    }
    const mean = f.points.reduce((s: number, p: { mean: number }) => s + p.mean, 0) / 28
    expect(mean).toBeGreaterThan(9)
    expect(mean).toBeLessThan(14)

    const p = await (await handlePolicies(t.rt, get('/api/v1/policies?sku=A&location=P1'))).json()
    expect(p.inputs.position).toBe(200)
    expect(p.inputs.lead_time_days).toBeGreaterThan(4.5)
    expect(p.inputs.lead_time_days).toBeLessThan(7.5)
    expect(p.inputs.lead_time_source).toBe('supplier')
    // ROP = d*(L + r) + SS: DESIGN.md's, over the lead time plus the nightly run's review interval (1 day).
    expect(p.inputs.review_interval_days).toBe(1)
    expect(p.inputs.review_period_days).toBe(7)
    expect(p.reorder_point).toBeCloseTo(p.inputs.d * (p.inputs.lead_time_days + p.inputs.review_interval_days) + p.safety_stock, 6)
    expect(p.order_up_to).toBeCloseTo(p.reorder_point + p.inputs.d * p.inputs.review_period_days, 6)
    expect(p.model).toBeTruthy()

    const k = await (await handleKpis(t.rt, get('/api/v1/kpis?location=P1'))).json()
    expect(k.kpis.in_stock_rate).toBe(1)
    expect(k.kpis.days_of_supply).toBeGreaterThan(10)
    expect(k.planning_as_of).toBeTruthy()

    // Across all locations, a short list comes from risk_top: the same rows as ranking every policy.
    const top = await (await handleRisk(t.rt, get('/api/v1/risk?limit=12'))).json()
    const all = await (await handleRisk(t.rt, get('/api/v1/risk?limit=1000'))).json()
    expect(top).toHaveLength(1)
    expect(top).toEqual(all.slice(0, 12))
  })

  it('moves position and risk when a sale empties the shelf, without a recompute', async () => {
    const before = await (await handleRisk(t.rt, get('/api/v1/risk?location=P1'))).json()
    expect(before[0].stockout_probability).toBeLessThan(0.5)
    t.emitted.length = 0
    const res = await handleIngest(t.rt, ingestRequest([{ type: 'sale', event_id: 'big-sale', ts: iso(Date.now() - 1000), sku: 'A', location: 'P1', channel: 'store', qty: 195, unit_price: 2 }]))
    expect(res.status).toBe(202)
    const pushed = await waitFor(() => t.emitted.find((e) => e.room === kpiRoom('P1') && (e.payload as KpiSnapshot).kpis.stockout_risk_count === 1))
    expect((pushed.payload as KpiSnapshot).kpis.stockout_risk_count).toBe(1)
    const p = await (await handlePolicies(t.rt, get('/api/v1/policies?sku=A&location=P1'))).json()
    expect(p.inputs.position).toBe(5)
    const after = await (await handleRisk(t.rt, get('/api/v1/risk?location=P1&min_probability=0.5'))).json()
    expect(after).toHaveLength(1)
    expect(after[0].stockout_probability).toBeGreaterThan(0.9)
    // The ranked list across locations (risk_top) follows the incremental refresh too.
    const top = await (await handleRisk(t.rt, get('/api/v1/risk?min_probability=0.5&limit=12'))).json()
    expect(top).toEqual(after)
  })

  it('ranks risk_top the same from plans in hand (recompute) as from stored policies (incremental)', async () => {
    // 80 skus, ties on probability broken by margin, then by sku; more than the depth kept.
    const plans = Array.from({ length: 80 }, (_, i) => ({
      sku: `R-${String((i * 37) % 80).padStart(2, '0')}`,
      stockout_probability: [0.9, 0.5, 0.5, 0.1][i % 4],
      expected_lost_margin: i % 3,
      days_of_cover: i,
      projected_stockout_date: i % 2 ? null : '2026-12-01',
    }))
    const at = new Date().toISOString()
    await t.rt.clickhouse.insertRows('bulk', 'inventory_policies', plans.map((p) => ({ ...p, location: 'RT', computed_at: at })))
    const read = async () => (await handleRisk(t.rt, get('/api/v1/risk?location=RT&limit=50'))).json()
    await writeRiskTop(t.rt.clickhouse, 'RT', plans, at)
    const fromPlans = await read()
    await new Promise((r) => setTimeout(r, 5))
    await rebuildRiskTop(t.rt.clickhouse.bulk, 'RT')
    const fromPolicies = await read()
    expect(fromPlans).toHaveLength(50)
    expect(fromPolicies).toEqual(fromPlans)
    expect(fromPlans.slice(0, 3).map((r: { sku: string }) => r.sku)).toEqual(
      [...plans].filter((p) => p.stockout_probability === 0.9).sort((a, b) => b.expected_lost_margin - a.expected_lost_margin || a.sku.localeCompare(b.sku)).slice(0, 3).map((p) => p.sku),
    )
  })

  it('reads a day whose units sit in rollup rows not merged yet as their sum', async () => {
    // Two inserts: two parts of sales_daily, each with a row for the same sku, channel and day.
    const day = iso(today - 3 * DAY).slice(0, 10)
    for (const units of [4, 7]) {
      await t.rt.clickhouse.heavy.insert({
        table: 'sales_daily',
        values: [{ day, sku: 'M', location: 'P-parts', channel: 'store', units, revenue: units, lines: 1 }],
        format: 'JSONEachRow',
        clickhouse_settings: { optimize_on_insert: 0 },
      })
    }
    const from = iso(today - 112 * DAY).slice(0, 10)
    const rows = await seriesWindow(t.rt.clickhouse.heavy, { location: 'P-parts', from, to: iso(today).slice(0, 10) })
    expect(rows).toHaveLength(1)
    const block = toBlock(rows, [], from)
    expect(block.demand[109]).toBe(11)
    expect(block.demand.reduce((a, b) => a + b, 0)).toBe(11)
  })

  it('lifts forecasts on promotion days learned from promotion events, and starts new items from their category', async () => {
    // Location PR: five snack skus selling 10 a day over the whole window and 20 during their 30%-off weeks (promotions
    // sent as events, one to every location and channel); PR-0 has a week at 30% off planned from
    // day 5 of the forecast. PR-NEW is new in the assortment and sold 2 on each of the last 3 days.
    const events: Record<string, unknown>[] = [{ type: 'location', event_id: 'loc-PR', ts: iso(today - 100 * DAY), location: 'PR', kind: 'store', region: 'north' }]
    const skus = ['PR-0', 'PR-1', 'PR-2', 'PR-3', 'PR-4']
    for (const sku of [...skus, 'PR-NEW']) {
      events.push({ type: 'product', event_id: `prod-${sku}`, ts: iso(today - 100 * DAY), sku, name: sku, category: 'Snacks', price: 3, unit_cost: 1, lifecycle: sku === 'PR-NEW' ? 'new' : 'core' })
    }
    const promoDays = new Set<string>()
    skus.forEach((sku, i) => {
      for (let start = 95 - i * 4; start - 6 > 14; start -= 28) {
        events.push({
          type: 'promotion', event_id: `promo-${sku}-${start}`, ts: iso(today - 110 * DAY), promo_id: `PROMO-${sku}-${start}`, skus: [sku], locations: [], channels: [],
          start: iso(today - start * DAY), end: iso(today - (start - 7) * DAY - 1000), discount_pct: 30,
        })
        for (let d = start; d > start - 7; d--) promoDays.add(`${sku}/${d}`)
      }
    })
    events.push({
      type: 'promotion', event_id: 'promo-planned', ts: iso(today - DAY), promo_id: 'PROMO-PLANNED', skus: ['PR-0'], locations: ['PR'], channels: ['store'],
      start: iso(today + 5 * DAY), end: iso(today + 12 * DAY - 1000), discount_pct: 30,
    })
    for (let d = 112; d >= 1; d--) {
      const ts = iso(today - d * DAY + 12 * 3600_000)
      for (const sku of skus) events.push({ type: 'sale', event_id: `pr-${sku}-${d}`, ts, sku, location: 'PR', channel: 'store', qty: promoDays.has(`${sku}/${d}`) ? 20 : 10, unit_price: 3 })
      if (d <= 3) events.push({ type: 'sale', event_id: `pr-new-${d}`, ts, sku: 'PR-NEW', location: 'PR', channel: 'store', qty: 2, unit_price: 3 })
    }
    expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
    await drainIngest(t.rt)

    const r = await runRecompute(t.rt.clickhouse, { threads: 1, locations: ['PR'] })
    expect(r.series).toBe(6)
    const forecast = async (sku: string) => (await (await handleForecasts(t.rt, get(`/api/v1/forecasts?sku=${sku}&location=PR&channel=store`))).json()) as { model: string; points: { mean: number }[] }
    const avg = (xs: { mean: number }[]) => xs.reduce((s, p) => s + p.mean, 0) / xs.length
    const planned = await forecast('PR-0')
    const uplift = avg(planned.points.slice(5, 12)) / avg(planned.points.slice(0, 5))
    expect(uplift).toBeGreaterThan(1.5)
    expect(uplift).toBeLessThan(2.05)
    const quiet = await forecast('PR-1')
    expect(avg(quiet.points.slice(5, 12)) / avg(quiet.points.slice(0, 5))).toBeCloseTo(1, 1)
    expect(avg(quiet.points)).toBeCloseTo(10, 0)
    // The new item: (14 days x prior 10 + 3 x 2) / 17 = 8.6 a day, not 6 / 112.
    const fresh = await forecast('PR-NEW')
    expect(fresh.model).toBe('new_item_prior')
    expect(avg(fresh.points)).toBeCloseTo(146 / 17, 0)
  })

  it('plans a store replenished by transfers from its DC on the transfer lead time, and says so', async () => {
    // Store TF: six transfers from DC-T arrived 2 days after they shipped; 60 days of sales.
    const events: Record<string, unknown>[] = [
      { type: 'location', event_id: 'loc-TF', ts: iso(today - 100 * DAY), location: 'TF', kind: 'store', region: 'north', parent: 'DC-T' },
      { type: 'product', event_id: 'prod-TF', ts: iso(today - 100 * DAY), sku: 'TF-1', name: 'Tea', category: 'Drinks', price: 3, unit_cost: 1, supplier: 'SUP-A' },
      { type: 'inventory_snapshot', event_id: 'snap-TF', ts: iso(today - DAY + 13 * 3600_000), sku: 'TF-1', location: 'TF', on_hand: 40 },
    ]
    for (let i = 0; i < 6; i++) {
      const shipped = today - (20 + 3 * i) * DAY
      events.push({ type: 'transfer', event_id: `tr-${i}`, ts: iso(shipped), transfer_id: `TR-${i}`, from: 'DC-T', to: 'TF', sku: 'TF-1', qty: 30, shipped_at: iso(shipped), expected_at: iso(shipped + 2 * DAY) })
      events.push({ type: 'inventory_movement', event_id: `tin-${i}`, ts: iso(shipped + 2 * DAY), sku: 'TF-1', location: 'TF', kind: 'transfer_in', qty: 30, ref: `TR-${i}` })
    }
    // One more shipped yesterday, due tomorrow, not arrived: on order, and on the drill-down's inbound list.
    events.push({ type: 'transfer', event_id: 'tr-open', ts: iso(today - DAY), transfer_id: 'TR-OPEN', from: 'DC-T', to: 'TF', sku: 'TF-1', qty: 25, shipped_at: iso(today - DAY), expected_at: iso(today + DAY) })
    for (let d = 60; d >= 1; d--) events.push({ type: 'sale', event_id: `tf-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku: 'TF-1', location: 'TF', channel: 'store', qty: 4, unit_price: 3 })
    expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
    await drainIngest(t.rt)
    await runRecompute(t.rt.clickhouse, { threads: 1, locations: ['TF'] })
    const p = await (await handlePolicies(t.rt, get('/api/v1/policies?sku=TF-1&location=TF'))).json()
    expect(p.inputs.lead_time_source).toBe('transfer')
    expect(p.inputs.lead_time_days).toBeCloseTo(2, 1)
    expect(p.inputs.on_order).toBe(25)
    const inbound = await inboundTransfers(t.rt.clickhouse.interactive, { sku: 'TF-1', location: 'TF', since: stockLookbackStart(Date.now()) })
    expect(inbound).toEqual([{ transfer_id: 'TR-OPEN', from_location: 'DC-T', qty: 25, shipped_at: expect.stringMatching(/^20/), expected_at: expect.stringMatching(/^20/) }])
  })

  it('carries the category season seen in earlier years (category_daily) into the forecast, and a full run adds its window there', async () => {
    // Category Winter sold 100 a day in stores over the last two years, 200 on the forecast days' dates a year and two years back.
    const start = today - (112 + 728) * DAY
    const rows: Record<string, unknown>[] = []
    for (let d = 0; d < 728; d++) {
      const ms = start + d * DAY
      const peak = [364, 728].some((back) => ms >= today - back * DAY && ms < today - back * DAY + 28 * DAY)
      rows.push({ category: 'Winter', channel: 'store', day: iso(ms).slice(0, 10), units: peak ? 200 : 100, computed_at: iso(Date.now()) })
    }
    await t.rt.clickhouse.insertRows('heavy', 'category_daily', rows)
    const events: Record<string, unknown>[] = [
      { type: 'location', event_id: 'loc-YR', ts: iso(today - 200 * DAY), location: 'YR', kind: 'store', region: 'north' },
      { type: 'product', event_id: 'prod-YR', ts: iso(today - 200 * DAY), sku: 'YR-1', name: 'Scarf', category: 'Winter', price: 9, unit_cost: 4 },
    ]
    for (let d = 112; d >= 1; d--) events.push({ type: 'sale', event_id: `yr-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku: 'YR-1', location: 'YR', channel: 'store', qty: 10, unit_price: 9 })
    expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
    await drainIngest(t.rt)

    await runRecompute(t.rt.clickhouse, { threads: 1, locations: ['YR'] })
    const f = await (await handleForecasts(t.rt, get('/api/v1/forecasts?sku=YR-1&location=YR&channel=store'))).json()
    const mean = f.points.slice(4, 24).reduce((s: number, p: { mean: number }) => s + p.mean, 0) / 20
    expect(mean).toBeGreaterThan(17)
    expect(mean).toBeLessThan(23)

    // A full run writes its window's totals per category: the state the next days' runs read.
    await runRecompute(t.rt.clickhouse, { threads: 1 })
    const [w] = await (
      await t.rt.clickhouse.interactive.query({
        query: "SELECT count() AS days, sum(units) AS units FROM (SELECT day, argMax(units, computed_at) AS units FROM category_daily WHERE category = 'Winter' AND channel = 'store' AND day >= {from:Date} GROUP BY day)",
        query_params: { from: iso(today - 112 * DAY).slice(0, 10) },
        format: 'JSONEachRow',
      })
    ).json<{ days: string; units: number }>()
    expect(Number(w.days)).toBe(112)
    expect(Number(w.units)).toBe(1120)
  })

  it('answers 400 naming the field for bad parameters and 404 for unknown keys', async () => {
    const bad = await handleRisk(t.rt, get('/api/v1/risk?min_probability=2'))
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors[0].path).toBe('min_probability')
    expect((await handlePolicies(t.rt, get('/api/v1/policies?sku=A'))).status).toBe(400)
    expect((await handlePolicies(t.rt, get('/api/v1/policies?sku=NOPE&location=P1'))).status).toBe(404)
  })
})
