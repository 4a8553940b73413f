/**
 * External signals through the real engines: 112 days of sales and `external_signal` events land
 * through the ingest path; Beverages sell twice as much on local-event days, Household does not
 * care. The first recompute finds no learning state (forecasts unmoved) and keeps its window's
 * cells; the second learns from them and moves Beverages' forecast on the day of an announced
 * event, and so its policy, and not Household's; the forecasts API says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { Rng } from '@/lib/sim/random'
import { createTestRuntime, drainIngest, ingestRequest, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { handleForecasts, handleIngest, handlePolicies } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('recompute-signals.test.ts')

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const get = (path: string) => new Request(`http://t${path}`, { headers: { authorization: `Bearer ${READ_SECRET}` } })
const HISTORY = 112
/** The announced event: forecast day 2 (the day after tomorrow). */
const EVENT_DAY = 2
const BEV = ['BEV1', 'BEV2', 'BEV3']
const HOUSE = ['HH1', 'HH2', 'HH3']

type Points = { mean: number; lower: number; upper: number }[]
async function points(sku: string): Promise<{ points: Points; signals: { note: string; days: { date: string; signal: string; change: number }[] } | null }> {
  const res = await handleForecasts(t.rt, get(`/api/v1/forecasts?sku=${sku}&location=W1&channel=store`))
  expect(res.status).toBe(200)
  return res.json()
}
async function policyD(sku: string): Promise<number> {
  return (await (await handlePolicies(t.rt, get(`/api/v1/policies?sku=${sku}&location=W1`))).json()).inputs.d
}

beforeAll(async () => {
  t = await createTestRuntime()
  const rng = new Rng(17)
  const events: Record<string, unknown>[] = [
    { type: 'location', event_id: 'loc-W1', ts: iso(today - 200 * DAY), location: 'W1', kind: 'store', region: 'north' },
    { type: 'supplier', event_id: 'sup-A', ts: iso(today - 200 * DAY), supplier: 'SUP-A', name: 'Acme' },
    ...[...BEV, ...HOUSE].map((sku) => ({
      type: 'product', event_id: `prod-${sku}`, ts: iso(today - 200 * DAY), sku, name: sku, category: sku.startsWith('BEV') ? 'Beverages' : 'Household',
      price: 2, unit_cost: 1, case_pack: 1, moq: 1, supplier: 'SUP-A',
    })),
  ]
  for (let d = HISTORY; d >= 1; d--) {
    const dayMs = today - d * DAY
    // A local event on about one day in eight, announced the day before; weather every morning (no effect on demand).
    const event = rng.float() < 0.125
    if (event) events.push({ type: 'external_signal', event_id: `ev-${d}`, ts: iso(dayMs - DAY + 12 * 3600_000), location: 'W1', kind: 'local_event', value: 5000, tags: ['concert', 'days:1', `starts:${iso(dayMs).slice(0, 10)}`] })
    events.push({ type: 'external_signal', event_id: `wx-${d}`, ts: iso(dayMs + 6 * 3600_000), location: 'W1', kind: 'weather', value: 14 + 3 * rng.normal(), tags: rng.chance(0.3) ? ['rain'] : [] })
    for (const sku of [...BEV, ...HOUSE]) {
      const qty = rng.poisson(20 * (event && sku.startsWith('BEV') ? 2 : 1))
      if (qty > 0) events.push({ type: 'sale', event_id: `s-${sku}-${d}`, ts: iso(dayMs + 12 * 3600_000), sku, location: 'W1', channel: 'store', qty, unit_price: 2 })
    }
  }
  // Announced yesterday: a concert on forecast day 2.
  events.push({ type: 'external_signal', event_id: 'ev-ahead', ts: iso(today - DAY + 12 * 3600_000), location: 'W1', kind: 'local_event', value: 8000, tags: ['concert', 'days:1', `starts:${iso(today + EVENT_DAY * DAY).slice(0, 10)}`] })
  for (const sku of [...BEV, ...HOUSE]) events.push({ type: 'inventory_snapshot', event_id: `snap-${sku}`, ts: iso(today - DAY + 20 * 3600_000), sku, location: 'W1', on_hand: 300 })
  for (let i = 0; i < events.length; i += 500) expect((await handleIngest(t.rt, ingestRequest(events.slice(i, i + 500)))).status).toBe(202)
  await drainIngest(t.rt)
}, 120_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('external signals in the recompute', () => {
  it('moves the forecast on an announced event day for the category that responds, from the second run on', async () => {
    const first = await runRecompute(t.rt.clickhouse, { threads: 1 })
    expect(first.signals).toMatchObject({ cells: 0, moved: 0 })
    const before = { bev: await points('BEV1'), house: await points('HH1'), bevD: await policyD('BEV1') }
    expect(before.bev.signals).toBeNull()

    const second = await runRecompute(t.rt.clickhouse, { threads: 1 })
    // Beverages and Household at W1, learned from the first run's cells.
    expect(second.signals?.cells).toBe(2)
    const after = { bev: await points('BEV1'), house: await points('HH1'), bevD: await policyD('BEV1') }

    // Beverages: x2 on event days, less the history's share of event days already in the level.
    const r = after.bev.points[EVENT_DAY].mean / before.bev.points[EVENT_DAY].mean
    expect(r).toBeGreaterThan(1.5)
    expect(r).toBeLessThan(2.2)
    // Mean, lower and upper move together.
    expect(after.bev.points[EVENT_DAY].upper / before.bev.points[EVENT_DAY].upper).toBeCloseTo(r, 2)
    // A day with no announced event is not moved by the event; weather carried no effect.
    expect(Math.abs(after.bev.points[EVENT_DAY + 1].mean / before.bev.points[EVENT_DAY + 1].mean - 1)).toBeLessThan(0.02)
    // Household does not respond.
    for (const h of [EVENT_DAY, EVENT_DAY + 1]) expect(Math.abs(after.house.points[h].mean / before.house.points[h].mean - 1)).toBeLessThan(0.02)
    // The policy plans on the moved path.
    expect(after.bevD).toBeGreaterThan(before.bevD * 1.01)

    // The drill-down API says which signal, which day, by how much; nothing for Household.
    expect(after.bev.signals?.note).toMatch(/^Local event \w{3} \d{1,2} \w{3}: \+\d+%$/)
    expect(after.bev.signals?.days).toEqual([{ date: iso(today + EVENT_DAY * DAY).slice(0, 10), signal: 'local_event', change: expect.closeTo(r - 1, 1), value: 1 }])
    expect(after.house.signals).toBeNull()
  }, 120_000)
})
