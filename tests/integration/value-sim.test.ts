/**
 * Value measured in simulation (server/sim-value.ts), with the real chDB and Redis: a run that
 * goes live on day 2 under StockPulse's replenishment (none of the simulator's own) with a peer
 * transfer and a markdown applied, recorded as the simulator's backfill records it (replayed day
 * by day) and as its live stream records it (ticked through the days, actions applied on the
 * stream): both land the same rows; both runs are in the table; the figures add up to the truth;
 * the baseline rows are a fresh baseline simulation's; a restart writes nothing twice.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionPayload } from '@/lib/actions/types'
import { createSimulation, noReplenishment, simulateRunDay, actionsOnDay, SimulationStream, type RunPlan, type SimOptions } from '@/lib/sim'
import { loadMigrations, truthDatabase } from '@/lib/clickhouse/migrate'
import { dayOutcomes, sumFigures, FIGURES } from '@/lib/value/outcomes'
import { valueByDay, valueByUseCase, valueCycles } from '@/lib/clickhouse/queries/value-sim'
import { valueCycles as reportCycles } from '@/lib/clickhouse/queries/value-report'
import { LiveValueDays, SimValueRecorder } from '@/server/sim-value'
import { startSimulator } from '@/server/simulator'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'

const DAY = 86_400_000
const DAYS = 5
const today = Math.floor(Date.now() / DAY) * DAY
const start = new Date(today - 8 * DAY).toISOString().slice(0, 10)
const simOptions: SimOptions = {
  seed: 11, start, events: { snapshots: 'changed' },
  scale: { stores: 4, darkStores: 1, webShops: 1, marketplaces: 1, skus: 40, categories: 4, suppliers: 3, customers: 300 },
}
const outcome = { carryingRate: 0.25 }
let t: TestRuntime
let truthDb = ''

const probe = createSimulation(simOptions)
const w = probe.world
const stores = w.locations.filter((l) => l.kind === 'store')
// The fastest SKU both of two stores carry: the peer transfer's.
const tSku = w.products
  .map((p) => p.index)
  .filter((s) => w.carried[w.pair(stores[0].index, s)] && w.carried[w.pair(stores[1].index, s)])
  .sort((a, b) => w.nominalRate[w.pair(stores[1].index, b)] - w.nominalRate[w.pair(stores[1].index, a)])[0]
const mSku = w.products.find((p) => !p.seasonal && p.index !== tSku)!
const action = (p: Partial<ActionPayload>): ActionPayload => ({
  action_id: `a-${p.kind}`, kind: 'transfer', alert_id: `al-${p.kind}`, sku: w.products[tSku].id, location: stores[0].id, channel: '', supplier: '',
  quantity: 3, cost: 15.75, value: 40, rule_version: 1, approved_by: { kind: 'rule', rule_version: 1 }, created_at: new Date().toISOString(), ...p,
})
const plan: RunPlan = {
  liveFrom: 2,
  livePolicy: noReplenishment,
  actions: [
    { at: probe.dayStartMs(2) + 10 * 3_600_000, action: action({ kind: 'transfer', from_location: stores[1].id }) },
    { at: probe.dayStartMs(3) + 15 * 3_600_000, action: action({ kind: 'markdown', sku: mSku.id, quantity: 0, price: Math.round(mSku.price * 70) / 100, value: 20 }) },
  ],
}
const q = async <T>(sql: string, params: Record<string, unknown> = {}) =>
  (await (await t.rt.clickhouse.interactive.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json()) as T[]

beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { SIMULATOR_BACKFILL_DAYS: '3', SIM_VALUE_HISTORY_DAYS: '2' } })
  truthDb = truthDatabase(t.rt.config.CLICKHOUSE_URL ? t.rt.config.CLICKHOUSE_DATABASE : undefined)
}, 60_000)
afterAll(async () => {
  await t?.cleanup()
})

/** Recorded as the backfill does: each day replayed with its actions. */
async function recordReplayed(run: string, days = DAYS) {
  const sim = createSimulation(simOptions)
  sim.masterData()
  const rec = await SimValueRecorder.open(t.rt, { run, truthDb, simOptions, outcome })
  const truths = []
  for (let d = 0; d < days; d++) {
    const { result, actionEvents, outcomes } = simulateRunDay(sim, plan, d)
    truths.push({ result, actionEvents })
    const applied = actionsOnDay(sim, plan, d).map((a, i) => ({ action: a.action, accepted: outcomes[i].status === 'accepted' }))
    for (const o of outcomes) expect(o.status, o.note).toBe('accepted')
    await rec.record(d, { truth: result.truth, events: result.events, actionEvents }, applied)
  }
  await rec.flush()
  return { sim, rec, truths }
}

describe('value in simulation', () => {
  let replay: Awaited<ReturnType<typeof recordReplayed>>
  const RUN = 'replayed'

  it('records both runs for every day, one row per use case of each pair-day, weights summing to 1', async () => {
    replay = await recordReplayed(RUN)
    const days = await q<{ policy: string; days: number }>(`SELECT policy, uniqExact(date) AS days FROM ${truthDb}.value_daily WHERE run = {run:String} GROUP BY policy ORDER BY policy`, { run: RUN })
    expect(days).toEqual([{ policy: 'baseline', days: DAYS }, { policy: 'stockpulse', days: DAYS }])
    const bad = await q(`SELECT policy, date, location, sku, sum(weight) AS w FROM ${truthDb}.value_daily WHERE run = {run:String} GROUP BY policy, date, location, sku HAVING abs(w - 1) > 1e-9`, { run: RUN })
    expect(bad).toEqual([])
  }, 120_000)

  it("the StockPulse rows add up to the run's truth; the baseline rows to a fresh baseline simulation", async () => {
    const base = createSimulation(simOptions)
    const byDay = await valueByDay(t.rt.clickhouse.interactive, { truth_db: truthDb, run: RUN, from: start, to: '2100-01-01' })
    for (let d = 0; d < DAYS; d++) {
      const { result, actionEvents } = replay.truths[d]
      const date = result.date
      const sp = byDay.find((r) => r.date === date && r.policy === 'stockpulse')!
      const bl = byDay.find((r) => r.date === date && r.policy === 'baseline')!
      let demand = 0
      let sold = 0
      for (let i = 0; i < w.pairCount; i++) {
        if (!w.carried[i] || w.locations[Math.floor(i / w.skuCount)].channel === null) continue
        demand += result.truth.demand[i]
        sold += result.truth.sold[i]
      }
      expect(sp.demand).toBeCloseTo(demand, 6)
      expect(sp.sold).toBeCloseTo(sold, 6)
      const expectSp = sumFigures(dayOutcomes(w, { truth: result.truth, events: result.events, actionEvents }, outcome))
      const b = base.simulateDay(d)
      const expectBl = sumFigures(dayOutcomes(w, b, outcome))
      for (const f of FIGURES) {
        expect(sp[f], `${date} stockpulse ${f}`).toBeCloseTo(expectSp[f], 4)
        expect(bl[f], `${date} baseline ${f}`).toBeCloseTo(expectBl[f], 4)
      }
      // Same demand in both runs; the same everything before the run went live.
      expect(bl.demand).toBe(sp.demand)
      if (d < 2) for (const f of FIGURES) expect(bl[f], `${date} ${f} before live`).toBeCloseTo(sp[f], 6)
    }
    // Live without the simulator's own replenishment: the runs part ways.
    const last = byDay.filter((r) => r.date === replay.truths[DAYS - 1].result.date)
    expect(last[0].inventory_units).not.toBe(last[1].inventory_units)
  })

  it('attributes the transfer to both its pairs and the markdown to every location of its SKU, in both runs', async () => {
    const rows = await q<{ policy: string; date: string; location: string; sku: string; use_case: string; weight: number }>(
      `SELECT policy, toString(date) AS date, location, sku, use_case, weight FROM ${truthDb}.value_daily FINAL WHERE run = {run:String} AND use_case != 'replenishment' ORDER BY policy, date, location, sku`,
      { run: RUN },
    )
    const dates = replay.truths.map((x) => x.result.date)
    const transfers = rows.filter((r) => r.use_case === 'transfers')
    expect(new Set(transfers.map((r) => `${r.location}|${r.sku}`))).toEqual(new Set([`${stores[0].id}|${w.products[tSku].id}`, `${stores[1].id}|${w.products[tSku].id}`]))
    expect(new Set(transfers.map((r) => r.date))).toEqual(new Set(dates.slice(2)))
    const carriedAt = w.locations.filter((l) => w.carried[w.pair(l.index, mSku.index)]).length
    const markdown = rows.filter((r) => r.use_case === 'markdown')
    expect(markdown.every((r) => r.sku === mSku.id && r.weight === 1)).toBe(true)
    expect(markdown.length).toBe(2 * 2 * carriedAt) // 2 runs x days 3 and 4
    expect(transfers.filter((r) => r.policy === 'baseline').length).toBe(transfers.length / 2)
  })

  it('the report reads add up: by use case = by day; cycles; a location filter', async () => {
    const p = { truth_db: truthDb, run: RUN, from: start, to: '2100-01-01' }
    const uc = await valueByUseCase(t.rt.clickhouse.interactive, p)
    const day = await valueByDay(t.rt.clickhouse.interactive, p)
    expect(new Set(uc.map((r) => r.use_case))).toEqual(new Set(['replenishment', 'transfers', 'markdown']))
    // The period's days on every row, whatever days a use case had rows on.
    expect(new Set(uc.map((r) => r.days))).toEqual(new Set([DAYS]))
    for (const policy of ['baseline', 'stockpulse'] as const) {
      for (const f of FIGURES) {
        const a = uc.filter((r) => r.policy === policy).reduce((s, r) => s + r[f], 0)
        const b = day.filter((r) => r.policy === policy).reduce((s, r) => s + r[f], 0)
        expect(a, `${policy} ${f}`).toBeCloseTo(b, 4)
      }
    }
    const cycles = await valueCycles(t.rt.clickhouse.interactive, p)
    expect(cycles.map((c) => c.policy)).toEqual(['baseline', 'stockpulse'])
    for (const c of cycles) {
      expect(c.cycles).toBeGreaterThan(0)
      expect(c.stockout_cycles).toBeLessThanOrEqual(c.cycles)
    }
    const one = await valueByUseCase(t.rt.clickhouse.interactive, { ...p, locations: [stores[0].id] })
    const direct = await q<{ d: number }>(`SELECT sum(weight * demand) AS d FROM ${truthDb}.value_daily FINAL WHERE run = {run:String} AND policy = 'stockpulse' AND location = {l:String}`, { run: RUN, l: stores[0].id })
    expect(one.filter((r) => r.policy === 'stockpulse').reduce((s, r) => s + r.demand, 0)).toBeCloseTo(direct[0].d, 6)
  })

  it("the report's cycles (marked when written) are the cycles walked day by day, for any period start", async () => {
    const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * DAY).toISOString().slice(0, 10)
    let compared = 0
    for (let k = 1; k < DAYS; k++) {
      const from = addDays(start, k)
      const got = await reportCycles(t.rt.clickhouse.interactive, { db: truthDb, run: RUN, prev_from: start, from, to: '2100-01-01', allowed: [] })
      for (const [period, f, to] of [['current', from, '2100-01-01'], ['previous', start, addDays(from, -1)]] as const) {
        const walked = await valueCycles(t.rt.clickhouse.interactive, { truth_db: truthDb, run: RUN, from: f, to })
        for (const w of walked) {
          expect(got.find((g) => g.period === period && g.policy === w.policy), `${period} from ${f}`).toMatchObject({ cycles: w.cycles, stockout_cycles: w.stockout_cycles })
          compared += w.stockout_cycles
        }
      }
    }
    expect(compared).toBeGreaterThan(0)
  }, 120_000)

  it('a recorder restarted mid-run goes on with each pair\'s cycle where it stood: the same rows', async () => {
    await recordReplayed('restarted', 3)
    const again = await recordReplayed('restarted')
    expect(again.rec.spent.days).toBe(DAYS - 3)
    const rows = (run: string) =>
      q<Record<string, unknown>>(`SELECT * EXCEPT run FROM ${truthDb}.value_daily FINAL WHERE run = {run:String} ORDER BY policy, date, location, sku, use_case`, { run })
    expect(await rows('restarted')).toEqual(await rows(RUN))
  }, 120_000)

  it('a restart rebuilds the twin by replay and writes no day twice', async () => {
    const count = async () => (await q<{ n: number }>(`SELECT count() AS n FROM ${truthDb}.value_daily WHERE run = {run:String}`, { run: RUN }))[0].n
    const before = await count()
    const again = await recordReplayed(RUN)
    expect(again.rec.spent.days).toBe(0)
    expect(await count()).toBe(before)
  }, 120_000)

  it('the live stream records the same rows as the replay', async () => {
    const LIVE = 'live'
    const sim = createSimulation(simOptions)
    sim.masterData()
    const rec = await SimValueRecorder.open(t.rt, { run: LIVE, truthDb, simOptions, outcome })
    // Days before the run went live: as the backfill records them.
    for (let d = 0; d < 2; d++) {
      const { result, actionEvents } = simulateRunDay(sim, plan, d)
      await rec.record(d, { truth: result.truth, events: result.events, actionEvents }, [])
    }
    const live = new LiveValueDays(rec, sim)
    const stream = new SimulationStream(sim, { policy: noReplenishment, fromMs: sim.dayStartMs(2) })
    // The stream's clock at speed 1 follows the instants it is given.
    const tickTo = (ms: number) => live.onTick(stream.tick(ms))
    tickTo(sim.dayStartMs(2))
    for (const a of plan.actions) {
      tickTo(a.at)
      const r = stream.applyAction(a.action)
      live.onAction(a.action, r.events, r.outcome.status === 'accepted')
    }
    tickTo(sim.dayStartMs(DAYS))
    await rec.flush()
    const rows = (run: string) =>
      q<Record<string, unknown>>(`SELECT * EXCEPT run FROM ${truthDb}.value_daily FINAL WHERE run = {run:String} ORDER BY policy, date, location, sku, use_case`, { run })
    const a = await rows(LIVE)
    const b = await rows(RUN)
    expect(a.length).toBe(b.length)
    expect(a).toEqual(b)
  }, 120_000)
})

describe('cycles, worked by hand', () => {
  it('a cycle runs from a receipt to the day before the next; only cycles with demand; a stock-out cycle lost units', async () => {
    const zero = { demand: 0, sold: 0, lost: 0, revenue: 0, cogs: 0, lost_margin: 0, inventory_units: 0, inventory_cost: 0, carrying_cost: 0, expedite_cost: 0, transfer_cost: 0, markdown_cost: 0, writeoff_cost: 0, receipts: 0 }
    const row = (date: string, location: string, p: Partial<typeof zero> & { use_case?: string; weight?: number } = {}) => ({
      run: 'cycles', policy: 'baseline', date, sku: 'K', location, use_case: 'replenishment', weight: 1, ...zero, ...p,
    })
    await t.rt.clickhouse.insertRows('heavy', `${truthDb}.value_daily`, [
      row('2025-01-01', 'S', { demand: 1, sold: 1 }), // before any receipt: cycle 0, served
      row('2025-01-02', 'S', { demand: 2, sold: 2, receipts: 1 }), // cycle 1 ...
      // ... split between two use cases: lost 1 (0.5 x 1 + 0.5 x 1): a stock-out cycle
      row('2025-01-03', 'S', { demand: 2, sold: 1, lost: 1, use_case: 'transfers', weight: 0.5 }),
      row('2025-01-03', 'S', { demand: 2, sold: 1, lost: 1, use_case: 'replenishment', weight: 0.5 }),
      row('2025-01-04', 'S', { demand: 2, sold: 2 }),
      row('2025-01-05', 'S', { demand: 2, sold: 2, receipts: 1 }), // cycle 2, served
      row('2025-01-06', 'S', { demand: 2, sold: 2 }),
      row('2025-01-07', 'S', { receipts: 1 }), // cycle 3: no demand, not counted
      row('2025-01-02', 'DC', { receipts: 1, inventory_units: 50 }), // a DC: no demand, no cycles
    ])
    const p = { truth_db: truthDb, run: 'cycles', from: '2025-01-01', to: '2025-01-31' }
    expect(await valueCycles(t.rt.clickhouse.interactive, p)).toEqual([{ policy: 'baseline', cycles: 3, stockout_cycles: 1 }])
    // From the 3rd: the cycle begun on the 2nd is cut at the period's edge and still a stock-out cycle.
    expect(await valueCycles(t.rt.clickhouse.interactive, { ...p, from: '2025-01-03' })).toEqual([{ policy: 'baseline', cycles: 2, stockout_cycles: 1 }])
    expect(await valueCycles(t.rt.clickhouse.interactive, { ...p, locations: ['DC'] })).toEqual([])
  })

  it('migration 026 marks the rows written before it as the recorder does and rebuilds the rollup; run again, it counts nothing twice', async () => {
    const m026 = loadMigrations(undefined, '', truthDb).find((m) => m.version === 26)!
    for (let i = 0; i < 2; i++) for (const query of m026.statements) await t.rt.clickhouse.heavy.command({ query })
    // The hand example above, written without marks: now as worked by hand, for the report too.
    const p = { db: truthDb, run: 'cycles', prev_from: '2024-12-01', from: '2025-01-01', to: '2025-01-31', allowed: [] }
    expect(await reportCycles(t.rt.clickhouse.interactive, p)).toEqual([{ period: 'current', policy: 'baseline', cycles: 3, stockout_cycles: 1 }])
    const split = await reportCycles(t.rt.clickhouse.interactive, { ...p, prev_from: '2025-01-01', from: '2025-01-03' })
    expect(split.sort((a, b) => a.period.localeCompare(b.period))).toEqual([
      { period: 'current', policy: 'baseline', cycles: 2, stockout_cycles: 1 },
      { period: 'previous', policy: 'baseline', cycles: 2, stockout_cycles: 0 },
    ])
    // The recorder's rows keep their marks; the rollup's sums are value_daily's, once.
    const marks = (run: string) => q(`SELECT policy, toString(date) AS date, location, sku, use_case, toString(prev_demand_day) AS d, toString(prev_lost_day) AS l FROM ${truthDb}.value_daily FINAL WHERE run = {run:String} ORDER BY ALL`, { run })
    expect(await marks('restarted')).toEqual(await marks('replayed'))
    const sums = await q<{ run: string; a: number; b: number }>(
      `SELECT run, a, b FROM (SELECT run, sum(weight * demand) AS a FROM ${truthDb}.value_daily FINAL GROUP BY run) AS v
       INNER JOIN (SELECT run, sum(demand) AS b FROM ${truthDb}.value_daily_by_location GROUP BY run) AS r USING (run)`,
    )
    expect(sums.length).toBeGreaterThan(2)
    for (const r of sums) expect(r.b, r.run).toBeCloseTo(r.a, 6)
  }, 120_000)
})

describe('the simulator', () => {
  it('records both runs of its last SIM_VALUE_HISTORY_DAYS backfill days, identical (the same policy before it goes live)', async () => {
    // The live stream's posts go here and are taken; only the backfill is looked at.
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const h = startSimulator(t.rt, { baseUrl, apiKey: t.rt.internalKeys.simulator, emitter: { emit() {} } })
    try {
      await h.backfilled
    } finally {
      await h.stop()
      await new Promise((r) => server.close(r))
    }
    const run = `seed-${t.rt.config.SIMULATOR_SEED}`
    const p = { truth_db: truthDb, run, from: '2000-01-01', to: '2100-01-01' }
    const days = await valueByDay(t.rt.clickhouse.interactive, p)
    // Three days backfilled (the last one is today's eve), the last two recorded.
    expect(days.length).toBe(2 * 2)
    for (let i = 0; i < days.length; i += 2) {
      expect(days[i].policy).toBe('baseline')
      expect(days[i + 1].policy).toBe('stockpulse')
      expect(days[i].demand).toBeGreaterThan(0)
      for (const f of FIGURES) expect(days[i][f], `${days[i].date} ${f}`).toBeCloseTo(days[i + 1][f], 6)
    }
    const truth = await q<{ date: string; demand: number; sold: number }>(
      `SELECT toString(date) AS date, sum(demand) AS demand, sum(sold) AS sold FROM ${truthDb}.demand_daily WHERE run = {run:String} GROUP BY date ORDER BY date`,
      { run },
    )
    expect(truth.slice(-2).map((r) => [r.date, r.demand, r.sold])).toEqual(days.filter((d) => d.policy === 'stockpulse').map((d) => [d.date, d.demand, d.sold]))
  }, 180_000)
})
