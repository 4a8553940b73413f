/**
 * What the in-process benches that replay the demo's simulation share (bench:agents, bench:value):
 * a runtime of production's own (createRuntime) over a temporary chDB directory and its own Redis
 * prefix, the ingest writer's landEvents for the simulation's events, history landed in batches,
 * and one night's work as the deployment does it: the recompute (forecasts, policies, risk) as of
 * 00:05 of a day, then the agents' sweep as of 00:15. `close` stops the runtime and removes the
 * directory and the prefix's keys.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { loadConfig, replenishmentRun, type ReplenishmentRun } from '@/lib/config'
import { createRuntime, closeRuntime } from '@/server/bootstrap'
import { deleteKeysWithPrefix } from '@/lib/redis'
import type { Event } from '@/lib/events/schema'
import type { Runtime } from '@/lib/runtime-types'
import { landEvents } from '@/jobs/ingest-writer'
import { MasterDataIndex } from '@/jobs/master-data'
import { runRecompute } from '@/jobs/recompute/run'
import { runSweep, type AgentDeps, type AgentRun } from '@/jobs/agents'
import { actionWebhookSchema } from '@/lib/actions/payload-schema'
import { webhookBody } from '@/lib/actions/records'
import { changeStatus, stepAlertOf } from '@/lib/actions/store'
import { actionWithId } from '@/lib/clickhouse/queries/actions'
import type { ActionPayload } from '@/lib/actions/types'

export const DAY_MS = 86_400_000

export interface Bench {
  rt: Runtime
  prefix: string
  /** What the agents and the approval rules write with (auto-approved actions are queued on the real deliver queue). */
  deps: AgentDeps
  /** Land a batch of the simulation's events through the ingest writer. */
  land(events: Event[]): Promise<void>
  /** Land events day by day, in batches of about 60,000. */
  landDays(days: number, eventsOf: (d: number) => Event[]): Promise<void>
  /** The recompute as of 00:05 and the agents' sweep as of 00:15 of `day` (YYYY-MM-DD), timed. */
  night(day: string): Promise<{ run: AgentRun; recomputeMs: number; sweepMs: number }>
  /** The action records queued for delivery, taken off the deliver queue (the bench is their receiver), oldest first. */
  takeQueued(): Promise<ActionPayload[]>
  /**
   * The receiver's side of one action, through production's functions (lib/actions/store.ts, as
   * jobs/deliver.ts on a 2xx and server/api/actions.ts on the ERP's callback do): delivered and its
   * alert executed at the action's instant; `refused` (the receiver's note) then makes it dead and
   * its alert expired. What re-arms a scope (lib/alerts/hygiene.ts) reads these steps.
   */
  received(a: ActionPayload, refused?: string): Promise<void>
  close(): Promise<void>
}

/** The agents' sweep's instant within each benched day (UTC): the alerts it opens carry it. */
export const SWEEP_TIME = '00:15:00.000Z'

/**
 * A runtime named `name` (the temp directory's and the Redis prefix's stem); no simulator of its
 * own runs. `replenishment`: who places the routine orders in the replayed simulation (bench:value:
 * StockPulse, the simulation replenishing nothing by itself; bench:agents: the retailer's min-max).
 */
export async function openBench(name: string, replenishment: ReplenishmentRun = 'retailer'): Promise<Bench> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `sp-bench-${name}-`))
  const prefix = `spbench${name.replace(/[^a-z]/g, '')}${randomBytes(3).toString('hex')}`
  const config = loadConfig({ DATA_DIR: dataDir, REDIS_PREFIX: prefix, SIMULATOR: 'off', LOG_LEVEL: 'warn', API_KEYS: `bench:bench-${name}-secret:read`, REPLENISHMENT_RUN: replenishment })
  const rt = await createRuntime(config)
  const deps: AgentDeps = {
    redis: rt.redis, prefix, clickhouse: rt.clickhouse, emitter: { emit: () => {} }, deliver: rt.queues.deliver, attempts: rt.config.WEBHOOK_ATTEMPTS,
    replenishment_run: replenishmentRun(config),
  }
  const master = new MasterDataIndex(rt.clickhouse.ingest)
  await master.ready()
  const land = async (events: Event[]) => {
    await landEvents(rt.clickhouse, [{ source: 'simulator', events }], master)
  }
  return {
    rt,
    prefix,
    deps,
    land,
    async landDays(days, eventsOf) {
      let pending: Event[] = []
      for (let d = 0; d < days; d++) {
        pending = pending.concat(eventsOf(d))
        if (pending.length >= 60_000 || d === days - 1) {
          await land(pending)
          pending = []
        }
      }
    },
    async night(day) {
      let t = Date.now()
      await runRecompute(rt.clickhouse, { today: new Date(`${day}T00:05:00Z`), threads: 1 })
      const recomputeMs = Date.now() - t
      t = Date.now()
      const run = await runSweep(deps, { day, now: `${day}T${SWEEP_TIME}` })
      return { run, recomputeMs, sweepMs: Date.now() - t }
    },
    async takeQueued() {
      const jobs = await rt.queues.deliver.getJobs(['waiting', 'delayed', 'prioritized'])
      const out: ActionPayload[] = []
      for (const job of jobs) {
        // The body made with the action; absent, the deliver worker builds it from the record, as here.
        const body = job.data.body ?? webhookBody((await actionWithId(rt.clickhouse.interactive, job.data.action_id))!)
        const parsed = actionWebhookSchema.safeParse(JSON.parse(body))
        if (!parsed.success) throw new Error(`queued action ${job.id} does not parse: ${parsed.error.message}`)
        out.push(parsed.data.data as ActionPayload)
        await job.remove()
      }
      return out.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.action_id < b.action_id ? -1 : 1))
    },
    async received(a, refused) {
      const at = a.created_at
      // No emitter: nobody watches the bench's inbox, so no card is read back to be pushed.
      const store = { redis: rt.redis, prefix, clickhouse: rt.clickhouse }
      const step = async (to: 'delivered' | 'dead', detail: string) => {
        const current = await actionWithId(rt.clickhouse.interactive, a.action_id)
        if (!current) throw new Error(`action ${a.action_id} is not stored`)
        const changed = await changeStatus(store, current, to, { attempts: current.attempts + (to === 'delivered' ? 1 : 0), detail, now: at })
        if (!changed.ok) throw new Error(`action ${a.action_id}: ${changed.reason}`)
        if (!(await stepAlertOf(store, changed.record, at))) throw new Error(`alert ${a.alert_id} is locked`)
      }
      await step('delivered', '')
      if (refused !== undefined) await step('dead', `rejected by the receiver: ${refused}`)
    },
    async close() {
      await closeRuntime(rt)
      await deleteKeysWithPrefix(config.REDIS_URL, prefix)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Day 0 of a run whose `days` simulated days end yesterday (UTC), and each day's date. */
export function runCalendar(days: number): { startMs: number; start: string; dateOf: (d: number) => string } {
  const todayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS
  const startMs = todayMs - days * DAY_MS
  return { startMs, start: new Date(startMs).toISOString().slice(0, 10), dateOf: (d: number) => new Date(startMs + d * DAY_MS).toISOString().slice(0, 10) }
}
