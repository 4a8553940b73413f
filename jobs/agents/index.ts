/**
 * The agents' worker: one BullMQ queue (`agents`, lib/queues.ts) whose jobs say what to look at:
 * - `dirty`: the sku x locations whose risk the incremental path just rewrote (a Redis set the risk
 *   refresh fills), so a sale that empties a shelf reaches the inbox within seconds;
 * - `sweep`: every sku x location with a policy, after each full recompute and on a schedule
 *   (AGENTS_SWEEP_SCHEDULE), so conditions that change with time alone (a snooze ending, a PO
 *   growing late) are seen too.
 * Each agent's decision is pure (lib/agents/); this reads its inputs, calls it, and hands the
 * evaluations to hygiene and storage (apply.ts).
 */
import type { ConnectionOptions, Worker } from 'bullmq'
import type { Emitter, Runtime } from '@/lib/runtime-types'
import { AGENTS_SWEEP_SCHEDULE } from '@/lib/queues'
import { agentsDirtyKey } from '@/lib/redis-keys'
import { policyLocations } from '@/lib/clickhouse/queries/agent-inputs'
import type { AlertStoreDeps } from '@/lib/alerts/store'
import { logger } from '@/lib/log'
import { registerWorker } from '../registry'
import { applyEvaluations, type ApplyResult } from './apply'
import { stockoutEvaluations } from './stockout'

const log = logger('agents')

/** Most pairs taken from the dirty set per job; the rest wait for the next. */
const MAX_DIRTY_PAIRS = 20_000

export interface AgentRun {
  mode: 'dirty' | 'sweep'
  locations: number
  evaluated: number
  written: number
  opened: number
  cleared: number
  skipped: number
  ms: number
}

const today = () => new Date().toISOString().slice(0, 10)

function add(total: AgentRun, r: ApplyResult) {
  total.evaluated += r.evaluated
  total.written += r.written
  total.opened += r.opened
  total.cleared += r.cleared
  total.skipped += r.skipped.length
}

/** Evaluate the pairs waiting in the dirty set; pairs whose alert someone holds go back in it. */
export async function runDirty(deps: AlertStoreDeps): Promise<AgentRun> {
  const t0 = Date.now()
  const run: AgentRun = { mode: 'dirty', locations: 0, evaluated: 0, written: 0, opened: 0, cleared: 0, skipped: 0, ms: 0 }
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
    for (const [location, skus] of byLocation) {
      const r = await applyEvaluations(deps, await stockoutEvaluations(deps.clickhouse.interactive, location, skus, today()))
      add(run, r)
      run.locations++
      if (r.skipped.length) await deps.redis.sadd(key, ...r.skipped.map((e) => `${e.scope.location}\t${e.scope.sku}`))
    }
  } catch (err) {
    if (members.length) await deps.redis.sadd(key, ...members)
    throw err
  }
  run.ms = Date.now() - t0
  return run
}

/** Evaluate every sku x location with a policy, location by location. */
export async function runSweep(deps: AlertStoreDeps): Promise<AgentRun> {
  const t0 = Date.now()
  const run: AgentRun = { mode: 'sweep', locations: 0, evaluated: 0, written: 0, opened: 0, cleared: 0, skipped: 0, ms: 0 }
  for (const { location } of await policyLocations(deps.clickhouse.interactive, {})) {
    add(run, await applyEvaluations(deps, await stockoutEvaluations(deps.clickhouse.interactive, location, undefined, today())))
    run.locations++
  }
  run.ms = Date.now() - t0
  return run
}

export function startAgentsWorker(rt: Runtime, emitter: Emitter, connection: ConnectionOptions): Worker {
  const deps: AlertStoreDeps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse, emitter }
  const worker = registerWorker(
    'agents',
    async (job) => {
      const run = job.data.mode === 'sweep' ? await runSweep(deps) : await runDirty(deps)
      if (run.written || run.mode === 'sweep') log.info('agents ran', { ...run })
      return run
    },
    { connection, prefix: rt.redisPrefix, concurrency: 1 },
  )
  void rt.queues.agents
    .upsertJobScheduler(AGENTS_SWEEP_SCHEDULE.id, { pattern: AGENTS_SWEEP_SCHEDULE.pattern, tz: 'UTC' }, { name: 'scheduled', data: { mode: 'sweep' } })
    .catch((err) => log.warn('could not register the agents schedule', { error: String(err) }))
  return worker
}
