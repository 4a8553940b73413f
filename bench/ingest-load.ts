/**
 * The ingest load of bench:ingest, shared with bench:freshness (freshness under load): batches of
 * mixed events, mostly sales plus returns, snapshots, movements and price changes, over 50
 * locations and 10,000 SKUs, sent by a few concurrent senders for a bounded time to 127.0.0.1.
 */
import { createApiClient } from '@/lib/api/client'

const LOCATIONS = Array.from({ length: 50 }, (_, i) => `BL${String(i).padStart(2, '0')}`)
const SKUS = Array.from({ length: 10_000 }, (_, i) => `BSKU-${String(i).padStart(5, '0')}`)
const CHANNELS = ['store', 'ecommerce', 'marketplace', 'dark_store']

/**
 * The catalogue first, as a retailer's feed has it: the 50 locations and 10,000 products the load
 * refers to. Without it every flush would flag all 10,000 skus as unknown master data (the
 * out-of-order case /data reports), which is not the steady state being measured.
 */
/** Returns how many master-data events it posted. */
export async function seedMasterData(url: string, key: string): Promise<number> {
  const ts = new Date().toISOString()
  const events: unknown[] = [
    ...LOCATIONS.map((location) => ({ type: 'location', event_id: `bench-loc-${location}`, ts, location, kind: 'store', region: 'bench' })),
    ...SKUS.map((sku, i) => ({ type: 'product', event_id: `bench-prod-${sku}`, ts, sku, name: `Bench item ${i}`, category: `C${i % 10}`, price: 4.99, unit_cost: 2.5 })),
  ]
  const api = createApiClient({ baseUrl: url, apiKey: key })
  for (let i = 0; i < events.length; i += 5_000) {
    const { response, error } = await api.POST('/api/v1/events', { body: JSON.stringify(events.slice(i, i + 5_000)) })
    if (response.status !== 202) throw new Error(`master data: ingest answered ${response.status}: ${JSON.stringify(error).slice(0, 200)}`)
  }
  return events.length
}

let seq = 0
/** One batch of `size` mixed events as a JSON body. */
export function makeBatch(runId: string, size: number): string {
  const ts = new Date().toISOString()
  const events: unknown[] = []
  for (let i = 0; i < size; i++) {
    const n = seq++
    const sku = SKUS[(n * 7919) % SKUS.length]
    const location = LOCATIONS[n % LOCATIONS.length]
    const event_id = `${runId}-${n}`
    const r = n % 20
    if (r < 14) events.push({ type: 'sale', event_id, ts, sku, location, channel: CHANNELS[n % 4], qty: 1 + (n % 3), unit_price: 4.99 })
    else if (r === 14) events.push({ type: 'return', event_id, ts, sku, location, qty: 1, reason: 'changed mind', condition: 'resellable' })
    else if (r < 17) events.push({ type: 'inventory_snapshot', event_id, ts, sku, location, on_hand: n % 40 })
    else if (r < 19) events.push({ type: 'inventory_movement', event_id, ts, sku, location, kind: 'receipt', qty: 12, ref: `PO-${n}` })
    else events.push({ type: 'price_change', event_id, ts, sku, kind: 'promo', price: 3.99, location })
  }
  return JSON.stringify(events)
}

export interface LoadOptions {
  url: string
  key: string
  seconds: number
  concurrency: number
  batch: number
  /** Stop early when this says so. */
  stop?: () => boolean
  /** Pace all senders together to about this many events/s (default: as fast as accepted). */
  eventsPerSecond?: number
  /** Count failed posts (other answers, refused connections) in `errors` and go on, instead of throwing (bench:soak). */
  tolerateErrors?: boolean
}

export interface LoadResult {
  accepted: number
  throttled: number
  /** Posts that failed (only with tolerateErrors; otherwise the first one throws). */
  errors: number
  /** API latency of each accepted batch, ms. */
  latencies: number[]
  startedAt: number
  endedAt: number
}

/** Send batches until the time is up; 429/503 answers are retried after Retry-After. */
export async function runIngestLoad(o: LoadOptions): Promise<LoadResult> {
  const runId = `bi${Date.now().toString(36)}`
  // Batches are JSON text built ahead: the client sends them as they are (no parse, no second stringify).
  const api = createApiClient({ baseUrl: o.url, apiKey: o.key })
  // Pre-build batches ahead of the clock so the client is not the bottleneck.
  const pool: string[] = []
  const refill = () => {
    while (pool.length < o.concurrency * 2) pool.push(makeBatch(runId, o.batch))
  }
  refill()
  const result: LoadResult = { accepted: 0, throttled: 0, errors: 0, latencies: [], startedAt: Date.now(), endedAt: 0 }
  const deadline = result.startedAt + o.seconds * 1000
  let sent = 0
  const sender = async () => {
    while (Date.now() < deadline && !o.stop?.()) {
      const body = pool.pop() ?? makeBatch(runId, o.batch)
      sent += o.batch
      const s = Date.now()
      const answer = await api.POST('/api/v1/events', { body }).catch((err: unknown) => {
        if (!o.tolerateErrors) throw err
        return undefined
      })
      if (!answer) {
        result.errors++
        await new Promise((r) => setTimeout(r, 1000))
        continue
      }
      const res = answer.response
      if (answer.data) {
        result.latencies.push(Date.now() - s)
        result.accepted += answer.data.accepted
      } else if (res.status === 429 || res.status === 503) {
        result.throttled++
        pool.push(body)
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)))
      } else if (o.tolerateErrors) result.errors++
      else throw new Error(`ingest answered ${res.status}: ${JSON.stringify(answer.error).slice(0, 200)}`)
      refill()
      if (o.eventsPerSecond) {
        const dueAt = result.startedAt + (sent * 1000) / o.eventsPerSecond
        if (dueAt > Date.now()) await new Promise((r) => setTimeout(r, dueAt - Date.now()))
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, sender))
  result.endedAt = Date.now()
  return result
}
