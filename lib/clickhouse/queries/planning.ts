/**
 * Planning results: the forecasts, policies, board rollup and risk_top the recompute writes, and
 * the reads of them (the incremental path's latest policies and forecast paths, the risk list, the
 * drill-down's forecasts, policy, open orders, inbound transfers, sales and promotions). One
 * location at a time where the tables' keys lead with location. What the recompute reads to plan:
 * planning-inputs.ts.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import { latestPromotions } from './planning-inputs'

const num = z.coerce.number()
const chDate = z.string().nullable()

export const policyRow = z.object({
  sku: z.string(), location: z.string(), category: z.string(), supplier: z.string(), model: z.string(), model_version: z.string(),
  d: num, sd_d: num, lead_time_days: num, sd_lead_time_days: num, lead_time_source: z.enum(['supplier', 'transfer']), service_level: num, z: num, abc: z.string(), xyz: z.string(),
  safety_stock: num, reorder_point: num, order_up_to: num, recommended_order_qty: num, case_pack: num, moq: num,
  on_hand: num, on_order: num, reserved: num, position: num, unit_price: num, unit_cost: num,
  stockout_probability: num, days_of_cover: num, projected_stockout_date: chDate, expected_lost_margin: num,
  sold_28d: num, est_lost_28d: num, markdown_exposure: num, computed_at: z.string(),
})
export type PolicyRow = z.infer<typeof policyRow>

export const POLICY_COLUMNS = `sku, location, category, supplier, model, model_version, d, sd_d, lead_time_days, sd_lead_time_days, lead_time_source, service_level, z, abc, xyz,
  safety_stock, reorder_point, order_up_to, recommended_order_qty, case_pack, moq, on_hand, on_order, reserved, position, unit_price, unit_cost,
  stockout_probability, days_of_cover, toString(projected_stockout_date) AS projected_stockout_date, expected_lost_margin, sold_28d, est_lost_28d, markdown_exposure,
  toString(computed_at) AS computed_at`

export const latestPoliciesFor = defineQuery({
  name: 'planning.latest_policies_for',
  sql: `SELECT ${POLICY_COLUMNS} FROM inventory_policies WHERE location = {location:String} AND sku IN {skus:Array(String)}
        ORDER BY sku, computed_at DESC LIMIT 1 BY sku`,
  params: z.object({ location: z.string(), skus: z.array(z.string()) }),
  row: policyRow,
})

export const forecastPathsFor = defineQuery({
  name: 'planning.forecast_paths_for',
  sql: `SELECT sku, toString(any(start_date)) AS start_date, sumForEach(mean) AS mean FROM (
          SELECT sku, channel, start_date, mean FROM forecasts WHERE location = {location:String} AND sku IN {skus:Array(String)}
          ORDER BY sku, channel, computed_at DESC LIMIT 1 BY sku, channel
        ) GROUP BY sku`,
  params: z.object({ location: z.string(), skus: z.array(z.string()) }),
  row: z.object({ sku: z.string(), start_date: z.string(), mean: z.array(num) }),
})

/** Rebuild the board rollup of one location from its latest policy rows. */
export async function rebuildRollup(client: ClickHouseClient, location: string, riskThreshold: number): Promise<void> {
  await client.command({
    query: `INSERT INTO planning_rollup
            SELECT location, category, count() AS series,
                   countIf(stockout_probability > {threshold:Float64}) AS at_risk,
                   sumIf(expected_lost_margin, stockout_probability > {threshold:Float64}) AS expected_lost_margin,
                   countIf(on_hand > 0) AS in_stock,
                   sum(greatest(on_hand, 0)) AS on_hand_units,
                   sum(greatest(on_hand, 0) * unit_cost) AS on_hand_cost,
                   sum(d) AS forecast_daily_units,
                   sum(sold_28d) AS sold_28d, sum(est_lost_28d) AS est_lost_28d,
                   sum(sold_28d * unit_cost) AS cogs_28d,
                   sum(markdown_exposure) AS markdown_exposure,
                   now64(3) AS computed_at
            FROM (
              SELECT location, sku, category, stockout_probability, expected_lost_margin, on_hand, unit_cost, d, sold_28d, est_lost_28d, markdown_exposure
              FROM inventory_policies WHERE location = {location:String}
              ORDER BY sku, computed_at DESC LIMIT 1 BY sku
            )
            GROUP BY location, category`,
    query_params: { location, threshold: riskThreshold },
  })
}

/**
 * How many skus of each location risk_top keeps (migration 008 backfills with the same depth).
 * riskTop answers exactly for any limit up to this.
 */
export const RISK_TOP_DEPTH = 50

/** Rebuild risk_top for one location from its latest policy rows (see migration 008). */
export async function rebuildRiskTop(client: ClickHouseClient, location: string): Promise<void> {
  await client.command({
    query: `INSERT INTO risk_top
            SELECT {location:String} AS location, toUInt16(r.number) AS rank, t.sku, t.stockout_probability, t.days_of_cover,
                   t.projected_stockout_date, t.expected_lost_margin, now64(3) AS computed_at
            FROM numbers({depth:UInt16}) AS r
            LEFT JOIN (
              SELECT sku, stockout_probability, days_of_cover, projected_stockout_date, expected_lost_margin,
                     toUInt64(row_number() OVER (ORDER BY stockout_probability DESC, expected_lost_margin DESC, sku) - 1) AS rk
              FROM (
                SELECT sku, stockout_probability, days_of_cover, projected_stockout_date, expected_lost_margin
                FROM inventory_policies WHERE location = {location:String}
                ORDER BY sku, computed_at DESC LIMIT 1 BY sku
              )
              ORDER BY rk LIMIT {depth:UInt16}
            ) AS t ON t.rk = r.number`,
    query_params: { location, depth: RISK_TOP_DEPTH },
  })
}

/** What writeRiskTop needs of a plan. */
export interface RiskTopInput {
  sku: string
  stockout_probability: number
  days_of_cover: number
  projected_stockout_date: string | null
  expected_lost_margin: number
}

/**
 * Write risk_top for one location from plans in hand (the full recompute), ranked exactly as
 * rebuildRiskTop ranks in SQL: probability, then margin at risk, descending, then sku. Saves the
 * recompute a read of the location's policies (about 30 ms each, 50 locations in its 60 s).
 */
export async function writeRiskTop(ch: ClickHouse, location: string, plans: readonly RiskTopInput[], computedAt: string): Promise<void> {
  const ranked = [...plans]
    .sort((a, b) => b.stockout_probability - a.stockout_probability || b.expected_lost_margin - a.expected_lost_margin || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .slice(0, RISK_TOP_DEPTH)
  const rows = Array.from({ length: RISK_TOP_DEPTH }, (_, rank) => {
    const p = ranked[rank]
    return {
      location, rank, sku: p?.sku ?? '', stockout_probability: p?.stockout_probability ?? 0, days_of_cover: p?.days_of_cover ?? 0,
      projected_stockout_date: p?.projected_stockout_date ?? null, expected_lost_margin: p?.expected_lost_margin ?? 0, computed_at: computedAt,
    }
  })
  await ch.insertRows('bulk', 'risk_top', rows)
}

/**
 * Each product's latest name and category (of the skus matching `where`), from the products
 * table as sent last: argMax over its versions, no FINAL.
 */
export function latestProductLabels(where: string): string {
  return `SELECT sku, argMax(name, updated_at) AS name, argMax(category, updated_at) AS category FROM products WHERE ${where} GROUP BY sku`
}

/**
 * `rows` (a query with a sku column) with the product's name and category beside each row, both
 * null for a sku without a product row; in `orderBy`'s order (a join keeps none).
 */
function withProductLabels(rows: string, skusWhere: string, orderBy: string): string {
  return `SELECT r.*, if(p.sku = '', NULL, p.name) AS name, if(p.sku = '', NULL, toString(p.category)) AS category
        FROM (${rows}) AS r
        LEFT JOIN (${latestProductLabels(skusWhere)}) AS p ON p.sku = r.sku
        ORDER BY ${orderBy}`
}

/** A product's name and category, null without a product row (the risk list and the drill-down show them). */
const labelColumns = { name: z.string().nullable(), category: z.string().nullable() }

const RISK_ORDER = 'stockout_probability DESC, expected_lost_margin DESC, location, sku'

/** The most at-risk skus of one location or of all ('' ), from risk_top: exact for limit <= RISK_TOP_DEPTH. */
export const riskTop = defineQuery({
  name: 'planning.risk_top',
  sql: withProductLabels(
    `SELECT sku, location, stockout_probability, days_of_cover, toString(projected_stockout_date) AS projected_stockout_date, expected_lost_margin
        FROM (
          SELECT * FROM risk_top WHERE ({location:String} = '' OR location = {location:String}) AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})
          ORDER BY location, rank, computed_at DESC LIMIT 1 BY location, rank
        )
        WHERE sku != '' AND stockout_probability >= {min_probability:Float64}
        ORDER BY ${RISK_ORDER}
        LIMIT {limit:UInt32}`,
    `sku IN (SELECT sku FROM risk_top WHERE ({location:String} = '' OR location = {location:String}) AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)}))`,
    RISK_ORDER,
  ),
  params: z.object({ location: z.string(), min_probability: z.number(), limit: z.number().int().min(1).max(RISK_TOP_DEPTH), allowed: z.array(z.string()).default([]) }),
  row: z.object({
    sku: z.string(), location: z.string(), stockout_probability: num, days_of_cover: num,
    projected_stockout_date: chDate, expected_lost_margin: num, ...labelColumns,
  }),
})

/** The forecasts columns the drill-down and the forecasts API read. */
const FORECAST_COLUMNS = `sku, location, channel, model, model_version, toString(start_date) AS start_date, mean, lower, upper, d, sd_d, censoring_factor, segment, toString(computed_at) AS computed_at`

export const latestForecasts = defineQuery({
  name: 'planning.latest_forecasts',
  sql: `SELECT ${FORECAST_COLUMNS}
        FROM forecasts
        WHERE location = {location:String} AND sku = {sku:String} AND ({channel:String} = '' OR channel = {channel:String})
        ORDER BY channel, computed_at DESC LIMIT 1 BY channel`,
  params: z.object({ sku: z.string(), location: z.string(), channel: z.string() }),
  row: z.object({
    sku: z.string(), location: z.string(), channel: z.string(), model: z.string(), model_version: z.string(), start_date: z.string(),
    mean: z.array(num), lower: z.array(num), upper: z.array(num), d: num, sd_d: num, censoring_factor: num, segment: z.string(), computed_at: z.string(),
  }),
})

/**
 * The latest forecast of a sku at each of `locations`, per channel: a DC's drill-down draws the
 * demand of the locations it feeds, which is what it is planned on (lib/planning/downstream.ts).
 */
export const latestForecastsIn = defineQuery({
  name: 'planning.latest_forecasts_in',
  sql: `SELECT ${FORECAST_COLUMNS}
        FROM forecasts
        WHERE sku = {sku:String} AND location IN {locations:Array(String)}
        ORDER BY location, channel, computed_at DESC LIMIT 1 BY location, channel`,
  params: z.object({ sku: z.string(), locations: z.array(z.string()).max(1000) }),
  row: latestForecasts.def.row,
})

export const latestPolicy = defineQuery({
  name: 'planning.latest_policy',
  sql: `SELECT ${POLICY_COLUMNS} FROM inventory_policies WHERE location = {location:String} AND sku = {sku:String}
        ORDER BY computed_at DESC LIMIT 1`,
  params: z.object({ sku: z.string(), location: z.string() }),
  row: policyRow,
})

/**
 * SKU-locations by stockout probability, highest first (ties as riskTop breaks them); all
 * locations when location is ''. With each product's name and category, as riskTop.
 */
export const riskList = defineQuery({
  name: 'planning.risk_list',
  sql: withProductLabels(
    `SELECT * EXCEPT (category) FROM (SELECT ${POLICY_COLUMNS} FROM (
          SELECT * FROM inventory_policies
          WHERE ({location:String} = '' OR location = {location:String}) AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})
          ORDER BY location, sku, computed_at DESC LIMIT 1 BY location, sku
        )
        WHERE stockout_probability >= {min_probability:Float64}
        ORDER BY ${RISK_ORDER}
        LIMIT {limit:UInt32})`,
    `sku IN (SELECT sku FROM inventory_policies WHERE ({location:String} = '' OR location = {location:String}) AND (empty({allowed:Array(String)}) OR location IN {allowed:Array(String)}))`,
    RISK_ORDER,
  ),
  params: z.object({ location: z.string(), min_probability: z.number(), limit: z.number().int(), allowed: z.array(z.string()).default([]) }),
  row: policyRow.omit({ category: true }).extend(labelColumns),
  settings: { max_threads: 2 },
})

/** One product's latest name and category: no row when the sku has no product row. */
export const productLabel = defineQuery({
  name: 'planning.product_label',
  sql: latestProductLabels('sku = {sku:String}'),
  params: z.object({ sku: z.string() }),
  row: z.object({ sku: z.string(), name: z.string(), category: z.string() }),
})

/** Open purchase orders into a location for a sku. */
export const openPurchaseOrders = defineQuery({
  name: 'planning.open_pos',
  sql: `SELECT po_id, supplier, ordered_qty, received_qty, toString(ordered_at) AS ordered_at, toString(promised_at) AS promised_at FROM (
          SELECT po_id, max(supplier) AS supplier, max(location) AS loc, max(sku) AS po_sku, max(ordered_qty) AS ordered_qty, sum(received_qty) AS received_qty,
                 max(ordered_at) AS ordered_at, max(promised_at) AS promised_at
          FROM po_lifecycle GROUP BY po_id
        ) WHERE loc = {location:String} AND po_sku = {sku:String} AND ordered_qty > received_qty
        ORDER BY promised_at`,
  params: z.object({ sku: z.string(), location: z.string() }),
  row: z.object({ po_id: z.string(), supplier: z.string(), ordered_qty: num, received_qty: num, ordered_at: z.string(), promised_at: z.string() }),
})

/**
 * Transfers of a sku into a location that have shipped and not arrived (no transfer_in movement
 * names them yet): with open POs, what the position counts as on order for a DC-fed store.
 * `since` bounds the look-back as in skuStates.
 */
export const inboundTransfers = defineQuery({
  name: 'planning.inbound_transfers',
  sql: `SELECT transfer_id, from_location, qty, toString(shipped_at) AS shipped_at, toString(expected_at) AS expected_at
        FROM raw_transfers FINAL
        WHERE to_location = {location:String} AND sku = {sku:String} AND shipped_at >= {since:DateTime64(3, 'UTC')}
          AND transfer_id NOT IN (SELECT ref FROM raw_inventory_movements
                                  WHERE location = {location:String} AND sku = {sku:String} AND kind = 'transfer_in' AND ts >= {since:DateTime64(3, 'UTC')})
        ORDER BY expected_at`,
  params: z.object({ sku: z.string(), location: z.string(), since: z.string() }),
  row: z.object({ transfer_id: z.string(), from_location: z.string(), qty: num, shipped_at: z.string(), expected_at: z.string() }),
})

/** Daily units sold for a sku at a location (all channels), last `days` days. */
/** Units sold per day of a sku at any of `locations`, summed (a DC's drill-down: it and the locations it feeds). */
export const salesHistory = defineQuery({
  name: 'planning.sales_history',
  sql: `SELECT toString(day) AS date, sum(units) AS units FROM sales_daily
        WHERE location IN {locations:Array(String)} AND sku = {sku:String} AND day >= {from:Date}
        GROUP BY day ORDER BY day`,
  params: z.object({ sku: z.string(), locations: z.array(z.string()).min(1).max(1000), from: z.string() }),
  row: z.object({ date: z.string(), units: num }),
})

/**
 * The promotions of one sku at one location (a promotion without locations runs everywhere) that
 * end on or after `from`, each as sent last: the drill-down shades them and says which one lifts
 * the forecast.
 */
export const promotionsFor = defineQuery({
  name: 'planning.promotions_for',
  sql: `SELECT promo_id, toString(toDate(start)) AS first_day, toString(toDate(end)) AS last_day, discount_pct, channels FROM (
          ${latestPromotions('has(skus, {sku:String}) AND end >= {from:Date}')}
        ) WHERE has(skus, {sku:String}) AND (empty(locations) OR has(locations, {location:String})) AND discount_pct > 0
        ORDER BY start, promo_id
        LIMIT 100`,
  params: z.object({ sku: z.string(), location: z.string(), from: z.string() }),
  row: z.object({ promo_id: z.string(), first_day: z.string(), last_day: z.string(), discount_pct: num, channels: z.array(z.string()) }),
})
