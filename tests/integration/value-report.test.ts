/**
 * The executive value report over real chDB and Redis (GET /api/v1/reports/value, its CSV, its
 * PDF, the decisions behind it). Fixture: region north holds N1, region south S1; the simulation's
 * two runs (value_daily) over 2026-02-19..2026-03-10 at both, some pair-days attributed to use
 * cases (one split half and half), the rest to none; settled decisions at both.
 *
 * Checks: the figures add up (use cases + unattributed = total, each against sums worked from the
 * fixture rows); the previous period is the ten days before; the CSV parses back to the same
 * figures; the PDF is a PDF that prints its filters; a planner gets 403; a scoped operations
 * manager gets north's figures only; a bad period is a 400 naming the field. Then a year at demo
 * scale (500 SKUs x 16 locations, both runs: 5.8 million rows) is timed: JSON and PDF.
 */
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { truthDatabase } from '@/lib/clickhouse/migrate'
import { forgetRegionMap } from '@/server/access'
import type { ValueReport } from '@/lib/value/report-types'
import { splitCsvSections } from '@/lib/value/report-csv'
import { markCycles } from '@/lib/value/cycles'
import { createTestRuntime, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { sessionCookie } from '../helpers/socket'
import { handleValueDecisions, handleValuePdf, handleValueReport } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'
import { pdfText } from '../helpers/pdf-text'

checkContractClaims('value-report.test.ts')

let t: TestRuntime
const cookies: Record<string, string> = {}
const DB = truthDatabase(undefined)
const DAY = 86_400_000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const FROM = '2026-03-01'
const TO = '2026-03-10'

interface Row {
  run: string; policy: 'baseline' | 'stockpulse'; date: string; sku: string; location: string; use_case: string; weight: number
  demand: number; sold: number; lost: number; revenue: number; cogs: number; lost_margin: number; inventory_units: number; inventory_cost: number
  carrying_cost: number; expedite_cost: number; transfer_cost: number; markdown_cost: number; writeoff_cost: number; receipts: number
}

/** Both runs of every pair-day, 2026-02-19..2026-03-10: StockPulse loses 1 of 10 units a day, the baseline 2 (and holds more stock). */
function fixture(): Row[] {
  const rows: Row[] = []
  for (let ms = Date.parse('2026-02-19'); ms <= Date.parse(TO); ms += DAY) {
    const date = isoDay(ms)
    const dayNo = (ms - Date.parse('2026-02-19')) / DAY
    for (const location of ['N1', 'S1']) {
      for (const sku of ['A', 'B']) {
        // Which use case the pair-day is attributed to: N1/A replenishment, S1/A transfers, N1/B split on even days, else none.
        const split: [string, number][] =
          location === 'N1' && sku === 'A' ? [['replenishment', 1]] : location === 'S1' && sku === 'A' ? [['transfers', 1]] : location === 'N1' && dayNo % 2 === 0 ? [['replenishment', 0.5], ['markdown', 0.5]] : [['', 1]]
        for (const [use_case, weight] of split) {
          for (const policy of ['stockpulse', 'baseline'] as const) {
            const lost = policy === 'stockpulse' ? 1 : 2
            const inv = policy === 'stockpulse' ? 30 : 45
            rows.push({
              run: 'fixture', policy, date, sku, location, use_case, weight, demand: 10, sold: 10 - lost, lost, revenue: (10 - lost) * 4, cogs: (10 - lost) * 2, lost_margin: lost * 2,
              inventory_units: inv, inventory_cost: inv * 2, carrying_cost: (inv * 2 * 0.25) / 365, expedite_cost: 0, transfer_cost: location === 'S1' && policy === 'stockpulse' && sku === 'A' ? 1.5 : 0,
              markdown_cost: use_case === 'markdown' && policy === 'baseline' ? 3 : 0, writeoff_cost: 0, receipts: dayNo % 5 === 0 ? 1 : 0,
            })
          }
        }
      }
    }
  }
  return rows
}

/** Cycle marks as the recorder writes them (lib/value/cycles.ts). */
const ROWS = markCycles(fixture(), new Map())
const cost = (r: Row) => r.weight * (r.lost_margin + r.carrying_cost + r.expedite_cost + r.transfer_cost + r.markdown_cost + r.writeoff_cost)
/** Value measured over rows, worked from the fixture: baseline cost - StockPulse cost. */
function expectedValue(filter: (r: Row) => boolean): number {
  const rows = ROWS.filter(filter)
  return rows.filter((r) => r.policy === 'baseline').reduce((a, r) => a + cost(r), 0) - rows.filter((r) => r.policy === 'stockpulse').reduce((a, r) => a + cost(r), 0)
}
const inPeriod = (r: Row) => r.date >= FROM && r.date <= TO

const get = (path: string, who: string | null, headers: Record<string, string> = {}) =>
  new Request(`http://t${path}`, { headers: { ...(who === 'key' ? { authorization: `Bearer ${READ_SECRET}` } : who ? { cookie: cookies[who] } : {}), ...headers } })
const figure = (r: ValueReport, key: string) => r.figures.find((f) => f.key === key)!

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
  const now = new Date().toISOString()
  await t.rt.clickhouse.insertRows('interactive', 'locations', [
    { event_id: 'loc-N1', location: 'N1', name: 'North One', kind: 'store', region: 'north', parent: '', updated_at: now, source: 'test' },
    { event_id: 'loc-S1', location: 'S1', name: 'South One', kind: 'store', region: 'south', parent: '', updated_at: now, source: 'test' },
  ], { date_time_input_format: 'best_effort' })
  await t.rt.clickhouse.insertRows('heavy', `${DB}.value_daily`, ROWS as unknown as Record<string, unknown>[])
  // Executed decisions (actions delivered), their alerts (the use case: lib/value/use-cases.ts) and their settlements.
  const decision = (id: string, location: string, type: string, kind: string, day: string, est: number, settled: number) => ({
    action: {
      action_id: id, row_id: `${id}-delivered`, version: 1, alert_id: `al-${id}`, kind, sku: 'A', location, channel: 'store', supplier: '', from_location: '', quantity: 10, split: '',
      price: null, cost: 5, value: est, rule_version: 1, approved_by: JSON.stringify({ kind: 'person', actor: { id: 'u-ops', name: 'Omar Ops' } }),
      created_at: `${day} 10:00:00.000`, status: 'delivered', attempts: 1, detail: '', updated_at: `${day} 10:00:01.000`,
    },
    alert: { id: `al-${id}`, key: `${type}|A|${location}`, type, sku: 'A', location, channel: 'store', supplier: '', status: 'approved', severity: 'high', agent: 'test', opened_at: `${day} 09:00:00.000`, updated_at: `${day} 10:00:00.000`, version: 1 },
    settlement: {
      action_id: id, alert_id: `al-${id}`, use_case: '', kind, sku: 'A', location, decided_at: `${day} 10:00:00.000`, horizon_end: day, estimated_value: est, settled_value: settled,
      outcome: 'stockout_prevented', detail: 'sold 40 of 48 units', settled_at: `${day} 12:00:00.000`,
    },
  })
  const decisions = [
    decision('a1', 'N1', 'stockout_risk', 'reorder', '2026-03-02', 100, 80),
    decision('a2', 'S1', 'transfer_opportunity', 'transfer', '2026-03-03', 50, 60),
    decision('a3', 'N1', 'stockout_risk', 'reorder', '2026-02-25', 30, 20),
  ]
  const opts = { date_time_input_format: 'best_effort' }
  await t.rt.clickhouse.insertRows('interactive', 'actions', decisions.map((d) => d.action), opts)
  await t.rt.clickhouse.insertRows('interactive', 'alerts', decisions.map((d) => d.alert), opts)
  await t.rt.clickhouse.insertRows('interactive', 'action_settlements', decisions.map((d) => ({ ...d.settlement, use_case: d.alert.type === 'transfer_opportunity' ? 'transfers' : 'replenishment' })), opts)
  forgetRegionMap(t.rt)
  for (const id of ['u-exec', 'u-planner', 'u-ops-north', 'u-admin']) cookies[id] = await sessionCookie(t.rt, id)
}, 120_000)

afterAll(async () => {
  await t?.cleanup()
})

describe('GET /api/v1/reports/value', () => {
  let report: ValueReport
  beforeAll(async () => {
    const res = await handleValueReport(t.rt, get(`/api/v1/reports/value?from=${FROM}&to=${TO}`, 'u-exec'))
    expect(res.status).toBe(200)
    report = (await res.json()) as ValueReport
  })

  it('says its period, the previous one, basis, scope and currency', () => {
    expect(report).toMatchObject({ from: FROM, to: TO, previous: { from: '2026-02-19', to: '2026-02-28' }, basis: 'simulation', scope: 'all', currency: t.rt.config.CURRENCY })
  })

  it('adds up: value as worked from the rows, use cases + unattributed = value, previous period too', () => {
    const value = figure(report, 'value')
    expect(value.value).toBeCloseTo(expectedValue(inPeriod), 2)
    expect(value.previous).toBeCloseTo(expectedValue((r) => r.date < FROM), 2)
    const byCase = Object.fromEntries(report.use_cases.map((u) => [u.use_case, u.measured_value!]))
    expect(byCase.replenishment).toBeCloseTo(expectedValue((r) => inPeriod(r) && r.use_case === 'replenishment'), 2)
    expect(byCase.transfers).toBeCloseTo(expectedValue((r) => inPeriod(r) && r.use_case === 'transfers'), 2)
    expect(byCase.markdown).toBeCloseTo(expectedValue((r) => inPeriod(r) && r.use_case === 'markdown'), 2)
    const sum = report.use_cases.reduce((a, u) => a + u.measured_value!, 0) + report.unattributed_value!
    expect(sum).toBeCloseTo(value.value!, 1)
    // Fill rate: 9 of 10 a day against the baseline's 8 of 10; lost units 1 a pair-day (4 pairs x 10 days).
    expect(figure(report, 'fill_rate')).toMatchObject({ value: 0.9, baseline: 0.8, previous: 0.9 })
    expect(figure(report, 'lost_units')).toMatchObject({ value: 40, baseline: 80 })
    // The daily series sums to the value.
    expect(report.daily).toHaveLength(10)
    expect(report.daily.reduce((a, d) => a + d.value, 0)).toBeCloseTo(value.value!, 1)
    // Settlements in the period: a1 and a2 (a3 was decided before it).
    const repl = report.use_cases.find((u) => u.use_case === 'replenishment')!
    expect(repl).toMatchObject({ decisions: 1, estimated_value: 100, settled_value: 80 })
    expect(report.calibration).toMatchObject({ settled: 2, estimated_total: 150, settled_total: 140 })
  })

  it('answers CSV with Accept: text/csv that parses back to the same figures', async () => {
    const res = await handleValueReport(t.rt, get(`/api/v1/reports/value?from=${FROM}&to=${TO}`, 'u-exec', { accept: 'text/csv' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const tables = splitCsvSections(parse(await res.text(), { relax_column_count: true }) as string[][])
    expect(Object.fromEntries(tables.Filters.rows)).toMatchObject({ from: FROM, to: TO, previous_from: '2026-02-19', previous_to: '2026-02-28', basis: 'simulation', scope: 'all locations' })
    const h = tables.Figures.header
    const fresh = (await (await handleValueReport(t.rt, get(`/api/v1/reports/value?from=${FROM}&to=${TO}`, 'u-exec'))).json()) as ValueReport
    for (const f of fresh.figures) {
      const row = tables.Figures.rows.find((r) => r[0] === f.key)!
      expect(row[h.indexOf('value')]).toBe(f.value === null ? '' : String(f.value))
      expect(row[h.indexOf('baseline')]).toBe(f.baseline === null ? '' : String(f.baseline))
    }
    expect(tables['Use cases'].rows.length).toBe(7)
    expect(tables.Daily.rows.length).toBe(10)
  })

  it('a scoped operations manager sees north only, and the report says so', async () => {
    const res = await handleValueReport(t.rt, get(`/api/v1/reports/value?from=${FROM}&to=${TO}`, 'u-ops-north'))
    expect(res.status).toBe(200)
    const mine = (await res.json()) as ValueReport
    expect(mine.scope).toEqual(['N1'])
    expect(figure(mine, 'value').value).toBeCloseTo(expectedValue((r) => inPeriod(r) && r.location === 'N1'), 2)
    expect(mine.use_cases.find((u) => u.use_case === 'transfers')).toMatchObject({ measured_value: 0, decisions: 0, settled_value: 0 })
    expect(mine.calibration.settled).toBe(1)
    const behind = await handleValueDecisions(t.rt, get(`/api/v1/reports/value/decisions?from=${FROM}&to=${TO}`, 'u-ops-north'))
    expect(((await behind.json()) as { decisions: { location: string }[] }).decisions.map((d) => d.location)).toEqual(['N1'])
  })

  it('refuses a planner (403), no identity (401), and a bad period naming the field (400)', async () => {
    expect((await handleValueReport(t.rt, get(`/api/v1/reports/value?from=${FROM}&to=${TO}`, 'u-planner'))).status).toBe(403)
    expect((await handleValueReport(t.rt, get(`/api/v1/reports/value?from=${FROM}&to=${TO}`, null))).status).toBe(401)
    const bad = async (q: string) => {
      const res = await handleValueReport(t.rt, get(`/api/v1/reports/value?${q}`, 'u-exec'))
      expect(res.status).toBe(400)
      return ((await res.json()) as { errors: { path: string; message: string }[] }).errors
    }
    expect((await bad('from=2026-13-01&to=2026-12-31'))[0].path).toBe('from')
    expect((await bad('from=2026-03-01'))[0].path).toBe('to')
    expect(await bad('from=2026-03-10&to=2026-03-01')).toEqual([{ index: -1, path: 'to', message: 'must be on or after from (2026-03-10)' }])
    expect((await bad('from=2024-01-01&to=2026-01-02'))[0]).toMatchObject({ path: 'to', message: expect.stringMatching(/at most 731/) })
  })
})

describe('GET /api/v1/reports/value.pdf and /value/decisions', () => {
  it('the PDF is a PDF and prints the filters it was made with', async () => {
    const res = await handleValuePdf(t.rt, get(`/api/v1/reports/value.pdf?from=${FROM}&to=${TO}`, 'key'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdfText(pdf)
    for (const s of [`${FROM} to ${TO}`, '2026-02-19 to 2026-02-28', 'simulation', 'all locations', t.rt.config.CURRENCY, 'Generated at', 'Value by use case', 'Acceptance and override rates']) expect(text).toContain(s)
    expect((await handleValuePdf(t.rt, get(`/api/v1/reports/value.pdf?from=${FROM}&to=${TO}`, 'u-planner'))).status).toBe(403)
    expect((await handleValuePdf(t.rt, get(`/api/v1/reports/value.pdf?from=${TO}&to=${FROM}`, 'u-admin'))).status).toBe(400)
    expect((await handleValuePdf(t.rt, get(`/api/v1/reports/value.pdf?from=${FROM}&to=${TO}`, null))).status).toBe(401)
  })

  it('the decisions behind the figures, a page at a time', async () => {
    const res = await handleValueDecisions(t.rt, get(`/api/v1/reports/value/decisions?from=${FROM}&to=${TO}&limit=1`, 'u-admin'))
    expect(res.status).toBe(200)
    const page = (await res.json()) as { decisions: { action_id: string }[]; next_offset: number | null }
    expect(page.decisions.map((d) => d.action_id)).toEqual(['a2'])
    expect(page.next_offset).toBe(1)
    const only = (await (await handleValueDecisions(t.rt, get(`/api/v1/reports/value/decisions?from=${FROM}&to=${TO}&use_case=replenishment`, 'u-admin'))).json()) as { decisions: { action_id: string }[] }
    expect(only.decisions.map((d) => d.action_id)).toEqual(['a1'])
    expect((await handleValueDecisions(t.rt, get(`/api/v1/reports/value/decisions?from=${FROM}&to=${TO}&use_case=weather`, 'u-admin'))).status).toBe(400)
    expect((await handleValueDecisions(t.rt, get(`/api/v1/reports/value/decisions?from=${FROM}&to=${TO}`, 'u-planner'))).status).toBe(403)
    expect((await handleValueDecisions(t.rt, get(`/api/v1/reports/value/decisions?from=${FROM}&to=${TO}`, null))).status).toBe(401)
  })
})

describe('a year at demo scale', () => {
  it('answers the JSON and the PDF; times printed', { timeout: 600_000 }, async () => {
    // 500 SKUs x 16 locations x 365 days x 2 runs; every fifth pair-day attributed to a use case.
    const t0 = performance.now()
    await t.rt.clickhouse.heavy.command({
      query: `INSERT INTO {db:Identifier}.value_daily
              SELECT 'demo-scale' AS run, if(n % 2 = 0, 'stockpulse', 'baseline') AS policy, toDate('2025-01-01') + intDiv(n, 16000) AS date,
                     concat('SKU', toString(intDiv(n % 16000, 32))) AS sku, concat('L', toString(intDiv(n % 32, 2))) AS location,
                     if(intDiv(n, 2) % 5 = 0, ['replenishment', 'transfers', 'channel_allocation', 'supplier_delay', 'promotions', 'markdown'][(intDiv(n, 2) % 6) + 1], '') AS use_case, 1 AS weight,
                     10 AS demand, if(n % 2 = 0, 9.5, 9) AS sold, 10 - sold AS lost, sold * 4 AS revenue, sold * 2 AS cogs, lost * 2 AS lost_margin,
                     if(n % 2 = 0, 30, 40) AS inventory_units, inventory_units * 2 AS inventory_cost, inventory_cost * 0.25 / 365 AS carrying_cost,
                     0 AS expedite_cost, 0 AS transfer_cost, 0 AS markdown_cost, 0 AS writeoff_cost, toUInt8(intDiv(n, 16000) % 7 = 0) AS receipts,
                     -- Cycle marks as the recorder writes them (lib/value/cycles.ts): demand and losses every day, a receipt every 7th.
                     if(receipts = 1, toDate(0), date - 1) AS prev_demand_day, prev_demand_day AS prev_lost_day
              FROM (SELECT number AS n FROM numbers(16000 * 365))`,
      query_params: { db: DB },
    })
    const inserted = performance.now() - t0
    const timeIt = async (make: () => Promise<Response>) => {
      const s = performance.now()
      const res = await make()
      const body = Buffer.from(await res.arrayBuffer())
      return { ms: performance.now() - s, res, body, timing: res.headers.get('server-timing') }
    }
    const q = 'from=2025-01-01&to=2025-12-31'
    const cold = await timeIt(() => handleValueReport(t.rt, get(`/api/v1/reports/value?${q}`, 'u-exec')))
    const warm = await timeIt(() => handleValueReport(t.rt, get(`/api/v1/reports/value?${q}`, 'u-exec')))
    const pdf = await timeIt(() => handleValuePdf(t.rt, get(`/api/v1/reports/value.pdf?${q}`, 'u-exec')))
    expect(cold.res.status).toBe(200)
    const r = JSON.parse(warm.body.toString()) as ValueReport
    expect(r.basis).toBe('simulation')
    expect(r.daily).toHaveLength(365)
    expect(figure(r, 'fill_rate')).toMatchObject({ value: 0.95, baseline: 0.9 })
    expect(pdf.res.status).toBe(200)
    console.log(
      `value report, a year at demo scale (${16000 * 365} rows, inserted in ${(inserted / 1000).toFixed(1)} s): JSON ${cold.ms.toFixed(0)} ms cold (${cold.timing}), ` +
        `${warm.ms.toFixed(0)} ms warm (${warm.timing}); PDF ${pdf.ms.toFixed(0)} ms (${pdf.body.length} bytes; ${pdf.timing})`,
    )
  })
})
