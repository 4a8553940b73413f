/**
 * The daily summary through the real engines: history lands through the ingest path and a
 * recompute plans it; alerts, their lifecycle steps and the ranked risks are written as their
 * writers would; the summary of yesterday and of today is generated, stored and read back through
 * GET /api/v1/summary (today's changes are against yesterday's stored figures, its planning figures
 * are the board's), per location too; the worker writes one when it starts and registers its
 * schedules; hostile or unauthorised requests are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRecompute } from '@/jobs/recompute/run'
import { generateDailySummary, startSummaryWorker, summaryDate } from '@/jobs/summary'
import { SUMMARY_CLOSE_SCHEDULE, SUMMARY_HOURLY_SCHEDULE } from '@/lib/queues'
import { connectRedis } from '@/lib/redis'
import type { SummaryBody } from '@/lib/summary/api-schemas'
import { createTestRuntime, drainIngest, ingestRequest, INGEST_SECRET, READ_SECRET, waitFor, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleKpis, handleSummary } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('daily-summary.test.ts')

let t: TestRuntime
const DAY = 86_400_000
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
const iso = (ms: number) => new Date(ms).toISOString()
const day = (ms: number) => iso(ms).slice(0, 10)
const TODAY = day(today)
const YESTERDAY = day(today - DAY)
/** A moment earlier today (never before midnight). */
const earlier = Math.max(today, Date.now() - 2_000)
const get = (path: string, secret: string | null = READ_SECRET) => new Request(`http://t${path}`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} })

async function summary(query = ''): Promise<SummaryBody> {
  const res = await handleSummary(t.rt, get(`/api/v1/summary${query}`))
  expect(res.status).toBe(200)
  return res.json()
}

beforeAll(async () => {
  // Only the ingest worker: the test runs the summary worker itself, when it means to.
  t = await createTestRuntime({ env: { WORKERS: 'ingest' } })
  const events: Record<string, unknown>[] = [{ type: 'location', event_id: 'loc-P1', ts: iso(today - 100 * DAY), location: 'P1', kind: 'store', region: 'north' }]
  for (const sku of ['A', 'B']) {
    events.push({ type: 'product', event_id: `prod-${sku}`, ts: iso(today - 100 * DAY), sku, name: `Apples ${sku}`, category: 'Fresh', price: 2, unit_cost: 1, case_pack: 10, moq: 20 })
    // 10 a day at £2 up to yesterday: yesterday 20 units, £40.
    for (let d = 60; d >= 1; d--) events.push({ type: 'sale', event_id: `s-${sku}-${d}`, ts: iso(today - d * DAY + 12 * 3600_000), sku, location: 'P1', channel: 'store', qty: 10, unit_price: 2 })
    events.push({ type: 'inventory_snapshot', event_id: `snap-${sku}`, ts: iso(today - DAY + 13 * 3600_000), sku, location: 'P1', on_hand: sku === 'A' ? 3 : 300 })
  }
  // Today: 15 + 10 units at £2 = 25 units, £50 (+25.0% on both).
  events.push({ type: 'sale', event_id: 'today-A', ts: iso(earlier), sku: 'A', location: 'P1', channel: 'store', qty: 15, unit_price: 2 })
  events.push({ type: 'sale', event_id: 'today-B', ts: iso(earlier), sku: 'B', location: 'P1', channel: 'store', qty: 10, unit_price: 2 })
  expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
  await drainIngest(t.rt)
  await runRecompute(t.rt.clickhouse, { threads: 1 })

  // Alerts as the agents and the decision API write them. Opened today: a1 (two versions, counted
  // once), a2 at P1, a3 at P2; a4 was opened yesterday. Today a4 cleared and a1 was approved
  // (the step written twice by a retry, counted once); a1's acknowledgement is no decision, and
  // yesterday's approval is not today's.
  const alert = (id: string, type: string, location: string, opened: number, version: number) => ({
    id, key: `${type}|${location}|${id}`, type, sku: id, location, status: 'open', severity: 'high', recommendation: '{}',
    opened_at: iso(opened), updated_at: iso(opened), version, agent: 'test', model_version: 'test/1',
  })
  // One insert each: rows of one key in one insert are merged as they land, and the point is rows that were not.
  const insert = (table: string, row: Record<string, unknown>) => t.rt.clickhouse.insertRows('interactive', table, [row], { date_time_input_format: 'best_effort' })
  for (const row of [
    alert('a1', 'stockout_risk', 'P1', earlier, 1), alert('a1', 'stockout_risk', 'P1', earlier, 2), alert('a2', 'stockout_risk', 'P1', earlier, 1),
    alert('a3', 'low_stock', 'P2', earlier, 1), alert('a4', 'stockout_risk', 'P1', today - DAY + 3600_000, 1),
  ]) await insert('alerts', row)
  const step = (alert_id: string, transition_id: string, to_status: string, at: number, type = 'stockout_risk', location = 'P1') => ({
    alert_id, transition_id, at: iso(at), actor_kind: 'person', actor_id: 'u1', actor_name: 'Pat', from_status: 'open', to_status, reason: '', revision: 1, type, agent: 'test', location, sku: alert_id,
  })
  for (const row of [
    step('a4', 't1', 'cleared', earlier), step('a1', 't2', 'approved', earlier), step('a1', 't2', 'approved', earlier),
    step('a1', 't3', 'acknowledged', earlier), step('a4', 't0', 'approved', today - DAY + 7200_000),
  ]) await insert('alert_transitions', row)
  // The ranked risks, newer than the recompute's: the largest expected lost margins across locations.
  const at = iso(Date.now() + 1000)
  await t.rt.clickhouse.insertRows('interactive', 'risk_top', [
    { location: 'P1', rank: 0, sku: 'X1', stockout_probability: 0.9, days_of_cover: 1, projected_stockout_date: null, expected_lost_margin: 300, computed_at: at },
    { location: 'P1', rank: 1, sku: 'X2', stockout_probability: 0.8, days_of_cover: 1, projected_stockout_date: null, expected_lost_margin: 500, computed_at: at },
    { location: 'P1', rank: 2, sku: 'X3', stockout_probability: 0.7, days_of_cover: 2, projected_stockout_date: null, expected_lost_margin: 100, computed_at: at },
    { location: 'P9', rank: 0, sku: 'X4', stockout_probability: 0.9, days_of_cover: 1, projected_stockout_date: null, expected_lost_margin: 200, computed_at: at },
  ], { date_time_input_format: 'best_effort' })
}, 120_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('daily summary', () => {
  it('answers 404 before any summary, and refuses bad dates and callers', async () => {
    const none = await handleSummary(t.rt, get('/api/v1/summary'))
    expect(none.status).toBe(404)
    expect((await none.json()).error).toBe(`no summary for ${TODAY} yet`)
    for (const bad of ['?date=2026-13-45', '?date=yesterday', '?date=2026-12-06T00:00:00Z', '?location=a%20b']) {
      const res = await handleSummary(t.rt, get(`/api/v1/summary${bad}`))
      expect(res.status, bad).toBe(400)
    }
    expect((await handleSummary(t.rt, get('/api/v1/summary', null))).status).toBe(401)
    expect((await handleSummary(t.rt, get('/api/v1/summary', INGEST_SECRET))).status).toBe(403)
  })

  it("writes yesterday's summary without changes, then today's against it, with the board's planning figures", async () => {
    const y = await generateDailySummary(t.rt.clickhouse, YESTERDAY)
    expect(y.paragraphs[0]).toBe('Sales: 20 units and £40 revenue; no figures for the previous day to compare with.')
    expect(y.figures.units).toEqual({ today: 20, yesterday: null, change: null, change_kind: 'relative' })
    // a4 was opened yesterday, and approved; a4's clearing is today's.
    expect(y.figures.alerts).toEqual({ opened: 1, cleared: 0, decided: 1 })

    await generateDailySummary(t.rt.clickhouse, TODAY)
    const s = await summary()
    expect(s.date).toBe(TODAY)
    expect(s.location).toBe('')
    expect(s.paragraphs[0]).toBe('Sales: 25 units (+25.0%) and £50 revenue (+25.0%) against the previous day.')
    expect(s.figures.units).toEqual({ today: 25, yesterday: 20, change: 0.25, change_kind: 'relative' })
    expect(s.figures.alerts).toEqual({ opened: 3, cleared: 1, decided: 1 })
    expect(s.paragraphs[2]).toBe('Alerts: 3 alerts opened (stockout risk 2, low stock 1), 1 alert cleared (stockout risk 1) and 1 alert decided (stockout risk 1).')
    expect(s.paragraphs[3]).toBe('Top 3 risks: 1. X2 at P1, stockout risk, £500 at risk; 2. X1 at P1, stockout risk, £300 at risk; 3. X4 at P9, stockout risk, £200 at risk.')
    expect(s.headline).toMatch(new RegExp(`: £50 revenue \\(\\+25\\.0%\\), \\d+ SKU-locations? at risk.*, 3 alerts opened$`))

    // The planning figures are the board's (GET /api/v1/kpis), and a plan covers P1 (A sells out).
    const board = (await (await handleKpis(t.rt, get('/api/v1/kpis'))).json()).kpis
    expect(board.stockout_risk_count).toBeGreaterThan(0)
    expect(s.figures.at_risk.today).toBe(board.stockout_risk_count)
    expect(s.figures.expected_lost_margin.today).toBe(board.stockout_risk_value)
    expect(s.figures.in_stock_rate.today).toBe(board.in_stock_rate)
    expect(s.figures.markdown_exposure.today).toBe(board.markdown_exposure)
    // Yesterday's planning figures were the same plan: the difference is 0.
    expect(s.figures.at_risk.change).toBe(0)
    expect(s.paragraphs[1]).toMatch(/, as many as the previous day, /)

    // Yesterday's record stays as written.
    const again = await summary(`?date=${YESTERDAY}`)
    expect(again.paragraphs).toEqual(y.paragraphs)
    expect(again.generated_at).toBe(y.generated_at)
  })

  it('reads the newest text of a day, and keeps locations apart', async () => {
    const before = await summary()
    await new Promise((r) => setTimeout(r, 5))
    const newer = await generateDailySummary(t.rt.clickhouse, TODAY)
    expect(Date.parse(newer.generated_at)).toBeGreaterThan(Date.parse(before.generated_at))
    expect((await summary()).generated_at).toBe(newer.generated_at)

    await generateDailySummary(t.rt.clickhouse, TODAY, 'P1')
    const p1 = await summary('?location=P1')
    expect(p1.location).toBe('P1')
    expect(p1.figures.alerts).toEqual({ opened: 2, cleared: 1, decided: 1 })
    expect(p1.figures.units.yesterday).toBeNull() // no P1 summary of yesterday
    expect(p1.paragraphs[3]).toBe('Top 3 risks: 1. X2 at P1, stockout risk, £500 at risk; 2. X1 at P1, stockout risk, £300 at risk; 3. X3 at P1, stockout risk, £100 at risk.')
    const p2 = await handleSummary(t.rt, get('/api/v1/summary?location=P2'))
    expect(p2.status).toBe(404)
    expect((await handleSummary(t.rt, get('/api/v1/summary?date=2020-01-01'))).status).toBe(404)
  })

  it('names the day a job summarises', () => {
    const now = new Date('2026-12-06T00:15:00Z')
    expect(summaryDate({ day: 'previous' }, now)).toBe('2026-12-05')
    expect(summaryDate({ day: 'today' }, now)).toBe('2026-12-06')
    expect(summaryDate({}, new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-01')
    expect(summaryDate({ day: 'previous' }, new Date('2026-03-01T00:15:00Z'))).toBe('2026-02-28')
    expect(summaryDate({ date: '2026-01-31', day: 'previous' }, now)).toBe('2026-01-31')
  })

  it('the worker writes the day in progress when it starts and registers both schedules', async () => {
    const before = await summary()
    const connection = connectRedis(t.rt.config.REDIS_URL, 'worker')
    const worker = startSummaryWorker(t.rt, connection)
    try {
      const written = await waitFor(async () => {
        const res = await handleSummary(t.rt, get('/api/v1/summary'))
        const body = res.status === 200 ? ((await res.json()) as SummaryBody) : undefined
        return body && body.generated_at > before.generated_at ? body : undefined
      }, 20_000)
      expect(written.date).toBe(TODAY)
      const schedulers = await t.rt.queues.summary.getJobSchedulers()
      const byId = Object.fromEntries(schedulers.map((s) => [s.key, s.pattern]))
      expect(byId).toMatchObject({ [SUMMARY_HOURLY_SCHEDULE.id]: SUMMARY_HOURLY_SCHEDULE.pattern, [SUMMARY_CLOSE_SCHEDULE.id]: SUMMARY_CLOSE_SCHEDULE.pattern })
    } finally {
      await worker.close()
      connection.disconnect()
    }
  })
})
