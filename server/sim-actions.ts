/**
 * The demo loop's simulator side (docs/architecture.md "The demo loop"): actions the simulated
 * ERP receiver (server/api/sim-erp.ts) put in the Redis inbox are taken by the running simulator
 * on its next tick (server/simulator.ts), applied to the simulated world (lib/sim/actions.ts),
 * logged per run so a restart replays them at the same simulated instants, and their outcome is
 * called back to `POST /api/v1/actions/{id}/callback` with the simulated ERP's own key.
 */
import { z } from 'zod'
import type { Runtime } from '@/lib/runtime-types'
import type { ActionOutcome } from '@/lib/sim'
import { simActionsKey, simErpInboxKey, simLiveFromKey } from '@/lib/redis-keys'
import { logger } from '@/lib/log'

const log = logger('simulator')
/** Actions taken from the inbox per tick. */
const TAKE = 50

/** One applied action as logged: the payload and the simulated instant it was applied at. */
const loggedAction = z.object({ at: z.number(), action: z.unknown() })
export type LoggedAction = z.infer<typeof loggedAction>

/** Up to TAKE actions waiting in the inbox, oldest first (removed from it). */
export async function takeActions(rt: Runtime): Promise<unknown[]> {
  const raw = await rt.redis.lpop(simErpInboxKey(rt.redisPrefix), TAKE)
  const out: unknown[] = []
  for (const s of raw ?? []) {
    try {
      out.push(JSON.parse(s))
    } catch {
      log.warn('unreadable action in the simulated ERP inbox, dropped', { body: s.slice(0, 200) })
    }
  }
  return out
}

export async function logApplied(rt: Runtime, run: string, entries: LoggedAction[]): Promise<void> {
  if (entries.length) await rt.redis.rpush(simActionsKey(rt.redisPrefix, run), ...entries.map((e) => JSON.stringify(e)))
}

/** The run's applied actions in order, for a restart to replay. */
export async function appliedActions(rt: Runtime, run: string): Promise<LoggedAction[]> {
  const raw = await rt.redis.lrange(simActionsKey(rt.redisPrefix, run), 0, -1)
  return raw.flatMap((s) => {
    let v: unknown
    try {
      v = JSON.parse(s)
    } catch {
      log.warn('unreadable entry in the simulator action log, skipped', { entry: s.slice(0, 200) })
      return []
    }
    const p = loggedAction.safeParse(v)
    return p.success ? [p.data] : []
  })
}

/**
 * The first day the run streamed live, or null when it never has. With `today`, sets it unless
 * set (when live streaming starts for the first time), then reads it back.
 */
export async function liveFromDay(rt: Runtime, run: string, today: number | null): Promise<number | null> {
  const key = simLiveFromKey(rt.redisPrefix, run)
  if (today !== null) await rt.redis.set(key, String(today), 'NX')
  const v = await rt.redis.get(key)
  return v !== null && Number.isInteger(Number(v)) ? Number(v) : today
}

/**
 * Tell StockPulse what became of an action: confirmed when the simulated retailer carried it out,
 * rejected with the reason when it could not. A 404 (no callback route in this build) or an
 * unreachable server is logged and left: the action's effect stands either way.
 */
export async function callBack(baseUrl: string, apiKey: string, outcome: ActionOutcome, signal?: AbortSignal): Promise<number | undefined> {
  if (!outcome.action_id || outcome.duplicate) return undefined
  const url = `${baseUrl}/api/v1/actions/${encodeURIComponent(outcome.action_id)}/callback`
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: outcome.status === 'accepted' ? 'confirmed' : 'rejected', note: outcome.note.slice(0, 1000) }),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000),
    })
    await res.body?.cancel()
    if (res.status === 404) log.info('no action callback route answered: outcome kept in the simulator log only', { action: outcome.action_id, status: outcome.status })
    else if (!res.ok) log.warn('action callback refused', { action: outcome.action_id, status: res.status })
    return res.status
  } catch (err) {
    log.warn('action callback failed', { action: outcome.action_id, error: String(err) })
    return undefined
  }
}
