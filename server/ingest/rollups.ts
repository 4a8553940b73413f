/**
 * The rollups fed by materialized views that a correction recomputes key by key
 * (sales_daily, sales_minutely: SummingMergeTree; stock_snapshots_latest, po_lifecycle:
 * AggregatingMergeTree): the keys a selection of landing rows touched are deleted and recomputed
 * from the landing rows kept. Used by removals (server/import/remove.ts: keep = not the removed
 * rows) and by the crash repair (./crash-repair.ts: keep = every row).
 *
 * Recomputing a key gives exactly the sum of what stays (negating rows would not: a float sum of
 * x, v and -v is not x again, argMax states cannot be negated). Recomputing inserts turn insert
 * deduplication off: the same recomputed block may rightly be inserted again (a second run), and a
 * dedup window would drop it silently.
 */
import type { ClickHouseClient } from '@clickhouse/client'

export interface Recompute {
  target: string
  /** The target's key columns, and the same key computed over the source rows of the selection. */
  key: string
  keysOfSel: string
  /** Inserts recomputing the keys from the rows that stay: `{keys}` is the key set, `{keep}` the rows kept. */
  inserts: string[]
  sources: string[]
}

export const RECOMPUTES: Recompute[] = [
  {
    target: 'sales_daily',
    key: '(location, sku, channel, day)',
    keysOfSel: 'SELECT location, sku, channel, toDate(ts) FROM raw_sales WHERE {sel}',
    inserts: [
      `INSERT INTO sales_daily (day, sku, location, channel, units, revenue, lines)
       SELECT toDate(ts) AS day, sku, location, channel, sum(qty), sum(qty * unit_price), count()
       FROM raw_sales WHERE (location, sku, channel, toDate(ts)) IN ({keys}) AND {keep}
       GROUP BY day, sku, location, channel`,
    ],
    sources: ['raw_sales'],
  },
  {
    // Only the minutes it keeps (TTL 9 days); its view takes sales of the last 8 days (migration 009).
    target: 'sales_minutely',
    key: '(location, channel, minute)',
    keysOfSel: 'SELECT location, channel, toStartOfMinute(ts) FROM raw_sales WHERE {sel} AND ts >= now() - INTERVAL 9 DAY',
    inserts: [
      `INSERT INTO sales_minutely (minute, location, channel, units, revenue, lines)
       SELECT toStartOfMinute(ts) AS minute, location, channel, sum(qty), sum(qty * unit_price), count()
       FROM raw_sales WHERE (location, channel, toStartOfMinute(ts)) IN ({keys}) AND {keep}
       GROUP BY minute, location, channel`,
    ],
    sources: ['raw_sales'],
  },
  {
    target: 'stock_snapshots_latest',
    key: '(location, sku)',
    keysOfSel: `SELECT location, sku FROM raw_inventory_snapshots WHERE {sel}
                UNION ALL SELECT location, sku FROM raw_inventory_movements WHERE {sel} AND kind = 'count'`,
    inserts: [
      `INSERT INTO stock_snapshots_latest
       SELECT location, sku, maxState(ts), argMaxState(on_hand, ts), argMaxState(reserved, ts)
       FROM raw_inventory_snapshots WHERE (location, sku) IN ({keys}) AND {keep} GROUP BY location, sku`,
      `INSERT INTO stock_snapshots_latest
       SELECT location, sku, maxState(ts), argMaxState(qty, ts), argMaxState(toFloat64(0), ts)
       FROM raw_inventory_movements WHERE kind = 'count' AND (location, sku) IN ({keys}) AND {keep} GROUP BY location, sku`,
    ],
    sources: ['raw_inventory_snapshots', 'raw_inventory_movements'],
  },
  {
    target: 'po_lifecycle',
    key: 'po_id',
    keysOfSel: 'SELECT po_id FROM raw_purchase_orders WHERE {sel} UNION ALL SELECT po_id FROM raw_po_receipts WHERE {sel}',
    inserts: [
      `INSERT INTO po_lifecycle
       SELECT po_id, supplier, location, sku, qty AS ordered_qty, ordered_at, promised_at, toFloat64(0) AS received_qty,
              toDateTime64('2299-12-31 00:00:00', 3, 'UTC') AS first_received_at, toDateTime64(0, 3, 'UTC') AS last_received_at
       FROM raw_purchase_orders WHERE po_id IN ({keys}) AND {keep}`,
      `INSERT INTO po_lifecycle
       SELECT po_id, '' AS supplier, location, sku, toFloat64(0) AS ordered_qty, toDateTime64(0, 3, 'UTC') AS ordered_at,
              toDateTime64(0, 3, 'UTC') AS promised_at, qty AS received_qty, received_at AS first_received_at, received_at AS last_received_at
       FROM raw_po_receipts WHERE po_id IN ({keys}) AND {keep}`,
    ],
    sources: ['raw_purchase_orders', 'raw_po_receipts'],
  },
]

/**
 * Delete and recompute, in every rollup fed by a landing table in `touched`, the keys that the
 * rows `sel` touched, from the rows `keep`. Both are SQL predicates over a landing table's row,
 * with only `params` bound. Returns the number of keys recomputed per rollup.
 */
export async function recomputeRollups(
  client: ClickHouseClient,
  touched: ReadonlySet<string>,
  sel: string,
  keep: string,
  params: Record<string, unknown>,
): Promise<Record<string, number>> {
  const run = (query: string) => client.command({ query, query_params: params, clickhouse_settings: { insert_deduplicate: 0, lightweight_deletes_sync: '2' } })
  const counts: Record<string, number> = {}
  for (const r of RECOMPUTES) {
    if (!r.sources.some((s) => touched.has(s))) continue
    const keys = r.keysOfSel.replaceAll('{sel}', `(${sel})`)
    const rs = await client.query({ query: `SELECT count() AS n FROM (SELECT DISTINCT * FROM (${keys}))`, query_params: params, format: 'JSONEachRow' })
    const [row] = await rs.json<{ n: string | number }>()
    counts[r.target] = Number(row?.n ?? 0)
    if (!counts[r.target]) continue
    await run(`DELETE FROM ${r.target} WHERE ${r.key} IN (${keys})`)
    for (const insert of r.inserts) await run(insert.replaceAll('{keys}', keys).replaceAll('{keep}', `(${keep})`))
  }
  return counts
}
