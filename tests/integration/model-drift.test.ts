/**
 * Model monitoring through the real engines (chDB, Redis): stored forecasts (forecast_days) and
 * actuals (sales_daily) with known errors, read by GET /api/v1/model-accuracy and judged by the
 * model-drift agent.
 * - Location L1 (region north), channel store, demand class smooth. Every series sells 10 a day
 *   over the 9 weeks to yesterday; in the 9 weeks before, 10 and 14 in alternate weeks, so each
 *   series' seasonal naive scale mean |y(t) - y(t-7)| is 4.
 * - Bakery, 8 skus: forecast 11 every day (bias +10% throughout: stable).
 * - Dairy, 2 skus: forecast 10 for 8 weeks, then 13 in the last week (bias 0 -> +30%: drift).
 * Region, channel and demand class hold both: their weekly bias goes from 56/700 = 8% to
 * 98/700 = 14%, 2 robust deviations (floor 3 points): within range. So exactly one alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestRuntime, INGEST_SECRET, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { checkContractClaims } from '../helpers/contract'
import { alertStoreDeps } from '../helpers/agents'
import { handleModelAccuracy } from '../helpers/api'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { alertsQuery } from '@/lib/alerts/api-schemas'
import { applyEvaluations } from '@/jobs/agents/apply'
import { modelDriftEvaluations } from '@/jobs/agents/model-drift'
import type { AccuracyBody } from '@/lib/forecast/accuracy-api-schemas'

checkContractClaims('model-drift.test.ts')

let t: TestRuntime
const DAY = 86_400_000
const todayMs = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const today = dayOf(todayMs)
const TO = todayMs - DAY
const FROM = TO - 62 * DAY
const DAIRY = ['D1', 'D2']
const BAKERY = Array.from({ length: 8 }, (_, i) => `B${i + 1}`)

const get = (path: string, secret: string | null = READ_SECRET) => new Request(`http://t${path}`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} })

async function driftAlerts(status: 'active' | 'all' = 'active') {
  return (await listAlerts(t.rt.clickhouse.interactive, alertsQuery.parse({ status, type: 'model_drift', limit: 100 }))).alerts
}

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
  const ch = t.rt.clickhouse
  const stamp = new Date(todayMs - 400 * DAY).toISOString()
  await ch.insertRows('bulk', 'locations', [{ event_id: 'l1', location: 'L1', kind: 'store', region: 'north', updated_at: stamp, source: 'test' }])
  await ch.insertRows('bulk', 'products', [...DAIRY.map((sku) => ({ sku, category: 'Dairy' })), ...BAKERY.map((sku) => ({ sku, category: 'Bakery' }))].map((p) => ({ event_id: `p-${p.sku}`, name: p.sku, price: 2, unit_cost: 1, updated_at: stamp, source: 'test', ...p })))
  const now = new Date().toISOString()
  const sales: Record<string, unknown>[] = []
  const forecasts: Record<string, unknown>[] = []
  const runs: Record<string, unknown>[] = []
  for (const sku of [...DAIRY, ...BAKERY]) {
    runs.push({ location: 'L1', sku, channel: 'store', model: 'test', model_version: 'test/1', start_date: today, mean: [10], lower: [8], upper: [12], d: 10, sd_d: 2, segment: 'smooth', run_id: 'r', computed_at: now })
    for (let k = -63; k <= 62; k++) {
      const day = dayOf(FROM + k * DAY)
      const units = k >= 0 ? 10 : Math.floor((k + 63) / 7) % 2 === 0 ? 10 : 14
      sales.push({ day, sku, location: 'L1', channel: 'store', units, revenue: 2 * units, lines: 1 })
      if (k < 0) continue
      const mean = BAKERY.includes(sku) ? 11 : k >= 56 ? 13 : 10
      // Two runs covered each day; the later one (the forecast in force) is the one scored.
      forecasts.push({ location: 'L1', sku, channel: 'store', day, mean: 99, lower: 0, upper: 0, computed_at: new Date(FROM + (k - 1) * DAY).toISOString() })
      forecasts.push({ location: 'L1', sku, channel: 'store', day, mean, lower: mean - 2, upper: mean + 2, computed_at: new Date(FROM + k * DAY).toISOString() })
    }
  }
  await ch.insertRows('bulk', 'sales_daily', sales)
  await ch.insertRows('bulk', 'forecast_days', forecasts)
  await ch.insertRows('bulk', 'forecasts', runs)
}, 120_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('model monitoring', () => {
  it('reads WAPE, bias and MASE by category as worked by hand', async () => {
    const res = await handleModelAccuracy(t.rt, get(`/api/v1/model-accuracy?from=${dayOf(FROM)}&to=${dayOf(TO)}&by=category`))
    expect(res.status).toBe(200)
    const body = (await res.json()) as AccuracyBody
    const [bakery, dairy] = body.segments
    // Bakery: 8 series x 63 days x 10 = 5,040 sold, |A - F| = 504 -> WAPE 10%, bias +10%; MASE 504 / (4 x 504) = 0.25.
    expect(bakery).toMatchObject({ segment: 'Bakery', actual: 5040, forecast: 5544, series_days: 504, bias_direction: 'over-forecast' })
    expect(bakery.wape).toBeCloseTo(0.1, 9)
    expect(bakery.bias).toBeCloseTo(0.1, 9)
    expect(bakery.mase).toBeCloseTo(0.25, 9)
    expect(bakery.drift).toMatchObject({ judged: true, drifted: [] })
    // Dairy: 1,260 sold; only the last week is off, 2 x 7 x 3 = 42 -> WAPE = bias = 42 / 1260; MASE 42 / (4 x 126).
    expect(dairy).toMatchObject({ segment: 'Dairy', actual: 1260, forecast: 1302, series_days: 126 })
    expect(dairy.wape).toBeCloseTo(42 / 1260, 9)
    expect(dairy.bias).toBeCloseTo(42 / 1260, 9)
    expect(dairy.mase).toBeCloseTo(42 / 504, 9)
    expect(dairy.weeks).toHaveLength(9)
    expect(dairy.weeks.at(-1)).toMatchObject({ week_end: dayOf(TO), actual: 140 })
    expect(dairy.weeks.at(-1)!.bias).toBeCloseTo(0.3, 9)
    // usual range 0 +- 3 x 3 points; +30% is z = 10
    expect(dairy.drift).toMatchObject({ judged: true, week_end: dayOf(TO), drifted: ['wape', 'bias'] })
    expect(dairy.drift.bias!.z).toBeCloseTo(10, 6)
    // Region: both categories; the shift is diluted to 2 deviations.
    const region = (await (await handleModelAccuracy(t.rt, get(`/api/v1/model-accuracy?from=${dayOf(FROM)}&to=${dayOf(TO)}&by=region`))).json()) as AccuracyBody
    expect(region.segments).toHaveLength(1)
    expect(region.segments[0].drift).toMatchObject({ judged: true, drifted: [] })
    expect(region.segments[0].drift.bias!.z).toBeCloseTo(2, 6)
  })

  it('answers 400 naming the field for a bad period', async () => {
    const res = await handleModelAccuracy(t.rt, get(`/api/v1/model-accuracy?from=${dayOf(TO)}&to=${dayOf(FROM)}`))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ errors: [{ index: -1, path: 'from', message: 'must be on or before to' }] })
    expect((await handleModelAccuracy(t.rt, get('/api/v1/model-accuracy?by=brand'))).status).toBe(400)
  })

  it('needs the read scope', async () => {
    expect((await handleModelAccuracy(t.rt, get('/api/v1/model-accuracy', null))).status).toBe(401)
    expect((await handleModelAccuracy(t.rt, get('/api/v1/model-accuracy', INGEST_SECRET))).status).toBe(403)
  })

  it('raises exactly one model_drift alert, for the segment whose bias shifted, and holds it on the next sweep', async () => {
    const deps = alertStoreDeps(t)
    const evaluations = await modelDriftEvaluations(t.rt.clickhouse.interactive, today)
    // category Dairy and Bakery, region north, channel store, demand class smooth
    expect(evaluations.map((e) => e.scope.segment).sort()).toEqual(['category:Bakery', 'category:Dairy', 'channel:store', 'demand_class:smooth', 'region:north'])
    const first = await applyEvaluations(deps, evaluations, new Date(todayMs + 3600_000).toISOString())
    expect(first.opened).toBe(1)
    const [card, ...rest] = await driftAlerts()
    expect(rest).toEqual([])
    expect(card.scope).toEqual({ sku: '', location: '', channel: '', supplier: '', segment: 'category:Dairy' })
    expect(card.why).toContain('Forecasts for category Dairy drifted')
    expect(card.why).toContain('bias moved to +30.0%, over-forecast (usual -9.0% to +9.0%)')
    expect(card.why).toContain("do not trust this segment's forecasts blindly")
    expect(card.recommendation.action).toBe('investigate')
    const again = await applyEvaluations(deps, await modelDriftEvaluations(t.rt.clickhouse.interactive, today), new Date(todayMs + 7200_000).toISOString())
    expect(again.opened).toBe(0)
    expect((await driftAlerts()).map((a) => a.id)).toEqual([card.id])
  })
})
