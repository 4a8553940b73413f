/**
 * What the agents read, one location at a time (the tables' keys lead with location): the latest
 * policy and risk of every sku there (the sweep) and the open purchase orders there.
 */
import { z } from 'zod'
import { defineQuery } from '../query'
import { POLICY_COLUMNS, policyRow } from './planning'

const num = z.coerce.number()

/** The latest policy row of every sku at a location (the sweep; the incremental path uses latestPoliciesFor). */
export const latestPoliciesAt = defineQuery({
  name: 'agents.latest_policies_at',
  sql: `SELECT ${POLICY_COLUMNS} FROM inventory_policies WHERE location = {location:String}
        ORDER BY sku, computed_at DESC LIMIT 1 BY sku`,
  params: z.object({ location: z.string() }),
  row: policyRow,
})

/** Purchase orders at a location not yet received in full, with what is still to come. */
export const openPurchaseOrdersAt = defineQuery({
  name: 'agents.open_pos_at',
  sql: `SELECT po_id, supplier, po_sku AS sku, ordered_qty - received_qty AS open_qty, received_qty, toString(ordered_at) AS ordered_at, toString(promised_at) AS promised_at FROM (
          SELECT po_id, max(supplier) AS supplier, max(location) AS loc, max(sku) AS po_sku, max(ordered_qty) AS ordered_qty, sum(received_qty) AS received_qty,
                 max(ordered_at) AS ordered_at, max(promised_at) AS promised_at
          FROM po_lifecycle WHERE location = {location:String} OR location = '' GROUP BY po_id
        ) WHERE loc = {location:String} AND ordered_qty > received_qty
        ORDER BY po_sku, promised_at`,
  params: z.object({ location: z.string() }),
  row: z.object({ po_id: z.string(), supplier: z.string(), sku: z.string(), open_qty: num, received_qty: num, ordered_at: z.string(), promised_at: z.string() }),
})

/** Locations with policies: what a sweep walks. */
export const policyLocations = defineQuery({
  name: 'agents.policy_locations',
  sql: `SELECT DISTINCT location FROM planning_rollup ORDER BY location`,
  params: z.object({}),
  row: z.object({ location: z.string() }),
})

/** The DC that feeds a location ('' when none): its latest `parent`. */
export const parentOf = defineQuery({
  name: 'agents.parent_of',
  sql: `SELECT argMax(parent, updated_at) AS parent FROM locations WHERE location = {location:String}`,
  params: z.object({ location: z.string() }),
  row: z.object({ parent: z.string() }),
})

/**
 * The quantities of the last `n` purchase orders of each sku at a location, oldest first (the
 * replenishment-exception agent's "usual order size"). One row per PO (its ordered quantity).
 */
export const recentOrderQtysAt = defineQuery({
  name: 'agents.recent_order_qtys_at',
  sql: `SELECT sku, arrayReverse(groupArray(qty)) AS qtys FROM (
          SELECT sku, po_id, max(qty) AS qty, max(ordered_at) AS last_ordered_at FROM raw_purchase_orders
          WHERE location = {location:String} AND (empty({skus:Array(String)}) OR sku IN {skus:Array(String)})
          GROUP BY sku, po_id
          ORDER BY sku, last_ordered_at DESC, po_id DESC LIMIT {n:UInt32} BY sku
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), skus: z.array(z.string()).default([]), n: z.number().int().default(5) }),
  row: z.object({ sku: z.string(), qtys: z.array(num) }),
})

/**
 * Sales of every sku at a location from `from` on, channels summed: the first day it sold in that
 * window (days of history, at most the window's), the last day with a sale, and the daily units
 * and lines from `since` (day offsets from `since`, since >= from).
 */
export const salesStatsAt = defineQuery({
  name: 'agents.sales_stats_at',
  sql: `SELECT sku, toString(min(day)) AS first_day, toString(maxIf(day, units > 0)) AS last_sale_day,
               groupArrayIf(toUInt16(day - {since:Date}), day >= {since:Date}) AS days,
               groupArrayIf(units, day >= {since:Date}) AS units, sumIf(lines, day >= {since:Date}) AS lines
        FROM (
          SELECT sku, day, sum(units) AS units, sum(lines) AS lines FROM sales_daily
          WHERE location = {location:String} AND day >= {from:Date} AND (empty({skus:Array(String)}) OR sku IN {skus:Array(String)})
          GROUP BY sku, day
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), from: z.string(), since: z.string(), skus: z.array(z.string()).default([]) }),
  row: z.object({ sku: z.string(), first_day: z.string(), last_sale_day: z.string(), days: z.array(num), units: z.array(num), lines: num }),
})

/** The latest forecast of some skus at a location, channels summed: daily mean and 80% band. */
export const forecastBandsFor = defineQuery({
  name: 'agents.forecast_bands_for',
  sql: `SELECT sku, sumForEach(mean) AS mean, sumForEach(lower) AS lower, sumForEach(upper) AS upper FROM (
          SELECT sku, channel, arraySlice(mean, 1, {days:UInt16}) AS mean, arraySlice(lower, 1, {days:UInt16}) AS lower, arraySlice(upper, 1, {days:UInt16}) AS upper
          FROM forecasts WHERE location = {location:String} AND sku IN {skus:Array(String)}
          ORDER BY sku, channel, computed_at DESC LIMIT 1 BY sku, channel
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), skus: z.array(z.string()), days: z.number().int() }),
  row: z.object({ sku: z.string(), mean: z.array(num), lower: z.array(num), upper: z.array(num) }),
})

// --- Regional and per-channel reads: the transfers agent (jobs/agents/transfers.ts) and the
// channel-allocation agent (jobs/agents/channel.ts). ---

/** The latest master record of every location: kind, region and the DC that feeds it ('' when none). */
const LATEST_LOCATIONS = `SELECT location, argMax(kind, updated_at) AS kind, argMax(region, updated_at) AS region, argMax(parent, updated_at) AS parent
          FROM locations GROUP BY location`

/** Regions holding a location with policies: what the transfers agent walks, one region at a time. */
export const policyRegions = defineQuery({
  name: 'agents.policy_regions',
  sql: `SELECT DISTINCT region FROM (${LATEST_LOCATIONS})
        WHERE region != '' AND location IN (SELECT DISTINCT location FROM planning_rollup) ORDER BY region`,
  params: z.object({}),
  row: z.object({ region: z.string() }),
})

/** The locations of a region (latest master): kind and parent DC. */
export const regionLocations = defineQuery({
  name: 'agents.region_locations',
  sql: `SELECT location, kind, parent FROM (${LATEST_LOCATIONS}) WHERE region = {region:String} ORDER BY location`,
  params: z.object({ region: z.string() }),
  row: z.object({ location: z.string(), kind: z.string(), parent: z.string() }),
})

/** The latest policy row of every sku (or of `skus` when given) at each of some locations. */
export const latestPoliciesIn = defineQuery({
  name: 'agents.latest_policies_in',
  sql: `SELECT ${POLICY_COLUMNS} FROM inventory_policies
        WHERE location IN {locations:Array(String)} AND (empty({skus:Array(String)}) OR sku IN {skus:Array(String)})
        ORDER BY location, sku, computed_at DESC LIMIT 1 BY location, sku`,
  params: z.object({ locations: z.array(z.string()), skus: z.array(z.string()).default([]) }),
  row: policyRow,
})

/** Per sku x location of some locations: the first day sold and the last day with a sale, from `from` on. */
export const saleDaysIn = defineQuery({
  name: 'agents.sale_days_in',
  sql: `SELECT location, sku, toString(min(day)) AS first_day, toString(max(day)) AS last_sale_day FROM sales_daily
        WHERE location IN {locations:Array(String)} AND day >= {from:Date} AND day <= {to:Date} AND units > 0
        GROUP BY location, sku`,
  params: z.object({ locations: z.array(z.string()), from: z.string(), to: z.string() }),
  row: z.object({ location: z.string(), sku: z.string(), first_day: z.string(), last_sale_day: z.string() }),
})

/**
 * Sales fulfilled from a node in [from, to), by sku and channel: its own sales (location = node,
 * no other fulfilment location) and orders taken elsewhere and shipped from it (fulfilment_location
 * = node, e.g. ship-from-store web orders). Daily units (day offsets from `from`) and revenue.
 * The first part reads by the table's key (location); the second scans the window's fulfilment
 * column (no key leads with it): cheap while few sales name one, a projection or rollup if not.
 */
export const fulfilledByChannelAt = defineQuery({
  name: 'agents.fulfilled_by_channel_at',
  sql: `SELECT sku, channel, groupArray(toUInt16(d - {from:Date})) AS days, groupArray(u) AS units, sum(rev) AS revenue FROM (
          SELECT sku, channel, toDate(ts) AS d, sum(qty) AS u, sum(qty * unit_price) AS rev FROM (
            SELECT sku, channel, ts, qty, unit_price FROM raw_sales
            WHERE location = {location:String} AND fulfilment_location = '' AND ts >= {from:Date} AND ts < {to:Date}
            UNION ALL
            SELECT sku, channel, ts, qty, unit_price FROM raw_sales
            WHERE fulfilment_location = {location:String} AND ts >= {from:Date} AND ts < {to:Date}
          ) GROUP BY sku, channel, d
        ) GROUP BY sku, channel`,
  params: z.object({ location: z.string(), from: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), channel: z.string(), days: z.array(num), units: z.array(num), revenue: num }),
})

/**
 * Write-off movements (shrink, adjustments) of the skus at a location from `from` through `to`
 * (days, inclusive), one row per movement; which of them write off, and how much, is the
 * decision's (lib/agents/anomalies.ts, writtenOff).
 */
export const writeOffMovementsAt = defineQuery({
  name: 'agents.write_off_movements_at',
  sql: `SELECT sku, toString(toDate(ts)) AS day, kind, qty FROM raw_inventory_movements
        WHERE location = {location:String} AND kind IN ('shrink', 'adjustment')
          AND ts >= toDateTime64({from:Date}, 3, 'UTC') AND ts < toDateTime64({to:Date} + 1, 3, 'UTC')
          AND (empty({skus:Array(String)}) OR sku IN {skus:Array(String)})
        ORDER BY sku, ts LIMIT 1 BY event_id`,
  params: z.object({ location: z.string(), from: z.string(), to: z.string(), skus: z.array(z.string()).default([]) }),
  row: z.object({ sku: z.string(), day: z.string(), kind: z.string(), qty: num }),
})

/**
 * The forecast in force for each day from `from` through `to` (forecast_days: the latest run that
 * covered the day), channels summed, per sku at a location: day offsets from `from` and the daily
 * mean and 80% band.
 */
export const forecastsInForceAt = defineQuery({
  name: 'agents.forecasts_in_force_at',
  sql: `SELECT sku, groupArray(toUInt16(day - {from:Date})) AS days, groupArray(mean) AS mean, groupArray(lower) AS lower, groupArray(upper) AS upper FROM (
          SELECT sku, day, sum(m) AS mean, sum(lo) AS lower, sum(up) AS upper FROM (
            SELECT sku, channel, day, argMax(mean, computed_at) AS m, argMax(lower, computed_at) AS lo, argMax(upper, computed_at) AS up
            FROM forecast_days WHERE location = {location:String} AND day >= {from:Date} AND day <= {to:Date}
            GROUP BY sku, channel, day
          ) GROUP BY sku, day ORDER BY sku, day
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), from: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), days: z.array(num), mean: z.array(num), lower: z.array(num), upper: z.array(num) }),
})

/**
 * Every ingest feed (source x event type) as of `now`: when its events last landed and its usual
 * cadence over the 7 days before that. Flushes are counted per minute, and the cadence is the
 * median gap between deliveries (gaps over one minute): a nightly file flushed in a burst of
 * chunks has a cadence of a day, not of its chunks. A feed that flushed in at least 10 minutes
 * without a pause is a stream (cadence 1 min); one with fewer than two deliveries and no stream
 * (a one-off import) has no usual cadence (0) and is not judged.
 */
export const feedStatusesAt = defineQuery({
  name: 'agents.feed_statuses_at',
  sql: `SELECT f.source AS source, f.type AS type, toString(any(l.last_at)) AS last_landed_at,
               arraySort(groupUniqArray(intDiv(toUnixTimestamp64Milli(f.flushed_at), 60000))) AS minutes,
               arrayFilter(g -> g > 1, arrayDifference(minutes)) AS gaps,
               if(length(gaps) >= 2, arrayReduce('median', gaps) * 60000, if(length(minutes) >= 10, 60000, 0)) AS cadence_ms,
               if(length(gaps) >= 2, length(gaps), length(minutes) - 1) AS cadence_samples
        FROM ingest_flushes AS f
        INNER JOIN (
          SELECT source, type, max(flushed_at) AS last_at FROM ingest_flushes
          WHERE flushed_at <= {now:DateTime64(3, 'UTC')} AND events > 0 GROUP BY source, type
        ) AS l ON f.source = l.source AND f.type = l.type
        WHERE f.flushed_at <= {now:DateTime64(3, 'UTC')} AND f.events > 0 AND f.flushed_at > l.last_at - INTERVAL 7 DAY
        GROUP BY f.source, f.type ORDER BY source, type`,
  params: z.object({ now: z.string() }),
  row: z.object({ source: z.string(), type: z.string(), last_landed_at: z.string().transform((t) => `${t.replace(' ', 'T')}Z`), cadence_ms: num, cadence_samples: num }),
})

/** The locations fed by some of `parents` (their latest `parent`), with it. */
export const childLocationsOf = defineQuery({
  name: 'agents.child_locations_of',
  sql: `SELECT location, parent FROM (SELECT location, argMax(parent, updated_at) AS parent FROM locations GROUP BY location)
        WHERE parent IN {parents:Array(String)} AND location != parent ORDER BY parent, location`,
  params: z.object({ parents: z.array(z.string()) }),
  row: z.object({ location: z.string(), parent: z.string() }),
})

/** Locations that feed others (DCs): every latest `parent` named in the locations master. */
export const feederLocations = defineQuery({
  name: 'agents.feeder_locations',
  sql: `SELECT DISTINCT parent AS location FROM (SELECT location, argMax(parent, updated_at) AS parent FROM locations GROUP BY location)
        WHERE parent != '' AND parent != location ORDER BY location`,
  params: z.object({}),
  row: z.object({ location: z.string() }),
})


/**
 * Purchase orders first received since `since` (a DateTime64 literal), per PO: its supplier, the
 * instant of its first receipt, its lead time in whole days (ordered day to first received day)
 * and its lateness (promised day to first received day; null without a promise).
 */
export const supplierReceiptsSince = defineQuery({
  name: 'agents.supplier_receipts_since',
  sql: `SELECT supplier, toString(received) AS received_at, toFloat64(dateDiff('day', toDate(ordered), toDate(received))) AS lead_time_days,
                if(toUnixTimestamp64Milli(promised) > 0, toNullable(toFloat64(dateDiff('day', toDate(promised), toDate(received)))), NULL) AS lateness_days FROM (
          SELECT po_id, max(supplier) AS supplier, max(ordered_at) AS ordered, max(promised_at) AS promised, min(first_received_at) AS received, sum(received_qty) AS got
          FROM po_lifecycle GROUP BY po_id
        ) WHERE got > 0 AND supplier != '' AND toUnixTimestamp64Milli(ordered) > 0 AND received >= {since:DateTime64(3, 'UTC')} AND received >= ordered
        ORDER BY supplier, received_at`,
  params: z.object({ since: z.string() }),
  row: z.object({ supplier: z.string(), received_at: z.string(), lead_time_days: num, lateness_days: num.nullable() }),
})

/** Purchase orders of some suppliers, at any location, nothing of which has arrived yet (a remainder after a short shipment is not awaited). */
export const openPurchaseOrdersOf = defineQuery({
  name: 'agents.open_pos_of',
  sql: `SELECT po_id, supplier, loc AS location, po_sku AS sku, ordered_qty - received_qty AS open_qty, toString(ordered_at) AS ordered_at, toString(promised_at) AS promised_at FROM (
          SELECT po_id, max(supplier) AS supplier, max(location) AS loc, max(sku) AS po_sku, max(ordered_qty) AS ordered_qty, sum(received_qty) AS received_qty,
                 max(ordered_at) AS ordered_at, max(promised_at) AS promised_at
          FROM po_lifecycle GROUP BY po_id
        ) WHERE supplier IN {suppliers:Array(String)} AND ordered_qty > 0 AND received_qty = 0 AND loc != ''
        ORDER BY supplier, location, po_sku, promised_at`,
  params: z.object({ suppliers: z.array(z.string()) }),
  row: z.object({ po_id: z.string(), supplier: z.string(), location: z.string(), sku: z.string(), open_qty: num, ordered_at: z.string(), promised_at: z.string() }),
})

// --- The phantom-inventory test's extra reads (jobs/agents/phantom.ts), for its few candidates. ---

/**
 * The books' on hand at the end of each day with a stock figure (the day's latest snapshot or
 * cycle count) for some skus at a location, days as offsets from `since` (negative before it).
 */
export const bookFiguresFor = defineQuery({
  name: 'agents.book_figures_for',
  sql: `SELECT sku, groupArray(day) AS days, groupArray(on_hand) AS on_hand FROM (
          SELECT sku, toInt32(toDate(ts) - {since:Date}) AS day, argMax(q, ts) AS on_hand FROM (
            SELECT sku, ts, on_hand AS q FROM raw_inventory_snapshots
            WHERE location = {location:String} AND sku IN {skus:Array(String)} AND ts >= {from:Date} AND ts < {to:Date}
            UNION ALL
            SELECT sku, ts, qty AS q FROM raw_inventory_movements
            WHERE location = {location:String} AND kind = 'count' AND sku IN {skus:Array(String)} AND ts >= {from:Date} AND ts < {to:Date}
          ) GROUP BY sku, day ORDER BY sku, day
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), skus: z.array(z.string()), from: z.string(), since: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), days: z.array(num), on_hand: z.array(num) }),
})

/** Daily units of some skus at every other location (summed), days as offsets from `since`. */
export const peerSalesFor = defineQuery({
  name: 'agents.peer_sales_for',
  sql: `SELECT sku, groupArray(day) AS days, groupArray(units) AS units FROM (
          SELECT sku, toInt32(day - {since:Date}) AS day, sum(units) AS units FROM sales_daily
          WHERE location != {location:String} AND sku IN {skus:Array(String)} AND day >= {since:Date} AND day < {to:Date}
          GROUP BY sku, day ORDER BY sku, day
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), skus: z.array(z.string()), since: z.string(), to: z.string() }),
  row: z.object({ sku: z.string(), days: z.array(num), units: z.array(num) }),
})
