/**
 * What an import records besides the events, so that imported events count like API events:
 * - one `ingest_flushes` row per landed chunk (/data and GET /api/v1/ingest/status read it:
 *   newest event time, cadence) and one `ingest_received` row (events received, for duplicates;
 *   landed events are counted by the landing tables' views, migration 013);
 * - `data_quality_issues` rows for references to skus, locations and suppliers not in master
 *   data (the writer flags them the same way);
 * - a rejected file (strict) or rejected rows (skip-bad) in the capped list of rejected batches
 *   that /data shows;
 * - the touched locations marked stale and one KPI refresh queued (the writer's announce).
 */
import { randomUUID } from 'node:crypto'
import type { Runtime } from '@/lib/runtime-types'
import type { Event, EventType } from '@/lib/events/schema'
import { masterKey, masterRefs, touchedLocations, type MasterKind } from '@/lib/events/rows'
import type { RejectedBatch } from '@/lib/api/schemas'
import { REJECTED_BATCHES_KEPT, kpiDirtyKey, rejectedBatchesKey } from '@/lib/redis-keys'
import { withTimeout } from '@/lib/redis'
import { logger } from '@/lib/log'
import { MasterDataIndex } from '@/jobs/master-data'

const log = logger('import')

interface RefCount {
  count: number
  example: string
}

/** The newest event time of a set of rows, comparing ISO strings directly when they share a UTC layout. */
class NewestTs {
  private str = ''
  ms = 0
  add(ts: string) {
    const s = this.str
    if (s.length === ts.length && ts.charCodeAt(ts.length - 1) === 90 && s.charCodeAt(s.length - 1) === 90) {
      if (ts > s) this.set(ts, Date.parse(ts))
      return
    }
    const ms = Date.parse(ts)
    if (ms > this.ms || !s) this.set(ts, ms)
  }
  /** A newest time known as epoch ms (the byte path of the import, which has no strings). */
  addMs(ms: number) {
    if (ms > this.ms || !this.str) this.set(new Date(ms).toISOString(), ms)
  }
  private set(ts: string, ms: number) {
    this.str = ts
    this.ms = ms
  }
}

/** Per chunk: master-data references, master keys defined, the newest event time. */
export class ChunkBook {
  readonly refs: Record<MasterKind, Map<string, RefCount>> = { sku: new Map(), location: new Map(), supplier: new Map() }
  readonly keys: [MasterKind, string][] = []
  readonly newest = new NewestTs()

  add(e: Event): void {
    this.newest.add(e.ts)
    // The high-volume types without masterRefs' arrays (bookkeeping.test.ts checks they agree).
    switch (e.type) {
      case 'sale':
        this.ref('sku', e.sku, e.event_id)
        this.ref('location', e.location, e.event_id)
        if (e.fulfilment_location) this.ref('location', e.fulfilment_location, e.event_id)
        return
      case 'return':
      case 'inventory_snapshot':
      case 'inventory_movement':
        this.ref('sku', e.sku, e.event_id)
        this.ref('location', e.location, e.event_id)
        return
      case 'price_change':
        this.ref('sku', e.sku, e.event_id)
        if (e.location) this.ref('location', e.location, e.event_id)
        return
    }
    for (const [kind, ref] of masterRefs(e)) this.ref(kind, ref, e.event_id)
    const key = masterKey(e)
    if (key) this.keys.push(key)
  }

  /** `count` references to `ref` at once (the byte path counts them per chunk by itself). */
  addCount(kind: MasterKind, ref: string, count: number, example: string): void {
    const m = this.refs[kind]
    const r = m.get(ref)
    if (r) r.count += count
    else m.set(ref, { count, example })
  }

  /** The last reference counted per kind: files often hold runs of one sku or location. */
  private readonly last: Record<MasterKind, { ref: string; r: RefCount | undefined }> = {
    sku: { ref: '', r: undefined },
    location: { ref: '', r: undefined },
    supplier: { ref: '', r: undefined },
  }

  private ref(kind: MasterKind, ref: string, eventId: string) {
    const last = this.last[kind]
    if (last.r && last.ref === ref) {
      last.r.count++
      return
    }
    const m = this.refs[kind]
    let r = m.get(ref)
    if (r) r.count++
    else m.set(ref, (r = { count: 1, example: eventId }))
    last.ref = ref
    last.r = r
  }
}

/** Across the whole import. */
export class ImportBook {
  readonly locations = new Set<string>()
  private readonly refs: Record<MasterKind, Map<string, RefCount>> = { sku: new Map(), location: new Map(), supplier: new Map() }
  private readonly keys: [MasterKind, string][] = []

  constructor(
    private readonly rt: Runtime,
    private readonly type: EventType,
    private readonly source: string,
  ) {}

  touched(e: Event): void {
    switch (e.type) {
      case 'sale':
      case 'return':
      case 'inventory_snapshot':
      case 'inventory_movement':
        this.locations.add(e.location)
        return
      case 'price_change':
        return
    }
    for (const l of touchedLocations(e)) this.locations.add(l)
  }

  /**
   * A chunk landed: count its references (none when all its rows were duplicates) and record the
   * flush. The record goes through the ingest role's connections, not `heavy`: chunks land on
   * `heavy` and `bulk` side by side, and a record queued on `heavy` would wait for the other
   * slot's chunk before this slot could take the next one.
   */
  async chunkLanded(book: ChunkBook, landed: number, duplicates: number): Promise<void> {
    if (landed > 0) {
      for (const kind of ['sku', 'location', 'supplier'] as const) {
        for (const [ref, r] of book.refs[kind]) {
          const a = this.refs[kind].get(ref)
          if (a) a.count += r.count
          else this.refs[kind].set(ref, { ...r })
        }
      }
      this.keys.push(...book.keys)
    }
    // What the chunk received, for the duplicates figure (received - landed, migration 013): the
    // landed figure is counted by the landing inserts themselves.
    await this.rt.clickhouse.insertRows('ingest', 'ingest_received', [
      { source: this.source, type: this.type, batch: randomUUID(), events: landed + duplicates, recorded_at: new Date().toISOString() },
    ])
    await this.rt.clickhouse.insertRows('ingest', 'ingest_flushes', [
      {
        flushed_at: new Date().toISOString(),
        source: this.source,
        type: this.type,
        events: landed,
        duplicates,
        last_event_ts: new Date(book.newest.ms).toISOString(),
        max_lag_ms: 0,
      },
    ])
  }

  /** After the last chunk: flag unknown master data, announce the touched locations. */
  async finish(landed: number): Promise<void> {
    if (landed === 0) return
    await this.flagUnknownRefs()
    try {
      const all = [...this.locations]
      for (let i = 0; i < all.length; i += 10_000) await this.rt.redis.sadd(kpiDirtyKey(this.rt.redisPrefix), ...all.slice(i, i + 10_000))
      if (all.length) await this.rt.queues.kpiRefresh.add('refresh', {})
    } catch (err) {
      log.warn('import landed but the KPI refresh could not be queued', { error: String(err) })
    }
  }

  private async flagUnknownRefs(): Promise<void> {
    const index = new MasterDataIndex(this.rt.clickhouse.heavy)
    await index.ready()
    for (const [kind, ref] of this.keys) index.add(kind, ref)
    const at = new Date().toISOString()
    const rows: Record<string, unknown>[] = []
    for (const kind of ['sku', 'location', 'supplier'] as const) {
      for (const [ref, r] of this.refs[kind]) {
        if (!index.has(kind, ref)) rows.push({ kind, ref, first_seen: at, last_seen: at, occurrences: r.count, example_event_id: r.example })
      }
    }
    for (let i = 0; i < rows.length; i += 50_000) await this.rt.clickhouse.insertRows('heavy', 'data_quality_issues', rows.slice(i, i + 50_000))
  }
}

/** Remember a rejected import in the list /data shows (best effort, like the API's). */
export async function recordRejection(rt: Runtime, source: string, type: string, errors: { line: number; reason: string }[], count: number, what: string): Promise<void> {
  const entry = JSON.stringify({
    at: new Date().toISOString(),
    source,
    kind: 'csv-import',
    type,
    message: what,
    error_count: count,
    errors: errors.slice(0, 10).map((e) => ({ index: e.line, line: e.line, path: '', message: `line ${e.line}: ${e.reason}` })),
  } satisfies RejectedBatch)
  const key = rejectedBatchesKey(rt.redisPrefix)
  await withTimeout(rt.redis.multi().lpush(key, entry).ltrim(key, 0, REJECTED_BATCHES_KEPT - 1).exec(), 500, 'record rejection').catch(() => {})
}
