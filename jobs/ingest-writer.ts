/**
 * The ingest writer: drains the ingest queue into ClickHouse in batches.
 *
 * Each BullMQ job is one accepted API batch. The processor hands the job's events to the
 * `IngestWriter` buffer and waits; the buffer flushes when it holds INGEST_FLUSH_ROWS rows or
 * INGEST_FLUSH_MS has passed, and only then do the jobs complete. A crash before the flush
 * leaves the jobs to be retried (delivery is at least once); the flush itself is idempotent:
 *  1. events repeated inside the flush are kept once;
 *  2. events whose event_id already landed (table `event_ids`) are dropped;
 *  3. each table's insert carries a dedup token, so retrying the same insert is a no-op.
 * After a flush the touched locations are marked dirty and a KPI refresh is queued.
 */
import { createHash } from 'node:crypto'
import type { ClickHouseClient } from '@clickhouse/client'
import type { Event } from '@/lib/events/schema'
import { TABLE_BY_TYPE, toRow, touchedLocations, type Row } from '@/lib/events/rows'
import { existingEventIds } from '@/lib/clickhouse/queries/events'

export interface FlushResult {
  received: number
  inserted: number
  duplicates: number
  locations: string[]
  byType: Record<string, number>
  bySource: Record<string, number>
}

interface Pending {
  source: string
  events: Event[]
  resolve: () => void
  reject: (err: unknown) => void
}

export interface IngestWriterOptions {
  client: ClickHouseClient
  flushRows: number
  flushMs: number
  /** Called after every successful flush, before the waiting jobs complete. */
  onFlushed?: (result: FlushResult) => Promise<void>
  log?: (msg: string, data?: Record<string, unknown>) => void
}

export class IngestWriter {
  private buffer: Pending[] = []
  private bufferedEvents = 0
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()

  constructor(private readonly opts: IngestWriterOptions) {}

  /** Buffer a batch; resolves once it is in ClickHouse. */
  write(source: string, events: Event[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ source, events, resolve, reject })
      this.bufferedEvents += events.length
      if (this.bufferedEvents >= this.opts.flushRows) void this.flush()
      else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.flushMs)
    })
  }

  /** Flush what is buffered now. Flushes run one at a time, in order. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.buffer
    this.buffer = []
    this.bufferedEvents = 0
    if (batch.length === 0) return this.flushing
    this.flushing = this.flushing.then(() => this.flushBatch(batch))
    return this.flushing
  }

  private async flushBatch(batch: Pending[]): Promise<void> {
    try {
      const result = await landEvents(this.opts.client, batch)
      await this.opts.onFlushed?.(result)
      for (const p of batch) p.resolve()
    } catch (err) {
      this.opts.log?.('ingest flush failed; jobs will be retried', { error: String(err) })
      for (const p of batch) p.reject(err)
    }
  }
}

/** Land the events of several batches in ClickHouse, exactly once per event_id. */
export async function landEvents(client: ClickHouseClient, batches: { source: string; events: Event[] }[]): Promise<FlushResult> {
  const seen = new Set<string>()
  const unique: { source: string; event: Event }[] = []
  let received = 0
  for (const b of batches) {
    for (const e of b.events) {
      received++
      if (seen.has(e.event_id)) continue
      seen.add(e.event_id)
      unique.push({ source: b.source, event: e })
    }
  }
  const already = await existingEventIds(client, [...seen])
  const rowsByTable = new Map<string, Row[]>()
  const locations = new Set<string>()
  const byType: Record<string, number> = {}
  const bySource: Record<string, number> = {}
  for (const { source, event } of unique) {
    if (already.has(event.event_id)) continue
    const table = TABLE_BY_TYPE[event.type]
    let rows = rowsByTable.get(table)
    if (!rows) rowsByTable.set(table, (rows = []))
    rows.push(toRow(event, source))
    for (const l of touchedLocations(event)) locations.add(l)
    byType[event.type] = (byType[event.type] ?? 0) + 1
    bySource[source] = (bySource[source] ?? 0) + 1
  }
  let inserted = 0
  for (const [table, rows] of rowsByTable) {
    await client.insert({
      table,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { insert_deduplication_token: dedupToken(table, rows), deduplicate_blocks_in_dependent_materialized_views: 1 },
    })
    inserted += rows.length
  }
  return { received, inserted, duplicates: received - inserted, locations: [...locations], byType, bySource }
}

function dedupToken(table: string, rows: Row[]): string {
  const h = createHash('sha256').update(table)
  for (const r of rows) h.update('\0').update(String(r.event_id))
  return h.digest('hex')
}
