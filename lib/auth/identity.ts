/**
 * The directory of local users and stored API keys (migration 023), as every node reads it.
 *
 * Every API call with a key and every page with a session looks a key or a user up, so the
 * directory keeps the latest rows of both tables in memory. Freshness, so that a revoked key or a
 * disabled user is refused within moments on every node:
 * - a node that changes a user or key publishes on the deployment's identity channel
 *   (lib/redis-keys.ts identityChannel) and every node, itself included, drops its copy at once;
 * - a copy is also dropped after CACHE_TTL_MS, in case a message was missed (a node's
 *   subscriber reconnecting; it also drops its copy whenever the subscriber reconnects).
 *
 * The process's directory is published on globalThis (like the Runtime, server/runtime.ts)
 * because Next.js bundles route handlers apart from the server: `authenticate` and `findUser`
 * (users.ts) use it when they are not handed one.
 */
import type { Redis } from 'ioredis'
import type { ClickHouse } from '../clickhouse/client'
import { latestApiKeys, latestUsers, type ApiKeyRow, type UserRow } from '../clickhouse/queries/identity'
import { identityChannel, identityLockKey } from '../redis-keys'
import { logger } from '../log'

const log = logger('identity')

/** Longest a node serves a copy without a reload, should an invalidation message be missed. */
export const CACHE_TTL_MS = 15_000

export interface IdentityDeps {
  redis: Redis
  /** The deployment's prefix (Runtime.redisPrefix). */
  prefix: string
  clickhouse: ClickHouse
  /** Demo users may sign in (DEMO_MODE). */
  demoMode: boolean
}

interface Snapshot<T> {
  at: number
  rows: T[]
}

export class Identity {
  private generation = 0
  private users?: Snapshot<UserRow>
  private keys?: Snapshot<ApiKeyRow>
  private loadingUsers?: Promise<UserRow[]>
  private loadingKeys?: Promise<ApiKeyRow[]>
  private sub?: Redis

  /** `ttlMs`: how long a copy is served without a reload (CACHE_TTL_MS; shorter in tests). */
  constructor(
    readonly deps: IdentityDeps,
    private readonly ttlMs = CACHE_TTL_MS,
  ) {}

  get demoMode() {
    return this.deps.demoMode
  }

  /** Listen for other nodes' changes (a second Redis connection, in subscriber mode). */
  async start(): Promise<void> {
    // A subscriber queues its SUBSCRIBE until connected and re-subscribes after a reconnect.
    const sub = this.deps.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined })
    this.sub = sub
    sub.on('message', () => this.invalidate())
    // After a reconnect a message may have been missed: reload on next use.
    sub.on('ready', () => this.invalidate())
    sub.on('error', (err) => log.warn('identity subscriber error', { error: String(err) }))
    await sub.subscribe(identityChannel(this.deps.prefix))
  }

  async close(): Promise<void> {
    const sub = this.sub
    this.sub = undefined
    if (sub) await sub.quit().catch(() => sub.disconnect())
  }

  /** Drop this node's copies. */
  invalidate(): void {
    this.generation++
    this.users = undefined
    this.keys = undefined
  }

  /** After a change was appended: drop the copies here and tell every other node. */
  async changed(): Promise<void> {
    this.invalidate()
    await this.deps.redis.publish(identityChannel(this.deps.prefix), 'changed')
  }

  async userRows(): Promise<UserRow[]> {
    if (this.users && Date.now() - this.users.at < this.ttlMs) return this.users.rows
    this.loadingUsers ??= this.load(() => latestUsers(this.deps.clickhouse.interactive, {}), (s) => (this.users = s)).finally(() => (this.loadingUsers = undefined))
    return this.loadingUsers
  }

  async apiKeyRows(): Promise<ApiKeyRow[]> {
    if (this.keys && Date.now() - this.keys.at < this.ttlMs) return this.keys.rows
    this.loadingKeys ??= this.load(() => latestApiKeys(this.deps.clickhouse.interactive, {}), (s) => (this.keys = s)).finally(() => (this.loadingKeys = undefined))
    return this.loadingKeys
  }

  /** Read fresh rows; keep them only when nothing changed while they were read. */
  private async load<T>(read: () => Promise<T[]>, keep: (s: Snapshot<T>) => void): Promise<T[]> {
    const generation = this.generation
    const at = Date.now()
    const rows = await read()
    if (generation === this.generation) keep({ at, rows })
    return rows
  }

  /**
   * Run `fn` holding a short lock on `what` (a user id, an email, a key id): one writer at a time
   * reads the latest row and appends the next. Refused (undefined) when someone else holds it.
   */
  async withLock<T>(what: string, fn: () => Promise<T>): Promise<T | 'busy'> {
    const key = identityLockKey(this.deps.prefix, what)
    const token = `${process.pid}:${Math.random()}`
    for (let i = 0; i < 20; i++) {
      if (await this.deps.redis.set(key, token, 'PX', 10_000, 'NX')) {
        try {
          return await fn()
        } finally {
          // Release only our own lock (it may have expired and been taken by another writer).
          await this.deps.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, key, token)
        }
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    return 'busy'
  }
}

/** A version for the next row of a thing: after its latest, and about the time of writing. */
export const nextVersion = (latest?: { version: number }) => Math.max(Date.now(), (latest?.version ?? 0) + 1)

const GLOBAL_KEY = Symbol.for('stockpulse.identity')
type GlobalWithIdentity = typeof globalThis & { [GLOBAL_KEY]?: Identity }

/** Publish (or, with undefined, withdraw) this process's directory. */
export function setIdentity(identity: Identity | undefined): void {
  ;(globalThis as GlobalWithIdentity)[GLOBAL_KEY] = identity
}

export function currentIdentity(): Identity | undefined {
  return (globalThis as GlobalWithIdentity)[GLOBAL_KEY]
}
