/**
 * bench:value: the value of StockPulse's decisions, measured on the same demand as the baseline
 * (issue 16). For each seed (BENCH_VALUE_SEEDS, default 42,7,2026), at demo scale, in process on
 * production's code paths (bench/harness.ts):
 *
 * 1. History: BENCH_VALUE_HISTORY days (default 180) under the retailer's baseline static min-max
 *    policy, landed through the ingest writer. 180 days give the forecasts two full quarters of
 *    weekly seasonality and the supplier lead-time statistics dozens of receipts per supplier,
 *    while keeping the landing to about a minute; a full year would add yearly seasonality the
 *    90-day window barely needs and double the landing.
 * 2. BENCH_VALUE_DAYS days (default 90), the closed loop, each day as the deployment runs it in
 *    demo mode with SIM_REPLENISHMENT=stockpulse (the simulation replenishes nothing by itself):
 *    the recompute as of 00:05 and the agents' sweep as of 00:15 (approval rules auto-approve
 *    routine recommendations and make their action records, jobs/agents/apply.ts); then the planner
 *    model works the inbox at 08:00 (bench/value-planner.ts: approves every recommendation awaiting
 *    a person through lib/actions/decide.ts, the alerts API's decision function); the action records
 *    queued on the deliver queue are taken off it and their payloads applied to the simulation at
 *    their decision instants, as the simulated ERP does on delivery (lib/sim/replay.ts
 *    simulateRunDay: the day at its midnight, then the day's actions), and each one's record and
 *    alert step as the deliver worker and the ERP's callback step them (delivered, its alert
 *    executed, at that instant; refused: dead, its alert expired); the day's events landed.
 * 3. Beside it, a second simulation of the same seed runs the same days under the baseline and
 *    no actions. Its demand must equal the StockPulse run's, pair by pair and day by day (StockPulse
 *    makes no markdown here, the one action that changes demand): the bench stops if not.
 *
 * Figures per use case and overall, baseline beside StockPulse (lib/value/outcomes.ts per pair-day,
 * lib/value/attribution.ts to a use case, summed in bench/value-figures.ts), and the targets: lost units at most half the baseline's, and
 * average inventory at cost at most the baseline's, both at once.
 */
import { createSimulation, noReplenishment, simulateRunDay, type RunPlan } from '@/lib/sim'
import { loadConfig } from '@/lib/config'
import { alertBodiesWithIds } from '@/lib/clickhouse/queries/alerts'
import { USE_CASES, USE_CASE_LABELS, useCaseOf as attributeTo } from '@/lib/value/use-cases'
import { openBench, runCalendar } from './harness'
import { workInbox } from './value-planner'
import { RunFigures, summary, type Totals } from './value-figures'
import { dayOutcomes } from '@/lib/value/outcomes'
import { Attribution, attribute, horizonDays } from '@/lib/value/attribution'
import { printTable } from './lib'

const SEEDS = (process.env.BENCH_VALUE_SEEDS ?? '42,7,2026').split(',').map((s) => Number(s.trim()))
const HISTORY = Number(process.env.BENCH_VALUE_HISTORY ?? 180)
const DAYS = Number(process.env.BENCH_VALUE_DAYS ?? 90)
const CARRYING_RATE = loadConfig({}).CARRYING_RATE

const f0 = (x: number) => Math.round(x).toLocaleString('en-GB')
const f3 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3))
const f2 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2))

interface SeedResult {
  seed: number
  base: RunFigures
  sp: RunFigures
  actions: Record<string, number>
  refused: Record<string, number>
  approvedByPerson: number
  escalated: number
  perDayS: number
  landS: number
}

async function runSeed(seed: number): Promise<SeedResult> {
  const bench = await openBench('value', 'stockpulse')
  try {
    const { start, dateOf } = runCalendar(HISTORY + DAYS)
    const options = { seed, start, events: { snapshots: 'changed' as const } }
    const sim = createSimulation(options)
    const baseSim = createSimulation(options)
    const w = sim.world
    const plan: RunPlan & { actions: { at: number; action: unknown }[] } = { liveFrom: HISTORY, livePolicy: noReplenishment, actions: [] }
    const t0 = Date.now()
    await bench.land(sim.masterData())
    await bench.landDays(HISTORY, (d) => {
      const { result, actionEvents } = simulateRunDay(sim, plan, d)
      baseSim.simulateDay(d)
      return result.events.concat(actionEvents)
    })
    const landS = (Date.now() - t0) / 1000
    console.log(`seed ${seed}: landed ${HISTORY} days of history in ${landS.toFixed(0)} s`)

    const base = new RunFigures()
    const sp = new RunFigures()
    const attribution = new Attribution()
    const actions: Record<string, number> = {}
    const refused: Record<string, number> = {}
    let approvedByPerson = 0
    let escalated = 0
    const locations = w.locations.map((l) => l.id)
    const kinds = new Map(w.locations.map((l) => [l.id, l.kind]))
    const kindOf = (location: string) => kinds.get(location) ?? '?'
    const tLoop = Date.now()
    for (let k = 0; k < DAYS; k++) {
      const d = HISTORY + k
      const day = dateOf(d)
      const t = Date.now()
      const { run, recomputeMs, sweepMs } = await bench.night(day)
      const inbox = await workInbox(bench.deps, locations, `${day}T08:00:00.000Z`)
      approvedByPerson += inbox.approved
      escalated += inbox.escalated
      if (inbox.failed.length) console.log(`  ${inbox.failed.length} decisions did not go through, e.g. ${inbox.failed[0]}`)
      const queued = await bench.takeQueued()
      const types = new Map((await alertBodiesWithIds(bench.rt.clickhouse.interactive, [...new Set(queued.map((a) => a.alert_id))])).map((a) => [a.id, a.type]))
      for (const a of queued) plan.actions.push({ at: Date.parse(a.created_at), action: a })
      const { result, actionEvents, outcomes } = simulateRunDay(sim, plan, d)
      const baseDay = baseSim.simulateDay(d)
      for (let i = 0; i < w.pairCount; i++) {
        if (result.truth.demand[i] !== baseDay.truth.demand[i]) {
          throw new Error(`seed ${seed}, ${day}: demand differs between the runs at ${w.products[i % w.skuCount].id} x ${w.locations[Math.floor(i / w.skuCount)].id} (StockPulse ${result.truth.demand[i]}, baseline ${baseDay.truth.demand[i]}): the comparison would not be like for like`)
        }
      }
      const outcomeOf = new Map(outcomes.map((o) => [o.action_id, o]))
      for (const a of queued) {
        const outcome = outcomeOf.get(a.action_id)
        if (!outcome) throw new Error(`action ${a.action_id} was not applied on ${day}`)
        const by = a.approved_by.kind === 'rule' ? 'rule' : 'person'
        actions[`${a.kind} (${by})`] = (actions[`${a.kind} (${by})`] ?? 0) + 1
        if (outcome.status === 'refused') refused[outcome.note.replace(/[0-9]+/g, 'N')] = (refused[outcome.note.replace(/[0-9]+/g, 'N')] ?? 0) + 1
        const type = types.get(a.alert_id)
        if (!type) throw new Error(`action ${a.action_id}: its alert ${a.alert_id} is not stored`)
        await bench.received(a, outcome.status === 'refused' ? outcome.note : undefined)
        if (outcome.status === 'refused') continue
        attribution.add({
          use_case: attributeTo(type, a.kind), sku: a.sku, day: d, value: a.value, horizon_days: horizonDays(a.kind),
          locations: a.kind === 'markdown' ? null : [a.location, ...(a.from_location ? [a.from_location] : [])],
        })
      }
      const opts = { carryingRate: CARRYING_RATE }
      sp.addDay(attribute(dayOutcomes(w, { truth: result.truth, events: result.events, actionEvents }, opts), d, 'stockpulse', attribution), kindOf)
      base.addDay(attribute(dayOutcomes(w, { truth: baseDay.truth, events: baseDay.events }, opts), d, 'baseline', attribution), kindOf)
      await bench.land(result.events.concat(actionEvents))
      console.log(
        `${day}: recompute ${(recomputeMs / 1000).toFixed(1)} s, sweep ${(sweepMs / 1000).toFixed(1)} s, opened ${run.opened}; ${queued.length} actions (${inbox.approved} approved by people); ` +
          `lost so far baseline ${f0(base.overall.lost)} / StockPulse ${f0(sp.overall.lost)} (${((Date.now() - t) / 1000).toFixed(0)} s)`,
      )
    }
    return { seed, base, sp, actions, refused, approvedByPerson, escalated, perDayS: (Date.now() - tLoop) / 1000 / Math.max(1, DAYS), landS }
  } finally {
    await bench.close()
  }
}

function print(r: SeedResult) {
  const rows: { metric: string; value: string; target?: string; ok?: boolean }[] = []
  const scopes: [string, Totals, Totals][] = [
    ...USE_CASES.map((u): [string, Totals, Totals] => [USE_CASE_LABELS[u], r.base.byUseCase.get(u)!, r.sp.byUseCase.get(u)!]),
    ['Overall', r.base.overall, r.sp.overall],
  ]
  for (const [name, b, s] of scopes) {
    if (!b.demand && !s.demand && !b.inventory_cost && !s.inventory_cost) continue
    const x = summary(b, r.base.days)
    const y = summary(s, r.sp.days)
    rows.push(
      { metric: `${name}: fill rate (units sold / demanded)`, value: `${f3(x.fillRate)} -> ${f3(y.fillRate)}` },
      { metric: `${name}: lost sales, units`, value: `${f0(x.lost)} -> ${f0(y.lost)}` },
      { metric: `${name}: lost sales, margin`, value: `${f0(x.lostMargin)} -> ${f0(y.lostMargin)}` },
      { metric: `${name}: average inventory at cost`, value: `${f0(x.avgInventory)} -> ${f0(y.avgInventory)}` },
      { metric: `${name}: turns (annualised COGS / avg inventory)`, value: `${f2(x.turns)} -> ${f2(y.turns)}` },
      { metric: `${name}: carrying cost`, value: `${f0(x.carrying)} -> ${f0(y.carrying)}` },
      { metric: `${name}: markdown cost`, value: `${f0(x.markdown)} -> ${f0(y.markdown)}` },
      { metric: `${name}: transfer and expedite cost`, value: `${f0(b.transfer_cost + b.expedite_cost)} -> ${f0(s.transfer_cost + s.expedite_cost)}` },
    )
  }
  for (const [kind, b] of r.base.byKind) {
    const s = r.sp.byKind.get(kind)
    if (!s) continue
    const x = summary(b, r.base.days)
    const y = summary(s, r.sp.days)
    rows.push(
      { metric: `at ${kind} locations: lost sales, units`, value: `${f0(x.lost)} -> ${f0(y.lost)}` },
      { metric: `at ${kind} locations: average inventory at cost`, value: `${f0(x.avgInventory)} -> ${f0(y.avgInventory)}` },
    )
  }
  const x = summary(r.base.overall, r.base.days)
  const y = summary(r.sp.overall, r.sp.days)
  const lostOk = y.lost <= x.lost / 2
  const invOk = y.avgInventory <= x.avgInventory
  rows.push(
    { metric: 'TARGET lost sales (units) at most half the baseline\'s', value: `${f0(y.lost)} vs ${f0(x.lost / 2)} (${f3(y.lost / Math.max(1, x.lost))} of baseline)`, target: '<= 0.5 x baseline', ok: lostOk },
    { metric: 'TARGET average inventory at cost at most the baseline\'s', value: `${f0(y.avgInventory)} vs ${f0(x.avgInventory)} (${f3(y.avgInventory / Math.max(1, x.avgInventory))} of baseline)`, target: '<= baseline', ok: invOk },
    { metric: 'BOTH TARGETS', value: lostOk && invOk ? 'PASS' : 'FAIL', target: 'both at once', ok: lostOk && invOk },
  )
  printTable(`seed ${r.seed}: ${DAYS} days after ${HISTORY} days of history, baseline -> StockPulse (money in the deployment's currency)`, rows)
  console.log(`seed ${r.seed}: actions applied ${JSON.stringify(r.actions)}; approved by people ${r.approvedByPerson} (of which by the operations manager ${r.escalated}); refused by the simulated ERP ${JSON.stringify(r.refused)}`)
  console.log(`seed ${r.seed}: ${r.perDayS.toFixed(1)} s per simulated day (recompute, sweep, inbox, both simulations, landing); history landed in ${r.landS.toFixed(0)} s`)
}

async function main() {
  const t0 = Date.now()
  const results: SeedResult[] = []
  for (const seed of SEEDS) {
    const r = await runSeed(seed)
    results.push(r)
    print(r)
  }
  if (results.length > 1) for (const r of results) print(r)
  console.log(`\nbench:value: ${SEEDS.length} seeds in ${((Date.now() - t0) / 60_000).toFixed(1)} min`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
