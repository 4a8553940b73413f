/**
 * bench:agents: precision and recall of the agents against the simulator's ground truth, and the
 * alerts a planner would get per day, at demo scale.
 *
 * In process, on production's code paths: the demo's simulation (same scale and seed) lands
 * BENCH_HISTORY_DAYS of history through the ingest writer's landEvents, then for each of
 * BENCH_EVAL_DAYS days, as the deployment does each night: the recompute (forecasts, policies,
 * risk) as of that day, the agents' sweep as of 00:15 that day, a read of the alerts then active;
 * then the day's trading is landed. After the last day the simulation runs on, unlanded, so the
 * truth covers every warning's lead time. The retailer keeps its baseline min-max policy all along:
 * nobody acts on the alerts, so what they warned of happens or does not.
 *
 * Truth (lib/sim's GroundTruth, never shown to the product), by agent:
 * - stockout risk: a stockout day is a day a selling sku x location turned demand away (true
 *   demand above the units sold: the shelf ran out). A shelf that ends a day at zero and is
 *   refilled before the next customer is not one. A run of stockout days is an episode; a
 *   stockout_risk alert counts as its detection from the agent's window before it starts until it
 *   ends: the policy's lead time plus the daily review period, rounded up (the agent's signal is a
 *   stockout before an order placed now could land). Recall counts the stockouts the baseline
 *   policy caused, as opposed to chance: those of a day whose shelf opened (after the morning's
 *   deliveries) with fewer units than the day's true expected demand. A lumpy order of five
 *   taking a shelf of two, when the item sells one unit a week, is chance: no forecast could
 *   flag it without flagging every such shelf every day. Stockouts while the books were above
 *   the shelf (an injected phantom) are the phantom agent's, not this one's. The table also
 *   shows recall over every stockout.
 * - supplier delay: the purchase orders a supplier disruption made late (po_delay), late from
 *   the day after their promised day until they arrive; a supplier_delay alert of the same
 *   supplier, sku and location counts while it is late. Recall counts the delays a detector
 *   could tell from the supplier's normal lateness: extra days above twice the supplier's true
 *   lead-time sd (the simulator's, never shown to the product), and a sweep that saw the PO open
 *   and already later than that (a PO promised two days before the last sweep is, at that sweep,
 *   as late as any normal one). Shorter ones look like any other late PO; the table also shows
 *   recall over every delayed PO.
 * - phantom inventory: each injection (phantom_inventory) from its day until the count that fixes
 *   it, the count's day included (the count is stamped at midnight and lands after that day's
 *   00:15 sweep, which still sees the books above the shelf). It counts for recall once the
 *   missing sales are evidence a detector watching every pair could act on: the longest run of
 *   days whose shelf opened empty and sold nothing (a web node served from a store or its DC
 *   keeps selling: no silence to see), up to the day before the last sweep (the last a sweep
 *   sees), holds true expected purchase occasions (expected units over the units of a sale line:
 *   1.45 for a fast mover, 1.15 for a slow one, the lump for an intermittent one) reaching
 *   ln(pairs watched), so that P(no sale by chance) = 1 / pairs watched: about one false alarm a
 *   day across the catalogue. Separate runs do not add up (each receipt that refills the shelf
 *   and sells out again restarts the silence). The table also shows recall over every injection
 *   in the window.
 * The truth kept and its episodes: bench/agents-truth.ts; matching and the figures: bench/agents-score.ts;
 * BENCH_DEBUG=1 lists misses and false alarms (bench/agents-debug.ts).
 *
 * Alerts per planner per day: alerts opened (all types) per daily sweep after the first (which
 * opens the backlog), divided by the planners at demo scale: one per region. Shown beside it: the
 * same less those the approval rules approved in the write that opened them (no person had to
 * decide them). Such an alert is never in an active status, so for precision and recall it counts
 * at the sweep that opened it (DECIDED_BY_RULE); every other alert counts at each sweep it is active.
 */
import { createSimulation } from '@/lib/sim'
import type { AgentRun } from '@/jobs/agents'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { countOpenedHistory, type OpenedHistory } from './agents-score'
import { latestPoliciesAt } from '@/lib/clickhouse/queries/agent-inputs'
import { alertsQuery } from '@/lib/alerts/api-schemas'
import { REVIEW_PERIOD_DAYS, riskSignal } from '@/lib/agents/stockout-risk'
import { skuStatesFor } from '@/lib/clickhouse/queries/planning-inputs'
import { stockLookbackStart } from '@/lib/planning/compute'
import { alertEpisodes, reliability, score, type Episode, type Score } from './agents-score'
import { pairKey, poKey, truthEpisodes, TruthDays } from './agents-truth'
import { printDebug } from './agents-debug'
import { oracleSignalSets, type OracleInput } from './agents-oracle'
import { printTable } from './lib'
import { openBench, runCalendar, SWEEP_TIME } from './harness'

const HISTORY = Number(process.env.BENCH_HISTORY_DAYS ?? 365)
const EVAL = Number(process.env.BENCH_EVAL_DAYS ?? 21)
/** Days simulated after the last sweep: the longest lead time a warning may look ahead. */
const TAIL = 40
const SEED = Number(process.env.BENCH_SEED ?? 42)
/** Supplier disruptions per supplier per year (the demo's 2 give about one in three weeks: too few to score). */
const SUPPLIER_DELAYS = Number(process.env.BENCH_SUPPLIER_DELAYS ?? 12)
const DAY = 86_400_000
const DEBUG = !!process.env.BENCH_DEBUG
/** Signal thresholds for the stockout curve. */
const THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]

/** Statuses an alert the approval rules approved in the write that opened it can be in by the time it is read. */
const DECIDED_BY_RULE = ['approved', 'modified', 'executed'] as const
const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2))

async function main() {
  // Auto-approved actions are queued as production queues them and taken by the bench as an accepting receiver; none is applied to the simulated world.
  const bench = await openBench('agents')
  const rt = bench.rt
  const { start, dateOf } = runCalendar(HISTORY + EVAL)
  const sim = createSimulation({ seed: SEED, start, events: { snapshots: 'changed' }, anomalies: { supplierDelaysPerSupplierYear: SUPPLIER_DELAYS } })
  const w = sim.world
  const nSku = w.skuCount
  const firstEval = HISTORY
  const lastTruthDay = HISTORY + EVAL + TAIL - 1

  // Truth kept per day over the evaluation span and its tail.
  const span = EVAL + TAIL
  const truth = new TruthDays(w, firstEval, span)
  const simulate = (d: number) => {
    const r = sim.simulateDay(d)
    truth.record(d, r)
    return r
  }

  const land = bench.land
  const t0 = Date.now()
  await land(sim.masterData())
  await bench.landDays(HISTORY, (d) => simulate(d).events)
  const landedS = (Date.now() - t0) / 1000
  console.log(`landed ${HISTORY} days of history in ${landedS.toFixed(0)} s`)

  const locations = w.locations.filter((l) => l.channel !== null).map((l) => l.id)
  /** Where alerts are read: the selling locations and the DCs (a late PO's alert is the DC's). */
  const alertLocations = w.locations.map((l) => l.id)
  const selling = new Set(locations)
  const activeBy: Record<string, Set<string>[]> = { stockout_risk: [], supplier_delay: [], phantom_inventory: [] }
  /** Pairs whose stockout signal was at or above each threshold, per sweep (the curve, without hysteresis). */
  const signalAbove = new Map(THRESHOLDS.map((th) => [th, [] as Set<string>[]]))
  const openedPerSweep: number[] = []
  const runs: AgentRun[] = []
  const leadTime = new Map<string, number>()
  const seen: Map<string, Record<string, unknown>>[] = []
  const planned = new Set<string>()
  /** Per sweep, each planned pair's stockout signal: [pair index, p, window days] (the reliability table). */
  const signals: [number, number, number][][] = []
  /** Per sweep, what the oracle needs of each planned pair (its probability is computed once the truth is known). */
  const oracleInputs: OracleInput[][] = []
  let recomputeMs = 0
  let sweepMs = 0
  for (let k = 0; k < EVAL; k++) {
    const d = firstEval + k
    const day = dateOf(d)
    const t = Date.now()
    const { run, recomputeMs: rMs, sweepMs: sMs } = await bench.night(day)
    // Delivered as production delivers (alerts executed: scopes re-arm); none applied to the truth's world.
    for (const a of await bench.takeQueued()) await bench.received(a)
    const sweepAt = Date.parse(`${day}T${SWEEP_TIME}`)
    recomputeMs += rMs
    sweepMs += sMs
    runs.push(run)
    openedPerSweep.push(run.opened)
    for (const set of Object.values(activeBy)) set.push(new Set())
    seen.push(new Map())
    for (const sets of signalAbove.values()) sets.push(new Set())
    signals.push([])
    oracleInputs.push([])
    for (const location of alertLocations) {
      // The stockout agent's own signal for every planned pair of a selling location, read and
      // computed as the agent does.
      const policies = selling.has(location) ? await latestPoliciesAt(rt.clickhouse.interactive, { location }) : []
      const states = policies.length ? await skuStatesFor(rt.clickhouse.interactive, { location, since: stockLookbackStart(Date.parse(`${day}T00:15:00Z`)), skus: policies.map((p) => p.sku) }) : []
      const receipts = new Map(states.map((st) => [st.sku, st.receipts.map(([date, qty]) => ({ date, qty }))]))
      for (const p of policies) {
        const key = pairKey(p.sku, location)
        const signal = riskSignal(p, receipts.get(p.sku) ?? [], day).p
        if (DEBUG) seen[k].set(key, { on_hand: p.on_hand, position: p.position, p: signal, d: p.d, xyz: p.xyz, lt: p.lead_time_days, receipts: JSON.stringify(receipts.get(p.sku) ?? []) })
        for (const [th, sets] of signalAbove) if (signal >= th) sets[k].add(key)
        signals[k].push([w.pair(w.locationIndex(location), w.skuIndex(p.sku)), signal, Math.max(1, Math.ceil(p.lead_time_days + REVIEW_PERIOD_DAYS))])
        oracleInputs[k].push({
          i: w.pair(w.locationIndex(location), w.skuIndex(p.sku)), key, available: p.position - p.on_order,
          receipts: (receipts.get(p.sku) ?? []).map((r) => ({ days: Math.round((Date.parse(r.date.slice(0, 10)) - Date.parse(day)) / DAY), qty: r.qty })),
          window: p.lead_time_days + REVIEW_PERIOD_DAYS, sdLead: p.sd_lead_time_days,
        })
        if (k > 0) continue
        planned.add(key)
        leadTime.set(key, Math.max(1, Math.ceil(p.lead_time_days + REVIEW_PERIOD_DAYS)))
      }
      const answer = await listAlerts(rt.clickhouse.interactive, alertsQuery.parse({ status: 'active', location, limit: 1000 }))
      if (answer.counts.total > answer.alerts.length) throw new Error(`more than 1,000 active alerts at ${location}: raise the read limit`)
      // An alert the approval rules approved as it opened never is active: it counts at its own sweep.
      const byRule = []
      for (const status of DECIDED_BY_RULE) {
        const decided = await listAlerts(rt.clickhouse.interactive, alertsQuery.parse({ status, location, limit: 1000 }))
        byRule.push(...decided.alerts.filter((a) => Date.parse(a.opened_at) === sweepAt))
      }
      for (const a of [...answer.alerts, ...byRule]) {
        const set = activeBy[a.type]?.[k]
        // Stock-out and phantom truths are about shelves: a DC has none (its alerts still count as volume).
        if (!set || (a.type !== 'supplier_delay' && !selling.has(location))) continue
        set.add(a.type === 'supplier_delay' ? poKey(a.scope.supplier, a.scope.sku, a.scope.location) : pairKey(a.scope.sku, a.scope.location))
      }
    }
    console.log(`${day}: opened ${run.opened}, active stockout ${activeBy.stockout_risk[k].size}, supplier ${activeBy.supplier_delay[k].size}, phantom ${activeBy.phantom_inventory[k].size} (${((Date.now() - t - rMs) / 1000).toFixed(0)} s)`)
    await land(simulate(d).events)
  }
  for (let d = firstEval + EVAL; d <= lastTruthDay; d++) simulate(d)

  // Truth episodes.
  const lastSweep = firstEval + EVAL - 1
  const episodes = truthEpisodes(w, truth, planned, leadTime, lastSweep)
  const { stockout: stockoutTruth, allStockouts, po: poTruth, poAll, phantom: phantomTruth, phantomAll } = episodes

  const scores: [string, Score, Episode[]][] = [
    ['stockout risk', score(alertEpisodes(activeBy.stockout_risk, firstEval), stockoutTruth), alertEpisodes(activeBy.stockout_risk, firstEval)],
    ['stockout risk, every stockout', score(alertEpisodes(activeBy.stockout_risk, firstEval), allStockouts), alertEpisodes(activeBy.stockout_risk, firstEval)],
    ['supplier delay', score(alertEpisodes(activeBy.supplier_delay, firstEval), poTruth), alertEpisodes(activeBy.supplier_delay, firstEval)],
    ['supplier delay, every delayed PO', score(alertEpisodes(activeBy.supplier_delay, firstEval), poAll), alertEpisodes(activeBy.supplier_delay, firstEval)],
    ['phantom inventory', score(alertEpisodes(activeBy.phantom_inventory, firstEval), phantomTruth), alertEpisodes(activeBy.phantom_inventory, firstEval)],
    ['phantom inventory, every injection', score(alertEpisodes(activeBy.phantom_inventory, firstEval), phantomAll), alertEpisodes(activeBy.phantom_inventory, firstEval)],
  ]
  const planners = new Set(w.locations.map((l) => l.region)).size
  const daily = openedPerSweep.slice(1)
  const perPlanner = daily.length ? daily.reduce((a, b) => a + b, 0) / daily.length / planners : NaN
  const byAgent: Record<string, number> = {}
  const autoByAgent: Record<string, number> = {}
  for (const r of runs.slice(1)) {
    for (const [agent, c] of Object.entries(r.by_agent)) {
      byAgent[agent] = (byAgent[agent] ?? 0) + c.opened
      if (c.auto_approved > 0) autoByAgent[agent] = (autoByAgent[agent] ?? 0) + c.auto_approved
    }
  }
  const autoDaily = runs.slice(1).map((r) => r.auto_approved)
  const personPerPlanner = daily.length ? (daily.reduce((a, b) => a + b, 0) - autoDaily.reduce((a, b) => a + b, 0)) / daily.length / planners : NaN

  console.log(`\nseed ${SEED}, ${w.locations.length} locations x ${nSku} skus, ${planned.size} planned pairs; ${HISTORY} days of history, ${EVAL} daily sweeps ${dateOf(firstEval)}..${dateOf(lastSweep)} (UTC), truth to ${dateOf(lastTruthDay)}; supplier disruptions ${SUPPLIER_DELAYS}/supplier/year`)
  console.log(`recompute ${(recomputeMs / EVAL / 1000).toFixed(1)} s and sweep ${(sweepMs / EVAL / 1000).toFixed(1)} s per day on average`)
  printTable(
    'Agents against the simulator\'s truth (episodes; precision = alert episodes matching a truth episode, recall = truth episodes matched)',
    scores.flatMap(([name, s]): { metric: string; value: string; target?: string; ok?: boolean }[] => [
      { metric: `${name}: precision (${s.truePositives} of ${s.alerts} alerts)`, value: fmt(s.precision), target: '>= 0.80', ok: s.precision >= 0.8 },
      { metric: `${name}: recall (${s.detected} of ${s.truths} truths)`, value: fmt(s.recall), target: '>= 0.80', ok: s.recall >= 0.8 },
    ]).concat([
      { metric: `new alerts per planner per day (${planners} planners, first sweep's ${openedPerSweep[0]} left out)`, value: fmt(perPlanner), target: '< 50', ok: perPlanner < 50 },
      { metric: 'of which reaching a person (opened less approved by a rule in the same write; at least)', value: fmt(personPerPlanner), target: '(shown)' },
    ]),
  )
  printTable(
    'Stockout risk by signal threshold, every sweep (no hysteresis: an episode is a run of sweeps at or above it)',
    THRESHOLDS.map((th) => {
      const sc = score(alertEpisodes(signalAbove.get(th)!, firstEval), stockoutTruth)
      const perDay = alertEpisodes(signalAbove.get(th)!, firstEval).filter((e) => e.start > firstEval).length / Math.max(1, EVAL - 1) / planners
      return { metric: `threshold ${th.toFixed(1)}: precision / recall / new per planner-day`, value: `${fmt(sc.precision)} / ${fmt(sc.recall)} / ${perDay.toFixed(1)}` }
    }),
  )
  // The oracle: the agent's own probability with the true expected demand (bench/agents-oracle.ts).
  const oracleAbove = oracleSignalSets(oracleInputs, THRESHOLDS, (k, i, days) => Array.from({ length: days }, (_, j) => (k + j < span ? truth.expected[k + j][i] : 0)), (i) => w.products[i % nSku])
  printTable(
    'Oracle: the same probability with the simulator\'s true expected demand (a perfect forecast), by threshold, every sweep',
    THRESHOLDS.map((th) => {
      const sc = score(alertEpisodes(oracleAbove.get(th)!, firstEval), stockoutTruth)
      return { metric: `oracle threshold ${th.toFixed(1)}: precision / recall`, value: `${fmt(sc.precision)} / ${fmt(sc.recall)}` }
    }),
  )
  printTable(
    'Stockout signal reliability: every sweep x planned pair, by predicted probability; observed = a stockout day within the window (lead time + review) from the sweep',
    reliability(signals, truth.outOfStock).map((b) => ({ metric: `p in [${b.lo.toFixed(1)}, ${b.hi.toFixed(1)})`, value: `n ${b.n}, mean p ${fmt(b.meanP)}, observed ${fmt(b.observed)}` })),
  )
  console.log(`opened per day after the first, by agent: ${JSON.stringify(byAgent)}; per sweep: ${openedPerSweep.join(' ')}`)
  console.log(`approved by a rule as they opened or updated, by agent: ${JSON.stringify(autoByAgent)}`)

  // What the alerts opened after the first sweep were, by type (and the replenishment exceptions by reason).
  const kinds: Record<string, number> = {}
  const history: OpenedHistory = {}
  const firstNow = `${dateOf(firstEval)}T00:15:00.000Z`
  for (const location of alertLocations) {
    const answer = await listAlerts(rt.clickhouse.interactive, alertsQuery.parse({ status: 'all', location, limit: 1000 }))
    countOpenedHistory(history, answer.alerts, firstNow, DECIDED_BY_RULE)
    for (const a of answer.alerts) {
      if (a.opened_at <= firstNow) continue
      kinds[a.type] = (kinds[a.type] ?? 0) + 1
      if (a.type !== 'replenishment_exception') continue
      for (const [reason, text] of [['size', 'x the median'], ['interval', '80% interval'], ['new item', 'item is new'], ['short history', 'days of history']]) {
        if (a.why.includes(text)) kinds[`replenishment_exception: ${reason}`] = (kinds[`replenishment_exception: ${reason}`] ?? 0) + 1
      }
    }
  }
  console.log(`opened after the first sweep, by type: ${JSON.stringify(kinds)}`)
  console.log(`the same by what came before on the scope, and how many a rule approved: ${JSON.stringify(history)}`)

  if (DEBUG) printDebug({ w, truth, episodes, activeBy, seen, dateOf })
  await bench.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
