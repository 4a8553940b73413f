/**
 * External signals through the real engines: 112 days of sales and `external_signal` events land
 * through the ingest path; Beverages sell twice as much on local-event days, Household does not
 * care. The first recompute finds no learning state, fills it once from the history
 * (jobs/recompute/signals-backfill.ts), learns from it and so already moves Beverages' forecast on
 * the day of an announced event, and its policy, and not Household's; the forecasts API says so.
 * A second run finds the state and does not fill it again; with the announcement taken away it
 * leaves the forecasts unmoved: the reference the first run's are measured against.
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
  it('answers for a pair with no forecast or policy yet (before the first recompute): 404, not a failed query', async () => {
    const res = await handleForecasts(t.rt, get('/api/v1/forecasts?sku=BEV1&location=W1&channel=store'))
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatch(/no forecast for sku BEV1 at W1/)
  })

  it('moves the forecast on an announced event day for the category that responds, from the first run on', async () => {
    const first = await runRecompute(t.rt.clickhouse, { threads: 1 })
    // The state filled from history: the window ending today and the one 84 days back (its last 28
    // days are in the history); the next window back sold nothing, so the fill stopped there.
    // Beverages and Household at W1, learned from; the event moved Beverages only.
    expect(first.signals?.backfill).toMatchObject({ windows: 2, truncated: false })
    expect(first.signals?.backfill?.cells).toBeGreaterThan(2 * 80)
    expect(first.signals).toMatchObject({ cells: 2, moved: 1 })
    const moved = { bev: await points('BEV1'), house: await points('HH1'), bevD: await policyD('BEV1') }

    // The reference: the announcement withdrawn, the same state learned from (not filled again).
    await t.rt.clickhouse.heavy.command({ query: `ALTER TABLE raw_external_signals DELETE WHERE event_id = 'ev-ahead' SETTINGS mutations_sync = 2` })
    const second = await runRecompute(t.rt.clickhouse, { threads: 1 })
    expect(second.signals?.backfill).toBeUndefined()
    expect(second.signals).toMatchObject({ cells: 2, moved: 0 })
    const ref = { bev: await points('BEV1'), house: await points('HH1'), bevD: await policyD('BEV1') }
    expect(ref.bev.signals).toBeNull()

    // Beverages: x2 on event days, less the history's share of event days already in the level.
    const r = moved.bev.points[EVENT_DAY].mean / ref.bev.points[EVENT_DAY].mean
    expect(r).toBeGreaterThan(1.5)
    expect(r).toBeLessThan(2.2)
    // Mean, lower and upper move together.
    expect(moved.bev.points[EVENT_DAY].upper / ref.bev.points[EVENT_DAY].upper).toBeCloseTo(r, 2)
    // A day with no announced event is not moved by the event; weather carried no effect.
    expect(Math.abs(moved.bev.points[EVENT_DAY + 1].mean / ref.bev.points[EVENT_DAY + 1].mean - 1)).toBeLessThan(0.02)
    // Household does not respond.
    for (const h of [EVENT_DAY, EVENT_DAY + 1]) expect(Math.abs(moved.house.points[h].mean / ref.house.points[h].mean - 1)).toBeLessThan(0.02)
    // The policy plans on the moved path.
    expect(moved.bevD).toBeGreaterThan(ref.bevD * 1.01)

    // The drill-down API says which signal, which day, by how much; nothing for Household.
    expect(moved.bev.signals?.note).toMatch(/^Local event \w{3} \d{1,2} \w{3}: \+\d+%$/)
    expect(moved.bev.signals?.days).toEqual([{ date: iso(today + EVENT_DAY * DAY).slice(0, 10), signal: 'local_event', change: expect.closeTo(r - 1, 1), value: 1 }])
    expect(moved.house.signals).toBeNull()
  }, 120_000)
})
