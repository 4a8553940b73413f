/**
 * The executive value report's reads (lib/value/report.ts assembles them): the simulation's two
 * runs of the same demand from `{truth_db}.value_daily` (migration 024) and its rollup without
 * the SKU, value_daily_by_location (migration 026; the database is passed as an Identifier
 * parameter), and the product's own figures on real data: sales at cost
 * (sales_daily x products), the latest plan (inventory_policies) and the cost of executed
 * transfers (actions). Every read takes `allowed` (empty: the estate; else the caller's
 * locations: server/access.ts).
 */
import { z } from 'zod'
import { CYCLE_EPSILON } from '@/lib/value/cycles'
import { defineQuery } from '../query'

const num = z.coerce.number()
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const allowed = z.array(z.string()).default([])
const IN_SCOPE = '(empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})'

/** The simulation run whose rows cover the period (the newest such), with how many rows it has there: none means no simulation. */
export const valueRunFor = defineQuery({
  name: 'value_report.run',
  sql: `SELECT run, count() AS n FROM {db:Identifier}.value_daily_by_location
        WHERE date BETWEEN {from:Date} AND {to:Date} AND ${IN_SCOPE}
        GROUP BY run ORDER BY max(date) DESC, run LIMIT 1`,
  params: z.object({ db: z.string(), from: day, to: day, allowed }),
  row: z.object({ run: z.string(), n: num }),
})

const TOTALS = `sum(demand) AS demand, sum(sold) AS sold, sum(lost) AS lost, sum(revenue) AS revenue, sum(cogs) AS cogs, sum(lost_margin) AS lost_margin,
        sum(inventory_units) AS inventory_units, sum(inventory_cost) AS inventory_cost, sum(carrying_cost) AS carrying_cost, sum(expedite_cost) AS expedite_cost,
        sum(transfer_cost) AS transfer_cost, sum(markdown_cost) AS markdown_cost, sum(writeoff_cost) AS writeoff_cost`

export const totalsRow = z.object({
  demand: num, sold: num, lost: num, revenue: num, cogs: num, lost_margin: num, inventory_units: num, inventory_cost: num,
  carrying_cost: num, expedite_cost: num, transfer_cost: num, markdown_cost: num, writeoff_cost: num,
})

const periodParams = z.object({ db: z.string(), run: z.string(), prev_from: day, from: day, to: day, allowed })

/**
 * Both runs' sums per day and use case, over the period and the one before it: the report's
 * totals, its use cases and its daily series all come from this one read (summed in
 * server/value-report.ts). It reads the rollup without the SKU (migration 026: every figure
 * already weighted, sum(weight * x)), with sum() GROUP BY: a SummingMergeTree's rows for a key
 * are merged in the background, never read with FINAL.
 */
export const valueTotals = defineQuery({
  name: 'value_report.totals',
  sql: `SELECT toString(date) AS date, if(date >= {from:Date}, 'current', 'previous') AS period, policy, use_case, ${TOTALS}
        FROM {db:Identifier}.value_daily_by_location
        WHERE run = {run:String} AND date BETWEEN {prev_from:Date} AND {to:Date} AND ${IN_SCOPE}
        GROUP BY date, policy, use_case`,
  params: periodParams,
  row: totalsRow.extend({ date: z.string(), period: z.enum(['current', 'previous']), policy: z.string(), use_case: z.string() }),
})

/**
 * Replenishment cycles per run and period (docs/value.md, cycle service level): at each
 * SKU-location a cycle runs from one receipt of stock to the next, cut at the period's edges;
 * only cycles with demand count, a stock-out cycle lost units on at least one of its days. The
 * recorder marks each pair-day with the latest earlier day of its cycle with demand and with lost
 * units (lib/value/cycles.ts, migration 026), so a cycle with demand in a period starting on F is
 * counted once, on its first day with demand from F on: a day with demand whose previous one in
 * the cycle is before F (or none). Sums over rows, no walk of each SKU-location's days; a pair-day
 * split between use cases counts once (its weights sum to 1).
 */
export const valueCycles = defineQuery({
  name: 'value_report.cycles',
  // The cycles whose first day with demand (lost units) of all is in the period are summed in the
  // rollup (migration 026: prev_demand_day none); the cycles begun before the period and going on
  // into it are the rows whose previous day in the cycle is before the period: a narrow read of
  // value_daily (PREWHERE on the marks; a period starts on or before {from}).
  sql: `SELECT period, policy, round(sum(c)) AS cycles, round(sum(s)) AS stockout_cycles
        FROM (
          SELECT if(date >= {from:Date}, 'current', 'previous') AS period, policy, demand_cycles AS c, stockout_cycles AS s
          FROM {db:Identifier}.value_daily_by_location
          WHERE run = {run:String} AND date BETWEEN {prev_from:Date} AND {to:Date} AND ${IN_SCOPE}
          UNION ALL
          SELECT if(date >= {from:Date}, 'current', 'previous') AS period, policy,
                 weight * (demand > ${CYCLE_EPSILON} AND prev_demand_day > toDate(0) AND prev_demand_day < if(date >= {from:Date}, {from:Date}, {prev_from:Date})) AS c,
                 weight * (lost > ${CYCLE_EPSILON} AND prev_lost_day > toDate(0) AND prev_lost_day < if(date >= {from:Date}, {from:Date}, {prev_from:Date})) AS s
          FROM {db:Identifier}.value_daily
          PREWHERE (prev_demand_day > toDate(0) AND prev_demand_day < {from:Date}) OR (prev_lost_day > toDate(0) AND prev_lost_day < {from:Date})
          WHERE run = {run:String} AND date BETWEEN {prev_from:Date} AND {to:Date} AND ${IN_SCOPE}
        )
        GROUP BY period, policy`,
  params: periodParams,
  row: z.object({ period: z.enum(['current', 'previous']), policy: z.string(), cycles: num, stockout_cycles: num }),
})

/** Sales of the period and the one before, at the products' latest unit cost. */
export const salesAtCost = defineQuery({
  name: 'value_report.sales_at_cost',
  sql: `SELECT if(s.day >= {from:Date}, 'current', 'previous') AS period, sum(s.units) AS units, sum(s.revenue) AS revenue, sum(s.units * p.unit_cost) AS cogs
        FROM (SELECT day, sku, sum(units) AS units, sum(revenue) AS revenue FROM sales_daily
              WHERE day BETWEEN {prev_from:Date} AND {to:Date} AND ${IN_SCOPE} GROUP BY day, sku) AS s
        LEFT JOIN (SELECT sku, argMax(unit_cost, updated_at) AS unit_cost FROM products GROUP BY sku) AS p ON p.sku = s.sku
        GROUP BY period`,
  params: z.object({ prev_from: day, from: day, to: day, allowed }),
  row: z.object({ period: z.enum(['current', 'previous']), units: num, revenue: num, cogs: num }),
})

/** The latest plan's inventory and on-order at cost, forecast demand and markdown exposure (n = SKU-locations planned). */
export const planNow = defineQuery({
  name: 'value_report.plan_now',
  sql: `SELECT count() AS n, sum(greatest(on_hand, 0)) AS on_hand_units, sum(greatest(on_hand, 0) * unit_cost) AS on_hand_cost,
               sum(greatest(on_order, 0) * unit_cost) AS on_order_cost, sum(d) AS forecast_daily_units, sum(markdown_exposure) AS markdown_exposure
        FROM (
          SELECT location, sku, on_hand, on_order, unit_cost, d, markdown_exposure FROM inventory_policies
          WHERE ${IN_SCOPE}
          ORDER BY location, sku, computed_at DESC LIMIT 1 BY location, sku
        )`,
  params: z.object({ allowed }),
  row: z.object({ n: num, on_hand_units: num, on_hand_cost: num, on_order_cost: num, forecast_daily_units: num, markdown_exposure: num }),
})

/** Cost of the transfers executed (an action of kind transfer whose latest row says delivered or confirmed) in the period and the one before. */
export const transferCost = defineQuery({
  name: 'value_report.transfer_cost',
  sql: `SELECT if(toDate(created_at) >= {from:Date}, 'current', 'previous') AS period, sum(cost) AS cost FROM (
          SELECT action_id, argMax(cost, version) AS cost, argMax(status, version) AS status, any(created_at) AS created_at, any(location) AS location
          FROM actions WHERE kind = 'transfer' AND toDate(created_at) BETWEEN {prev_from:Date} AND {to:Date}
          GROUP BY action_id
        )
        WHERE status IN ('delivered', 'confirmed') AND ${IN_SCOPE}
        GROUP BY period`,
  params: z.object({ prev_from: day, from: day, to: day, allowed }),
  row: z.object({ period: z.enum(['current', 'previous']), cost: num }),
})
