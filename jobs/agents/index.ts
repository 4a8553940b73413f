/**
 * The agents' worker: one BullMQ queue (`agents`, lib/queues.ts) whose jobs say what to look at:
 * - `dirty`: the sku x locations whose risk the incremental path just rewrote (a Redis set the risk
 *   refresh fills), so a sale that empties a shelf reaches the inbox within seconds;
 * - `sweep`: every sku x location with a policy, after each full recompute and on a schedule
 *   (AGENTS_SWEEP_SCHEDULE), so conditions that change with time alone (a snooze ending, a PO
 *   growing late) are seen too.
 * Each agent's decision is pure (lib/agents/); its file here (stockout, supplier-delay,
 * replenishment, phantom, shrink, forecast-deviation, channel, transfers, stale-data, model-drift) reads its
 * inputs, calls it, and this hands the evaluations to hygiene and storage (apply.ts), agent by
 * agent. The sweep runs them all: per location, then once per sweep the regional and global ones
 * (transfers by region, late POs at DCs and lead-time drift, stale data per feed, model drift
 * per forecast segment); the dirty path
 * stock-out first, then
 * replenishment exceptions, phantom inventory and shrink spikes for the same pairs (late POs, the
 * forecast tests and quiet feeds need no sku event).
 */
import type { ConnectionOptions, Worker } from 'bullmq'
import type { Emitter, Runtime } from '@/lib/runtime-types'
import { AGENTS_SWEEP_SCHEDULE } from '@/lib/queues'
import { agentDayMarkKey, agentsDirtyKey } from '@/lib/redis-keys'
import { openPurchaseOrdersAt, policyLocations } from '@/lib/clickhouse/queries/agent-inputs'
import type { ExecuteDeps } from '@/lib/actions/execute'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { logger } from '@/lib/log'
import { replenishmentRun, type ReplenishmentRun } from '@/lib/config'
import { registerWorker } from '../registry'
import { applyEvaluations, type ApplyResult, type Evaluation } from './apply'
import { policiesAt, stockoutEvaluations, type DcCommitments } from './stockout'
import { supplierDelayEvaluations } from './supplier-delay'
import { leadTimeDriftEvaluations, receiptsFor, supplierDelayAtFeeder, unvisitedFeeders } from './supplier-delay'
import { replenishmentEvaluations } from './replenishment'
import { phantomEvaluations } from './phantom'
import { salesStatsFor } from './sales'
import { transferEvaluations } from './transfers'
import { policyRegions } from '@/lib/clickhouse/queries/agent-inputs'
import { channelEvaluations } from './channel'
import { shrinkDirtyEvaluations, shrinkSweepEvaluations } from './shrink'
import { forecastDeviationEvaluations } from './forecast-deviation'
import { staleDataEvaluations } from './stale-data'
import { modelDriftEvaluations } from './model-drift'

const log = logger('agents')

/** Most pairs taken from the dirty set per job; the rest wait for the next. */
const MAX_DIRTY_PAIRS = 20_000

export interface AgentCounts {
  evaluated: number
  written: number
  opened: number
  cleared: number
  skipped: number
  /** Of those opened or updated, the ones the approval rules approved in the same write (no person saw them first). */
  auto_approved: number
  /** Locations where this agent's reads or writes failed (logged; the other agents still ran). */
  errors: number
}

export interface AgentRun extends Omit<AgentCounts, 'errors'> {
  mode: 'dirty' | 'sweep'
  locations: number
  /**
   * The same counts per agent (stockout-risk, supplier-delay, replenishment-exception, anomalies for
   * phantom inventory, anomalies/shrink, anomalies/forecast for sell-through and forecast deviation,
   * channel-allocation, transfers, stale-data, model-drift).
   */
  by_agent: Record<string, AgentCounts>
  ms: number
}

/** The moment a run judges as of: the real clock in production; a bench replaying days passes its own. */
/** What the agents write with, and who places the routine orders (config replenishmentRun; default the retailer). */
export interface AgentDeps extends ExecuteDeps {
  replenishment_run?: ReplenishmentRun
}

export interface AsOf {
  /** YYYY-MM-DD (UTC). */
  day: string
  /** ISO 8601: stamps the versions and transitions written. */
  now: string
}

const clock = (): AsOf => {
  const now = new Date().toISOString()
  return { day: now.slice(0, 10), now }
}

const newRun = (mode: AgentRun['mode']): AgentRun => ({ mode, locations: 0, evaluated: 0, written: 0, opened: 0, cleared: 0, skipped: 0, auto_approved: 0, by_agent: {}, ms: 0 })

function counts(run: AgentRun, agent: string): AgentCounts {
  return (run.by_agent[agent] ??= { evaluated: 0, written: 0, opened: 0, cleared: 0, skipped: 0, auto_approved: 0, errors: 0 })
}

function add(total: AgentRun, agent: string, r: ApplyResult) {
  const a = counts(total, agent)
  for (const c of [total, a]) {
    c.evaluated += r.evaluated
    c.written += r.written
    c.opened += r.opened
    c.cleared += r.cleared
    c.skipped += r.skipped.length
    c.auto_approved += r.auto_approved
  }
}

/**
 * Run one agent at one location: its evaluations through hygiene. A failure is logged and counted,
 * and the other agents still run; the keys someone held are returned to look at again.
 */
async function runAgent(deps: ExecuteDeps, run: AgentRun, agent: string, location: string, evaluations: () => Promise<Evaluation[]>, now?: string): Promise<Evaluation[]> {
  try {
    const r = await applyEvaluations(deps, await evaluations(), now)
    add(run, agent, r)
    return r.skipped
  } catch (err) {
    counts(run, agent).errors++
    log.warn('agent failed at a location', { agent, location, error: String(err) })
    return []
  }
}

/** Evaluate the pairs waiting in the dirty set; pairs whose alert someone holds go back in it. */
export async function runDirty(deps: AgentDeps): Promise<AgentRun> {
  const t0 = Date.now()
  const run = newRun('dirty')
  const key = agentsDirtyKey(deps.prefix)
  const members = (await deps.redis.spop(key, MAX_DIRTY_PAIRS)) as string[]
  const byLocation = new Map<string, string[]>()
  for (const m of members) {
    const [location, sku] = m.split('\t')
    const list = byLocation.get(location) ?? []
    list.push(sku)
    byLocation.set(location, list)
  }
  try {
    const ch = deps.clickhouse.interactive
    const { day } = clock()
    const read = new Map<string, PolicyRow[]>()
    const committed: DcCommitments = new Map()
    // Stock-out first, every location: a shelf just emptied reaches the inbox before anything else.
    for (const [location, skus] of byLocation) {
      const policies = await policiesAt(ch, location, skus)
      read.set(location, policies)
      const r = await applyEvaluations(deps, await stockoutEvaluations(ch, location, policies, day, { run: deps.replenishment_run, committed }))
      add(run, 'stockout-risk', r)
      run.locations++
      if (r.skipped.length) await deps.redis.sadd(key, ...r.skipped.map((e) => `${e.scope.location}\t${e.scope.sku}`))
    }
    // Then the pairs' own cheap reads: their order history and sales (a sale ends a phantom gap at once).
    for (const [location, policies] of read) {
      if (!policies.length) continue
      const skus = policies.map((p) => p.sku)
      const sales = salesStatsFor(ch, location, day, skus)
      const skipped = [
        ...(await runAgent(deps, run, 'replenishment-exception', location, async () => replenishmentEvaluations(ch, location, policies, await sales, day, false))),
        ...(await runAgent(deps, run, 'anomalies', location, async () => phantomEvaluations(ch, location, policies, await sales, day))),
        // Shrink spikes: a write-off just recorded is what makes one true.
        ...(await runAgent(deps, run, 'anomalies/shrink', location, async () => shrinkDirtyEvaluations(ch, location, skus, await sales, day))),
      ]
      await sales.catch(() => undefined)
      if (skipped.length) await deps.redis.sadd(key, ...skipped.map((e) => `${e.scope.location}\t${e.scope.sku}`))
    }
  } catch (err) {
    if (members.length) await deps.redis.sadd(key, ...members)
    throw err
  }
  run.ms = Date.now() - t0
  return run
}

/**
 * Evaluate every sku x location with a policy, location by location: stockout risk and low stock,
 * late purchase orders, replenishment exceptions, phantom inventory, shrink spikes, sell-through and
 * forecast deviation. Per location one read of the policy rows and one of its sales, shared, and
 * each agent's own reads (one query each); then, once, the ingest feeds' freshness (stale data).
 */
export async function runSweep(deps: AgentDeps, at?: AsOf): Promise<AgentRun> {
  const t0 = Date.now()
  const run = newRun('sweep')
  const ch = deps.clickhouse.interactive
  // Suppliers' receipts, read once: each one's normal lateness for the late POs, and the drift test.
  const receipts = receiptsFor(ch, (at ?? clock()).day)
  receipts.catch(() => undefined)
  const committed: DcCommitments = new Map()
  for (const { location } of await policyLocations(ch, {})) {
    const { day, now } = at ?? clock()
    const [policies, pos] = await Promise.all([policiesAt(ch, location, undefined), openPurchaseOrdersAt(ch, { location })])
    add(run, 'stockout-risk', await applyEvaluations(deps, await stockoutEvaluations(ch, location, policies, day, { openPos: pos, nowMs: Date.parse(now), run: deps.replenishment_run, committed }), now))
    await runAgent(deps, run, 'supplier-delay', location, async () => supplierDelayEvaluations(ch, location, policies, pos, day, undefined, await receipts), now)
    const sales = salesStatsFor(ch, location, day)
    await runAgent(deps, run, 'replenishment-exception', location, async () => replenishmentEvaluations(ch, location, policies, await sales, day, true), now)
    await runAgent(deps, run, 'anomalies', location, async () => phantomEvaluations(ch, location, policies, await sales, day), now)
    // Shrink spikes: the location's write-offs against each pair's own history or its category's.
    await runAgent(deps, run, 'anomalies/shrink', location, async () => shrinkSweepEvaluations(ch, location, policies, await sales, day), now)
    // Sell-through and forecast deviation: the forecasts in force for the last days against their sales.
    await runAgent(deps, run, 'anomalies/forecast', location, async () => forecastDeviationEvaluations(ch, location, policies, await sales, day), now)
    await sales.catch(() => undefined)
    await runAgent(deps, run, 'channel-allocation', location, () => channelEvaluations(ch, location, policies, day), now)
    run.locations++
  }
  // Then once per sweep: transfers, regional (every location of a region at once), and stale
  // data, per ingest feed.
  const { day, now } = at ?? clock()
  const regions = await policyRegions(ch, {}).catch((err) => {
    counts(run, 'transfers').errors++
    log.warn('agent failed to list regions', { agent: 'transfers', error: String(err) })
    return []
  })
  counts(run, 'transfers')
  for (const { region } of regions) await runAgent(deps, run, 'transfers', region, () => transferEvaluations(ch, region, day), now)
  await runAgent(deps, run, 'stale-data', '', () => staleDataEvaluations(ch, now), now)
  // Model drift: the stored forecasts' accuracy by segment, estate-wide, against its usual range.
  // Its figures move once a day (yesterday's actuals) and the read is the sweep's heaviest, so it
  // runs at the day's first sweep, again only if that one failed.
  const judged = agentDayMarkKey(deps.prefix, 'model-drift')
  if ((await deps.redis.get(judged)) !== day) {
    const failed = counts(run, 'model-drift').errors
    await runAgent(deps, run, 'model-drift', '(segments)', () => modelDriftEvaluations(ch, day), now)
    if (counts(run, 'model-drift').errors === failed) await deps.redis.set(judged, day, 'EX', 2 * 86_400)
  }
  // Supplier delay beyond the loop: late POs at the DCs the loop did not visit (no policy rows
  // yet: the recompute plans a DC once its stores are planned), judged by the stores they feed;
  // then lead-time drift, once per supplier.
  const feeders = await unvisitedFeeders(ch).catch((err) => {
    counts(run, 'supplier-delay').errors++
    log.warn('agent failed to list DCs', { agent: 'supplier-delay', error: String(err) })
    return []
  })
  for (const dc of feeders) await runAgent(deps, run, 'supplier-delay', dc, async () => supplierDelayAtFeeder(ch, dc, day, Date.parse(now), await receipts), now)
  await runAgent(deps, run, 'supplier-delay', '(suppliers)', async () => leadTimeDriftEvaluations(ch, day, Date.parse(now), await receipts), now)
  run.ms = Date.now() - t0
  return run
}

export function startAgentsWorker(rt: Runtime, emitter: Emitter, connection: ConnectionOptions): Worker {
  const deps: AgentDeps = {
    redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse, emitter, deliver: rt.queues.deliver, attempts: rt.config.WEBHOOK_ATTEMPTS,
    replenishment_run: replenishmentRun(rt.config),
  }
  const worker = registerWorker(
    'agents',
    async (job) => {
      const run = job.data.mode === 'sweep' ? await runSweep(deps) : await runDirty(deps)
      if (run.written || run.mode === 'sweep') log.info('agents ran', { ...run })
      // After a sweep (every 15 minutes, and after each recompute), the daily summary is rewritten
      // from the plan and the alerts as they now stand, so its counts match the inbox's.
      if (run.mode === 'sweep') await rt.queues.summary.add('after-sweep', { day: 'today', requested_by: 'agents sweep' })
      return run
    },
    { connection, prefix: rt.redisPrefix, concurrency: 1 },
  )
  worker.alongside(
    rt.queues.agents
      .upsertJobScheduler(AGENTS_SWEEP_SCHEDULE.id, { pattern: AGENTS_SWEEP_SCHEDULE.pattern, tz: 'UTC' }, { name: 'scheduled', data: { mode: 'sweep' } })
      .catch((err) => log.warn('could not register the agents schedule', { error: String(err) })),
  )
  return worker
}
