/**
 * Where alerts are written, for the agents and for people alike: every write of an alert holds
 * its key's lock in Redis (one writer per (type, scope) at a time, so an agent's update and a
 * planner's decision never overwrite each other), reads the latest version from ClickHouse under
 * the lock, appends the next version and its transition, releases, and pushes the changed card.
 * The lock is short (seconds) and expires by itself, so a writer killed mid-write blocks nobody;
 * the record is ClickHouse's rows, never the lock (DESIGN.md: nothing that only Redis holds is the
 * record of a decision).
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { ClickHouse } from '@/lib/clickhouse/client'
import type { Emitter } from '@/lib/runtime-types'
import { alertLockKey } from '@/lib/redis-keys'
import { alertBodiesWithIds, appendAlerts } from '@/lib/clickhouse/queries/alerts'
import { recordAuditOrPark } from '@/lib/audit/store'
import { alertTransitionEntry } from '@/lib/audit/entries'
import { logger } from '@/lib/log'
import { ALERT_EVENT, alertRoom, type AlertRecord, type AlertTransition } from './types'

const log = logger('alerts')

export interface AlertStoreDeps {
  redis: Redis
  prefix: string
  clickhouse: ClickHouse
  emitter?: Emitter
}

const LOCK_MS = 10_000

/** Delete the lock only if it is still ours (it may have expired and been taken by another writer). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

/**
 * Take the locks of as many of `keys` as are free now; returns those taken and a release. Keys a
 * person is deciding right now are skipped: the agent looks at them again on its next run.
 */
export async function lockKeys(deps: AlertStoreDeps, keys: string[]): Promise<{ locked: string[]; release: () => Promise<void> }> {
  const token = randomUUID()
  const pipe = deps.redis.pipeline()
  for (const k of keys) pipe.set(alertLockKey(deps.prefix, k), token, 'PX', LOCK_MS, 'NX')
  const answers = (await pipe.exec()) ?? []
  const locked = keys.filter((_, i) => answers[i]?.[1] === 'OK')
  return {
    locked,
    release: async () => {
      if (!locked.length) return
      const rel = deps.redis.pipeline()
      for (const k of locked) rel.eval(RELEASE, 1, alertLockKey(deps.prefix, k), token)
      await rel.exec()
    },
  }
}

/** Run `fn` holding one key's lock, waiting up to `waitMs` for it; undefined when it stayed busy. */
export async function withKeyLock<T>(deps: AlertStoreDeps, key: string, fn: () => Promise<T>, waitMs = 3_000): Promise<{ ok: true; value: T } | { ok: false }> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const { locked, release } = await lockKeys(deps, [key])
    if (locked.length) {
      try {
        return { ok: true, value: await fn() }
      } finally {
        await release()
      }
    }
    if (Date.now() >= deadline) return { ok: false }
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** A version number above every earlier one of this alert (versions order an alert's rows). */
export function nextVersion(prev: { version: number } | null | undefined): number {
  return Math.max((prev?.version ?? 0) + 1, Date.now() * 1_000)
}

/**
 * Append new versions and transitions (callers hold the keys' locks), record one audit entry per
 * transition, then push each changed alert, with its names joined, to its location's room and to
 * `alerts:all`.
 *
 * The transitions land first: they are the record of the decision. If the audit write fails after
 * that, the entries are parked in Redis and chained by the next audit write (recordAuditOrPark),
 * with an error in the log; only if they cannot even be parked does this throw (the entries are
 * then in the log in full), so the agent's job or the person's request fails loudly rather than a
 * transition going unaudited in silence. Re-running the write is not the retry: hygiene would see
 * the alert already moved and write no transition again.
 */
export async function writeAlerts(
  deps: AlertStoreDeps,
  alerts: (AlertRecord & { version: number })[],
  transitions: AlertTransition[],
  notify: ReadonlySet<string>,
): Promise<void> {
  const byId = new Map(alerts.map((a) => [a.id, a]))
  await appendAlerts(deps.clickhouse, alerts, transitions.map((t) => ({ ...t, alert: byId.get(t.alert_id)! })))
  await recordAuditOrPark(deps, transitions.map((t) => alertTransitionEntry(byId.get(t.alert_id)!, t)), log)
  if (!deps.emitter || !notify.size) return
  const bodies = await alertBodiesWithIds(deps.clickhouse.interactive, [...notify])
  for (const body of bodies) {
    deps.emitter.emit(alertRoom('all'), ALERT_EVENT, body)
    if (body.scope.location) deps.emitter.emit(alertRoom(body.scope.location), ALERT_EVENT, body)
  }
}
