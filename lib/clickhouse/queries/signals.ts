/**
 * External signals in the recompute (jobs/recompute/signals.ts): the learning state it keeps
 * (`signal_cells`), the weather and local events it reads, and the drill-down's read of what moved
 * a forecast (`forecast_signals`). Tables: migrations/018_external_signals.sql.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { SIGNALS } from '@/lib/forecast/signal-names'
import { defineQuery } from '../query'

const num = z.coerce.number()

const signalCellsQuery = defineQuery({
  name: 'signals.cells',
  sql: `SELECT category, location, groupArray(offset) AS offsets, groupArray(units) AS units, groupArray(base) AS base FROM (
          SELECT category, location, toUInt32(day - {from:Date}) AS offset, argMax(units, computed_at) AS units, argMax(base, computed_at) AS base
          FROM signal_cells WHERE day >= {from:Date} AND day < {to:Date}
          GROUP BY category, location, day)
        GROUP BY category, location`,
  params: z.object({ from: z.string(), to: z.string() }),
  row: z.object({ category: z.string(), location: z.string(), offsets: z.array(num), units: z.array(num), base: z.array(num) }),
  settings: { max_threads: 2 },
})

export interface SignalCellRow {
  category: string
  location: string
  /** Days from `from`, and each day's units and baseline. */
  offsets: number[]
  units: number[]
  base: number[]
}

/**
 * The kept cells of [from, to): per category x location, units and baseline by day, the latest write
 * of each day. Read as JSONCompactEachRow and checked by shape, not through zod element by element:
 * two years of 500 cells are 360,000 days, whose per-row zod parse alone cost 0.5-1.7 s.
 */
export async function signalCells(client: ClickHouseClient, params: { from: string; to: string }): Promise<SignalCellRow[]> {
  const def = signalCellsQuery.def
  const rs = await client.query({ query: def.sql, query_params: def.params.parse(params), format: 'JSONCompactEachRow', clickhouse_settings: def.settings })
  const rows = (await rs.json()) as unknown as [string, string, number[], number[], number[]][]
  return rows.map((r) => {
    if (!Array.isArray(r) || r.length !== 5 || typeof r[0] !== 'string' || typeof r[1] !== 'string' || !r.slice(2).every(Array.isArray)) throw new Error('signals.cells: unexpected row shape')
    return { category: r[0], location: r[1], offsets: r[2], units: r[3], base: r[4] }
  })
}

/**
 * Weather readings and local events with a timestamp in [from, to) (a replayed event once). `ms`:
 * the timestamp in epoch milliseconds.
 */
export const signalEvents = defineQuery({
  name: 'signals.events',
  sql: `SELECT toUnixTimestamp64Milli(ts) AS ms, location, kind, value, tags
        FROM raw_external_signals
        WHERE ts >= {from:Date} AND ts < {to:Date} AND kind IN ('weather', 'local_event')
        LIMIT 1 BY event_id`,
  params: z.object({ from: z.string(), to: z.string() }),
  row: z.object({ ms: num, location: z.string(), kind: z.enum(['weather', 'local_event']), value: num, tags: z.array(z.string()) }),
  settings: { max_threads: 2 },
})

/**
 * What signals did to the latest forecast of a sku at a location: the row of its run for the sku's
 * category there (none when no signal moved it, or when the pair has no forecast or policy yet:
 * IN, not =, because a scalar subquery that finds nothing is an error in ClickHouse, not NULL).
 */
export const forecastSignalsFor = defineQuery({
  name: 'signals.forecast_signals_for',
  sql: `SELECT toString(start_date) AS start_date, signal, day, change, value
        FROM forecast_signals
        WHERE location = {location:String}
          AND run_id IN (SELECT run_id FROM forecasts WHERE location = {location:String} AND sku = {sku:String} ORDER BY computed_at DESC LIMIT 1)
          AND category IN (SELECT category FROM inventory_policies WHERE location = {location:String} AND sku = {sku:String} ORDER BY computed_at DESC LIMIT 1)
        LIMIT 1`,
  params: z.object({ sku: z.string(), location: z.string() }),
  row: z.object({ start_date: z.string(), signal: z.array(z.enum(SIGNALS)), day: z.array(num), change: z.array(num), value: z.array(num) }),
})
