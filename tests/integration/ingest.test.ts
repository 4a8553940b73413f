import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IngestWriter } from '@/jobs/ingest-writer'
import type { Event } from '@/lib/events/schema'
import { connectRedis, waitReady } from '@/lib/redis'
import { createQueue } from '@/lib/queues'
import { kpiRoom, type KpiSnapshot } from '@/lib/kpis/definitions'
import { startRedisServer } from '../helpers/redis-server'
import { createTestRuntime, drainIngest, ingestRequest, READ_SECRET, sale, waitFor, type TestRuntime, rawSalesAt } from '../helpers/runtime'
import { handleIngest, handleKpis, handleHealth } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest.test.ts')

let t: TestRuntime

beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.cleanup()
})

async function kpis(location: string): Promise<KpiSnapshot> {
  const res = await handleKpis(t.rt, new Request(`http://t/api/v1/kpis?location=${location}`, { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  expect(res.status).toBe(200)
  return res.json()
}

describe('ingest', () => {
  it('accepts a valid batch with 202 and lands it', async () => {
    const batch = [sale({ location: 'L-ok', qty: 2 }), sale({ location: 'L-ok', qty: 3, channel: 'ecommerce' })]
    const res = await handleIngest(t.rt, ingestRequest(batch))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ accepted: 2 })
    await drainIngest(t.rt)
    expect(await rawSalesAt(t.rt, 'L-ok')).toEqual({ n: 2, units: 5 })
    expect((await kpis('L-ok')).kpis.units_sold_today).toBe(5)
  })

  it('counts a batch posted twice once, in raw rows and in every rollup', async () => {
    const batch = [sale({ location: 'L-dup', qty: 4 }), sale({ location: 'L-dup', qty: 6 })]
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    await drainIngest(t.rt)
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    // The same events inside a different batch: a different job, deduped by the writer.
    expect((await handleIngest(t.rt, ingestRequest([...batch, sale({ location: 'L-dup', qty: 1 })]))).status).toBe(202)
    await drainIngest(t.rt)
    expect(await rawSalesAt(t.rt, 'L-dup')).toEqual({ n: 3, units: 11 })
    const k = await kpis('L-dup')
    expect(k.kpis.units_sold_today).toBe(11)
    expect(k.kpis.revenue_today).toBe(110)
    expect(k.trend.reduce((s, p) => s + p.units, 0)).toBe(11)
  })

  it('dedups replays whose timestamp has an offset that crosses midnight UTC, and old events from other days', async () => {
    // 01:30 at +02:00 is 23:30 the day before in UTC: the writer's look-up key must name the same
    // day as ClickHouse's toDate(ts), or the replay would land twice.
    const y = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    const today = new Date().toISOString().slice(0, 10)
    const batch = [
      sale({ location: 'L-tz', qty: 2, ts: `${today}T01:30:00+02:00` }),
      sale({ location: 'L-tz', qty: 3, ts: `${y}T12:00:00Z` }),
      sale({ location: 'L-tz', qty: 4, ts: '2025-06-30T23:59:59.999-05:00' }),
    ]
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    await drainIngest(t.rt)
    expect((await handleIngest(t.rt, ingestRequest([...batch].reverse()))).status).toBe(202)
    await drainIngest(t.rt)
    expect(await rawSalesAt(t.rt, 'L-tz')).toEqual({ n: 3, units: 9 })
    const rs = await t.rt.clickhouse.interactive.query({
      query: "SELECT sum(units) AS u FROM sales_daily WHERE location = 'L-tz'",
      format: 'JSONEachRow',
    })
    expect(Number((await rs.json<{ u: number }>())[0].u)).toBe(9)
  })

  it('lands an event once when the flush after it repeats it while it is still being inserted', async () => {
    // flushRows 1: every batch is a flush of its own, so flush k+1 is prepared (and looked up)
    // while flush k is inserting, before k's ids are visible in ClickHouse.
    const writer = new IngestWriter({ clickhouse: t.rt.clickhouse, flushRows: 1, flushMs: 1 })
    const batches = Array.from({ length: 6 }, (_, k) => Array.from({ length: 300 }, (_, i) => sale({ event_id: `inflight-${k}-${i}`, location: 'L-flight', qty: 1 }) as Event))
    const writes: Promise<unknown>[] = []
    for (const [k, b] of batches.entries()) {
      writes.push(writer.write({ source: 'test', events: b }))
      // The same events plus one more: another insert (its dedup token differs), so only the
      // writer's look-up and in-flight check stand between them and a second landing.
      writes.push(writer.write({ source: 'test', events: [...b, sale({ event_id: `inflight-extra-${k}`, location: 'L-flight', qty: 1 }) as Event] }))
    }
    await Promise.all(writes)
    await writer.drain()
    // A rollup sums whatever lands (raw rows of one id could merge away and hide a double landing).
    const rs = await t.rt.clickhouse.interactive.query({ query: "SELECT sum(units) AS u FROM sales_daily WHERE location = 'L-flight'", format: 'JSONEachRow' })
    expect(Number((await rs.json<{ u: number }>())[0].u)).toBe(1806)
  })

  it('dedups by id when the in-memory set of landed ids is empty, as after a restart', async () => {
    const batch = [sale({ location: 'L-empty-set', qty: 2 }), sale({ location: 'L-empty-set', qty: 3 })]
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    await drainIngest(t.rt)
    // landed_ids lives in memory (migration 013): a restart empties it, and the writer refills it.
    await t.rt.clickhouse.ingest.command({ query: 'TRUNCATE TABLE landed_ids' })
    expect((await handleIngest(t.rt, ingestRequest([...batch, sale({ location: 'L-empty-set', qty: 4 })]))).status).toBe(202)
    await drainIngest(t.rt)
    const rs = await t.rt.clickhouse.interactive.query({ query: "SELECT sum(units) AS u FROM sales_daily WHERE location = 'L-empty-set'", format: 'JSONEachRow' })
    expect(Number((await rs.json<{ u: number }>())[0].u)).toBe(9)
  })

  it('counts events repeated inside one batch once', async () => {
    const e = sale({ location: 'L-rep', qty: 5 })
    expect((await handleIngest(t.rt, ingestRequest([e, e, e]))).status).toBe(202)
    await drainIngest(t.rt)
    expect(await rawSalesAt(t.rt, 'L-rep')).toEqual({ n: 1, units: 5 })
  })

  it('rejects a batch with one invalid event with 400 naming index and field, and writes nothing', async () => {
    const before = await t.rt.queues.ingest.getJobCounts('waiting', 'active', 'completed')
    const res = await handleIngest(t.rt, ingestRequest([sale({ location: 'L-bad' }), sale({ location: 'L-bad', qty: 0 })]))
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.errors).toEqual([{ index: 1, path: 'qty', message: 'must be greater than 0' }])
    const after = await t.rt.queues.ingest.getJobCounts('waiting', 'active', 'completed')
    expect(after).toEqual(before)
    await drainIngest(t.rt)
    expect((await rawSalesAt(t.rt, 'L-bad')).n).toBe(0)
  })

  it('takes NDJSON', async () => {
    const body = [sale({ location: 'L-nd' }), sale({ location: 'L-nd' })].map((e) => JSON.stringify(e)).join('\n') + '\n'
    const res = await handleIngest(t.rt, ingestRequest(null, { raw: body, contentType: 'application/x-ndjson' }))
    expect(res.status).toBe(202)
    await drainIngest(t.rt)
    expect((await rawSalesAt(t.rt, 'L-nd')).n).toBe(2)
  })

  it('answers 401 without or with a wrong key and 403 without the ingest scope', async () => {
    expect((await handleIngest(t.rt, ingestRequest([sale()], { secret: null }))).status).toBe(401)
    expect((await handleIngest(t.rt, ingestRequest([sale()], { secret: 'not-a-key' }))).status).toBe(401)
    const forbidden = await handleIngest(t.rt, ingestRequest([sale()], { secret: READ_SECRET }))
    expect(forbidden.status).toBe(403)
    expect((await forbidden.json()).error).toContain('ingest')
    const noAuthKpis = await handleKpis(t.rt, new Request('http://t/api/v1/kpis'))
    expect(noAuthKpis.status).toBe(401)
  })

  it('answers 415 to a body without a Content-Type, or of another type, and queues nothing', async () => {
    const none = ingestRequest([sale({ location: 'L-415' })], { contentType: null })
    expect(none.headers.get('content-type')).toBeNull()
    const res = await handleIngest(t.rt, none)
    expect(res.status).toBe(415)
    expect((await res.json()).errors[0].message).toBe('Content-Type must be application/json or application/x-ndjson; the request has none')
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await handleIngest(t.rt, ingestRequest([sale({ location: 'L-415' })], { contentType }))).status).toBe(415)
    }
    expect((await handleIngest(t.rt, ingestRequest([sale({ location: 'L-415' })], { contentType: 'Application/JSON; charset=utf-8' }))).status).toBe(202)
    await drainIngest(t.rt)
    // only the one answered 202 landed
    expect((await rawSalesAt(t.rt, 'L-415')).n).toBe(1)
  })

  it('answers 413 for a body over the limit and 400 for invalid UTF-8', async () => {
    const big = 'x'.repeat(t.rt.config.MAX_BODY_BYTES + 1)
    expect((await handleIngest(t.rt, ingestRequest(null, { raw: big }))).status).toBe(413)
    const bad = new Uint8Array([0x5b, 0xff, 0xfe, 0x5d])
    const res = await handleIngest(t.rt, ingestRequest(null, { raw: bad }))
    expect(res.status).toBe(400)
    expect((await res.json()).errors[0].message).toContain('UTF-8')
  })

  it('pushes the touched location and "all" to their rooms after a flush', async () => {
    t.emitted.length = 0
    expect((await handleIngest(t.rt, ingestRequest([sale({ location: 'L-push', qty: 9 })]))).status).toBe(202)
    const pushed = await waitFor(() => t.emitted.find((e) => e.room === kpiRoom('L-push')))
    expect((pushed.payload as KpiSnapshot).kpis.units_sold_today).toBe(9)
    expect(t.emitted.some((e) => e.room === kpiRoom('all'))).toBe(true)
  })

  it('returns zeros, not an error, for an unknown location, and 400 for a malformed one', async () => {
    const k = await kpis('NOWHERE')
    expect(k.kpis).toMatchObject({ units_sold_today: 0, revenue_today: 0, stockout_risk_count: null })
    const res = await handleKpis(t.rt, new Request('http://t/api/v1/kpis?location=has%20space', { headers: { authorization: `Bearer ${READ_SECRET}` } }))
    expect(res.status).toBe(400)
    expect((await res.json()).errors[0].path).toBe('location')
  })
})

describe('when Redis is down', () => {
  it('health answers 503 naming redis, and ingest answers 503 with Retry-After', async () => {
    // A Redis of our own that we can kill: the real failure, not a connection that never opened.
    const doomed = await startRedisServer()
    const redis = connectRedis(doomed.url, 'producer')
    await waitReady(redis)
    const rt = { ...t.rt, redis, queues: { ...t.rt.queues, ingest: createQueue('ingest', redis, t.rt.redisPrefix) } }
    try {
      expect((await handleHealth(rt)).status).toBe(200)
      await doomed.kill()
      const health = await handleHealth(rt)
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({ status: 'degraded', redis: 'unavailable', clickhouse: 'ok', simulator: 'off', ingest: { state: 'unknown' } })
      const res = await handleIngest(rt, ingestRequest([sale()]))
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBeTruthy()
    } finally {
      await rt.queues.ingest.close().catch(() => {})
      redis.disconnect()
      await doomed.kill()
    }
  })

  it('health is ok when both answer', async () => {
    const res = await handleHealth(t.rt)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ok', redis: 'ok', clickhouse: 'ok', simulator: 'off',
      ingest: { state: 'ok', lag_ms: 0, queue_depth: 0, failed_jobs: 0, dead_lettered_batches: 0 },
    })
  })
})
