/**
 * The one writer of the audit trail (DESIGN.md: "The audit chain has one writer at a time, so its
 * order is one"). `recordAudit` takes the chain's lock in Redis (waiting for it, bounded), reads
 * the head (highest seq and its hash) from ClickHouse under the lock, chains the batch onto it
 * (lib/audit/chain.ts), appends it and releases. The record is ClickHouse's rows, never the lock:
 * a writer killed after its insert leaves a head the next writer reads; one killed before it
 * leaves nothing, and the lock expires by itself (short PX).
 *
 * Within a process, concurrent calls are grouped: while one write is in flight, the entries of
 * the calls that arrive meanwhile wait and go in the next write, together (one lock, one head
 * read, one insert for all of them), so an agent's hundreds of transitions, or a burst of refused
 * requests, cost one write, not one each.
 *
 * When a write fails after what it records has landed (an alert transition, a sign-in), the
 * caller must not lose it: `recordAuditOrPark` parks the entries in a Redis list, says so loudly
 * in the log, and the next write (by any process of the deployment) chains the parked entries
 * first. If even parking fails, it logs every entry in full and throws, so the caller fails
 * loudly too. GET /api/v1/audit/verify reports how many entries are parked.
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { appendAudit, auditHead } from '@/lib/clickhouse/queries/audit'
import { auditLockKey, auditParkedKey } from '@/lib/redis-keys'
import { logger, type Logger } from '@/lib/log'
import { chainEntries, normaliseAt } from './chain'
import type { AuditEntryInput } from './types'

export interface AuditDeps {
  redis: Redis
  prefix: string
  clickhouse: ClickHouse
}

/** The lock's life: far above one write (milliseconds), short enough that a dead writer blocks little. */
const LOCK_MS = 5_000
/** How long a writer waits for the lock before giving up (its caller then parks the entries). */
const LOCK_WAIT_MS = 8_000
/** Entries per append at most: parked ones drained per write, and grouped calls per write. */
const MAX_BATCH = 5_000

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`

export class AuditBusyError extends Error {
  constructor(waitedMs: number) {
    super(`the audit trail's lock stayed taken for ${waitedMs} ms; nothing was written`)
  }
}

const log = logger('audit')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Run `fn` holding the chain's lock; throws AuditBusyError when it stays taken past LOCK_WAIT_MS. */
async function withAuditLock<T>(deps: AuditDeps, fn: (stillOurs: () => Promise<boolean>) => Promise<T>): Promise<T> {
  const key = auditLockKey(deps.prefix)
  const token = randomUUID()
  const started = Date.now()
  let pause = 2
  while ((await deps.redis.set(key, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    if (Date.now() - started > LOCK_WAIT_MS) throw new AuditBusyError(Date.now() - started)
    await sleep(pause + Math.random() * pause)
    pause = Math.min(pause * 2, 50)
  }
  try {
    // Renews the lock when it is still ours: checked right before the insert, so a writer that
    // stalled past the lock's life (and may have been overtaken) does not append after a stale head.
    return await fn(async () => (await deps.redis.eval(EXTEND, 1, key, token, String(LOCK_MS))) === 1)
  } finally {
    await deps.redis.eval(RELEASE, 1, key, token).catch(() => undefined)
  }
}

/** Under the lock: parked entries first, then `inputs`, chained onto the head and appended. */
async function writeChained(deps: AuditDeps, inputs: AuditEntryInput[]): Promise<void> {
  const parkedKey = auditParkedKey(deps.prefix)
  await withAuditLock(deps, async (stillOurs) => {
    const raw = await deps.redis.lrange(parkedKey, 0, MAX_BATCH - 1)
    const parked = raw.flatMap((s) => {
      // Only recordAuditOrPark writes this list; an item that does not read back would block
      // every write after it for ever, so it is logged in full and passed over.
      try {
        return [normaliseParked(JSON.parse(s) as AuditEntryInput)]
      } catch (err) {
        log.error('a parked audit entry does not read back; passed over', { item: s, error: err instanceof Error ? err.message : String(err) })
        return []
      }
    })
    if (!raw.length && !inputs.length) return
    const [head] = await auditHead(deps.clickhouse.interactive, {})
    const entries = chainEntries(head ?? null, [...parked, ...inputs])
    if (!(await stillOurs())) throw new Error('the audit lock expired before the append; nothing was written')
    await appendAudit(deps.clickhouse, entries)
    // Only once they are in the chain (a crash in between writes them twice: never loses them).
    if (raw.length) await deps.redis.ltrim(parkedKey, raw.length, -1)
  })
}

/** A parked entry as read back: its time must still be a date (chainEntries would throw on it). */
function normaliseParked(e: AuditEntryInput): AuditEntryInput {
  if (!e || typeof e !== 'object' || typeof e.kind !== 'string' || !e.actor || typeof e.subject_id !== 'string') throw new Error('not an audit entry')
  return { ...e, at: normaliseAt(e.at, new Date()) }
}

interface Waiting {
  entries: AuditEntryInput[]
  resolve: () => void
  reject: (err: unknown) => void
}

/** One group commit per Redis connection and deployment prefix. */
class GroupCommit {
  private queue: Waiting[] = []
  private running = false

  constructor(private readonly deps: AuditDeps) {}

  add(entries: AuditEntryInput[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject })
      if (!this.running) void this.run()
    })
  }

  private async run(): Promise<void> {
    this.running = true
    try {
      while (this.queue.length) {
        let n = 0
        let count = 0
        while (n < this.queue.length && (n === 0 || count + this.queue[n].entries.length <= MAX_BATCH)) count += this.queue[n++].entries.length
        const batch = this.queue.splice(0, n)
        try {
          await writeChained(this.deps, batch.flatMap((w) => w.entries))
          for (const w of batch) w.resolve()
        } catch (err) {
          for (const w of batch) w.reject(err)
        }
      }
    } finally {
      this.running = false
    }
  }
}

const groups = new WeakMap<Redis, Map<string, GroupCommit>>()

function groupOf(deps: AuditDeps): GroupCommit {
  let byPrefix = groups.get(deps.redis)
  if (!byPrefix) groups.set(deps.redis, (byPrefix = new Map()))
  let g = byPrefix.get(deps.prefix)
  if (!g) byPrefix.set(deps.prefix, (g = new GroupCommit(deps)))
  return g
}

/**
 * Append `entries` to the audit trail, in order, after every entry written before (and after any
 * parked ones). Resolves once they are in ClickHouse; throws when they are not (lock busy past its
 * bound, Redis or ClickHouse failing): then nothing of them was written, unless the failure came
 * after ClickHouse took the rows, in which case a retry writes them twice (a duplicate, never a loss).
 * An empty call writes only what is parked, if anything.
 */
export async function recordAudit(deps: AuditDeps, entries: AuditEntryInput[]): Promise<void> {
  if (!entries.length && !(await deps.redis.llen(auditParkedKey(deps.prefix)))) return
  // Each entry's time is fixed now, when it happened, not when its group is written.
  const now = new Date()
  const timed = entries.map((e) => ({ ...e, at: normaliseAt(e.at, now) }))
  await groupOf(deps).add(timed)
}

/**
 * recordAudit for what has already happened and must not go unrecorded: on failure the entries are
 * parked for the next writer and the failure logged as an error; when they cannot be parked either,
 * every entry is logged in full and the write's error is thrown (the caller's work fails loudly).
 */
export async function recordAuditOrPark(deps: AuditDeps, entries: AuditEntryInput[], log: Logger): Promise<void> {
  if (!entries.length) return
  try {
    await recordAudit(deps, entries)
  } catch (err) {
    const now = new Date()
    const timed = entries.map((e) => ({ ...e, at: normaliseAt(e.at, now) }))
    const reason = err instanceof Error ? err.message : String(err)
    try {
      await deps.redis.rpush(auditParkedKey(deps.prefix), ...timed.map((e) => JSON.stringify(e)))
      log.error('audit write failed; entries parked for the next audit writer', { count: timed.length, kinds: [...new Set(timed.map((e) => e.kind))], error: reason })
    } catch (parkErr) {
      log.error('audit write failed and the entries could not be parked: they are only in this log', {
        error: reason,
        park_error: parkErr instanceof Error ? parkErr.message : String(parkErr),
        entries: timed,
      })
      throw err
    }
  }
}

/** How many entries wait to be chained (their write failed; the next write takes them). */
export async function parkedAuditCount(deps: Pick<AuditDeps, 'redis' | 'prefix'>): Promise<number> {
  return deps.redis.llen(auditParkedKey(deps.prefix))
}
