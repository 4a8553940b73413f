/**
 * What the settlement job (jobs/settle.ts) reads to settle executed decisions (lib/value/settle.ts):
 * the actions not yet settled, where each one's units went (its purchase order, its expedited
 * order's earlier promise, its transfer), the pair's sales and end-of-day stock over the horizon
 * (sales_daily; raw_inventory_snapshots and cycle counts), the SKU's price, cost and season end,
 * and the append to action_settlements (migration 024; a retry replaces itself by action_id).
 */
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import { latestPromotions } from './planning-inputs'
import type { ActionSettlement } from '@/lib/value/types'

const num = z.coerce.number()
const isoOf = (s: string) => `${s.replace(' ', 'T')}Z`
const chTime = z.string().transform(isoOf)
/** An ISO instant as a DateTime64 query parameter ('YYYY-MM-DD hh:mm:ss.sss', UTC). */
const instant = z.string().transform((s) => new Date(s).toISOString().replace('T', ' ').replace('Z', ''))

/**
 * Whether a promotion of the action's SKU (at its location, or chain-wide) ran when it was
 * decided: a channel split decided on promotion is the promotions use case (lib/value/use-cases.ts).
 * `a` names the action row (sku, location, created_at).
 */
export const ON_PROMOTION = `arrayExists(p -> has(p.1, a.sku) AND (empty(p.2) OR has(p.2, a.location)) AND a.created_at >= p.3 AND a.created_at <= p.4,
  (SELECT groupArray((skus, locations, start, end)) FROM (${latestPromotions('1')})))`

/**
 * Actions decided since `since` whose delivery is over (delivered or confirmed: executed; dead:
 * never took effect) and that have no settlement yet, oldest first, with their alert's type.
 * Transfers and reallocations decided on or after `moved_before` are left out: their horizon
 * (at least 28 days, lib/value/settle.ts) cannot have ended, so they are not read every hour.
 */
export const unsettledActions = defineQuery({
  name: 'settle.unsettled_actions',
  sql: `SELECT a.action_id AS action_id, a.alert_id AS alert_id, a.kind AS kind, a.sku AS sku, a.location AS location, a.from_location AS from_location,
               a.quantity AS quantity, a.price AS price, a.cost AS cost, a.value AS value, a.created_at AS created_at, a.status AS status,
               ifNull(al.type, '') AS alert_type, ${ON_PROMOTION} AS on_promotion FROM (
          SELECT action_id, any(alert_id) AS alert_id, any(kind) AS kind, any(sku) AS sku, any(location) AS location, any(from_location) AS from_location,
                 any(quantity) AS quantity, any(price) AS price, any(cost) AS cost, any(value) AS value, min(created_at) AS created_at,
                 argMax(status, version) AS status
          FROM actions WHERE created_at >= {since:DateTime64(3, 'UTC')} AND action_id NOT IN (SELECT action_id FROM action_settlements)
          GROUP BY action_id
        ) AS a
        LEFT JOIN (SELECT id, any(type) AS type FROM alerts WHERE id IN (SELECT alert_id FROM actions WHERE created_at >= {since:DateTime64(3, 'UTC')}) GROUP BY id) AS al ON al.id = a.alert_id
        WHERE a.status IN ('delivered', 'confirmed', 'dead')
          AND (a.status = 'dead' OR a.kind NOT IN ('transfer', 'reallocate') OR toDate(a.created_at) < {moved_before:Date})
        ORDER BY a.created_at, a.action_id LIMIT {limit:UInt32}
        SETTINGS join_use_nulls = 1`,
  params: z.object({ since: instant, moved_before: z.iso.date(), limit: z.number().int().positive() }),
  row: z.object({
    action_id: z.string(), alert_id: z.string(), kind: z.string(), sku: z.string(), location: z.string(), from_location: z.string(), quantity: num,
    price: num.nullable(), cost: num, value: num, created_at: chTime, status: z.string(), alert_type: z.string(), on_promotion: num,
  }),
})
export type UnsettledAction = z.infer<typeof unsettledActions.def.row>

const receipts = z.array(z.tuple([z.string(), num]))

/**
 * The purchase order a reorder placed: at the pair, ordered from the decision to two days after,
 * the one of the decided size first, else the earliest; its promise and its receipts by day.
 */
export const reorderPo = defineQuery({
  name: 'settle.reorder_po',
  sql: `SELECT p.po_id AS po_id, toString(toDate(p.promised_at)) AS promised,
               (SELECT groupArray((toString(toDate(received_at)), qty)) FROM raw_po_receipts WHERE po_id = p.po_id) AS receipts
        FROM (
          SELECT po_id, max(sku) AS sku, max(location) AS location, max(ordered_qty) AS qty, max(ordered_at) AS ordered_at, max(promised_at) AS promised_at
          FROM po_lifecycle GROUP BY po_id
        ) AS p
        WHERE p.sku = {sku:String} AND p.location = {location:String}
          AND p.ordered_at >= {at:DateTime64(3, 'UTC')} - INTERVAL 1 HOUR AND p.ordered_at < {at:DateTime64(3, 'UTC')} + INTERVAL 2 DAY
        ORDER BY p.qty = {qty:Float64} DESC, p.ordered_at, p.po_id LIMIT 1`,
  params: z.object({ sku: z.string(), location: z.string(), at: instant, qty: z.number() }),
  row: z.object({ po_id: z.string(), promised: z.string(), receipts }),
})

/**
 * The order an expedite brought forward: at the pair, ordered before the decision and restated
 * after it (a purchase_order row with a new promise); its promise before the decision (when the
 * units would have come) and after it, and its receipts by day.
 */
export const expeditedPo = defineQuery({
  name: 'settle.expedited_po',
  sql: `SELECT po_id, toString(toDate(argMaxIf(promised_at, ts, ts < {at:DateTime64(3, 'UTC')}))) AS before,
               toString(toDate(argMinIf(promised_at, ts, ts >= {at:DateTime64(3, 'UTC')} - INTERVAL 1 HOUR))) AS after,
               (SELECT groupArray((toString(toDate(received_at)), qty)) FROM raw_po_receipts AS r WHERE r.po_id = o.po_id) AS receipts
        FROM raw_purchase_orders AS o
        WHERE sku = {sku:String} AND location = {location:String} AND ordered_at < {at:DateTime64(3, 'UTC')}
        GROUP BY po_id
        HAVING countIf(ts >= {at:DateTime64(3, 'UTC')} - INTERVAL 1 HOUR) > 0 AND countIf(ts < {at:DateTime64(3, 'UTC')}) > 0
        ORDER BY min(ts) DESC LIMIT 1`,
  params: z.object({ sku: z.string(), location: z.string(), at: instant }),
  row: z.object({ po_id: z.string(), before: z.string(), after: z.string(), receipts }),
})

/** The transfer an action shipped: to the pair from `from`, shipped from the decision to two days after; its expected day and its arrivals by day. */
export const actionTransfer = defineQuery({
  name: 'settle.action_transfer',
  sql: `SELECT t.transfer_id AS transfer_id, toString(toDate(t.expected_at)) AS expected,
               (SELECT groupArray((toString(toDate(ts)), abs(qty))) FROM raw_inventory_movements
                WHERE location = {location:String} AND sku = {sku:String} AND kind = 'transfer_in' AND ref = t.transfer_id) AS receipts
        FROM raw_transfers AS t
        WHERE t.to_location = {location:String} AND t.sku = {sku:String} AND ({from:String} = '' OR t.from_location = {from:String})
          AND t.shipped_at >= {at:DateTime64(3, 'UTC')} - INTERVAL 1 HOUR AND t.shipped_at < {at:DateTime64(3, 'UTC')} + INTERVAL 2 DAY
        ORDER BY t.shipped_at, t.transfer_id LIMIT 1`,
  params: z.object({ sku: z.string(), location: z.string(), from: z.string(), at: instant }),
  row: z.object({ transfer_id: z.string(), expected: z.string(), receipts }),
})

/** The pair's units and sales value per day in [from, to] (all channels). */
export const pairSales = defineQuery({
  name: 'settle.pair_sales',
  sql: `SELECT toString(day) AS date, sum(units) AS units, sum(revenue) AS revenue FROM sales_daily
        WHERE location = {location:String} AND sku = {sku:String} AND day >= {from:Date} AND day <= {to:Date}
        GROUP BY day ORDER BY day`,
  params: z.object({ sku: z.string(), location: z.string(), from: z.string(), to: z.string() }),
  row: z.object({ date: z.string(), units: num, revenue: num }),
})

/** The pair's end-of-day on hand in [from, to]: the last snapshot or cycle count of each day that had one. */
export const pairStock = defineQuery({
  name: 'settle.pair_stock',
  sql: `SELECT toString(toDate(ts)) AS date, argMax(on_hand, ts) AS on_hand FROM (
          SELECT ts, on_hand FROM raw_inventory_snapshots
          WHERE location = {location:String} AND sku = {sku:String} AND ts >= {from:Date} AND ts < {to:Date} + 1
          UNION ALL
          SELECT ts, qty AS on_hand FROM raw_inventory_movements
          WHERE location = {location:String} AND sku = {sku:String} AND kind = 'count' AND ts >= {from:Date} AND ts < {to:Date} + 1
        ) GROUP BY date ORDER BY date`,
  params: z.object({ sku: z.string(), location: z.string(), from: z.string(), to: z.string() }),
  row: z.object({ date: z.string(), on_hand: num }),
})

/** Price, unit cost and season end of a SKU, as last sent. */
export const productFacts = defineQuery({
  name: 'settle.product',
  sql: `SELECT argMax(price, updated_at) AS price, argMax(unit_cost, updated_at) AS unit_cost, ifNull(toString(argMax(season_end, updated_at)), '') AS season_end
        FROM products WHERE sku = {sku:String} GROUP BY sku`,
  params: z.object({ sku: z.string() }),
  row: z.object({ price: num, unit_cost: num, season_end: z.string() }),
})

export async function appendSettlements(clickhouse: ClickHouse, rows: ActionSettlement[]): Promise<void> {
  await clickhouse.insertRows('interactive', 'action_settlements', rows.map((r) => ({ ...r })), { date_time_input_format: 'best_effort' })
}

