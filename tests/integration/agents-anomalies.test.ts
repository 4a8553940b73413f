/**
 * The anomaly and stale-data agents wired to the sweep, through the real engines (ingest,
 * recompute, ClickHouse, Redis). The world lives 10 days in the past (T0 = today - 10) so the
 * sweep can be run as of T0 and of later days (runSweep's `at`), with the sales of those days
 * already landed (the ingest refuses events more than a day ahead):
 * - S usually writes off 1 unit a fortnight and wrote off 15 in the days before T0: shrink spike,
 *   opening on the second day's sweep (its runs count days: a second sweep the same day sees the
 *   same days again); it clears two days after the window has moved past the write-offs.
 * - F sold 30 a day for the 4 days before T0 against a forecast of 10 (80% band 7 to 13): forecast
 *   deviation opens at once (4 days running above), sell-through deviation on the second day; the
 *   first clears two days after a day is back inside, the second when a week is.
 * - N sells as forecast: nothing, until 20 units are adjusted away now: the dirty path judges it at
 *   once (one day of the two needed); a sweep later today does not open it, tomorrow's does.
 * - Feeds: pos-north/sale flushed every 5 minutes and went quiet an hour ago (stale data); a nightly
 *   file is fresh; a one-off import is not judged. The stale alert clears when the feed is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep } from '@/jobs/agents'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { alertsQuery, type AlertBody } from '@/lib/alerts/api-schemas'
import { createTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps, ingestLanded, stopScheduledSweeps } from '../helpers/agents'
import { alertTracksKey } from '@/lib/redis-keys'

let t: TestRuntime
const DAY = 86_400_000
const MIN = 60_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const T0 = today - 10 * DAY
const iso = (ms: number) => new Date(ms).toISOString()
const dayOf = (ms: number) => iso(ms).slice(0, 10)
// Each sweep a minute after the last: hygiene counts an evaluation at the instant of the last as a replay.
let sweeps = 0
const at = (ms: number) => ({ day: dayOf(ms), now: iso(ms + 12 * 3600_000 + ++sweeps * MIN) })
const deps = () => alertStoreDeps(t)

async function alerts(type: string, status: 'all' | 'active' = 'active', location: string | null = 'W1'): Promise<AlertBody[]> {
  const answer = await listAlerts(t.rt.clickhouse.interactive, alertsQuery.parse({ status, location: location ?? undefined, type, limit: 500 }))
  return answer.alerts
}
const skus = async (type: string) => (await alerts(type)).map((a) => a.scope.sku).sort()

const ingest = (events: Record<string, unknown>[]) => ingestLanded(t, events)

beforeAll(async () => {
  t = await createTestRuntime()
  const events: Record<string, unknown>[] = [{ type: 'location', event_id: 'loc-W1', ts: iso(T0 - 100 * DAY), location: 'W1', kind: 'store', region: 'west' }]
  for (const sku of ['S', 'F', 'N']) {
    events.push({ type: 'product', event_id: `prod-${sku}`, ts: iso(T0 - 100 * DAY), sku, name: `Item ${sku}`, category: 'Dry', price: 10, unit_cost: 4, case_pack: 1, moq: 1 })
    // Through yesterday (T0 + 9): F sells 30 a day on T0 - 4 .. T0 - 1, everything else 10.
    for (let d = -90; d <= 9; d++) {
      const qty = sku === 'F' && d >= -4 && d <= -1 ? 30 : 10
      events.push({ type: 'sale', event_id: `s-${sku}-${d}`, ts: iso(T0 + d * DAY + 12 * 3600_000), sku, location: 'W1', channel: 'store', qty, unit_price: 10 })
    }
    events.push({ type: 'inventory_snapshot', event_id: `snap-${sku}`, ts: iso(T0 - DAY + 13 * 3600_000), sku, location: 'W1', on_hand: 500 })
  }
  // S: one unit of shrink a fortnight, then 12 units shrunk and 3 adjusted away just before T0
  // (a count correcting upwards writes nothing off).
  for (let d = 84; d >= 14; d -= 14) events.push({ type: 'inventory_movement', event_id: `shr-${d}`, ts: iso(T0 - d * DAY + 15 * 3600_000), sku: 'S', location: 'W1', kind: 'shrink', qty: -1 })
  events.push({ type: 'inventory_movement', event_id: 'shr-big', ts: iso(T0 - 2 * DAY + 15 * 3600_000), sku: 'S', location: 'W1', kind: 'shrink', qty: -12 })
  events.push({ type: 'inventory_movement', event_id: 'adj-down', ts: iso(T0 - DAY + 15 * 3600_000), sku: 'S', location: 'W1', kind: 'adjustment', qty: -3 })
  events.push({ type: 'inventory_movement', event_id: 'adj-up', ts: iso(T0 - DAY + 16 * 3600_000), sku: 'S', location: 'W1', kind: 'adjustment', qty: 5 })
  await ingest(events)
  await runRecompute(t.rt.clickhouse, { threads: 1, today: new Date(T0) })
  // The forecasts in force for T0 - 14 .. T0 + 9: one run a day, each forecasting 10 (7 to 13);
  // stamped after the recompute's own run so they are the ones kept for T0 .. T0 + 6 too.
  const rows: Record<string, unknown>[] = []
  for (const sku of ['S', 'F', 'N']) {
    for (let d = -14; d <= 9; d++) {
      rows.push({
        location: 'W1', sku, channel: 'store', model: 'test', model_version: 'test/1', start_date: dayOf(T0 + d * DAY),
        mean: Array(7).fill(10), lower: Array(7).fill(7), upper: Array(7).fill(13), d: 10, sd_d: 2.3, segment: 'smooth', run_id: `run-${d}`,
        computed_at: iso(Date.now() + DAY + d * MIN),
      })
    }
  }
  await t.rt.clickhouse.insertRows('bulk', 'forecasts', rows)
  // Feeds as of R: pos-north/sale every 5 minutes from R - 3 h to R - 1 h; erp/purchase_order a
  // nightly file in chunks over a minute; csv-import/sale one import.
  const flush = (source: string, type: string, ms: number) => ({ flushed_at: iso(ms), source, type, events: 10, duplicates: 0, last_event_ts: iso(ms), max_lag_ms: 0 })
  const flushes = []
  for (let m = 180; m >= 60; m -= 5) flushes.push(flush('pos-north', 'sale', R - m * MIN))
  for (let d = 5; d >= 1; d--) for (const s of [0, 10, 40]) flushes.push(flush('erp', 'purchase_order', R - d * DAY - 3 * 3600_000 + s * 1000))
  for (const s of [0, 5, 20]) flushes.push(flush('csv-import', 'sale', R - 5 * 3600_000 + s * 1000))
  await t.rt.clickhouse.insertRows('bulk', 'ingest_flushes', flushes)
  await stopScheduledSweeps(t)
}, 120_000)

const R = Date.now() + 3600_000

afterAll(async () => {
  await t?.cleanup()
})

describe('anomaly agents wired to the sweep', () => {
  it('opens forecast deviation at once, shrink and sell-through spikes on the second day, not the second sweep', async () => {
    const first = await runSweep(deps(), at(T0))
    expect(first.by_agent['anomalies/shrink']).toMatchObject({ evaluated: 3, opened: 0, errors: 0 })
    // Two types a pair: sell-through and forecast deviation.
    expect(first.by_agent['anomalies/forecast']).toMatchObject({ evaluated: 6, opened: 1, errors: 0 })
    // As of T0 no flush had landed yet: no feed to judge.
    expect(first.by_agent['stale-data']).toMatchObject({ evaluated: 0, errors: 0 })
    expect(await skus('forecast_deviation')).toEqual(['F'])
    expect(await skus('shrink_spike')).toEqual([])
    expect(await skus('sell_through_deviation')).toEqual([])
    const [dev] = await alerts('forecast_deviation')
    expect(dev.why).toContain('sold above the forecast\'s 80% interval 4 days running')
    expect(dev.why).toContain('30, 30, 30, 30 against upper bounds of 13.0, 13.0, 13.0, 13.0')

    // Again the same day (the sweep runs every 15 minutes): the same days, no second day of a run.
    const again = await runSweep(deps(), at(T0))
    expect(again.by_agent['anomalies/shrink']).toMatchObject({ evaluated: 3, opened: 0 })
    expect(again.by_agent['anomalies/forecast']).toMatchObject({ evaluated: 6, opened: 0 })

    // The next day: the 7 days to T0 hold the same write-offs and F's same 150 units (10 on T0 for
    // 30 on T0 - 5), and the forecast-deviation alert stays open on its first day back inside.
    const second = await runSweep(deps(), at(T0 + DAY))
    expect(second.by_agent['anomalies/shrink']).toMatchObject({ evaluated: 3, opened: 1 })
    expect(second.by_agent['anomalies/forecast']).toMatchObject({ evaluated: 6, opened: 1 })
    const [shrink, ...noShrink] = await alerts('shrink_spike')
    expect(noShrink).toEqual([])
    expect(shrink.scope).toEqual({ sku: 'S', location: 'W1', channel: '', supplier: '' })
    expect(shrink.why).toMatch(/^15 units of S at W1 written off \(shrink and negative adjustments\) in the 7 days to /)
    expect(shrink.why).toContain('a median of 0.5 over its previous 12 windows of 7 days: robust z 14.5')
    // The excess over the median at cost: (15 - 0.5) x 4.
    expect(shrink.value_at_risk).toBe(58)
    expect(shrink.recommendation.action).toBe('investigate')

    const [sell, ...noSell] = await alerts('sell_through_deviation')
    expect(noSell).toEqual([])
    expect(sell.scope.sku).toBe('F')
    expect(sell.why).toMatch(/^F at W1 sold 150 units in the 7 days to \S+ against 70.0 forecast \(\+114.3%\)/)
    expect(sell.why).toContain(`in the 7 days to ${dayOf(T0)} against`)
    // 80 units off at a margin of 6.
    expect(sell.value_at_risk).toBe(480)
  })

  it('clears forecast deviation on the second day back inside; sell-through stays', async () => {
    const [dev] = await alerts('forecast_deviation')
    await runSweep(deps(), at(T0 + DAY))
    expect(await skus('forecast_deviation')).toEqual(['F'])
    await runSweep(deps(), at(T0 + 2 * DAY))
    expect(await skus('forecast_deviation')).toEqual([])
    const cleared = (await alerts('forecast_deviation', 'all')).find((a) => a.id === dev.id)
    expect(cleared?.status).toBe('cleared')
    expect(cleared?.cleared_reason).toBe('Sales are back inside the forecast interval.')
    // The week to T0 + 1 still sold 150 against 70, and S's write-offs are still in its window.
    expect(await skus('sell_through_deviation')).toEqual(['F'])
    expect(await skus('shrink_spike')).toEqual(['S'])
  })

  it('clears shrink and sell-through once their windows hold nothing unusual', async () => {
    await runSweep(deps(), at(T0 + 8 * DAY))
    expect(await skus('shrink_spike')).toEqual(['S'])
    const run = await runSweep(deps(), at(T0 + 9 * DAY))
    expect(run.by_agent['anomalies/shrink']).toMatchObject({ cleared: 1 })
    expect(run.by_agent['anomalies/forecast']).toMatchObject({ cleared: 1, opened: 0 })
    expect(await skus('shrink_spike')).toEqual([])
    expect(await skus('sell_through_deviation')).toEqual([])
    expect(await skus('forecast_deviation')).toEqual([])
    const shrink = (await alerts('shrink_spike', 'all'))[0]
    expect(shrink.cleared_reason).toBe('Write-offs are back to their usual level.')
  })

  it('raises stale data for a feed silent past 10 usual gaps, and clears it when the feed is back', async () => {
    const run = await runSweep(deps(), { day: dayOf(today), now: iso(R) })
    // pos-north (silent) and erp (fresh, a cadence of a day); the one-off import is not judged.
    expect(run.by_agent['stale-data']).toMatchObject({ evaluated: 2, opened: 1, errors: 0 })
    const [card, ...rest] = await alerts('stale_data', 'active', null)
    expect(rest).toEqual([])
    expect(card.scope).toEqual({ sku: '', location: '', channel: '', supplier: '', feed: 'pos-north/sale' })
    expect(card.why).toBe(
      'No sale events from pos-north for 1 h (usual gap 5 min; late past 15 min, silent past 50 min). Until it is back, do not trust: ' +
        'units sold and revenue tiles and trends, forecasts and what is built on them (stockout risk, days of cover, order recommendations), ' +
        'phantom inventory alerts (no sales look like an empty shelf) and sell-through and forecast deviation alerts.',
    )
    expect(card.severity).toBe('high')
    // Back: a flush 5 minutes ago. Fresh twice in a row clears it (clear_after 2).
    await t.rt.clickhouse.insertRows('bulk', 'ingest_flushes', [{ flushed_at: iso(R + 5 * MIN), source: 'pos-north', type: 'sale', events: 10, duplicates: 0, last_event_ts: iso(R + 5 * MIN), max_lag_ms: 0 }])
    await runSweep(deps(), { day: dayOf(today), now: iso(R + 10 * MIN) })
    expect((await alerts('stale_data', 'active', null)).map((a) => a.id)).toEqual([card.id])
    const last = await runSweep(deps(), { day: dayOf(today), now: iso(R + 11 * MIN) })
    expect(last.by_agent['stale-data']).toMatchObject({ evaluated: 2, cleared: 1 })
    expect(await alerts('stale_data', 'active', null)).toEqual([])
  })

  it('judges a write-off on the dirty path at once, and opens the spike on the next day', async () => {
    const track = async () => {
      const json = await t.rt.redis.hget(alertTracksKey(t.rt.redisPrefix), 'shrink_spike|N|W1||')
      return json ? (JSON.parse(json) as { above: number; last_signal: number }) : undefined
    }
    expect(await track()).toBeUndefined()
    // N never wrote anything off: 20 units adjusted away now make its robust z 20.
    await ingest([{ type: 'inventory_movement', event_id: 'adj-N', ts: iso(Date.now() - 1000), sku: 'N', location: 'W1', kind: 'adjustment', qty: -20 }])
    // No sweep: the risk refresh marks N dirty and the agents worker judges it (one evaluation of two).
    const first = await waitFor(track, 20_000)
    expect(first).toMatchObject({ above: 1, last_signal: 20 })
    expect(await skus('shrink_spike')).toEqual([])
    const later = await runSweep(deps(), { day: dayOf(Date.now()), now: new Date().toISOString() })
    expect(later.by_agent['anomalies/shrink']).toMatchObject({ evaluated: 3, opened: 0 })
    const tomorrow = today + DAY
    const run = await runSweep(deps(), { day: dayOf(tomorrow), now: iso(tomorrow + 15 * MIN) })
    expect(run.by_agent['anomalies/shrink']).toMatchObject({ evaluated: 3, opened: 1 })
    expect(await skus('shrink_spike')).toEqual(['N'])
  })
})
