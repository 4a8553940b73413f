/**
 * Take landed rows back out: from their landing tables and from every table a materialized view
 * fed from them, so that every figure is what it would be had they never landed. Used to undo
 * an import (undo.ts) and to move an import's implausible rows to quarantine (quarantine.ts).
 *
 * The rows are a selection `sel` over the landing tables (`source = {source:String}`, possibly
 * narrowed), in parameterised SQL. How each derived table is corrected:
 * - keyed by event_id (event_ids, event_days, stock_changes): lightweight DELETE of those ids;
 * - rollups (sales_daily, sales_minutely: SummingMergeTree; stock_snapshots_latest, po_lifecycle:
 *   AggregatingMergeTree): the keys the rows touched are deleted and recomputed from the landing
 *   rows that stay. Negating rows were the other way, but a float sum of x, v and -v is not x again
 *   (0.1 + 0.2 - 0.2 = 0.10000000000000003), argMax states cannot be negated, and a UInt64
 *   count only by wrapping around; recomputing a key gives exactly the sum of what stays.
 *   Recomputing inserts turn insert deduplication off: the same recomputed block may rightly be
 *   inserted again (a second run), and a dedup window would drop it silently.
 * - landing rows last, so a run cut short is simply run again: until the landing rows are gone the
 *   selection still names every key to recompute, and each step gives the same result again.
 *
 * Not atomic against live inserts: a row landing for the very same rollup key (say the same sku,
 * location, channel and day) between a key's DELETE and its recompute can be counted twice there.
 * An undo is rare and short; the KPI refresh it queues reads the rollups again.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { TABLE_BY_TYPE, landedCountsSql } from '@/lib/events/rows'
import { QUARANTINE_TABLE } from '@/lib/events/quarantine'
import { createHash } from 'node:crypto'
import { recomputeRollups } from '@/server/ingest/rollups'

export const LANDING_TABLES = [...Object.values(TABLE_BY_TYPE), QUARANTINE_TABLE] as const

/**
 * Take the rows out of the landed figures (migration 013) before they leave their table: a
 * negative row per source and type in landed_counts (counted by the landing inserts), and, unless
 * the rows stay landed elsewhere (moved to quarantine: `keepIds`), in ingest_received too, so an
 * undone import counts neither as landed nor as duplicates. The token names the table, the
 * selection and the count: a removal cut short and run again subtracts once (until the rows are
 * gone the same selection counts the same rows; ingest_received keeps one row per batch name).
 */
async function uncount(client: ClickHouseClient, table: string, sel: Selection, n: number | undefined, received: boolean): Promise<void> {
  if (!n) return
  const token = createHash('sha256').update(`${table}\0${sel.source}\0${sel.sql}\0${n}`).digest('hex')
  const counts = landedCountsSql(table, QUARANTINE_TABLE, sel.sql)
  await client.command({
    query: `INSERT INTO landed_counts (source, type, events) SELECT s, t, -n FROM (${counts})`,
    query_params: { source: sel.source },
    clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: token },
  })
  if (!received) return
  await client.command({
    query: `INSERT INTO ingest_received (source, type, batch, events, recorded_at) SELECT s, t, {batch:String}, -n, now64(3) FROM (${counts})`,
    query_params: { source: sel.source, batch: `removed:${token.slice(0, 32)}` },
  })
}

/** Tables keyed by event id, fed from these landing tables. */
const STOCK_CHANGE_SOURCES = ['raw_returns', 'raw_inventory_movements']

export interface Selection {
  /** SQL predicate over a landing table's row, with `{source:String}` (and nothing else) bound. */
  sql: string
  source: string
}

export interface RemoveOptions {
  /** Keep the ids in event_ids and event_days (the rows moved to quarantine: still landed). */
  keepIds?: boolean
  /** Landing tables to look in (default: all). */
  tables?: readonly string[]
}

/** Rows removed per landing table (only tables that held some). */
export type Removed = Record<string, number>

/** Landing tables with a `location` column: the KPI scopes a removal changes. */
const WITH_LOCATION = new Set(['raw_sales', 'raw_returns', 'raw_inventory_snapshots', 'raw_inventory_movements', 'raw_purchase_orders', 'raw_external_signals'])

export async function removeLanded(client: ClickHouseClient, sel: Selection, opts: RemoveOptions = {}): Promise<{ removed: Removed; locations: string[] }> {
  const params = { source: sel.source }
  const run = (query: string) => client.command({ query, query_params: params, clickhouse_settings: { insert_deduplicate: 0, lightweight_deletes_sync: '2' } })
  const tables = opts.tables ?? LANDING_TABLES
  const removed: Removed = {}
  for (const table of tables) {
    const rs = await client.query({ query: `SELECT count() AS n FROM ${table} WHERE ${sel.sql}`, query_params: params, format: 'JSONEachRow' })
    const [row] = await rs.json<{ n: string | number }>()
    const n = Number(row?.n ?? 0)
    if (n > 0) removed[table] = n
  }
  const touched = new Set(Object.keys(removed))
  const locations = new Set<string>()
  for (const table of touched) {
    if (!WITH_LOCATION.has(table)) continue
    const rs = await client.query({ query: `SELECT DISTINCT location FROM ${table} WHERE ${sel.sql}`, query_params: params, format: 'JSONEachRow' })
    for (const r of await rs.json<{ location: string }>()) locations.add(r.location)
  }
  if (touched.size === 0) return { removed, locations: [] }

  await recomputeRollups(client, touched, sel.sql, `NOT (${sel.sql})`, params)
  for (const table of STOCK_CHANGE_SOURCES) {
    if (touched.has(table)) await run(`DELETE FROM stock_changes WHERE event_id IN (SELECT event_id FROM ${table} WHERE ${sel.sql})`)
  }
  if (!opts.keepIds) {
    for (const table of touched) {
      await run(`DELETE FROM event_days WHERE event_id IN (SELECT event_id FROM ${table} WHERE ${sel.sql})`)
      await run(`DELETE FROM event_ids WHERE event_id IN (SELECT event_id FROM ${table} WHERE ${sel.sql})`)
    }
  }
  for (const table of touched) {
    await uncount(client, table, sel, removed[table], !opts.keepIds)
    await run(`DELETE FROM ${table} WHERE ${sel.sql}`)
  }
  return { removed, locations: [...locations] }
}
