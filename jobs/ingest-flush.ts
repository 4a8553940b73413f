/**
 * The steps of one flush of the ingest writer, also used whole by the simulator's backfill and
 * the tests (`landEvents`):
 *  1. events repeated inside the flush are kept once;
 *  2. events whose event_id already landed are dropped (lib/clickhouse/queries/events.ts: by id
 *     alone, whatever the timestamp);
 *  3. each table's insert carries a dedup token, so retrying the same insert is a no-op.
 * Each flush also records what it received per batch and type (`ingest_received`: duplicates are
 * received minus landed, and the landing tables count what landed themselves, migration 013), its
 * figures per source and type (`ingest_flushes`: cadence, freshness, lag) and any reference to
 * master data that does not exist yet (`data_quality_issues`).
 */
import { createHash, randomUUID } from 'node:crypto'
import type { ClickHouse } from '@/lib/clickhouse/client'
import type { Event } from '@/lib/events/schema'
import { MASTER_TABLES, TABLE_BY_TYPE, masterKey, masterRefs, stockPairs, toRow, touchedLocations, type MasterKind, type Row } from '@/lib/events/rows'
import { existingEventKeys, type EventKey } from '@/lib/clickhouse/queries/events'
import { quarantine } from '@/lib/events/quarantine'
import type { MasterDataIndex } from './master-data'
import type { InFlightIds } from './ingest-inflight'
import type { FlushResult } from '@/lib/runtime-types'

export interface Batch {
  source: string
  events: Event[]
  /** When the API accepted the batch (ISO-8601); lag is measured from here. */
  receivedAt?: string
  /**
   * Names this acceptance of the batch (its job id and acceptance time): a replay of the same job
   * records its received figures under the same name, so it cannot count them twice.
   */
  key?: string
}

interface SourceTypeStats {
  source: string
  type: string
  /** The batch's key (Batch.key), for its received figures. */
  batch: string
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
 * holds the ids of flushes whose inserts are under way or landed after the look-up began (not
 * visible to it: jobs/ingest-inflight.ts); it is read once the look-up is back, and this flush's
 * ids are claimed in the same synchronous step, so of two flushes holding the same id exactly one
 * keeps it.
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
  inFlight?: InFlightIds,
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
    const batchKey = b.key ?? randomUUID()
    const byType = new Map<string, SourceTypeStats>()
    for (const e of b.events) {
      received++
      let s = byType.get(e.type)
      if (!s) {
        byType.set(e.type, (s = { source: b.source, type: e.type, batch: batchKey, events: 0, duplicates: 0, lastEventTs: 0, maxLagMs: lagMs }))
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
  const lookup = inFlight?.beginLookup()
  let lookupMs = 0
  const ids = new Set<string>()
  const rowsByTable = new Map<string, Row[]>()
  const locations = new Set<string>()
  // Nested maps rather than concatenated keys: a fresh `a\tb` string per event had to be built
  // and hashed, several times per event.
  const skusByLocation = new Map<string, Set<string>>()
  const masterLanded: [MasterKind, string][] = []
  const unknown: Record<MasterKind, Map<string, Unknown>> = { sku: new Map(), location: new Map(), supplier: new Map() }
  // The look-up ends either way: claiming this flush's ids, or (it or building the rows failed) without.
  let built = false
  try {
    const already = await existingEventKeys(ch, keys)
    const pending = inFlight ? inFlight.pending() : []
    lookupMs = Date.now() - tLookup
    for (let i = 0; i < unique.length; i++) {
      const event = unique[i]
      const s = uniqueStats[i]
      if ((already.size && already.has(event.event_id)) || pending.some((p) => p.has(event.event_id))) {
        s.duplicates++
        continue
      }
      ids.add(event.event_id)
      // Quarantined: stored, and counted as landed (raw_quarantine feeds landed_counts), never summed.
      if (quarantine(event, s.source, rowsByTable)) {
        s.events++
        continue
      }
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
    built = true
  } finally {
    if (lookup) {
      if (built) inFlight!.claim(lookup, ids)
      else inFlight!.end(lookup)
    }
  }
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
  const recordedAt = new Date().toISOString()
  const recorded = Promise.all([
    ch.insertRows(
      'heavy',
      'ingest_received',
      stats.map((s) => ({ source: s.source, type: s.type, batch: s.batch, events: s.events + s.duplicates, recorded_at: recordedAt })),
    ),
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


function dedupToken(table: string, rows: Row[]): string {
  const h = createHash('sha256').update(table)
  for (const r of rows) h.update('\0').update(String(r.event_id))
  return h.digest('hex')
}

/**
 * A batch's events that have already landed (all of them, some, or none), by type: for a batch
 * set aside after a failure, whose inserts may have landed some tables and not others.
 */
export async function landedOfBatch(ch: ClickHouse, events: Event[]): Promise<Map<string, number>> {
  const keys: EventKey[] = []
  const typeOf = new Map<string, string>()
  for (const e of events) {
    if (typeOf.has(e.event_id)) continue
    typeOf.set(e.event_id, e.type)
    const ms = Date.parse(e.ts)
    keys.push({ day: new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10), id: e.event_id })
  }
  const byType = new Map<string, number>()
  for (const id of await existingEventKeys(ch, keys)) {
    const t = typeOf.get(id)!
    byType.set(t, (byType.get(t) ?? 0) + 1)
  }
  return byType
}
