/**
 * Where an action's status changes are written (DESIGN.md "Storage": a change that must happen
 * once takes a short compare-and-set in Redis keyed by the thing's id and expected state, then
 * appends a row whose id makes a retry idempotent). The Redis key only gates; the record is the
 * rows in ClickHouse. After a change, the alert's card (with its action) is pushed to the
 * alert's rooms, and the action itself as ACTION_EVENT. The alert follows its action
 * (stepAlertOf): executed once it is delivered or confirmed, expired once it is dead.
 */
import type { Redis } from 'ioredis'
import { nextVersion, withKeyLock, writeAlerts, type AlertStoreDeps } from '@/lib/alerts/store'
import { ALERT_EVENT, alertRoom } from '@/lib/alerts/types'
import { alertBodiesWithIds, alertWithId } from '@/lib/clickhouse/queries/alerts'
import { actionWithId, appendActionRow } from '@/lib/clickhouse/queries/actions'
import { ACTION_STATE_TTL_S, actionStateKey } from '@/lib/redis-keys'
import { alertExecuted, alertExpired, nextRecord } from './records'
import type { ActionRecord, ActionStatus } from './types'

/** Socket.IO: an action's status change (payload: ActionRecord), to its alert's rooms. */
export const ACTION_EVENT = 'action'

/**
 * Set KEYS[1] to ARGV[2] if it holds ARGV[1] or nothing (Redis lost it: the caller read the
 * expected state from ClickHouse), or already holds ARGV[2] and ARGV[4] = '1' (a replay of the
 * same change after a crash between the set and the append). Answers 'OK' or what it holds.
 */
const CAS = `local cur = redis.call('get', KEYS[1])
if cur and cur ~= ARGV[1] and not (ARGV[4] == '1' and cur == ARGV[2]) then return cur end
redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 'OK'`

/** 'OK', or the state the key holds instead of `expected`. */
export async function compareAndSet(redis: Redis, prefix: string, actionId: string, expected: ActionStatus | 'none', to: ActionStatus, replayOk: boolean): Promise<string> {
  return String(await redis.eval(CAS, 1, actionStateKey(prefix, actionId), expected, to, ACTION_STATE_TTL_S, replayOk ? '1' : '0'))
}

/** The row id of a change: a failed try is named by its number, other states occur once. */
export const rowIdOf = (r: Pick<ActionRecord, 'status' | 'attempts'>) => (r.status === 'failed' ? `failed:${r.attempts}` : r.status)

/** A version above the action's last (versions order an action's rows). */
export const nextActionVersion = (prev: { version: number }) => Math.max(prev.version + 1, Date.now() * 1_000)

export type ChangeResult = { ok: true; record: ActionRecord } | { ok: false; reason: string; current: ActionRecord }

/**
 * Move an action from `current` (read from ClickHouse) to `to`: the machine's check
 * (records.ts), the compare-and-set, the row, the push. Refused when the machine does not allow it
 * or someone else changed it first (then `current` is what it is now).
 */
export async function changeStatus(
  deps: AlertStoreDeps,
  current: ActionRecord & { version: number },
  to: ActionStatus,
  change: { attempts?: number; detail?: string; now: string },
): Promise<ChangeResult> {
  const step = nextRecord(current, to, change)
  if (!step.ok) return { ok: false, reason: step.reason, current }
  const cas = await compareAndSet(deps.redis, deps.prefix, current.action_id, current.status, to, true)
  if (cas !== 'OK') {
    const now = (await actionWithId(deps.clickhouse.interactive, current.action_id)) ?? current
    return { ok: false, reason: `action ${current.action_id} became ${cas} meanwhile`, current: now }
  }
  await appendActionRow(deps.clickhouse, step.record, rowIdOf(step.record), nextActionVersion(current))
  await pushAction(deps, step.record)
  return { ok: true, record: step.record }
}

/** Push the alert's card (its action joined) and the action to the alert's rooms. */
export async function pushAction(deps: AlertStoreDeps, action: ActionRecord): Promise<void> {
  if (!deps.emitter) return
  const rooms = [alertRoom('all'), ...(action.location ? [alertRoom(action.location)] : [])]
  for (const room of rooms) deps.emitter.emit(room, ACTION_EVENT, action)
  const [body] = await alertBodiesWithIds(deps.clickhouse.interactive, [action.alert_id])
  if (body) for (const room of rooms) deps.emitter.emit(room, ALERT_EVENT, body)
}

/**
 * The alert of a delivered or confirmed action steps to 'executed', of a dead one to 'expired'
 * (nothing ran: the decision lapses and the scope re-arms, lib/alerts/hygiene.ts); an action
 * still pending or retrying moves nothing. By the system, under the alert key's lock; false when
 * the lock stayed busy (the caller retries). `now` is the step's instant (bench:value, the
 * receiver of its own run, passes the simulated one).
 */
export async function stepAlertOf(deps: AlertStoreDeps, a: ActionRecord, now = new Date().toISOString()): Promise<boolean> {
  if (a.status !== 'delivered' && a.status !== 'confirmed' && a.status !== 'dead') return true
  const alert = await alertWithId(deps.clickhouse.interactive, a.alert_id)
  if (!alert) return true
  const done = await withKeyLock(deps, alert.key, async () => {
    const current = (await alertWithId(deps.clickhouse.interactive, a.alert_id))!
    const step = a.status === 'dead' ? alertExpired(current, a.action_id, a.detail || 'not delivered', now) : alertExecuted(current, a.action_id, now)
    if (step) await writeAlerts(deps, [{ ...step.alert, version: nextVersion(current) }], [step.transition], new Set([current.id]))
  })
  return done.ok
}
