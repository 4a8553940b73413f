/**
 * bench:ingest: drive POST /api/v1/events on 127.0.0.1 with batches of 5,000 mixed events for a
 * bounded time, then wait for everything accepted to land in ClickHouse. Prints events/s
 * accepted and landed, API latency, lag at the end, parts per partition and peak RSS, and checks
 * that what landed equals what was accepted (no loss, no duplicates). The catalogue (50 locations,
 * 10,000 products) is posted and landed first, outside the clock.
 *
 * Env: BENCH_SECONDS (default 30), BENCH_BATCH (5000), BENCH_CONCURRENCY (4), BENCH_PORT,
 * INGEST_MAX_BACKLOG (200 batches accepted and not landed, then 429).
 */
import { cpuSeconds, peakRssMiB, percentile, printTable, ingestStatus, startServerProcess } from './lib'
import { runIngestLoad, seedMasterData } from './ingest-load'
import { createApiClient } from '@/lib/api/client'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30)
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const KEY = 'bench-ingest-secret'

async function main() {
  const server = await startServerProcess(
    { SIMULATOR: 'off', API_KEYS: `bench:${KEY}:ingest+read`, REDIS_PREFIX: `spbenchi${process.pid}`, INGEST_MAX_BACKLOG: process.env.INGEST_MAX_BACKLOG ?? '200', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    Number(process.env.BENCH_PORT ?? 3232),
  )
  const api = createApiClient({ baseUrl: server.url, apiKey: KEY })
  const status = () => ingestStatus(api)
  try {
    const catalogue = await seedMasterData(server.url, KEY)
    let before = 0
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const st = await status()
      before = st.events_total
      if (before >= catalogue && st.queue_depth === 0) break
    }
    const cpu0 = cpuSeconds(server.child.pid!)
    const load = await runIngestLoad({ url: server.url, key: KEY, seconds: SECONDS, concurrency: CONCURRENCY, batch: BATCH })
    const { accepted, throttled, latencies } = load
    const t0 = load.startedAt
    const sendEnd = load.endedAt
    let landed = 0
    for (;;) {
      const st = await status()
      landed = st.events_total - before
      if ((landed >= accepted && st.queue_depth === 0) || Date.now() - sendEnd > 120_000) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const landEnd = Date.now()
    const cpuPerEventUs = ((cpuSeconds(server.child.pid!) - cpu0) / landed) * 1e6
    const { data: storage } = await api.GET('/api/v1/ops/storage')
    if (!storage) throw new Error('storage summary not answered')
    const rawRows = storage.tables
      .filter((t) => ['raw_sales', 'raw_returns', 'raw_inventory_snapshots', 'raw_inventory_movements', 'raw_price_changes'].includes(t.table))
    const rawTotal = rawRows.reduce((s, t) => s + t.rows, 0)
    const maxParts = Math.max(...storage.tables.map((t) => t.max_parts_per_partition))
    latencies.sort((a, b) => a - b)
    const acceptedRate = accepted / ((sendEnd - t0) / 1000)
    const landedRate = landed / ((landEnd - t0) / 1000)
    printTable(`bench:ingest: ${SECONDS}s, batches of ${BATCH} mixed events, ${CONCURRENCY} concurrent senders`, [
      { metric: 'events accepted', value: accepted.toLocaleString('en-GB') },
      { metric: 'events/s accepted', value: Math.round(acceptedRate).toLocaleString('en-GB') },
      { metric: 'events/s landed (sustained, start to all landed)', value: Math.round(landedRate).toLocaleString('en-GB'), target: '>= 100,000', ok: landedRate >= 100_000 },
      { metric: 'API latency p50', value: `${percentile(latencies, 50)} ms` },
      { metric: 'API latency p95', value: `${percentile(latencies, 95)} ms` },
      { metric: '429/503 answers (retried)', value: String(throttled) },
      { metric: 'lag at end (last accept to all landed)', value: `${landEnd - sendEnd} ms` },
      { metric: 'server CPU per landed event (all threads)', value: `${cpuPerEventUs.toFixed(1)} µs` },
      { metric: 'max active parts per partition', value: String(maxParts) },
      { metric: 'server peak RSS', value: `${peakRssMiB(server.child.pid!).toFixed(0)} MiB` },
      { metric: 'loss check: landed == accepted', value: `${landed} vs ${accepted}`, ok: landed === accepted },
      { metric: 'duplicate check: raw rows == accepted', value: `${rawTotal} vs ${accepted}`, ok: rawTotal === accepted },
    ])
  } finally {
    await server.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
