/**
 * The API contract over HTTP: the app's routes served on a real port (tests/helpers/route-server.ts)
 * with real Redis and ClickHouse, called with the typed client the project's callers use
 * (lib/api/client.ts) and with `npm run import`'s server target; every answer is checked against
 * the OpenAPI document before it is sent. Covers what the other integration tests do not: every
 * operation's 401 and 403, storage, metrics, the document itself, imports and their undo over
 * HTTP, a forecast per channel, and the job routes' errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setRuntime } from '@/server/runtime'
import { openImportTarget } from '@/server/import/target'
import { createApiClient, type ApiClient } from '@/lib/api/client'
import { createTestRuntime, drainIngest, INGEST_SECRET, nowIso, rawSalesAt, READ_SECRET, sale, type TestRuntime } from '../helpers/runtime'
import { OPERATIONS, checkContractClaims } from '../helpers/contract'
import { ROUTES, serveRoutes, type RouteServer } from '../helpers/route-server'
import { startRedisServer } from '../helpers/redis-server'
import { handleJobs, handleRecompute } from '../helpers/api'
import { connectRedis, waitReady } from '@/lib/redis'
import { createQueue } from '@/lib/queues'

checkContractClaims('contract.test.ts')

const ACTIONS_SECRET = 'test-actions-secret'
let t: TestRuntime
let server: RouteServer
let dir: string
let api: { read: ApiClient; ingest: ApiClient; actions: ApiClient; none: ApiClient }

beforeAll(async () => {
  t = await createTestRuntime({ env: { API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read,ops:${ACTIONS_SECRET}:actions` } })
  setRuntime(t.rt)
  server = await serveRoutes()
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-contract-'))
  const client = (apiKey?: string) => createApiClient({ baseUrl: server.url, apiKey })
  api = { read: client(READ_SECRET), ingest: client(INGEST_SECRET), actions: client(ACTIONS_SECRET), none: client() }
}, 60_000)
afterAll(async () => {
  await server?.close()
  setRuntime(undefined)
  await t?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})
afterEach(() => {
  // An answer the document does not describe was turned into a 500 and kept here.
  expect(server.problems.splice(0)).toEqual([])
})

describe('every operation', () => {
  it('is served by a route', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(OPERATIONS.map((op) => op.operationId).sort())
  })
})

describe('every operation that needs credentials', () => {
  const secured = OPERATIONS.filter((op) => (op as unknown as { security: unknown[] }).security?.length)
  const scopeOf = (op: (typeof OPERATIONS)[number]) => ((op as unknown as { security: { apiKey?: string[] }[] }).security[0].apiKey ?? [])[0]

  it('answers 401 without credentials and 403 to a key without its scope', async () => {
    expect(secured.length).toBeGreaterThanOrEqual(13)
    for (const op of secured) {
      const url = `${server.url}${op.path.replace(/\{\w+\}/g, 'x-1')}`
      const noKey = await fetch(url, { method: op.method })
      expect(noKey.status, `${op.operationId} without credentials`).toBe(401)
      expect(noKey.headers.get('www-authenticate')).toBe('Bearer realm="stockpulse"')
      const otherScope = scopeOf(op) === 'read' ? INGEST_SECRET : READ_SECRET
      const forbidden = await fetch(url, { method: op.method, headers: { authorization: `Bearer ${otherScope}` } })
      expect(forbidden.status, `${op.operationId} with a key without ${scopeOf(op)}`).toBe(403)
      // Session-only operations (admin work: users, API keys) refuse every key, whatever its scopes.
      const error = (await forbidden.json()).error
      if (scopeOf(op)) expect(error).toContain(`"${scopeOf(op)}" scope`)
      else expect(error).toMatch(/API keys may not/)
    }
  })
})

describe('the typed client', () => {
  it('posts events as a typed array and as NDJSON already serialised; they land', async () => {
    const sent = await api.ingest.POST('/api/v1/events', { body: [{ type: 'sale', event_id: 'ct-1', ts: nowIso(), sku: 'SKU-1', location: 'CT-1', channel: 'store', qty: 2, unit_price: 3 }] })
    expect(sent.response.status).toBe(202)
    expect(sent.data).toEqual({ accepted: 1 })
    const ndjson = [sale({ location: 'CT-1', qty: 3 }), sale({ location: 'CT-1', qty: 4 })].map((e) => JSON.stringify(e)).join('\n')
    const nd = await api.ingest.POST('/api/v1/events', { body: ndjson, headers: { 'content-type': 'application/x-ndjson' } })
    expect(nd.data).toEqual({ accepted: 2 })
    const bad = await api.ingest.POST('/api/v1/events', { body: JSON.stringify([sale({ location: 'CT-1', qty: -1 })]) })
    expect(bad.response.status).toBe(400)
    expect(bad.error).toMatchObject({ errors: [{ index: 0, path: 'qty' }] })
    await drainIngest(t.rt)
    expect(await rawSalesAt(t.rt, 'CT-1')).toEqual({ n: 3, units: 9 })
  })

  it('reads KPIs (zeros and nulls for a location nothing covers), ingest status, storage, health, metrics and the document', async () => {
    const kpis = await api.read.GET('/api/v1/kpis', { params: { query: { location: 'CT-1' } } })
    expect(kpis.data?.kpis.units_sold_today).toBe(9)
    const dc = await api.read.GET('/api/v1/kpis', { params: { query: { location: 'CT-NOWHERE' } } })
    expect(dc.data?.kpis).toMatchObject({ units_sold_today: 0, revenue_today: 0, fill_rate: null, stockout_risk_count: null })
    expect(dc.data?.planning_as_of).toBeNull()
    const status = await api.read.GET('/api/v1/ingest/status')
    expect(status.data?.events_total).toBeGreaterThanOrEqual(3)
    const storage = await api.read.GET('/api/v1/ops/storage')
    expect(storage.data?.tables.find((x) => x.table === 'raw_sales')?.rows).toBeGreaterThanOrEqual(3)
    expect((await api.none.GET('/api/health')).data?.status).toBe('ok')
    const scraped = await api.read.GET('/metrics', { parseAs: 'text' })
    expect(scraped.data).toContain('stockpulse_ingest_events_total')
    const doc = await api.none.GET('/api/v1/openapi.json')
    expect(doc.data?.openapi).toBe('3.1.0')
  })

  it('answers a forecast per channel where several sell, 400 for a bad query and 404 for unknown keys', async () => {
    const row = (channel: string) => ({ location: 'CT-F', sku: 'SKU-F', channel, model: 'ets', model_version: '1', start_date: nowIso().slice(0, 10), mean: [1, 2], lower: [0, 1], upper: [2, 3], d: 1.5, sd_d: 0.5, segment: 'AX', run_id: 'ct', computed_at: nowIso() })
    await t.rt.clickhouse.insertRows('heavy', 'forecasts', [row('store'), row('ecommerce')])
    const both = await api.read.GET('/api/v1/forecasts', { params: { query: { sku: 'SKU-F', location: 'CT-F' } } })
    expect(both.data && 'channels' in both.data ? both.data.channels.map((f) => f.channel) : []).toEqual(['ecommerce', 'store'])
    const one = await api.read.GET('/api/v1/forecasts', { params: { query: { sku: 'SKU-F', location: 'CT-F', channel: 'store' } } })
    expect(one.data && 'points' in one.data ? one.data.points.map((p) => p.mean) : []).toEqual([1, 2])
    expect((await api.read.GET('/api/v1/forecasts', { params: { query: { sku: 'has space', location: 'CT-F' } } })).response.status).toBe(400)
    expect((await api.read.GET('/api/v1/forecasts', { params: { query: { sku: 'SKU-NONE', location: 'CT-F' } } })).response.status).toBe(404)
    expect((await api.read.GET('/api/v1/policies', { params: { query: { sku: 'SKU-NONE', location: 'CT-F' } } })).response.status).toBe(404)
    expect((await api.read.GET('/api/v1/risk', { params: { query: { location: 'CT-F' } } })).data).toEqual([])
  })

  it('starts a recompute and reads the jobs and the job; 400 for a bad job id, 404 for an unknown one', async () => {
    const started = await api.actions.POST('/api/v1/recompute')
    expect(started.response.status).toBe(202)
    const jobId = started.data!.job_id
    const listed = await api.read.GET('/api/v1/jobs', { params: { query: { limit: 5 } } })
    expect(listed.data?.jobs.map((j) => j.id)).toContain(jobId)
    const job = await api.read.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } })
    expect(job.data?.requested_by).toBe('key:ops')
    expect((await api.read.GET('/api/v1/jobs/{id}', { params: { path: { id: 'no job' } } })).response.status).toBe(400)
    expect((await api.read.GET('/api/v1/jobs/{id}', { params: { path: { id: 'no-such-job' } } })).response.status).toBe(404)
  })
})

describe('npm run import against a running server', () => {
  const env = () => ({ IMPORT_URL: server.url, IMPORT_API_KEY: INGEST_SECRET })
  const csv = (name: string, rows: string[]) => {
    const file = path.join(dir, name)
    writeFileSync(file, ['event_id,ts,sku,location,channel,qty,unit_price', ...rows].join('\n') + '\n')
    return file
  }

  it('imports strict, refuses a bad file naming its line, skips bad rows into a rejects file, and undoes an import', async () => {
    const target = await openImportTarget(env(), { source: 'csv-import' })
    expect(target.kind).toBe('server')
    const good = await target.run({ type: 'sale', input: csv('good.csv', [`ct-i1,${nowIso()},SKU-1,CT-I,store,2,5`, `ct-i2,${nowIso()},SKU-1,CT-I,store,3,5`]), mode: 'strict' })
    expect(good).toMatchObject({ ok: true, rows: 2, landed: 2, duplicates: 0, rejected: 0 })
    expect(good.import_id).toMatch(/^imp-/)

    const refused = await target.run({ type: 'sale', input: csv('bad.csv', [`ct-i3,${nowIso()},SKU-1,CT-I,store,0,5`]), mode: 'strict' })
    expect(refused).toMatchObject({ ok: false, rows: 1, landed: 0, rejected: 1 })
    expect(refused.errors[0].line).toBe(2)

    const rejectsPath = path.join(dir, 'skip.rejects.csv')
    const skipped = await target.run({ type: 'sale', input: csv('skip.csv', [`ct-i4,${nowIso()},SKU-1,CT-J,store,1,5`, `ct-i5,${nowIso()},SKU-1,CT-J,store,-1,5`]), mode: 'skip-bad', rejectsPath })
    expect(skipped).toMatchObject({ ok: true, landed: 1, rejected: 1, rejectsPath })
    expect(readFileSync(rejectsPath, 'utf8')).toContain('ct-i5')

    const undone = await api.actions.DELETE('/api/v1/imports/{id}', { params: { path: { id: good.import_id! } } })
    expect(undone.data).toMatchObject({ status: 'undone', rows_removed: 2 })
    const again = await api.actions.DELETE('/api/v1/imports/{id}', { params: { path: { id: good.import_id! } } })
    expect(again.response.status).toBe(409)
    expect((await api.actions.DELETE('/api/v1/imports/{id}', { params: { path: { id: 'imp-none' } } })).response.status).toBe(404)
    await target.close()
  })

  it('answers 415 to a body that is not CSV', async () => {
    const res = await api.ingest.POST('/api/v1/imports', { params: { query: { type: 'sale' } }, body: '{}', headers: { 'content-type': 'application/json' } })
    expect(res.response.status).toBe(415)
  })
})

describe('when the job queue is down', () => {
  it('answers 503 with Retry-After to a recompute and to the job list', async () => {
    // A Redis of our own that we can kill: the real failure.
    const doomed = await startRedisServer()
    const redis = connectRedis(doomed.url, 'producer')
    await waitReady(redis)
    const rt = { ...t.rt, redis, queues: { ...t.rt.queues, recompute: createQueue('recompute', redis, t.rt.redisPrefix) } }
    rt.queues.recompute.on('error', () => {}) // the outage is the point: no noise about it
    const headers = { authorization: `Bearer ${ACTIONS_SECRET}` }
    try {
      await doomed.kill()
      const started = await handleRecompute(rt, new Request('http://t/api/v1/recompute', { method: 'POST', headers }))
      expect(started.status).toBe(503)
      const listed = await handleJobs(rt, new Request('http://t/api/v1/jobs', { headers: { authorization: `Bearer ${READ_SECRET}` } }))
      expect(listed.status).toBe(503)
    } finally {
      await rt.queues.recompute.close().catch(() => {})
      redis.disconnect()
      await doomed.kill()
    }
  })
})
