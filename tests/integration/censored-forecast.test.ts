/**
 * Stockout days put back into the forecast's level through the real engines: a shelf that runs
 * out on its busy days (end-of-day snapshot at 0 after selling everything it had) lands through
 * ingest, the full recompute reads those days as censored (planning.stockout_days) and raises the
 * level (lib/forecast/censored.ts), and the forecasts API says by how much.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { orderSpanRate } from '@/lib/policy/policy'
import { createTestRuntime, drainIngest, ingestRequest, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleForecasts, handlePolicies } from '../helpers/api'

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const get = (path: string) => new Request(`http://t${path}`, { headers: { authorization: `Bearer ${READ_SECRET}` } })
// Sales a day on the 84 days: 1-5 in a fixed cycle; every fourth day the shelf held 4 and ran out.
const CYCLE = [2, 4, 1, 3, 5, 2, 3]
const soldOn = (d: number) => (d % 4 === 0 ? 4 : CYCLE[d % 7])

beforeAll(async () => {
  t = await createTestRuntime()
  const events: Record<string, unknown>[] = [
    { type: 'location', event_id: 'loc-C1', ts: iso(today - 100 * DAY), location: 'C1', kind: 'store', region: 'north' },
    { type: 'product', event_id: 'prod-C', ts: iso(today - 100 * DAY), sku: 'C', name: 'Candles', category: 'Home', price: 5, unit_cost: 2, case_pack: 1, moq: 1, supplier: 'SUP-C' },
    { type: 'product', event_id: 'prod-D', ts: iso(today - 100 * DAY), sku: 'D', name: 'Dusters', category: 'Home', price: 5, unit_cost: 2, case_pack: 1, moq: 1, supplier: 'SUP-C' },
  ]
  for (let d = 84; d >= 1; d--) {
    const noon = today - d * DAY + 12 * 3600_000
    // C: the stockout days are censored. D: the same sales, never out of stock.
    events.push({ type: 'sale', event_id: `c-${d}`, ts: iso(noon), sku: 'C', location: 'C1', channel: 'store', qty: soldOn(d), unit_price: 5 })
    events.push({ type: 'sale', event_id: `d-${d}`, ts: iso(noon), sku: 'D', location: 'C1', channel: 'store', qty: soldOn(d), unit_price: 5 })
    const evening = noon + 8 * 3600_000
    events.push({ type: 'inventory_snapshot', event_id: `cs-${d}`, ts: iso(evening), sku: 'C', location: 'C1', on_hand: d % 4 === 0 ? 0 : 20 })
    events.push({ type: 'inventory_snapshot', event_id: `ds-${d}`, ts: iso(evening), sku: 'D', location: 'C1', on_hand: 20 })
  }
  expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
  await drainIngest(t.rt)
  await runRecompute(t.rt.clickhouse, { threads: 1 })
}, 90_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('forecasts on a shelf that runs out', () => {
  it('raise the level of the series whose busy days were stockouts, say by how much, and plan on it', async () => {
    const c = await (await handleForecasts(t.rt, get('/api/v1/forecasts?sku=C&location=C1&channel=store'))).json()
    const d = await (await handleForecasts(t.rt, get('/api/v1/forecasts?sku=D&location=C1&channel=store'))).json()
    expect(d.censoring_factor).toBe(1)
    // 21 of 84 days sold exactly what the shelf held (4, above the clean days' mean of about 2.9).
    expect(c.censoring_factor).toBeGreaterThan(1.1)
    expect(c.censoring_factor).toBeLessThanOrEqual(2)
    // C's path is its models' on the clean days, times the factor; D's models also saw the 4s.
    const mean = (f: { points: { mean: number }[] }) => f.points.reduce((s, p) => s + p.mean, 0) / f.points.length
    expect(mean(c)).toBeGreaterThan(mean(d))
    const pc = await (await handlePolicies(t.rt, get('/api/v1/policies?sku=C&location=C1'))).json()
    // The policy plans on the path over the days an order placed now must cover (L + r + R).
    const span = pc.inputs.lead_time_days + pc.inputs.review_interval_days + pc.inputs.review_period_days
    expect(pc.inputs.d).toBeCloseTo(orderSpanRate(c.points.map((p: { mean: number }) => p.mean), span), 2)
    expect(pc.inputs.d).toBeGreaterThan(orderSpanRate(d.points.map((p: { mean: number }) => p.mean), span))
  })
})
