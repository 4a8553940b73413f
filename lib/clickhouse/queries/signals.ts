/**
 * External signals in the recompute (jobs/recompute/signals.ts): the learning state it keeps
 * (`signal_cells`), the weather and local events it reads, and the drill-down's read of what moved
 * a forecast (`forecast_signals`). Tables: migrations/018_external_signals.sql.
 */
import { z } from 'zod'
import { SIGNALS } from '@/lib/forecast/signal-names'
import { defineQuery } from '../query'

const num = z.coerce.number()

/** The kept cells of [from, to): units and baseline per category x location x day, latest write wins. */
export const signalCells = defineQuery({
  name: 'signals.cells',
  sql: `SELECT category, location, toUInt32(day - {from:Date}) AS offset, argMax(units, computed_at) AS units, argMax(base, computed_at) AS base
        FROM signal_cells WHERE day >= {from:Date} AND day < {to:Date}
        GROUP BY category, location, day`,
  params: z.object({ from: z.string(), to: z.string() }),
  row: z.object({ category: z.string(), location: z.string(), offset: num, units: num, base: num }),
  settings: { max_threads: 2 },
})

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
 * category there (none when no signal moved it).
 */
export const forecastSignalsFor = defineQuery({
  name: 'signals.forecast_signals_for',
  sql: `SELECT toString(start_date) AS start_date, signal, day, change, value
        FROM forecast_signals
        WHERE location = {location:String}
          AND run_id = (SELECT run_id FROM forecasts WHERE location = {location:String} AND sku = {sku:String} ORDER BY computed_at DESC LIMIT 1)
          AND category = (SELECT category FROM inventory_policies WHERE location = {location:String} AND sku = {sku:String} ORDER BY computed_at DESC LIMIT 1)
        LIMIT 1`,
  params: z.object({ sku: z.string(), location: z.string() }),
  row: z.object({ start_date: z.string(), signal: z.array(z.enum(SIGNALS)), day: z.array(num), change: z.array(num), value: z.array(num) }),
})
