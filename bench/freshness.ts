/**
 * bench:freshness: from POST /api/v1/events to the new value painted on the board in Chromium.
 * Runs the real server (as `npm start` does), signs in, opens the board filtered to a probe
 * location, posts N sales there one at a time, and times each until the units tile shows it.
 * Also reports the time to /api/health ok and the server's RSS at idle.
 *
 * Under load:
 * - BENCH_SIMULATOR=on: the simulator runs (a year of backfill on a fresh data directory, then
 *   its live stream); probing starts once the stream is flowing.
 * - BENCH_INGEST_LOAD=1: bench:ingest's load (batches of BENCH_BATCH mixed events from
 *   BENCH_CONCURRENCY senders) runs while probing, as fast as the API accepts it, or paced to
 *   BENCH_LOAD_EPS events/s.
 */
import { chromium } from 'playwright-core'
import { percentile, printTable, rssMiB, startServerProcess } from './lib'
import { runIngestLoad, seedMasterData } from './ingest-load'
import { createApiClient } from '@/lib/api/client'

const N = Number(process.env.BENCH_EVENTS ?? 50)
const KEY = 'bench-ingest-secret'
const SIMULATOR = process.env.BENCH_SIMULATOR ?? 'off'
const INGEST_LOAD = process.env.BENCH_INGEST_LOAD === '1'
const PROBE_LOCATION = 'BENCH-1'
const PROBE_TIMEOUT_MS = 60_000

/**
 * Wait until the simulator streams live: its backfill is over (/api/health says so), then its
 * catch-up burst of today's events so far has had time to land.
 */
async function waitForSimulatorStream(url: string): Promise<void> {
  const deadline = Date.now() + 600_000
  while (Date.now() < deadline) {
    const { data, error } = await createApiClient({ baseUrl: url }).GET('/api/health')
    if ((data ?? error)?.simulator === 'live') {
      await new Promise((r) => setTimeout(r, 15_000))
      return
    }
    await new Promise((r) => setTimeout(r, 2_000))
  }
  throw new Error('the simulator did not start streaming within 10 minutes')
}

async function main() {
  const server = await startServerProcess(
    { SIMULATOR, API_KEYS: `bench:${KEY}:ingest+read`, REDIS_PREFIX: `spbench${process.pid}` },
    Number(process.env.BENCH_PORT ?? 3231),
  )
  try {
    await new Promise((r) => setTimeout(r, 5_000))
    const idleRss = rssMiB(server.child.pid!)

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const page = await browser.newPage()
    if (SIMULATOR === 'on') await waitForSimulatorStream(server.url)
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/board?location=${PROBE_LOCATION}`)}`)
    await page.fill('#email', 'ops@stockpulse.demo')
    await page.fill('#password', 'stockpulse')
    await page.click('button[type=submit]')
    await page.waitForSelector('[data-testid=live-indicator][data-status=live]')
    // Record, in the page, when the units tile's text changes (wall clock, same machine).
    await page.evaluate(() => {
      const w = window as unknown as { __changes: { at: number; text: string }[] }
      w.__changes = []
      const el = document.querySelector('[data-testid=kpi-units_sold_today]')!
      new MutationObserver(() => {
        const text = el.querySelector('[data-testid=kpi-units_sold_today-value]')?.textContent ?? ''
        w.__changes.push({ at: Date.now(), text })
      }).observe(el, { subtree: true, childList: true, characterData: true })
    })
    const unitsText = async () => (await page.textContent('[data-testid=kpi-units_sold_today-value]')) ?? ''
    const toNumber = (s: string) => Number(s.replace(/[^\d.]/g, ''))

    let done = false
    if (INGEST_LOAD) await seedMasterData(server.url, KEY)
    const load = INGEST_LOAD
      ? runIngestLoad({ url: server.url, key: KEY, seconds: 3_600, concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4), batch: Number(process.env.BENCH_BATCH ?? 5_000), stop: () => done, eventsPerSecond: Number(process.env.BENCH_LOAD_EPS ?? 0) || undefined })
      : undefined
    // If probing fails, the server stops under the senders: their errors are not the story.
    load?.catch(() => undefined)
    if (load) await new Promise((r) => setTimeout(r, 5_000))
    const api = createApiClient({ baseUrl: server.url, apiKey: KEY })
    const latencies: number[] = []
    let expected = toNumber(await unitsText())
    for (let i = 0; i < N; i++) {
      expected += 1
      const sentAt = Date.now()
      const { response: res } = await api.POST('/api/v1/events', {
        body: [{ type: 'sale', event_id: `fresh-${process.pid}-${i}`, ts: new Date().toISOString(), sku: 'SKU-B', location: PROBE_LOCATION, channel: 'store', qty: 1, unit_price: 1 }],
      })
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`)
      const target = expected.toLocaleString('en-GB')
      const handle = await page.waitForFunction(
        ({ target, since }) => {
          const w = window as unknown as { __changes: { at: number; text: string }[] }
          return w.__changes.find((c) => c.at >= since && c.text === target)?.at
        },
        { target, since: sentAt },
        { timeout: PROBE_TIMEOUT_MS, polling: 20 },
      )
      latencies.push(Number(await handle.jsonValue()) - sentAt)
      // Under load, one probe a second: the probes themselves stay a trickle.
      if (load || SIMULATOR === 'on') await new Promise((r) => setTimeout(r, 1_000))
    }
    done = true
    const loaded = await load
    await browser.close()
    latencies.sort((a, b) => a - b)
    const p95 = percentile(latencies, 95)
    const under = [SIMULATOR === 'on' ? 'simulator streaming' : '', loaded ? `ingest load ${Math.round(loaded.accepted / ((loaded.endedAt - loaded.startedAt) / 1000)).toLocaleString('en-GB')} events/s accepted` : '']
      .filter(Boolean)
      .join(', ')
    printTable(`bench:freshness: ${N} events, POST to painted tile${under ? ` (under ${under})` : ''}`, [
      { metric: 'fresh start to /api/health ok (build present)', value: `${(server.startMs / 1000).toFixed(1)} s` },
      { metric: 'server RSS at idle', value: `${idleRss.toFixed(0)} MiB` },
      { metric: 'freshness median', value: `${percentile(latencies, 50).toFixed(0)} ms` },
      { metric: 'freshness p95', value: `${p95.toFixed(0)} ms`, target: '<= 1000 ms', ok: p95 <= 1000 },
      { metric: 'freshness max', value: `${latencies[latencies.length - 1].toFixed(0)} ms` },
    ])
  } finally {
    await server.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
