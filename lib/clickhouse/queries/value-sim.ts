/**
 * Reads of the value measured in simulation (`{truth_db}.value_daily`, migration 024; lib/value/
 * types.ts PairDayOutcome; docs/value.md): every figure is read as sum(weight x figure), so a
 * pair-day split between use cases adds up to the pair-day once. FINAL: a day the recorder wrote
 * again (a restart) counts once. The truth database is named by `truth_db` (an Identifier).
 *
 * `locations` restricts to those locations when not empty (a person's scope, a drill-down).
 */
import { z } from 'zod'
import { USE_CASES } from '@/lib/value/use-cases'
import { POLICY_RUNS } from '@/lib/value/types'
import type { Config } from '@/lib/config'
import { truthDatabase } from '../migrate'
import { defineQuery } from '../query'

/**
 * Where this deployment's simulator records value: its truth database and its run's name (the
 * simulator's `seed-<SIMULATOR_SEED>`), the `truth_db` and `run` of every read here.
 */
export function simulatorValueSource(config: Pick<Config, 'CLICKHOUSE_URL' | 'CLICKHOUSE_DATABASE' | 'SIMULATOR_SEED'>): { truth_db: string; run: string } {
  return { truth_db: truthDatabase(config.CLICKHOUSE_URL ? config.CLICKHOUSE_DATABASE : undefined), run: `seed-${config.SIMULATOR_SEED}` }
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const base = z.object({
  truth_db: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  run: z.string().min(1),
  from: day,
  to: day,
  locations: z.array(z.string()).default([]),
})

const FIGURES = [
  'demand', 'sold', 'lost', 'revenue', 'cogs', 'lost_margin', 'inventory_units', 'inventory_cost', 'carrying_cost', 'expedite_cost', 'transfer_cost',
  'markdown_cost', 'writeoff_cost', 'receipts',
] as const
const SUMS = FIGURES.map((f) => `sum(weight * ${f}) AS ${f}`).join(', ')
const WHERE = `run = {run:String} AND date BETWEEN {from:Date} AND {to:Date}
  AND (empty({locations:Array(String)}) OR location IN {locations:Array(String)})`
const figures = z.object(Object.fromEntries(FIGURES.map((f) => [f, z.coerce.number()])) as Record<(typeof FIGURES)[number], z.ZodCoercedNumber>)

/**
 * Per use case per run, the sums over [from, to]; `days` is the number of days of the period with
 * rows (the same on every row), for averages that add up over use cases (a use case's share of
 * average inventory at cost = its inventory_cost / days).
 */
export const valueByUseCase = defineQuery({
  name: 'value_sim.by_use_case',
  sql: `SELECT policy, use_case, ${SUMS},
               (SELECT uniqExact(date) FROM {truth_db:Identifier}.value_daily WHERE ${WHERE}) AS days
        FROM {truth_db:Identifier}.value_daily FINAL
        WHERE ${WHERE}
        GROUP BY policy, use_case ORDER BY policy, use_case`,
  params: base,
  row: figures.extend({ policy: z.enum(POLICY_RUNS), use_case: z.enum(USE_CASES), days: z.coerce.number() }),
})

/** Per day per run (all use cases), for charts. */
export const valueByDay = defineQuery({
  name: 'value_sim.by_day',
  sql: `SELECT toString(date) AS date, policy, ${SUMS}
        FROM {truth_db:Identifier}.value_daily FINAL
        WHERE ${WHERE}
        GROUP BY date, policy ORDER BY date, policy`,
  params: base,
  row: figures.extend({ date: day, policy: z.enum(POLICY_RUNS) }),
})

/**
 * Replenishment cycles per run, for the cycle service level (docs/value.md): a SKU-location's
 * cycle runs from a day stock arrived (receipts = 1) to the day before the next arrival (the
 * period's first days before any arrival are a cycle too); only cycles with demand count; a
 * stock-out cycle is one with any lost units. Cycle service level = 1 - stockout_cycles / cycles.
 * Cycles are cut at the period's edges.
 */
export const valueCycles = defineQuery({
  name: 'value_sim.cycles',
  sql: `SELECT policy, count() AS cycles, countIf(cycle_lost > 0) AS stockout_cycles
        FROM (
          SELECT policy, location, sku, cycle, sum(day_demand) AS cycle_demand, sum(day_lost) AS cycle_lost
          FROM (
            SELECT policy, location, sku, day_demand, day_lost,
                   sum(day_receipts) OVER (PARTITION BY policy, location, sku ORDER BY date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cycle
            FROM (
              SELECT policy, location, sku, date, max(receipts) AS day_receipts, sum(weight * demand) AS day_demand, sum(weight * lost) AS day_lost
              FROM {truth_db:Identifier}.value_daily FINAL
              WHERE ${WHERE}
              GROUP BY policy, location, sku, date
            )
          )
          GROUP BY policy, location, sku, cycle
          HAVING cycle_demand > 0
        )
        GROUP BY policy ORDER BY policy`,
  params: base,
  row: z.object({ policy: z.enum(POLICY_RUNS), cycles: z.coerce.number(), stockout_cycles: z.coerce.number() }),
})

/** The last day the recorder wrote for a run (null: none yet). */
export const valueLastDay = defineQuery({
  name: 'value_sim.last_day',
  sql: `SELECT if(count() = 0, NULL, toString(max(date))) AS date FROM {truth_db:Identifier}.value_daily WHERE run = {run:String}`,
  params: z.object({ truth_db: base.shape.truth_db, run: z.string().min(1) }),
  row: z.object({ date: day.nullable() }),
})

/**
 * Where each pair's replenishment cycle stood after its last recorded day (lib/value/cycles.ts),
 * for a recorder restarting: that day's demand and lost units and the cycle marks it carried.
 * Read once at start; the rows of a pair-day split between use cases carry the same figures.
 */
export const valueCycleStates = defineQuery({
  name: 'value_sim.cycle_states',
  sql: `SELECT policy, sku, location, toString(max(date)) AS date, argMax(demand, date) AS demand, argMax(lost, date) AS lost,
               toString(argMax(prev_demand_day, date)) AS prev_demand_day, toString(argMax(prev_lost_day, date)) AS prev_lost_day
        FROM {truth_db:Identifier}.value_daily WHERE run = {run:String}
        GROUP BY policy, sku, location`,
  params: z.object({ truth_db: base.shape.truth_db, run: z.string().min(1) }),
  row: z.object({ policy: z.string(), sku: z.string(), location: z.string(), date: day, demand: z.coerce.number(), lost: z.coerce.number(), prev_demand_day: day, prev_lost_day: day }),
})

/** The type of each alert named (the latest version of each), for the use case of the actions they led to. */
export const alertTypesOf = defineQuery({
  name: 'value_sim.alert_types',
  sql: `SELECT id, argMax(type, version) AS type FROM alerts WHERE id IN {ids:Array(String)} GROUP BY id`,
  params: z.object({ ids: z.array(z.string()) }),
  row: z.object({ id: z.string(), type: z.string() }),
})
