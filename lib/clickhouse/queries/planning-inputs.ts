/**
 * What the recompute reads to plan a location (jobs/recompute/run.ts): the daily sales series and
 * its stockout days, the stock state of each sku (on hand, on order, receipts), product attributes,
 * promotion windows, observed lead times (suppliers and transfers), the locations to plan, and the
 * category x channel totals behind the yearly seasonality. One location at a time where the tables'
 * keys lead with location. What the recompute writes, and the reads of it: planning.ts.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'

const num = z.coerce.number()

const seriesWindowQuery = defineQuery({
  name: 'planning.series_window',
  // The rollup is a SummingMergeTree: a day's units may still sit in several rows until their
  // parts merge, so `days` can name a day more than once; the reader sums them (toBlock). Summing
  // per day here first cost a GROUP BY over every (sku, channel, day) of the location: about
  // 7x the CPU of this query (measured 850-1100 ms against 115-180 ms for 10,000 series x 112 days).
  sql: `SELECT sku, channel, groupArray(toUInt16(day - {from:Date})) AS days, groupArray(units) AS units
        FROM sales_daily
        WHERE location = {location:String} AND day >= {from:Date} AND day < {to:Date}
        GROUP BY sku, channel
        HAVING sum(units) > 0`,
  params: z.object({ location: z.string(), from: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), channel: z.string(), days: z.array(num), units: z.array(num) }),
  settings: { max_threads: 2 },
})

export interface SeriesRow {
  sku: string
  channel: string
  days: number[]
  units: number[]
}

/**
 * The daily series of a location. Read as JSONCompactEachRow and checked by shape, not through
 * zod row by row: at 10,000 series x 112 days per location, per-element zod parsing cost 5x the
 * query itself (measured 199 ms vs ~40 ms for 2,000 series).
 */
export async function seriesWindow(client: ClickHouseClient, params: { location: string; from: string; to: string }): Promise<SeriesRow[]> {
  return seriesRows(client, seriesWindowQuery.def, params)
}

/**
 * Each sku x channel's units per day of [from, to) summed over the locations: the pooled level's
 * group totals (lib/planning/pooled-level.ts). One read per run, answered from the aggregate
 * projection by_sku_channel (migration 019): the inner GROUP BY is the projection's own, so
 * ClickHouse reads its pre-summed rows instead of every location's (measured under load on
 * bench:forecast-scale's history: 2.9-3.5 s vs 64 s). Which groups have one location only is left
 * to the reader (a member whose share is the whole group is not pooled).
 */
const poolTotalsQuery = defineQuery({
  name: 'planning.pool_totals',
  sql: `SELECT sku, channel, groupArray(d) AS days, groupArray(u) AS units FROM (
          SELECT sku, channel, toUInt16(day - {from:Date}) AS d, sum(units) AS u
          FROM sales_daily
          WHERE day >= {from:Date} AND day < {to:Date}
          GROUP BY sku, channel, day
        )
        GROUP BY sku, channel
        HAVING sum(u) > 0`,
  params: z.object({ from: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), channel: z.string(), days: z.array(num), units: z.array(num) }),
  settings: { max_threads: 2 },
})

export async function poolTotals(client: ClickHouseClient, params: { from: string; to: string }): Promise<SeriesRow[]> {
  return seriesRows(client, poolTotalsQuery.def, params)
}

async function seriesRows<P extends z.ZodType>(client: ClickHouseClient, def: { name: string; sql: string; params: P; settings?: Record<string, string | number> }, params: z.input<P>): Promise<SeriesRow[]> {
  const rs = await client.query({ query: def.sql, query_params: def.params.parse(params) as Record<string, unknown>, format: 'JSONCompactEachRow', clickhouse_settings: def.settings })
  const rows = (await rs.json()) as unknown as [string, string, number[], number[]][]
  return rows.map((r) => {
    if (!Array.isArray(r) || r.length !== 4 || !Array.isArray(r[2]) || !Array.isArray(r[3])) throw new Error(`${def.name}: unexpected row shape`)
    return { sku: r[0], channel: r[1], days: r[2], units: r[3] }
  })
}

/** Days whose latest stock figure (snapshot or count) was zero or less: demand there is censored. */
export const stockoutDays = defineQuery({
  name: 'planning.stockout_days',
  sql: `SELECT sku, groupUniqArray(toUInt16(toDate(ts) - {from:Date})) AS days
        FROM raw_inventory_snapshots
        WHERE location = {location:String} AND ts >= {from:Date} AND ts < {to:Date} AND on_hand <= 0
        GROUP BY sku`,
  params: z.object({ location: z.string(), from: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), days: z.array(num) }),
})

/**
 * Per sku at a location: on hand = latest snapshot + stock changes since + (minus) sales
 * fulfilled from here since; reserved; on order = open purchase orders plus transfers in transit
 * (shipped, not yet received), with their promised / expected dates; product attributes.
 */
function skuStatesSql(onlySkus: boolean): string {
  const filter = onlySkus ? ' AND sku IN {skus:Array(String)}' : ''
  return `WITH snaps AS (
          SELECT sku, maxMerge(snap_ts) AS snap_ts, argMaxMerge(on_hand) AS snap_on_hand, argMaxMerge(reserved) AS reserved
          FROM stock_snapshots_latest WHERE location = {location:String}${filter} GROUP BY sku
        ),
        changes AS (
          SELECT c.sku AS sku, sum(c.delta) AS delta FROM stock_changes AS c INNER JOIN snaps AS s ON c.sku = s.sku
          WHERE c.location = {location:String} AND c.ts >= {since:DateTime64(3, 'UTC')} AND c.ts > s.snap_ts GROUP BY c.sku
        ),
        sold AS (
          SELECT r.sku AS sku, sum(r.qty) AS qty FROM raw_sales AS r INNER JOIN snaps AS s ON r.sku = s.sku
          WHERE r.ts >= {since:DateTime64(3, 'UTC')} AND r.ts > s.snap_ts
            AND ((r.location = {location:String} AND r.fulfilment_location = '') OR r.fulfilment_location = {location:String})
          GROUP BY r.sku
        ),
        open_po AS (
          SELECT sku, sum(outstanding) AS on_order, groupArray((toString(toDate(promised_at)), outstanding)) AS receipts FROM (
            SELECT po_id, max(sku) AS sku, max(location) AS loc, max(ordered_qty) - sum(received_qty) AS outstanding, max(promised_at) AS promised_at
            FROM po_lifecycle GROUP BY po_id
          ) WHERE loc = {location:String} AND outstanding > 0 GROUP BY sku
        ),
        in_transit AS (
          SELECT sku, sum(qty) AS qty, groupArray((toString(toDate(expected_at)), qty)) AS receipts FROM raw_transfers
          WHERE to_location = {location:String} AND shipped_at >= {since:DateTime64(3, 'UTC')}
            AND transfer_id NOT IN (SELECT ref FROM raw_inventory_movements
                                    WHERE location = {location:String} AND kind = 'transfer_in' AND ts >= {since:DateTime64(3, 'UTC')})
          GROUP BY sku
        ),
        prod AS (
          SELECT sku, argMax(category, updated_at) AS category, argMax(supplier, updated_at) AS supplier,
                 argMax(price, updated_at) AS price, argMax(unit_cost, updated_at) AS unit_cost,
                 argMax(case_pack, updated_at) AS case_pack, argMax(moq, updated_at) AS moq,
                 ifNull(toString(argMax(season_end, updated_at)), '') AS season_end
          FROM products GROUP BY sku
        )
        SELECT s.sku AS sku, s.snap_on_hand + ifNull(c.delta, 0) - ifNull(x.qty, 0) AS on_hand, s.reserved AS reserved,
               ifNull(o.on_order, 0) + ifNull(t.qty, 0) AS on_order, arrayConcat(ifNull(o.receipts, []), ifNull(t.receipts, [])) AS receipts,
               ifNull(p.category, '') AS category, ifNull(p.supplier, '') AS supplier, ifNull(p.price, 0) AS price,
               ifNull(p.unit_cost, 0) AS unit_cost, ifNull(p.case_pack, 1) AS case_pack, ifNull(p.moq, 1) AS moq,
               ifNull(p.season_end, '') AS season_end
        FROM snaps AS s
        LEFT JOIN changes AS c ON c.sku = s.sku
        LEFT JOIN sold AS x ON x.sku = s.sku
        LEFT JOIN open_po AS o ON o.sku = s.sku
        LEFT JOIN in_transit AS t ON t.sku = s.sku
        LEFT JOIN prod AS p ON p.sku = s.sku
        SETTINGS join_use_nulls = 1`
}

export const skuStates = defineQuery({
  name: 'planning.sku_states',
  sql: skuStatesSql(false),
  params: z.object({ location: z.string(), since: z.string() }),
  row: z.object({
    sku: z.string(), on_hand: num, reserved: num, on_order: num,
    receipts: z.array(z.tuple([z.string(), num])),
    category: z.string(), supplier: z.string(), price: num, unit_cost: num, case_pack: num, moq: num, season_end: z.string(),
  }),
})

/** The same, for a few skus: the incremental path after ingest touched them. */
export const skuStatesFor = defineQuery({
  ...skuStates.def,
  name: 'planning.sku_states_for',
  sql: skuStatesSql(true),
  params: z.object({ location: z.string(), since: z.string(), skus: z.array(z.string()) }),
})

/** Product attributes (for skus that sell but have no stock record yet). */
export const productAttrs = defineQuery({
  name: 'planning.product_attrs',
  sql: `SELECT sku, argMax(category, updated_at) AS category, argMax(supplier, updated_at) AS supplier,
               argMax(price, updated_at) AS price, argMax(unit_cost, updated_at) AS unit_cost,
               argMax(case_pack, updated_at) AS case_pack, argMax(moq, updated_at) AS moq, ifNull(toString(argMax(season_end, updated_at)), '') AS season_end,
               argMax(lifecycle, updated_at) AS lifecycle
        FROM products GROUP BY sku`,
  params: z.object({}),
  row: z.object({ sku: z.string(), category: z.string(), supplier: z.string(), price: num, unit_cost: num, case_pack: num, moq: num, season_end: z.string(), lifecycle: z.string() }),
})

/** Each promotion (matching `where`) as sent last: a promotion re-sent with its promo_id replaces the earlier one. */
export function latestPromotions(where: string): string {
  return `SELECT promo_id, argMax(skus, (ts, ingested_at)) AS skus, argMax(locations, (ts, ingested_at)) AS locations,
                 argMax(channels, (ts, ingested_at)) AS channels, argMax(start, (ts, ingested_at)) AS start,
                 argMax(end, (ts, ingested_at)) AS end, argMax(discount_pct, (ts, ingested_at)) AS discount_pct
          FROM raw_promotions WHERE ${where} GROUP BY promo_id`
}

/**
 * Promotions running on any day of [from, from + days), each as sent last (a promotion re-sent
 * with the same promo_id replaces the earlier one), with its first and last day as offsets from
 * `from` (lib/planning/promotions.ts).
 */
export const promotionWindows = defineQuery({
  name: 'planning.promotion_windows',
  sql: `SELECT promo_id, skus, locations, channels, first_day, last_day, depth FROM (
          SELECT promo_id, skus, locations, channels, toInt32(toDate(start) - {from:Date}) AS first_day,
                 toInt32(toDate(end) - {from:Date}) AS last_day, discount_pct / 100 AS depth
          FROM (${latestPromotions('end >= {from:Date}')})
        ) WHERE last_day >= 0 AND first_day < {days:UInt32} AND depth > 0`,
  params: z.object({ from: z.string(), days: z.number().int().positive() }),
  row: z.object({
    promo_id: z.string(), skus: z.array(z.string()), locations: z.array(z.string()), channels: z.array(z.string()),
    first_day: num, last_day: num, depth: num,
  }),
})

/** Observed lead times (first receipt - order, days) by supplier x location, by supplier, and overall. */
export const leadTimeStats = defineQuery({
  name: 'planning.lead_time_stats',
  sql: `SELECT supplier, location, grouping(supplier) AS all_suppliers, grouping(location) AS all_locations,
               count() AS n, avg(lt) AS mean_days, if(count() > 1, stddevSamp(lt), 0) AS sd_days
        FROM (
          SELECT po_id, max(supplier) AS supplier, max(location) AS location,
                 dateDiff('second', max(ordered_at), min(first_received_at)) / 86400 AS lt
          FROM po_lifecycle GROUP BY po_id
          HAVING sum(received_qty) > 0 AND max(ordered_at) > toDateTime64('2000-01-01', 3, 'UTC')
        )
        WHERE lt >= 0
        GROUP BY GROUPING SETS ((supplier, location), (supplier), ())`,
  params: z.object({}),
  row: z.object({ supplier: z.string(), location: z.string(), all_suppliers: num, all_locations: num, n: num, mean_days: num, sd_days: num }),
})

/**
 * Replenishment lead time of locations supplied by transfers (stores from their DC): shipped to
 * received (the transfer_in movement), in days, over the recent window.
 */
export const transferLeadTimes = defineQuery({
  name: 'planning.transfer_lead_times',
  sql: `SELECT t.to_location AS location, count() AS n, avg(lt) AS mean_days, if(count() > 1, stddevSamp(lt), 0) AS sd_days FROM (
          SELECT t.to_location, dateDiff('second', t.shipped_at, m.arrived) / 86400 AS lt
          FROM raw_transfers AS t
          INNER JOIN (SELECT ref, min(ts) AS arrived FROM raw_inventory_movements WHERE kind = 'transfer_in' AND ts >= {since:DateTime64(3, 'UTC')} GROUP BY ref) AS m
            ON m.ref = t.transfer_id
          WHERE t.shipped_at >= {since:DateTime64(3, 'UTC')}
        ) AS t WHERE lt >= 0 GROUP BY t.to_location`,
  params: z.object({ since: z.string() }),
  row: z.object({ location: z.string(), n: num, mean_days: num, sd_days: num }),
})

export const planningLocations = defineQuery({
  name: 'planning.locations',
  sql: `SELECT DISTINCT location FROM (
          SELECT location FROM sales_daily WHERE day >= {from:Date}
          UNION ALL SELECT location FROM stock_snapshots_latest
        ) ORDER BY location`,
  params: z.object({ from: z.string() }),
  row: z.object({ location: z.string() }),
})

/** Category x channel totals per day over [from, to) (lib/planning/seasonality.ts), each day as written last. */
export const categoryDaily = defineQuery({
  name: 'planning.category_daily',
  sql: `SELECT category, channel, toUInt32(day - {from:Date}) AS offset, argMax(units, computed_at) AS units
        FROM category_daily WHERE day >= {from:Date} AND day < {to:Date}
        GROUP BY category, channel, day`,
  params: z.object({ from: z.string(), to: z.string() }),
  row: z.object({ category: z.string(), channel: z.string(), offset: num, units: num }),
})

/**
 * First recompute on an empty `category_daily`: the category x channel totals of [from, to) summed from
 * `sales_daily` (categories as the products say now). Later runs only add their own window.
 */
export async function backfillCategoryDaily(client: ClickHouseClient, params: { from: string; to: string }): Promise<void> {
  await client.command({
    query: `INSERT INTO category_daily (category, channel, day, units, computed_at)
            SELECT p.category, s.channel, s.day, sum(s.units), now64(3)
            FROM sales_daily AS s
            INNER JOIN (SELECT sku, argMax(category, updated_at) AS category FROM products GROUP BY sku) AS p ON p.sku = s.sku
            WHERE s.day >= {from:Date} AND s.day < {to:Date}
            GROUP BY p.category, s.channel, s.day`,
    query_params: params,
  })
}
