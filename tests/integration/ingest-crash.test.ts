/**
 * Figures after a crash (issue 12, defect 3): after the writer's process is killed mid-ingest
 * (kill -9) and restarted, or Redis is restarted mid-ingest, every acknowledged event has landed
 * exactly once, and the status figures equal what landed: events_total the distinct events,
 * duplicates_total the events truly re-sent, whatever the replay of interrupted jobs did.
 *
 * Jobs in hand at a kill come back once BullMQ sees them stalled (its lock lasts 30 s), so each
 * test takes about a minute.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { createQueue } from '@/lib/queues'
import { connectRedis, deleteKeysWithPrefix } from '@/lib/redis'
import { deploymentPrefix } from '@/lib/redis-keys'
import { ingestStatus } from '@/server/api/ingest-status'
import { startRedisServer, type TestRedis } from '../helpers/redis-server'
import { createTestRuntime, drainIngest, INGEST_SECRET, ingestRequest, READ_SECRET, sale, waitFor, type TestRuntime } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-crash.test.ts')

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Batches of `size` sales at `location`; from the second on, each re-sends `resent` events of the
 * one before (true duplicates, in other bytes, so other jobs).
 */
function batchesWithResends(location: string, count: number, size: number, resent: number) {
  const batches: ReturnType<typeof sale>[][] = []
  for (let i = 0; i < count; i++) {
    const fresh = Array.from({ length: i === 0 ? size : size - resent }, (_, j) => sale({ event_id: `${location}-${i}-${j}`, location, qty: 1 }))
    batches.push(i === 0 ? fresh : [...batches[i - 1].slice(-resent), ...fresh])
  }
  const unique = size + (count - 1) * (size - resent)
  return { batches, unique, duplicates: (count - 1) * resent }
}

interface Child {
  proc: ChildProcess
  port: number
  exited: Promise<void>
}

/** The ingest process of tests/helpers/ingest-child.ts on its own data directory and prefix. */
async function spawnChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/helpers/ingest-child.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  let stderr = ''
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ingest child did not start: ${stderr}`)), 60_000)
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^READY (\d+)$/.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    void exited.then(() => reject(new Error(`ingest child exited: ${stderr}`)))
  })
  return { proc, port, exited }
}

async function kill9(child: Child): Promise<void> {
  child.proc.kill('SIGKILL')
  await child.exited
}

const getJson = async <T>(child: Child, p: string): Promise<T> => (await fetch(`http://127.0.0.1:${child.port}${p}`)).json() as Promise<T>

describe('after kill -9 of the ingest process mid-ingest', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-crash-'))
  const prefix = `sptest-${randomBytes(4).toString('hex')}`
  const env = (workers: string) => ({
    DATA_DIR: dataDir, REDIS_URL, REDIS_PREFIX: prefix, DEPLOYMENT_ID: 'crash', WORKERS: workers, SIMULATOR: 'off', LOG_LEVEL: 'error',
    API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read`,
    // Small flushes: landing takes a few seconds, so the kill finds it half done.
    INGEST_FLUSH_ROWS: '300', INGEST_FLUSH_MS: '20', INGEST_MAX_BACKLOG: '10000',
  })
  const children: Child[] = []
  afterEach(async () => {
    for (const c of children) await kill9(c)
    await deleteKeysWithPrefix(REDIS_URL, prefix)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('has landed every acknowledged event exactly once, and status counts what landed', { timeout: 180_000 }, async () => {
    const { batches, unique, duplicates } = batchesWithResends('L-kill', 30, 1000, 100)
    // Accepted by an API process that runs no writer: every batch acknowledged before ingest starts.
    const api = await spawnChild(env('none'))
    children.push(api)
    for (let i = 0; i < batches.length; i += 5) {
      const answers = await Promise.all(
        batches.slice(i, i + 5).map((b) =>
          fetch(`http://127.0.0.1:${api.port}/events`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify(b) }),
        ),
      )
      for (const a of answers) expect(a.status).toBe(202)
    }
    await kill9(api)

    // The writer, killed once part of it has landed.
    const first = await spawnChild(env('ingest'))
    children.push(first)
    const atKill = await waitFor(async () => {
      const l = await getJson<{ ids: number }>(first, '/landed?location=L-kill')
      return l.ids > 0 ? l : undefined
    }, 60_000)
    await kill9(first)
    expect(atKill.ids).toBeLessThan(unique)

    // Restarted: it takes the stalled jobs back and drains.
    const second = await spawnChild(env('ingest'))
    children.push(second)
    const queue = createQueue('ingest', connectRedis(REDIS_URL, 'worker'), deploymentPrefix(prefix, 'crash'))
    try {
      await waitFor(async () => {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
        return !c.waiting && !c.active && !c.delayed && !c.prioritized ? true : undefined
      }, 150_000)
      expect((await queue.getJobCounts('failed')).failed).toBe(0)
    } finally {
      await queue.close()
    }
    const landed = await getJson<{ rows: number; ids: number; units: number }>(second, '/landed?location=L-kill')
    // Each sale is one unit and the daily rollup sums every landing: units = landings. A kill between
    // the raw insert's commit and one of its views' commits left that view without the block (1 run
    // in 3 before the start-up repair, server/ingest/crash-repair.ts).
    expect(landed).toEqual({ rows: unique, ids: unique, units: unique })
    const s = await getJson<{ events_total: number; duplicates_total: number; by_type: Record<string, number> }>(second, '/status')
    expect(s.events_total).toBe(unique)
    expect(s.by_type).toEqual({ sale: unique })
    expect(s.duplicates_total).toBe(duplicates)
  })
})

describe('after Redis restarts mid-ingest', () => {
  let redis: TestRedis | undefined
  let t: TestRuntime | undefined
  const redisDir = mkdtempSync(path.join(os.tmpdir(), 'sp-redis-'))
  afterEach(async () => {
    await t?.cleanup()
    await redis?.kill()
    rmSync(redisDir, { recursive: true, force: true })
  })

  it('status figures equal what landed, and every acknowledged event landed once', { timeout: 180_000 }, async () => {
    // A Redis of our own (the shared one on 6379 stays up), keeping its data over a restart.
    redis = await startRedisServer({ persistDir: redisDir })
    t = await createTestRuntime({ env: { REDIS_URL: redis.url, INGEST_FLUSH_ROWS: '300', INGEST_FLUSH_MS: '20', INGEST_MAX_BACKLOG: '10000' } })
    const rt = t.rt
    const { batches, unique, duplicates } = batchesWithResends('L-redis', 20, 1000, 100)
    for (const b of batches) expect((await handleIngest(rt, ingestRequest(b))).status).toBe(202)
    const landedNow = async () => {
      const rs = await rt.clickhouse.interactive.query({ query: "SELECT uniqExact(event_id) AS ids, sum(units) AS units FROM (SELECT event_id, 0 AS units FROM raw_sales WHERE location = 'L-redis' UNION ALL SELECT '' AS event_id, sum(units) AS units FROM sales_daily WHERE location = 'L-redis')", format: 'JSONEachRow' })
      const [r] = await rs.json<{ ids: string | number; units: string | number }>()
      return { ids: Number(r.ids) - 1, units: Number(r.units) }
    }
    await waitFor(async () => ((await landedNow()).ids > 0 ? true : undefined), 30_000)
    await redis.restart()
    await waitFor(async () => {
      try {
        await drainIngest(rt, 1_000)
        return true
      } catch {
        return undefined
      }
    }, 150_000)
    await t.workers?.writer?.drain()
    expect(await landedNow()).toEqual({ ids: unique, units: unique })
    const s = await ingestStatus(rt)
    expect(s.events_total).toBe(unique)
    expect(s.duplicates_total).toBe(duplicates)
  })
})
