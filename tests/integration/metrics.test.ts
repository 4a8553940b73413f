/**
 * GET /metrics: Prometheus text for a `read` key only; the ingest counter rises by exactly the
 * events landed (a replay adds nothing), queue depths for every queue, the lag, the socket count
 * of a real signed-in connection, and dead letters from whatever the store reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveMetrics } from '@/server/metrics-server'
import { QUEUES } from '@/lib/queues'
import { createTestRuntime, drainIngest, ingestRequest, INGEST_SECRET, READ_SECRET, sale, waitFor, type TestRuntime } from '../helpers/runtime'
import { sessionCookie, signedInSocket, startRealtime } from '../helpers/socket'
import { handleMetrics, handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('metrics.test.ts')

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime()
}, 60_000)
afterAll(async () => {
  await t?.cleanup()
})

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** The samples of a Prometheus text exposition (`name{a="b"} value` lines; comments skipped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m) throw new Error(`not an exposition line: ${line}`)
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]))
    samples.push({ name: m[1], labels, value: Number(m[3]) })
  }
  return samples
}

async function scrape(secret: string | null = READ_SECRET) {
  const headers: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {}
  return handleMetrics(t.rt, new Request('http://t/metrics', { headers }))
}

async function samples(): Promise<Sample[]> {
  const res = await scrape()
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/plain')
  return parse(await res.text())
}

const value = (s: Sample[], name: string, labels: Record<string, string> = {}) =>
  s.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value

describe('GET /metrics', () => {
  it('needs a key with the read scope', async () => {
    const none = await scrape(null)
    expect(none.status).toBe(401)
    expect(await none.text()).not.toContain('stockpulse_')
    expect((await scrape('not-a-key')).status).toBe(401)
    const ingestKey = await scrape(INGEST_SECRET)
    expect(ingestKey.status).toBe(403)
    expect(await ingestKey.text()).toContain('read')
  })

  it('counts exactly the events landed, and a replay not at all', async () => {
    const before = await samples()
    const ingested0 = value(before, 'stockpulse_ingest_events_total') ?? NaN
    const flushes0 = value(before, 'stockpulse_ingest_flush_duration_seconds_count', { phase: 'insert' }) ?? 0
    expect(ingested0).toBe(0)

    const batch = Array.from({ length: 7 }, (_, i) => sale({ location: 'MET-1', qty: i + 1 }))
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    await drainIngest(t.rt)
    const after = await waitFor(async () => {
      const s = await samples()
      return value(s, 'stockpulse_ingest_events_total') === ingested0 + 7 ? s : undefined
    })
    expect(value(after, 'stockpulse_ingest_flush_duration_seconds_count', { phase: 'insert' })).toBeGreaterThan(flushes0)
    expect(value(after, 'stockpulse_ingest_flushes_total')).toBeGreaterThanOrEqual(1)

    // The same events again (a new batch, so a new job): landed once, counted once.
    expect((await handleIngest(t.rt, ingestRequest([...batch].reverse()))).status).toBe(202)
    await drainIngest(t.rt)
    await waitFor(async () => (value(await samples(), 'stockpulse_ingest_duplicates_total') ?? 0) >= 7 || undefined)
    expect(value(await samples(), 'stockpulse_ingest_events_total')).toBe(ingested0 + 7)
  })

  it('reports every queue by state, the ingest lag, sockets and dead letters', async () => {
    // The nightly schedule's next run is a delayed job already; one more shows up.
    const delayed0 = value(await samples(), 'stockpulse_queue_jobs', { queue: 'recompute', state: 'delayed' }) ?? NaN
    await t.rt.queues.recompute.add('metrics-test', { requested_by: 'test' }, { delay: 60_000 })
    const sa = await startRealtime(t.rt)
    t.rt.metrics.setSocketCount(() => sa.realtime.io.engine.clientsCount)
    const socket = await signedInSocket(sa.url, await sessionCookie(t.rt))
    try {
      const s = await samples()
      for (const q of Object.values(QUEUES)) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(value(s, 'stockpulse_queue_jobs', { queue: q.name, state }), `${q.name} ${state}`).toBeTypeOf('number')
      }
      expect(value(s, 'stockpulse_queue_jobs', { queue: 'recompute', state: 'delayed' })).toBe(delayed0 + 1)
      expect(value(s, 'stockpulse_ingest_lag_seconds')).toBe(0)
      expect(value(s, 'stockpulse_socket_connections')).toBe(1)
      expect(value(s, 'stockpulse_dead_letters')).toBe(0)
      expect(value(s, 'process_cpu_seconds_total')).toBeTypeOf('number')

      t.rt.metrics.setDeadLetterCount(async () => 3)
      expect(value(await samples(), 'stockpulse_dead_letters')).toBe(3)
    } finally {
      socket.close()
      await sa.close()
    }
  })

  it('times each recompute run', async () => {
    const runs = async () => value(await samples(), 'stockpulse_recompute_duration_seconds_count', { outcome: 'completed' }) ?? 0
    const before = await runs()
    await t.rt.queues.recompute.add('metrics-run', { requested_by: 'test' })
    await waitFor(async () => (await runs()) === before + 1 || undefined, 20_000)
    expect(value(await samples(), 'stockpulse_recompute_duration_seconds_sum', { outcome: 'completed' })).toBeGreaterThan(0)
  })

  it('is served by a worker-only process on METRICS_PORT, with the same key check', async () => {
    const served = await serveMetrics(t.rt, 0, '127.0.0.1')
    try {
      expect((await fetch(served.url)).status).toBe(401)
      expect((await fetch(served.url, { headers: { authorization: `Bearer ${INGEST_SECRET}` } })).status).toBe(403)
      const res = await fetch(served.url, { headers: { authorization: `Bearer ${READ_SECRET}` } })
      expect(res.status).toBe(200)
      expect(value(parse(await res.text()), 'stockpulse_ingest_events_total')).toBe(7)
      expect((await fetch(served.url.replace('/metrics', '/other'))).status).toBe(404)
    } finally {
      await served.close()
    }
  })

  it('measures the lag as the oldest waiting batch\'s age', async () => {
    await t.workers!.close()
    t.workers = undefined
    expect((await handleIngest(t.rt, ingestRequest([sale({ location: 'MET-LAG' })]))).status).toBe(202)
    await new Promise((r) => setTimeout(r, 1_100))
    const lag = value(await samples(), 'stockpulse_ingest_lag_seconds') ?? 0
    expect(lag).toBeGreaterThanOrEqual(1)
    expect(lag).toBeLessThan(10)
  })
})
