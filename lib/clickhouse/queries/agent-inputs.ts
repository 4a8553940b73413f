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

/** The latest policy row of some skus at some locations. */
export const latestPoliciesIn = defineQuery({
  name: 'agents.latest_policies_in',
  sql: `SELECT ${POLICY_COLUMNS} FROM inventory_policies WHERE location IN {locations:Array(String)} AND sku IN {skus:Array(String)}
        ORDER BY location, sku, computed_at DESC LIMIT 1 BY location, sku`,
  params: z.object({ locations: z.array(z.string()), skus: z.array(z.string()) }),
  row: policyRow,
})

/**
 * Purchase orders first received since `since` (a DateTime64 literal), per PO: its supplier, the
 * instant of its first receipt and its lead time in whole days (ordered day to first received day).
 */
export const supplierReceiptsSince = defineQuery({
  name: 'agents.supplier_receipts_since',
  sql: `SELECT supplier, toString(received) AS received_at, toFloat64(dateDiff('day', toDate(ordered), toDate(received))) AS lead_time_days FROM (
          SELECT po_id, max(supplier) AS supplier, max(ordered_at) AS ordered, min(first_received_at) AS received, sum(received_qty) AS got
          FROM po_lifecycle GROUP BY po_id
        ) WHERE got > 0 AND supplier != '' AND toUnixTimestamp64Milli(ordered) > 0 AND received >= {since:DateTime64(3, 'UTC')} AND received >= ordered
        ORDER BY supplier, received_at`,
  params: z.object({ since: z.string() }),
  row: z.object({ supplier: z.string(), received_at: z.string(), lead_time_days: num }),
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
