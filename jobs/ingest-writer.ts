/**
 * The ingest writer: drains the ingest queue into ClickHouse in batches.
 *
 * Each BullMQ job is one accepted API batch. The processor hands the job's events to the
 * `IngestWriter` buffer and waits; the buffer flushes when it holds INGEST_FLUSH_ROWS rows or
 * INGEST_FLUSH_MS has passed, and only then do the jobs complete. A crash before the flush
 * leaves the jobs to be retried (delivery is at least once); the flush itself is idempotent:
 *  1. events repeated inside the flush are kept once;
 *  2. events whose event_id already landed are dropped (look-up by the event's day and id in
 *     `event_days`, so its cost follows the flush's days, not all history);
 *  3. each table's insert carries a dedup token, so retrying the same insert is a no-op.
 * Each flush also records what it landed per source and type (`ingest_flushes`) and any
 * reference to master data that does not exist yet (`data_quality_issues`). After a flush the
 * touched locations are announced so their KPIs are recomputed.
 */
import { createHash } from 'node:crypto'
import type { ClickHouse } from '@/lib/clickhouse/client'
import type { Event } from '@/lib/events/schema'
import { TABLE_BY_TYPE, masterKey, masterRefs, stockPairs, toRow, touchedLocations, type MasterKind, type Row } from '@/lib/events/rows'
import { existingEventKeys, type EventKey } from '@/lib/clickhouse/queries/events'
import { MasterDataIndex } from './master-data'

export interface Batch {
  source: string
  events: Event[]
  /** When the API accepted the batch (ISO-8601); lag is measured from here. */
  receivedAt?: string
}

export interface FlushResult {
  received: number
  inserted: number
  duplicates: number
  locations: string[]
  /** `location\tsku` pairs whose stock moved. */
  stockPairs: string[]
  timings: { lookup_ms: number; insert_ms: number }
}

interface Pending extends Batch {
  resolve: () => void
  reject: (err: unknown) => void
}

export interface IngestWriterOptions {
  clickhouse: ClickHouse
  flushRows: number
  flushMs: number
  /**
   * Shared by the writers of one process (the bulk and express lanes, jobs/index.ts): the ids of
   * their prepared flushes not inserted yet, and the master-data index. Each writer has its own
   * when not given.
   */
  inFlight?: Set<ReadonlySet<string>>
  master?: MasterDataIndex
  /** Called after every successful flush, before the waiting jobs complete. */
  onFlushed?: (result: FlushResult) => Promise<void>
  log?: (msg: string, data?: Record<string, unknown>) => void
  debug?: (msg: string, data?: Record<string, unknown>) => void
}

export class IngestWriter {
  private buffer: Pending[] = []
  private bufferedEvents = 0
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()
  /** The flush waiting for the running one, if any: it will take the buffer when it starts. */
  private queued: Promise<void> | undefined
  /** Landed flushes whose bookkeeping is still landing. */
  private readonly settling = new Set<Promise<void>>()
  /** The insert lane: the inserts of the latest prepared flush, after those of the one before. */
  private inserting: Promise<void> = Promise.resolve()
  /** Ids of prepared flushes not inserted yet. */
  private readonly inFlight: Set<ReadonlySet<string>>
  private readonly master: MasterDataIndex

  constructor(private readonly opts: IngestWriterOptions) {
    this.inFlight = opts.inFlight ?? new Set()
    this.master = opts.master ?? new MasterDataIndex(opts.clickhouse.ingest)
  }

  /** Buffer a batch; resolves once it is in ClickHouse. */
  write(batch: Batch): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ ...batch, resolve, reject })
      this.bufferedEvents += batch.events.length
      if (this.bufferedEvents >= this.opts.flushRows) void this.flush()
      else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.flushMs)
    })
  }

  /**
   * Flush what is buffered. Flushes run one at a time, in order, and a queued flush takes the
   * buffer when it starts, not when it was asked for: batches that arrive while ClickHouse lands
   * the previous flush go out together. Each insert has a fixed cost (a part per table and per
   * view, tens of ms of CPU), so under load fewer, larger flushes land more events per second.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.queued) return this.queued
    const next = this.flushing.then(() => {
      this.queued = undefined
      const batch = this.take()
      // What did not fit in this flush goes in the next one, queued now.
      if (this.buffer.length) void this.flush()
      return batch.length ? this.flushBatch(batch) : undefined
    })
    this.queued = next
    this.flushing = next
    return next
  }

  /** Flush until nothing is buffered or queued (shutdown). */
  async drain(): Promise<void> {
    while (this.buffer.length || this.queued) await this.flush()
    await this.flushing
    await this.inserting
    await Promise.all(this.settling)
  }

  /** Whole batches from the buffer, up to about flushRows events. */
  private take(): Pending[] {
    let n = 0
    let i = 0
    while (i < this.buffer.length && (i === 0 || n + this.buffer[i].events.length <= this.opts.flushRows)) n += this.buffer[i++].events.length
    const batch = this.buffer.splice(0, i)
    this.bufferedEvents -= n
    return batch
  }

  /**
   * One flush: prepare it (look-up and rows), then hand its inserts to the insert lane and return
   * once the flush before it has been inserted. So while ClickHouse inserts flush k, the writer
   * already prepares flush k+1 (the look-up skips ids of flush k: see prepareFlush), and at most
   * two flushes are in hand. Its jobs complete after its bookkeeping and announcement.
   */
  private async flushBatch(batch: Pending[]): Promise<void> {
    const fail = (err: unknown) => {
      this.opts.log?.('ingest flush failed; jobs will be retried', { error: String(err) })
      for (const p of batch) p.reject(err)
    }
    try {
      const t0 = Date.now()
      await this.master.ready()
      const prepared = await prepareFlush(this.opts.clickhouse, batch, this.master, () => [...this.inFlight], (ids) => this.inFlight.add(ids))
      const previous = this.inserting
      const inserted = previous.then(async () => {
        try {
          const t1 = Date.now()
          const { result, recorded } = await insertFlush(this.opts.clickhouse, prepared, this.master)
          const t2 = Date.now()
          const settled = Promise.all([recorded, this.opts.onFlushed?.(result)]).then(() => {
            this.opts.debug?.('flushed', {
              batches: batch.length, received: result.received, inserted: result.inserted,
              prepare_ms: t1 - t0, insert_ms: t2 - t1, record_ms: Date.now() - t2, lookup_ms: result.timings.lookup_ms,
            })
            for (const p of batch) p.resolve()
          }, fail)
          this.settling.add(settled)
          void settled.finally(() => this.settling.delete(settled))
        } catch (err) {
          fail(err)
        } finally {
          this.inFlight.delete(prepared.ids)
        }
      })
      this.inserting = inserted
      await previous
    } catch (err) {
      fail(err)
    }
  }
}

interface SourceTypeStats {
  source: string
  type: string
  events: number
  duplicates: number
  lastEventTs: number
  maxLagMs: number
}

const DAY_MS = 86_400_000

interface Unknown {
  kind: MasterKind
  ref: string
  count: number
  example: string
}

/**
 * Land the events of several batches in ClickHouse, exactly once per event_id. With `master`,
 * also record references to master data not known yet.
 * Both steps of a flush (prepareFlush, insertFlush), bookkeeping included: the simulator's
 * backfill and the tests use it; the writer pipelines the steps itself.
 */
export async function landEvents(ch: ClickHouse, batches: Batch[], master?: MasterDataIndex): Promise<FlushResult> {
  const { result, recorded } = await insertFlush(ch, await prepareFlush(ch, batches, master), master)
  await recorded
  return result
}

/** A flush looked up and turned into rows, not inserted yet. */
export interface PreparedFlush {
  now: number
  received: number
  /** The ids this flush will insert. */
  ids: Set<string>
  rowsByTable: Map<string, Row[]>
  stats: SourceTypeStats[]
  locations: Set<string>
  skusByLocation: Map<string, Set<string>>
  masterLanded: [MasterKind, string][]
  unknown: Record<MasterKind, Map<string, Unknown>>
  lookupMs: number
}

/**
 * Step one of a flush: drop repeats and events already landed, and build the rows. `inFlight`
 * gives the ids of earlier flushes whose inserts are under way (not yet visible to the look-up);
 * it is read before the look-up starts, so an id is either in it or already visible, and again
 * after it, because another writer (the other lane) may have prepared a flush meanwhile. `claim`
 * is called with this flush's ids in the same synchronous step as that second read, so of two
 * flushes holding the same id exactly one keeps it.
 *
 * Its loops run for every event on the server's one JavaScript thread, next to the API's
 * validation, so they keep per-event work to look-ups in small maps: statistics are kept per
 * batch and type, a timestamp is parsed once per distinct string (events of one batch usually
 * share a few), and day strings are cached per day.
 */
export async function prepareFlush(
  ch: ClickHouse,
  batches: Batch[],
  master?: MasterDataIndex,
  inFlight: () => readonly ReadonlySet<string>[] = () => [],
  claim?: (ids: ReadonlySet<string>) => void,
): Promise<PreparedFlush> {
  const now = Date.now()
  const stats: SourceTypeStats[] = []
  const seen = new Set<string>()
  const unique: Event[] = []
  const uniqueStats: SourceTypeStats[] = []
  const keys: EventKey[] = []
  const dayOf = new Map<number, string>()
  let received = 0
  let lastTs = ''
  let lastMs = 0
  let lastDay = ''
  for (const b of batches) {
    const lagMs = b.receivedAt ? now - Date.parse(b.receivedAt) : 0
    const byType = new Map<string, SourceTypeStats>()
    for (const e of b.events) {
      received++
      let s = byType.get(e.type)
      if (!s) {
        byType.set(e.type, (s = { source: b.source, type: e.type, events: 0, duplicates: 0, lastEventTs: 0, maxLagMs: lagMs }))
        stats.push(s)
      }
      if (seen.has(e.event_id)) {
        s.duplicates++
        continue
      }
      seen.add(e.event_id)
      if (e.ts !== lastTs) {
        lastTs = e.ts
        lastMs = Date.parse(e.ts)
        const dayNo = Math.floor(lastMs / DAY_MS)
        let day = dayOf.get(dayNo)
        if (day === undefined) dayOf.set(dayNo, (day = new Date(dayNo * DAY_MS).toISOString().slice(0, 10)))
        lastDay = day
      }
      if (lastMs > s.lastEventTs) s.lastEventTs = lastMs
      unique.push(e)
      uniqueStats.push(s)
      keys.push({ day: lastDay, id: e.event_id })
    }
  }
  const tLookup = Date.now()
  const pending = [...inFlight()]
  const already = await existingEventKeys(ch, keys)
  for (const p of inFlight()) if (!pending.includes(p)) pending.push(p)
  const lookupMs = Date.now() - tLookup
  const ids = new Set<string>()
  const rowsByTable = new Map<string, Row[]>()
  const locations = new Set<string>()
  // Nested maps rather than concatenated keys: a fresh `a\tb` string per event had to be built
  // and hashed, several times per event.
  const skusByLocation = new Map<string, Set<string>>()
  const masterLanded: [MasterKind, string][] = []
  const unknown: Record<MasterKind, Map<string, Unknown>> = { sku: new Map(), location: new Map(), supplier: new Map() }
  for (let i = 0; i < unique.length; i++) {
    const event = unique[i]
    const s = uniqueStats[i]
    if ((already.size && already.has(event.event_id)) || pending.some((p) => p.has(event.event_id))) {
      s.duplicates++
      continue
    }
    ids.add(event.event_id)
    const table = TABLE_BY_TYPE[event.type]
    let rows = rowsByTable.get(table)
    if (!rows) rowsByTable.set(table, (rows = []))
    rows.push(toRow(event, s.source))
    for (const l of touchedLocations(event)) locations.add(l)
    for (const [l, sku] of stockPairs(event)) {
      let skus = skusByLocation.get(l)
      if (!skus) skusByLocation.set(l, (skus = new Set()))
      skus.add(sku)
    }
    s.events++
    if (master) {
      const key = masterKey(event)
      if (key) masterLanded.push(key)
      for (const [kind, ref] of masterRefs(event)) {
        if (master.has(kind, ref)) continue
        const u = unknown[kind].get(ref)
        if (u) u.count++
        else unknown[kind].set(ref, { kind, ref, count: 1, example: event.event_id })
      }
    }
  }
  claim?.(ids)
  return { now, received, ids, rowsByTable, stats, locations, skusByLocation, masterLanded, unknown, lookupMs }
}

/**
 * Step two: insert a prepared flush. Resolves once its events are in their tables, with
 * `recorded` for its bookkeeping still landing.
 */
export async function insertFlush(
  ch: ClickHouse,
  p: PreparedFlush,
  master?: MasterDataIndex,
): Promise<{ result: FlushResult; recorded: Promise<void> }> {
  const { now, received, rowsByTable, stats, locations, skusByLocation, masterLanded, unknown, lookupMs } = p
  let inserted = 0
  const tInsert = Date.now()
  const insert = async (table: string, rows: Row[]) => {
    // optimize_on_insert = 0: the flush is already deduplicated, and collapsing rows inside the
    // block costs ClickHouse about a third of its insert CPU; merges and sum() reads do the rest.
    await ch.insertRows('ingest', table, rows, {
      insert_deduplication_token: dedupToken(table, rows),
      deduplicate_blocks_in_dependent_materialized_views: 1,
      optimize_on_insert: 0,
    })
    inserted += rows.length
  }
  // Master data first, then the event tables side by side (insertRows spreads them over the
  // ingest connections). A failure fails the flush; the retried jobs land again and the inserts
  // that did succeed are skipped as duplicates.
  const tables = [...rowsByTable]
  for (const [table, rows] of tables) if (MASTER_TABLES.has(table)) await insert(table, rows)
  await Promise.all(tables.filter(([table]) => !MASTER_TABLES.has(table)).map(([table, rows]) => insert(table, rows)))
  const insertMs = Date.now() - tInsert
  for (const [kind, ref] of masterLanded) master?.add(kind, ref)
  const unknownRefs = Object.values(unknown).flatMap((m) => [...m.values()].filter((u) => !master?.has(u.kind, u.ref)))
  const pairs: string[] = []
  for (const [l, skus] of skusByLocation) for (const sku of skus) pairs.push(`${l}\t${sku}`)

  const flushedAt = new Date(now).toISOString()
  // Statistics are summed per source and type (a flush holds many batches of one source).
  const merged = new Map<string, SourceTypeStats>()
  for (const s of stats) {
    const k = `${s.source}\0${s.type}`
    const m = merged.get(k)
    if (!m) merged.set(k, { ...s })
    else {
      m.events += s.events
      m.duplicates += s.duplicates
      m.lastEventTs = Math.max(m.lastEventTs, s.lastEventTs)
      m.maxLagMs = Math.max(m.maxLagMs, s.maxLagMs)
    }
  }
  // Bookkeeping goes through the heavy connection, side by side, off the ingest connections.
  const recorded = Promise.all([
    ch.insertRows(
      'heavy',
      'data_quality_issues',
      unknownRefs.map((u) => ({ kind: u.kind, ref: u.ref, first_seen: flushedAt, last_seen: flushedAt, occurrences: u.count, example_event_id: u.example })),
    ),
    ch.insertRows(
      'heavy',
      'ingest_flushes',
      [...merged.values()].map((s) => ({
        flushed_at: flushedAt, source: s.source, type: s.type, events: s.events, duplicates: s.duplicates,
        last_event_ts: new Date(s.lastEventTs).toISOString(), max_lag_ms: s.maxLagMs,
      })),
    ),
  ]).then(() => undefined)
  const timings = { lookup_ms: lookupMs, insert_ms: insertMs }
  return { result: { received, inserted, duplicates: received - inserted, locations: [...locations], stockPairs: pairs, timings }, recorded }
}

const MASTER_TABLES = new Set(['products', 'locations', 'suppliers', 'customers'])

function dedupToken(table: string, rows: Row[]): string {
  const h = createHash('sha256').update(table)
  for (const r of rows) h.update('\0').update(String(r.event_id))
  return h.digest('hex')
}
