/**
 * Repair after a crash: ClickHouse commits an insert's part in the landing table and the part of
 * each materialized view fed from it one after the other, so a process killed between them
 * leaves a block in `raw_*` that some views never got (seen: 900 sales in raw_sales, event_ids
 * and event_days, missing from sales_daily). A replay then finds the ids landed and drops them,
 * so nothing would ever put them there. At start, before any worker takes a job, when the process
 * before did not stop cleanly (./run-marker.ts), this makes every view target agree with the
 * landing rows again.
 *
 * Suspect rows: those with `ingested_at` at or after the crashed process's start (minus a minute
 * for a clock step); every row it inserted is among them, since ingested_at is the insert's own
 * now64. For each target:
 * - id sets (event_ids, event_days, landed_ids) and stock_changes: the suspect rows' view output
 *   that is missing is inserted (only what is missing: stock_changes is summed without FINAL);
 * - rollups (sales_daily, sales_minutely, stock_snapshots_latest, po_lifecycle): the keys the
 *   suspect rows touched are recomputed from every landing row (./rollups.ts);
 * - landed_counts: recounted exactly, per source and type, against count() of each event table
 *   and of raw_quarantine, and one correcting row inserted per difference. Master data (products,
 *   locations, suppliers, customers) is left out: those tables replace a row by its key, so their
 *   count() is not the events landed.
 * Each step gives the same result run again, so a repair cut short is simply run at the next start
 * (the marker stays until a clean stop).
 *
 * `exclusive`: nothing else writes meanwhile (embedded mode: one process owns the data). Without
 * it (a ClickHouse server shared by other live writers) only the id sets are repaired: a rollup
 * recompute or a recount would race with their inserts in flight (their landing part committed,
 * their views' not yet) and count those twice.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { MASTER_TABLES, TABLE_BY_TYPE, landedCountsSql, landedTypeSql } from '@/lib/events/rows'
import { QUARANTINE_TABLE } from '@/lib/events/quarantine'
import { recomputeRollups } from './rollups'

/** How far before the crashed process's start the repair looks, for a clock stepped back meanwhile. */
export const CLOCK_MARGIN_MS = 60_000

const MASTER_TYPES = Object.entries(TABLE_BY_TYPE).filter(([, t]) => MASTER_TABLES.has(t)).map(([type]) => type)

interface Landing {
  table: string
  /** The event type as the views write it. */
  type: string
  /** The event's day as event_days has it. */
  day: string
}

const LANDINGS: Landing[] = [
  ...Object.values(TABLE_BY_TYPE).map((table) => ({ table, type: landedTypeSql(table, QUARANTINE_TABLE), day: MASTER_TABLES.has(table) ? 'toDate(updated_at)' : 'toDate(ts)' })),
  { table: QUARANTINE_TABLE, type: landedTypeSql(QUARANTINE_TABLE, QUARANTINE_TABLE), day: 'toDate(ts)' },
]

/** stock_changes' views (migration 003), over the suspect rows of their landing tables. */
const STOCK_CHANGES = [
  { table: 'raw_returns', select: `SELECT location, sku, ts, qty AS delta, 'return' AS kind, event_id FROM raw_returns WHERE condition = 'resellable'` },
  {
    table: 'raw_inventory_movements',
    select: `SELECT location, sku, ts, multiIf(kind IN ('receipt', 'transfer_in'), abs(qty), kind IN ('transfer_out', 'shrink'), -abs(qty), qty) AS delta,
             kind, event_id FROM raw_inventory_movements WHERE kind != 'count'`,
  },
]

export interface RepairReport {
  /** Rows at or after this time (ISO-8601) were suspect. */
  since: string
  /** Suspect rows per landing table (only tables that held some). */
  suspect: Record<string, number>
  /** Rows put back per set-like target (event_ids, event_days, stock_changes) and hashes offered to landed_ids. */
  filled: Record<string, number>
  /** Keys recomputed per rollup. */
  recomputed: Record<string, number>
  /** Correcting rows inserted into landed_counts (one per source and type that was off), and their sum. */
  landedCounts: { rows: number; events: number }
  ms: number
}

export async function repairAfterCrash(client: ClickHouseClient, opts: { since: number; exclusive: boolean }): Promise<RepairReport> {
  const t0 = Date.now()
  const since = Math.max(0, opts.since - CLOCK_MARGIN_MS)
  const params = { since }
  const sel = 'ingested_at >= fromUnixTimestamp64Milli({since:Int64})'
  const count = async (query: string): Promise<number> => {
    const rs = await client.query({ query: `SELECT count() AS n FROM (${query})`, query_params: params, format: 'JSONEachRow' })
    const [row] = await rs.json<{ n: string | number }>()
    return Number(row?.n ?? 0)
  }
  const run = (query: string) => client.command({ query, query_params: params, clickhouse_settings: { insert_deduplicate: 0 } })
  /** Insert into `target` the rows of `select` that it lacks; how many. */
  const fill = async (target: string, select: string): Promise<number> => {
    const n = await count(select)
    if (n) await run(`INSERT INTO ${target} ${select}`)
    return n
  }

  const report: RepairReport = { since: new Date(since).toISOString(), suspect: {}, filled: {}, recomputed: {}, landedCounts: { rows: 0, events: 0 }, ms: 0 }
  const add = (target: string, n: number) => (report.filled[target] = (report.filled[target] ?? 0) + n)
  for (const l of LANDINGS) {
    const n = await count(`SELECT 1 FROM ${l.table} WHERE ${sel}`)
    if (n) report.suspect[l.table] = n
  }
  const suspect = LANDINGS.filter((l) => report.suspect[l.table])
  for (const l of suspect) {
    const rows = `SELECT event_id FROM ${l.table} WHERE ${sel}`
    add('event_ids', await fill('event_ids (event_id, type, ingested_at)',
      `SELECT event_id, ${l.type} AS type, ingested_at FROM ${l.table} WHERE ${sel}
       AND event_id NOT IN (SELECT event_id FROM event_ids WHERE event_id IN (${rows}))`))
    add('event_days', await fill('event_days (day, event_id)',
      `SELECT ${l.day} AS day, event_id FROM ${l.table} WHERE ${sel}
       AND (day, event_id) NOT IN (SELECT day, event_id FROM event_days WHERE (day, event_id) IN (SELECT ${l.day}, event_id FROM ${l.table} WHERE ${sel}))`))
    // A set: what is in it already is not added twice. In embedded mode it is empty at start and
    // filled from event_ids (just repaired) by the writer's first look-up.
    await run(`INSERT INTO landed_ids SELECT sipHash64(event_id) FROM ${l.table} WHERE ${sel}`)
    add('landed_ids', report.suspect[l.table])
  }
  if (!opts.exclusive) return finish(report, t0)

  for (const s of STOCK_CHANGES) {
    if (!report.suspect[s.table]) continue
    const out = `SELECT * FROM (${s.select}) WHERE event_id IN (SELECT event_id FROM ${s.table} WHERE ${sel})`
    add('stock_changes', await fill('stock_changes (location, sku, ts, delta, kind, event_id)',
      `${out} AND (location, sku, ts, event_id) NOT IN
       (SELECT location, sku, ts, event_id FROM stock_changes WHERE (location, sku) IN (SELECT location, sku FROM ${s.table} WHERE ${sel}))`))
  }
  report.recomputed = await recomputeRollups(client, new Set(suspect.map((l) => l.table)), sel, 'true', params)
  report.landedCounts = await recountLanded(client)
  return finish(report, t0)
}

function finish(report: RepairReport, t0: number): RepairReport {
  report.ms = Date.now() - t0
  return report
}

/**
 * landed_counts made equal to what the event tables and raw_quarantine hold, per source (before
 * '#': an import's rows count under their source) and type, by one correcting row per difference.
 */
export async function recountLanded(client: ClickHouseClient): Promise<{ rows: number; events: number }> {
  const held = LANDINGS.filter((l) => !MASTER_TABLES.has(l.table)).map((l) => landedCountsSql(l.table, QUARANTINE_TABLE))
  const diff = `SELECT s AS source, t AS type, toInt64(sum(n)) AS events FROM (
      ${held.join('\n      UNION ALL ')}
      UNION ALL SELECT toString(source) AS s, toString(type) AS t, -sum(events) AS n FROM landed_counts GROUP BY s, t
    ) WHERE t NOT IN ({master:Array(String)}) GROUP BY s, t HAVING events != 0`
  const params = { master: MASTER_TYPES }
  const rs = await client.query({ query: `SELECT count() AS rows, sum(events) AS events FROM (${diff})`, query_params: params, format: 'JSONEachRow' })
  const [row] = await rs.json<{ rows: string | number; events: string | number | null }>()
  const out = { rows: Number(row?.rows ?? 0), events: Number(row?.events ?? 0) }
  if (out.rows) {
    await client.command({ query: `INSERT INTO landed_counts (source, type, events) ${diff}`, query_params: params, clickhouse_settings: { insert_deduplicate: 0 } })
  }
  return out
}
