/**
 * DATA_DIR is its owner's alone: after a fresh start the way `npm start` does it (DATA_DIR
 * prepared, a redis-server spawned into it, embedded ClickHouse with data landed), no path under
 * it has a group or other permission bit; a session-secret file others can read stops the start
 * with a message naming the file and the fix.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { loadConfig } from '@/lib/config'
import { createRuntime, closeRuntime } from '@/server/bootstrap'
import { prepareDataDir, sessionPassword, webhookSecret } from '@/server/data-dir'
import { ensureRedis } from '@/scripts/local-redis'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { startWorkers } from '@/jobs/index'
import { drainIngest, ingestRequest, INGEST_SECRET, rawSalesAt, sale, waitFor } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('data-dir.test.ts')

const root = mkdtempSync(path.join(os.tmpdir(), 'sp-perm-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Every path under `dir` (itself included) whose mode gives group or others any access. */
function looserThanOwner(dir: string): string[] {
  const found: string[] = []
  const walk = (p: string) => {
    const st = lstatSync(p)
    if (st.isSymbolicLink()) return // a link's own mode is always 0777 and never consulted
    if (st.mode & 0o077) found.push(`${path.relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`)
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(path.join(p, f))
  }
  walk(dir)
  return found
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

describe('DATA_DIR permissions', () => {
  it('a fresh start leaves nothing under DATA_DIR readable by group or others', async () => {
    const dataDir = path.join(root, 'fresh', 'data')
    const prefix = `sptest-perm${randomBytes(3).toString('hex')}`
    const redisUrl = `redis://127.0.0.1:${await freePort()}`
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, API_KEYS: `pos:${INGEST_SECRET}:ingest`, SIMULATOR: 'off', LOG_LEVEL: 'warn', INGEST_FLUSH_MS: '50' })
    // As scripts/start.ts: DATA_DIR, the secret check, a redis-server of our own (none answers there), the runtime.
    prepareDataDir(config.DATA_DIR)
    sessionPassword(config)
    const redis = await ensureRedis(redisUrl, dataDir, () => {})
    expect(redis).toBeDefined()
    const rt = await createRuntime(config)
    const workers = startWorkers(rt, { emit: () => {} })
    try {
      const res = await handleIngest(rt, ingestRequest([sale({ location: 'PERM-1' }), sale({ location: 'PERM-1' })]))
      expect(res.status).toBe(202)
      await drainIngest(rt)
      await waitFor(async () => (await rawSalesAt(rt, 'PERM-1')).n === 2 || undefined)
      await rt.redis.call('BGREWRITEAOF')
    } finally {
      await workers.close()
      await deleteKeysWithPrefix(redisUrl, prefix)
      await closeRuntime(rt)
      await redis!.stop()
    }
    const names = readdirSync(dataDir)
    expect(names).toEqual(expect.arrayContaining(['clickhouse', 'redis', 'session-secret']))
    expect(readdirSync(path.join(dataDir, 'redis')).length).toBeGreaterThan(1) // redis.log and its append-only files
    expect(looserThanOwner(dataDir)).toEqual([])
  }, 60_000)

  it('takes group and other bits off an existing DATA_DIR', () => {
    const dataDir = path.join(root, 'open')
    mkdirSync(dataDir)
    chmodSync(dataDir, 0o755)
    prepareDataDir(dataDir)
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700)
  })

  it('refuses a session-secret file others can read, naming the file and the fix, before opening anything', async () => {
    const dataDir = path.join(root, 'loose')
    mkdirSync(dataDir, { mode: 0o700 })
    const file = path.join(dataDir, 'session-secret')
    writeFileSync(file, randomBytes(32).toString('base64url'))
    chmodSync(file, 0o644)
    // A Redis URL that nothing answers: the refusal must come before any connection is tried.
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1', SIMULATOR: 'off', LOG_LEVEL: 'warn' })
    const started = createRuntime(config)
    await expect(started).rejects.toThrow(file)
    await expect(started).rejects.toThrow(`mode 0644`)
    await expect(started).rejects.toThrow(`chmod 600 ${file}`)
    chmodSync(file, 0o600)
    expect(sessionPassword(config)).toHaveLength(43)
  })
})

describe('the webhook secret', () => {
  it('is WEBHOOK_SECRET when set, else generated once as whsec_ + base64 of 32 bytes and kept in DATA_DIR for its owner only', () => {
    const dataDir = path.join(root, 'webhook')
    mkdirSync(dataDir, { mode: 0o700 })
    const config = loadConfig({ DATA_DIR: dataDir, SIMULATOR: 'off', LOG_LEVEL: 'warn' })
    const first = webhookSecret(config)
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(first.slice(6), 'base64')).toHaveLength(32)
    expect(webhookSecret(config)).toBe(first)
    expect(lstatSync(path.join(dataDir, 'webhook-secret')).mode & 0o777).toBe(0o600)
    const given = `whsec_${randomBytes(24).toString('base64')}`
    expect(webhookSecret({ ...config, WEBHOOK_SECRET: given })).toBe(given)
    expect(readdirSync(dataDir)).toEqual(['webhook-secret'])
  })
})
