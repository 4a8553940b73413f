/**
 * A flush that fails must not take innocent batches down with it (issue 12, defect 1): the
 * writer bisects the flush by batch, lands the batches that land, and dead-letters the one that
 * fails alone, with its error, visible in the status API and health. When ClickHouse itself
 * refuses inserts, nothing is dead-lettered: the jobs are retried, and status and health say
 * ingest is stuck.
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadLetterCount, deadLetterEvents, latestDeadLetters } from '@/lib/clickhouse/queries/dead-letters'
import type { Event } from '@/lib/events/schema'
import type { Runtime } from '@/server/runtime'
import { ingestBodyKey } from '@/lib/redis-keys'
import { createTestRuntime, drainIngest, ingestRequest, nowIso, READ_SECRET, rawSalesAt, sale, waitFor, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleIngestStatus, handleHealth } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-dead-letter.test.ts')

const status = async (rt: Runtime) => {
  const res = await handleIngestStatus(rt, new Request('http://t/api/v1/ingest/status', { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  expect(res.status).toBe(200)
  return res.json()
}

/** Queue a batch as the API would, but without its validation: the poison nobody thought of. */
async function injectBatch(rt: Runtime, id: string, events: Event[]): Promise<void> {
  await rt.batches.put(id, Buffer.from(JSON.stringify(events)), events)
  await rt.queues.ingest.add('batch', { source: 'pos', received_at: nowIso(), format: 'json', events: events.length }, { jobId: id })
}

const poisonCustomer = (): Event => ({ type: 'customer', event_id: `poison-${Date.now()}`, ts: nowIso(), customer_id: 'C-1', segment: '\ud800' }) as Event

describe('a poison batch', () => {
  let t: TestRuntime
  beforeAll(async () => {
    // A long flush interval: the five batches share one flush, as they did in the report.
    t = await createTestRuntime({ env: { INGEST_FLUSH_MS: '1500' } })
  })
  afterAll(async () => {
    await t?.cleanup()
  })

  it('is dead-lettered with its error while the four clean batches of its flush land', async () => {
    for (let b = 0; b < 4; b++) {
      const batch = Array.from({ length: 100 }, () => sale({ location: 'L-clean', qty: 1 }))
      expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    }
    const poison = poisonCustomer()
    await injectBatch(t.rt, 'poison-batch', [poison])
    await drainIngest(t.rt, 30_000)
    await t.workers!.writer!.drain()

    expect(await rawSalesAt(t.rt, 'L-clean')).toEqual({ n: 400, units: 400 })
    const dead = await latestDeadLetters(t.rt.clickhouse.interactive)
    expect(dead).toHaveLength(1)
    expect(dead[0]).toMatchObject({ source: 'pos', events: 1, landed: 0 })
    expect(dead[0].batch).toMatch(/^poison-batch@/)
    expect(dead[0].error.length).toBeGreaterThan(0)
    // The body is kept, as the writer held it, to inspect and re-send.
    expect(await deadLetterEvents(t.rt.clickhouse.interactive, dead[0].batch)).toEqual([poison])
    expect(await deadLetterCount(t.rt.clickhouse.interactive)).toEqual({ batches: 1, events: 1 })

    const s = await status(t.rt)
    expect(s.events_total).toBe(400)
    expect(s.duplicates_total).toBe(0)
    expect(s.dead_lettered_batches).toMatchObject({ count: 1, events: 1 })
    expect(s.dead_lettered_batches.latest[0]).toMatchObject({ batch: dead[0].batch, error: dead[0].error })
    expect(s.last_flush_failure).toMatchObject({ dead_lettered: 1, outage: false })
    // Nothing is left waiting or failed: the dead letter's job completed.
    expect(s).toMatchObject({ queue_depth: 0, failed_jobs: 0, ingest_state: 'ok' })

    const health = await handleHealth(t.rt)
    expect(health.status).toBe(200)
    expect((await health.json()).ingest).toMatchObject({ state: 'ok', dead_lettered_batches: 1, failed_jobs: 0 })
  })

  it('does not stop the batches after it', async () => {
    expect((await handleIngest(t.rt, ingestRequest([sale({ location: 'L-after', qty: 2 })]))).status).toBe(202)
    await drainIngest(t.rt, 30_000)
    await waitFor(async () => (await rawSalesAt(t.rt, 'L-after')).n === 1 || undefined)
  })
})

describe('a queued body that no longer validates (read back from Redis, e.g. after an upgrade)', () => {
  let t: TestRuntime
  beforeAll(async () => {
    t = await createTestRuntime()
  })
  afterAll(async () => {
    await t?.cleanup()
  })

  it('is dead-lettered at once with its bytes, its job completes, and health stays ok', async () => {
    // Kept in Redis only (not in this process's memory), as a worker in another process finds it.
    const body = Buffer.from(JSON.stringify([{ ...sale({ location: 'L-stale' }), qty: 'two' }]))
    await t.rt.redis.set(ingestBodyKey(t.rt.redisPrefix, 'stale-batch'), body)
    await t.rt.queues.ingest.add('batch', { source: 'pos', received_at: nowIso(), format: 'json', events: 1 }, { jobId: 'stale-batch' })
    await drainIngest(t.rt, 30_000)
    expect(await t.rt.queues.ingest.getJobCounts('failed', 'delayed')).toEqual({ failed: 0, delayed: 0 })
    const [dead] = await latestDeadLetters(t.rt.clickhouse.interactive)
    expect(dead).toMatchObject({ source: 'pos', events: 1, landed: 0 })
    expect(dead.error).toMatch(/no longer validates: qty/)
    // Its bytes as they were sent, to inspect or re-send after a fix.
    expect(await deadLetterEvents(t.rt.clickhouse.interactive, dead.batch)).toEqual(JSON.parse(body.toString()))
    expect(await t.rt.redis.exists(ingestBodyKey(t.rt.redisPrefix, 'stale-batch'))).toBe(0)
    expect((await handleHealth(t.rt)).status).toBe(200)
    expect((await rawSalesAt(t.rt, 'L-stale')).n).toBe(0)
  })
})

describe('ClickHouse refusing every insert', () => {
  let t: TestRuntime
  beforeAll(async () => {
    t = await createTestRuntime({ env: { INGEST_STUCK_MS: '1000' } })
  })
  afterAll(async () => {
    await t?.cleanup()
  })

  it('dead-letters nothing, reports ingest stuck, and lands everything once ClickHouse takes inserts again', async () => {
    // The landing path's spool directory gone: every look-up and insert of the writer fails,
    // the probe insert included, while reads (status, health) still work.
    const spool = path.join(t.rt.config.DATA_DIR, 'clickhouse', 'spool')
    rmSync(spool, { recursive: true, force: true })
    try {
      for (let b = 0; b < 3; b++) {
        expect((await handleIngest(t.rt, ingestRequest(Array.from({ length: 50 }, () => sale({ location: 'L-outage', qty: 1 }))))).status).toBe(202)
      }
      await waitFor(async () => ((await t.rt.queues.ingest.getJobCounts('delayed')).delayed === 3) || undefined, 15_000)
      await new Promise((r) => setTimeout(r, 1_100))
      const s = await status(t.rt)
      expect(s.ingest_state).toBe('stuck')
      expect(s.lag_ms).toBeGreaterThanOrEqual(1_000)
      expect(s.retrying_batches).toBe(3)
      expect(s.dead_lettered_batches.count).toBe(0)
      expect(s.last_flush_failure).toMatchObject({ outage: true, dead_lettered: 0 })
      const health = await handleHealth(t.rt)
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({ status: 'degraded', redis: 'ok', clickhouse: 'ok', ingest: { state: 'stuck', dead_lettered_batches: 0 } })
    } finally {
      mkdirSync(spool, { recursive: true })
    }
    await drainIngest(t.rt, 30_000)
    expect(await rawSalesAt(t.rt, 'L-outage')).toEqual({ n: 150, units: 150 })
    expect((await deadLetterCount(t.rt.clickhouse.interactive)).batches).toBe(0)
    const s = await status(t.rt)
    expect(s).toMatchObject({ events_total: 150, ingest_state: 'ok', queue_depth: 0 })
    expect((await handleHealth(t.rt)).status).toBe(200)
  })
})
