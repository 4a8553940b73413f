/**
 * A real Runtime for integration tests: the machine's Redis under a key prefix of its own, and
 * embedded ClickHouse in a temporary directory of its own. `cleanup` closes everything, then
 * removes only what it made and fails if any of it is still there.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { loadConfig, type Config } from '@/lib/config'
import { createRuntime, closeRuntime } from '@/server/bootstrap'
import type { Runtime } from '@/server/runtime'
import { startWorkers, type Workers } from '@/jobs/index'
import type { Emitter } from '@/server/realtime'
import { deleteKeysWithPrefix, keysWithPrefix } from '@/lib/redis'

export const INGEST_SECRET = 'test-ingest-secret'
export const READ_SECRET = 'test-read-secret'

export interface Emitted {
  room: string
  event: string
  payload: unknown
}

export interface TestRuntime {
  rt: Runtime
  workers?: Workers
  emitted: Emitted[]
  cleanup(): Promise<void>
}

export async function createTestRuntime(opts: { workers?: boolean; env?: Record<string, string> } = {}): Promise<TestRuntime> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-test-'))
  const ownPrefix = !opts.env?.REDIS_PREFIX
  const prefix = opts.env?.REDIS_PREFIX ?? `sptest-${randomBytes(4).toString('hex')}`
  const config: Config = loadConfig({
    DATA_DIR: dataDir,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read`,
    SIMULATOR: 'off',
    LOG_LEVEL: 'warn',
    INGEST_FLUSH_MS: '50',
    ...opts.env,
  })
  const rt = await createRuntime(config)
  const emitted: Emitted[] = []
  const emitter: Emitter = { emit: (room, event, payload) => emitted.push({ room, event, payload }) }
  const workers = opts.workers === false ? undefined : startWorkers(rt, emitter)
  // What is this runtime's to remove from Redis: the whole prefix when it chose it; under a prefix
  // the test chose, its deployment's keys (everything the product writes carries them); nothing
  // when it joined a deployment another runtime started (DEPLOYMENT_ID given): that one's owner
  // removes them, after this node has stopped.
  const owned = ownPrefix ? prefix : opts.env?.DEPLOYMENT_ID ? undefined : rt.redisPrefix
  return {
    rt,
    workers,
    emitted,
    async cleanup() {
      // Keys go last, once nothing of the deployment runs that could write them again.
      await workers?.close()
      await closeRuntime(rt)
      if (owned) await expectNoKeysLeft(config.REDIS_URL, owned, { remove: true })
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Fail, naming them, when keys under `prefix:` are left; they are removed either way, so a failed
 * run leaves nothing behind either. `remove: true`: remove first (a runtime's own cleanup), so
 * the check catches keys written again after its deployment was closed.
 */
export async function expectNoKeysLeft(url: string, prefix: string, opts: { remove?: boolean } = {}): Promise<void> {
  if (opts.remove) await deleteKeysWithPrefix(url, prefix)
  const left = await keysWithPrefix(url, prefix)
  if (!left.length) return
  await deleteKeysWithPrefix(url, prefix)
  throw new Error(`${left.length} Redis keys left under ${prefix}: (removed now): ${left.slice(0, 20).join(' ')}`)
}


/** A POST to the ingest API; `contentType: null` sends no Content-Type at all (a string body would get text/plain). */
export function ingestRequest(body: unknown, opts: { secret?: string | null; contentType?: string | null; raw?: string | Uint8Array } = {}): Request {
  const headers: Record<string, string> = {}
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json'
  const secret = opts.secret === undefined ? INGEST_SECRET : opts.secret
  if (secret !== null) headers.authorization = `Bearer ${secret}`
  const raw = opts.raw ?? JSON.stringify(body)
  return new Request('http://test.local/api/v1/events', { method: 'POST', headers, body: typeof raw === 'string' && opts.contentType !== null ? raw : new Blob([typeof raw === 'string' ? raw : new Uint8Array(raw)]) })
}

/** Wait until the ingest queue has nothing waiting or active. */
export async function drainIngest(rt: Runtime, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const c = await rt.queues.ingest.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
    if (!c.waiting && !c.active && !c.delayed && !c.prioritized) return
    if (Date.now() > deadline) throw new Error(`ingest queue not drained: ${JSON.stringify(c)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined && v !== false) return v
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

export const nowIso = () => new Date().toISOString()

export function sale(over: Record<string, unknown> = {}) {
  return { type: 'sale', event_id: `e-${randomBytes(6).toString('hex')}`, ts: nowIso(), sku: 'SKU-1', location: 'S01', channel: 'store', qty: 1, unit_price: 10, ...over }
}

/** Rows and units landed in raw_sales for a location. */
export async function rawSalesAt(rt: Runtime, location: string): Promise<{ n: number; units: number }> {
  const rs = await rt.clickhouse.interactive.query({
    query: 'SELECT count() AS n, sum(qty) AS units FROM raw_sales WHERE location = {l:String}',
    query_params: { l: location },
    format: 'JSONEachRow',
  })
  const [row] = await rs.json<{ n: string | number; units: number }>()
  return { n: Number(row.n), units: Number(row.units) }
}
