/**
 * The executive value report's reads (lib/value/report.ts assembles them): the simulation's two
 * runs of the same demand from `{truth_db}.value_daily` (migration 024; the database is passed as
 * an Identifier parameter), and the product's own figures on real data: sales at cost
 * (sales_daily x products), the latest plan (inventory_policies) and the cost of executed
 * transfers (actions). Every read takes `allowed` (empty: the estate; else the caller's
 * locations: server/access.ts).
 */
import { z } from 'zod'
import { defineQuery } from '../query'

const num = z.coerce.number()
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const allowed = z.array(z.string()).default([])
const IN_SCOPE = '(empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})'

/** The simulation run whose rows cover the period (the newest such), with how many rows it has there: none means no simulation. */
export const valueRunFor = defineQuery({
  name: 'value_report.run',
  sql: `SELECT run, count() AS n FROM {db:Identifier}.value_daily
        WHERE date BETWEEN {from:Date} AND {to:Date} AND ${IN_SCOPE}
        GROUP BY run ORDER BY max(date) DESC, run LIMIT 1`,
  params: z.object({ db: z.string(), from: day, to: day, allowed }),
  row: z.object({ run: z.string(), n: num }),
})

const TOTALS = `sum(weight * demand) AS demand, sum(weight * sold) AS sold, sum(weight * lost) AS lost, sum(weight * revenue) AS revenue,
        sum(weight * cogs) AS cogs, sum(weight * lost_margin) AS lost_margin, sum(weight * inventory_units) AS inventory_units,
        sum(weight * inventory_cost) AS inventory_cost, sum(weight * carrying_cost) AS carrying_cost, sum(weight * expedite_cost) AS expedite_cost,
        sum(weight * transfer_cost) AS transfer_cost, sum(weight * markdown_cost) AS markdown_cost, sum(weight * writeoff_cost) AS writeoff_cost`

export const totalsRow = z.object({
  demand: num, sold: num, lost: num, revenue: num, cogs: num, lost_margin: num, inventory_units: num, inventory_cost: num,
  carrying_cost: num, expedite_cost: num, transfer_cost: num, markdown_cost: num, writeoff_cost: num,
})

const periodParams = z.object({ db: z.string(), run: z.string(), prev_from: day, from: day, to: day, allowed })

/**
 * Both runs' sums per day and use case, over the period and the one before it: the report's
 * totals, its use cases and its daily series all come from this one scan (summed in
 * server/value-report.ts), so value_daily is read once for them.
 */
export const valueTotals = defineQuery({
  name: 'value_report.totals',
  sql: `SELECT toString(date) AS date, if(date >= {from:Date}, 'current', 'previous') AS period, policy, use_case, ${TOTALS}
        FROM {db:Identifier}.value_daily
        WHERE run = {run:String} AND date BETWEEN {prev_from:Date} AND {to:Date} AND ${IN_SCOPE}
        GROUP BY date, policy, use_case`,
  params: periodParams,
  row: totalsRow.extend({ date: z.string(), period: z.enum(['current', 'previous']), policy: z.string(), use_case: z.string() }),
})

/**
 * Replenishment cycles per run and period: at each SKU-location a cycle runs from one receipt of
 * stock to the next (the stretch before the period's first receipt is one too); a cycle with a
 * stockout turned demand away on at least one of its days.
 */
export const valueCycles = defineQuery({
  name: 'value_report.cycles',
  // One pass: each SKU-location's days in date order as an array (a pair-day split between use
  // cases has a row per use case: its receipt counts once), the cycle of each day the running sum
  // of receipts. A window function over the pair-days took 40x longer at demo scale.
  sql: `SELECT period, policy, sum(arrayMax(cycle) + 1) AS cycles, sum(length(arrayDistinct(arrayFilter((c, l) -> l > 1e-9, cycle, lost)))) AS stockout_cycles
        FROM (
          SELECT period, policy,
                 arraySort(groupArray((date, receipts, weight * lost))) AS days,
                 arrayMap((x) -> x.1, days) AS dates,
                 -- No lambda reads another element (that copies the array per element): the day before comes shifted in.
                 arrayCumSum(arrayMap((d, before, x) -> if(d = before, 0, toUInt32(x.2)), dates, arrayPopBack(arrayPushFront(dates, toDate(0))), days)) AS cycle,
                 arrayMap((x) -> x.3, days) AS lost
          FROM (
            SELECT if(date >= {from:Date}, 'current', 'previous') AS period, policy, sku, location, date, receipts, weight, lost
            FROM {db:Identifier}.value_daily
            WHERE run = {run:String} AND date BETWEEN {prev_from:Date} AND {to:Date} AND ${IN_SCOPE}
          )
          GROUP BY period, policy, sku, location
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
