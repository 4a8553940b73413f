/**
 * bench:soak: the server under steady load for a long while. For BENCH_SOAK_MIN minutes (default
 * 30) it takes BENCH_SOAK_EPS mixed events/s (default 5,000, in batches of BENCH_SOAK_BATCH, 500)
 * through the HTTP API on 127.0.0.1, while BENCH_SOAK_SOCKETS (200) signed-in Socket.IO clients
 * watch KPI rooms (half `all`, the rest the load's locations, two the probe location). Every 2 s a
 * one-sale probe is posted to the probe location and timed until a watcher is pushed the snapshot
 * that counts it (POST to pushed snapshot: the browser's paint adds tens of ms, bench:freshness).
 *
 * Measured: server RSS every 5 s (growth from the first window after warm-up, BENCH_SOAK_WARMUP_MIN,
 * default a fifth of the run, at most 5, to the last), errors (failed posts, socket connect errors
 * and disconnects), lost events (accepted vs landed once the queue drained at the end), probe
 * freshness p50/p95 per window (BENCH_SOAK_WINDOW_MIN, default 5, at most a fifth of the run).
 */
import { io, type Socket } from 'socket.io-client'
import { ALL_LOCATIONS, KPI_EVENT, type KpiSnapshot } from '@/lib/kpis/definitions'
import { latencyStats, loadAverage, percentile, printTable, rssMiB, signIn, ingestStatus, startServerProcess } from './lib'
import { runIngestLoad, seedMasterData } from './ingest-load'
import { createApiClient } from '@/lib/api/client'

const MINUTES = Number(process.env.BENCH_SOAK_MIN ?? 30)
const EPS = Number(process.env.BENCH_SOAK_EPS ?? 5_000)
const BATCH = Number(process.env.BENCH_SOAK_BATCH ?? 500)
const SOCKETS = Number(process.env.BENCH_SOAK_SOCKETS ?? 200)
const WARMUP_MIN = Number(process.env.BENCH_SOAK_WARMUP_MIN ?? Math.min(5, MINUTES / 5))
const WINDOW_MIN = Number(process.env.BENCH_SOAK_WINDOW_MIN ?? Math.min(5, MINUTES / 5))
const KEY = 'bench-ingest-secret'
const PROBE_LOCATION = 'SOAK-1'
const PROBE_EVERY_MS = 2_000
const PROBE_TIMEOUT_MS = 30_000
const LOAD_LOCATIONS = Array.from({ length: 50 }, (_, i) => `BL${String(i).padStart(2, '0')}`)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))


interface Watchers {
  sockets: Socket[]
  errors: { connect: number; disconnects: number; subscribe: number }
  pushes: number[]
  /** Latest units_sold_today pushed for the probe location, and when. */
  onProbe: (fn: (units: number, at: number) => void) => void
}

async function openWatchers(url: string, cookie: string, n: number): Promise<Watchers> {
  const errors = { connect: 0, disconnects: 0, subscribe: 0 }
  const pushes = Array.from({ length: n }, () => 0)
  const probeListeners: ((units: number, at: number) => void)[] = []
  const sockets: Socket[] = []
  for (let i = 0; i < n; i++) {
    const location = i < 2 ? PROBE_LOCATION : i % 2 ? ALL_LOCATIONS : LOAD_LOCATIONS[i % LOAD_LOCATIONS.length]
    const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnectionDelay: 500 })
    socket.on('connect_error', () => errors.connect++)
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') errors.disconnects++
    })
    // (Re)subscribe on every connect, as the board does.
    socket.on('connect', () =>
      socket.emit('subscribe', { location }, (r: { ok: boolean }) => {
        if (!r?.ok) errors.subscribe++
      }),
    )
    socket.on(KPI_EVENT, (s: KpiSnapshot) => {
      pushes[i]++
      if (s.location === PROBE_LOCATION) for (const fn of probeListeners) fn(s.kpis.units_sold_today ?? 0, Date.now())
    })
    sockets.push(socket)
  }
  const deadline = Date.now() + 60_000
  while (sockets.some((s) => !s.connected)) {
    if (Date.now() > deadline) throw new Error(`${sockets.filter((s) => !s.connected).length} of ${n} sockets did not connect within 60 s`)
    await sleep(100)
  }
  return { sockets, errors, pushes, onProbe: (fn) => probeListeners.push(fn) }
}

async function main() {
  const server = await startServerProcess(
    { SIMULATOR: 'off', API_KEYS: `bench:${KEY}:ingest+read`, REDIS_PREFIX: `spsoak${process.pid}`, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    Number(process.env.BENCH_PORT ?? 3234),
  )
  const api = createApiClient({ baseUrl: server.url, apiKey: KEY })
  const status = () => ingestStatus(api)
  const pid = server.child.pid!
  let watchers: Watchers | undefined
  try {
    const catalogue = await seedMasterData(server.url, KEY)
    let before = 0
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      const st = await status()
      before = st.events_total
      if (before >= catalogue && st.queue_depth === 0) break
    }
    watchers = await openWatchers(server.url, await signIn(server.url), SOCKETS)

    // Probe freshness: post one sale, wait for the pushed snapshot that counts it.
    let probeUnits = 0
    let waiting: { target: number; sentAt: number; resolve: (at: number) => void } | undefined
    watchers.onProbe((units, at) => {
      if (waiting && units >= waiting.target) {
        waiting.resolve(at)
        waiting = undefined
      }
    })
    const startedAt = Date.now()
    const endAt = startedAt + MINUTES * 60_000
    const warmupEnd = startedAt + WARMUP_MIN * 60_000
    let done = false
    const load = runIngestLoad({ url: server.url, key: KEY, seconds: MINUTES * 60, concurrency: 2, batch: BATCH, eventsPerSecond: EPS, tolerateErrors: true, stop: () => done })
    const probes: { at: number; ms: number }[] = []
    let probeAccepted = 0
    let probeErrors = 0
    let probeTimeouts = 0
    const rss: { at: number; mib: number }[] = []
    const rssTimer = setInterval(() => rss.push({ at: Date.now(), mib: rssMiB(pid) }), 5_000)
    const progressTimer = setInterval(() => {
      const min = ((Date.now() - startedAt) / 60_000).toFixed(1)
      const recent = probes.filter((p) => p.at > Date.now() - 60_000).map((p) => p.ms)
      console.log(`[soak] ${min} min: RSS ${rssMiB(pid).toFixed(0)} MiB, probe p95 last minute ${recent.length ? percentile(recent.sort((a, b) => a - b), 95) : '-'} ms, load ${loadAverage()}`)
    }, 60_000)
    for (let i = 0; Date.now() < endAt; i++) {
      const tick = Date.now()
      const sentAt = Date.now()
      const paintedAt = new Promise<number>((resolve) => (waiting = { target: probeUnits + 1, sentAt, resolve }))
      try {
        const { response: res } = await api.POST('/api/v1/events', {
          body: [{ type: 'sale', event_id: `soak-${process.pid}-${i}`, ts: new Date().toISOString(), sku: 'SKU-SOAK', location: PROBE_LOCATION, channel: 'store', qty: 1, unit_price: 1 }],
        })
        if (res.status !== 202) throw new Error(String(res.status))
        probeAccepted++
        probeUnits++
        const at = await Promise.race([paintedAt, sleep(PROBE_TIMEOUT_MS).then(() => undefined)])
        if (at === undefined) {
          probeTimeouts++
          waiting = undefined
        } else probes.push({ at: sentAt, ms: at - sentAt })
      } catch {
        probeErrors++
        waiting = undefined
      }
      await sleep(Math.max(0, tick + PROBE_EVERY_MS - Date.now()))
    }
    done = true
    const loaded = await load
    clearInterval(rssTimer)
    clearInterval(progressTimer)
    const sendEnd = Date.now()

    // Lost: everything acknowledged (202) must have landed once the queue drained.
    const accepted = loaded.accepted + probeAccepted
    let landed = 0
    for (;;) {
      const st = await status()
      landed = st.events_total - before
      if ((landed >= accepted && st.queue_depth === 0) || Date.now() - sendEnd > 180_000) break
      await sleep(500)
    }

    // RSS: median of the first window after warm-up against the median of the last window.
    const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50)
    const windowMs = WINDOW_MIN * 60_000
    const afterWarmup = rss.filter((r) => r.at >= warmupEnd)
    const firstRss = median(afterWarmup.filter((r) => r.at < warmupEnd + windowMs).map((r) => r.mib))
    const lastRss = median(afterWarmup.filter((r) => r.at >= endAt - windowMs).map((r) => r.mib))
    const growth = (lastRss - firstRss) / firstRss
    const errors = loaded.errors + probeErrors + probeTimeouts + watchers.errors.connect + watchers.errors.disconnects + watchers.errors.subscribe
    const lost = accepted - landed

    const windows: { metric: string; value: string; target?: string; ok?: boolean }[] = []
    let worstP95 = 0
    for (let w = startedAt; w < endAt - 1_000; w += windowMs) {
      const samples = probes.filter((p) => p.at >= w && p.at < w + windowMs).map((p) => p.ms)
      const s = latencyStats(samples)
      if (s.n) worstP95 = Math.max(worstP95, s.p95)
      const minutes = (t: number) => {
        const m = (t - startedAt) / 60_000
        return Number.isInteger(m) ? String(m) : m.toFixed(1)
      }
      windows.push({
        metric: `  probe freshness, minutes ${minutes(w)}-${minutes(Math.min(w + windowMs, endAt))} (${s.n} probes)`,
        value: s.n ? `p50 ${s.p50} / p95 ${s.p95} ms` : 'no probes',
        target: '<= 1000 ms',
        ok: s.n > 0 && s.p95 <= 1000,
      })
    }
    const minPushes = Math.min(...watchers.pushes)
    printTable(`bench:soak: ${MINUTES} min at ${EPS.toLocaleString('en-GB')} events/s (batches of ${BATCH}), ${SOCKETS} live sockets; load average at end ${loadAverage()}`, [
      { metric: 'events/s accepted', value: Math.round(loaded.accepted / ((loaded.endedAt - loaded.startedAt) / 1000)).toLocaleString('en-GB'), target: `~${EPS.toLocaleString('en-GB')}` },
      { metric: `server RSS, first ${WINDOW_MIN} min after ${WARMUP_MIN} min warm-up (median)`, value: `${firstRss.toFixed(0)} MiB` },
      { metric: `server RSS, last ${WINDOW_MIN} min (median)`, value: `${lastRss.toFixed(0)} MiB` },
      { metric: 'server RSS growth after warm-up', value: `${(growth * 100).toFixed(1)} %`, target: '< 10 %', ok: growth < 0.1 },
      { metric: 'server RSS max', value: `${Math.max(...rss.map((r) => r.mib)).toFixed(0)} MiB` },
      { metric: 'errors (posts, probe timeouts, socket errors/drops)', value: `${errors} (${loaded.errors} posts, ${probeErrors + probeTimeouts} probes, ${watchers.errors.connect} connect, ${watchers.errors.disconnects} drops, ${watchers.errors.subscribe} subscribe)`, target: '0', ok: errors === 0 },
      { metric: '429/503 answers (retried)', value: String(loaded.throttled) },
      { metric: 'lost (acknowledged, not landed)', value: `${lost} (${landed.toLocaleString('en-GB')} landed of ${accepted.toLocaleString('en-GB')})`, target: '0', ok: lost === 0 },
      { metric: 'KPI pushes per socket (min)', value: String(minPushes), ok: minPushes > 0 },
      { metric: 'probe freshness, worst window p95', value: `${worstP95} ms`, target: '<= 1000 ms', ok: probes.length > 0 && worstP95 <= 1000 },
      ...windows,
    ])
  } finally {
    for (const s of watchers?.sockets ?? []) s.disconnect()
    await server.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
