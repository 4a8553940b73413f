/**
 * The risk API names its products: each row carries the product's latest name and category from
 * the products table (a product re-sent with a new name answers with the new one), and null for
 * both when the sku has no product row. Both paths: the short ranked list (risk_top) and the long
 * one (every latest policy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { productLabel, writeRiskTop } from '@/lib/clickhouse/queries/planning'
import { createTestRuntime, drainIngest, ingestRequest, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleRisk } from '../helpers/api'

let t: TestRuntime
const DAY = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString()
const get = (path: string) => new Request(`http://t${path}`, { headers: { authorization: `Bearer ${READ_SECRET}` } })

// NM-1 has a product row (sent twice: renamed and moved to another category the second time); NM-2 has none.
const plans = [
  { sku: 'NM-1', stockout_probability: 0.9, expected_lost_margin: 12, days_of_cover: 1.5, projected_stockout_date: '2026-12-08' },
  { sku: 'NM-2', stockout_probability: 0.7, expected_lost_margin: 30, days_of_cover: 3, projected_stockout_date: null },
]

beforeAll(async () => {
  t = await createTestRuntime()
  const now = Date.now()
  const product = { type: 'product', sku: 'NM-1', price: 4, unit_cost: 2 }
  const events = [
    { ...product, event_id: 'nm-prod-1', ts: iso(now - 10 * DAY), name: 'Fizzco cola, original, 1.5 L', category: 'Snacks' },
    { ...product, event_id: 'nm-prod-2', ts: iso(now - DAY), name: 'Fizzco cola, zero sugar, 1.5 L', category: 'Beverages' },
  ]
  expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
  await drainIngest(t.rt)
  const at = iso(now)
  await t.rt.clickhouse.insertRows('bulk', 'inventory_policies', plans.map((p) => ({ ...p, location: 'NM', category: 'from the policy', computed_at: at })))
  await writeRiskTop(t.rt.clickhouse, 'NM', plans, at)
}, 60_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('risk API: product names', () => {
  const expected = [
    { sku: 'NM-1', location: 'NM', name: 'Fizzco cola, zero sugar, 1.5 L', category: 'Beverages' },
    { sku: 'NM-2', location: 'NM', name: null, category: null },
  ]
  const labels = (rows: Record<string, unknown>[]) => rows.map(({ sku, location, name, category }) => ({ sku, location, name, category }))

  it('gives the latest name and category from the short ranked list, null without a product row', async () => {
    const rows = await (await handleRisk(t.rt, get('/api/v1/risk?location=NM&limit=12'))).json()
    expect(labels(rows)).toEqual(expected)
    expect(rows[0]).toMatchObject({ stockout_probability: 0.9, days_of_cover: 1.5, projected_stockout_date: '2026-12-08', expected_lost_margin: 12 })
    // Across all locations too.
    expect(labels(await (await handleRisk(t.rt, get('/api/v1/risk?limit=12'))).json())).toEqual(expected)
  })

  it('gives the same from the long list of every latest policy (the product, not the policy, names the category)', async () => {
    const rows = await (await handleRisk(t.rt, get('/api/v1/risk?location=NM&limit=1000'))).json()
    expect(labels(rows)).toEqual(expected)
    const short = await (await handleRisk(t.rt, get('/api/v1/risk?location=NM&limit=12'))).json()
    expect(rows).toEqual(short)
  })

  it('looks one product up for the SKU page', async () => {
    expect(await productLabel(t.rt.clickhouse.interactive, { sku: 'NM-1' })).toEqual([{ sku: 'NM-1', name: 'Fizzco cola, zero sugar, 1.5 L', category: 'Beverages' }])
    expect(await productLabel(t.rt.clickhouse.interactive, { sku: 'NM-2' })).toEqual([])
  })
})
