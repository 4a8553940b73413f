/**
 * Model monitoring: the forecasts the product stored against the actuals as they arrive, by
 * segment and 7-day block (the math: lib/forecast/accuracy.ts, drift.ts).
 *
 * - Forecasts: forecast_days (migration 017), the forecast in force for each day: the latest run
 *   that covered it (argMax by computed_at), per location x sku x channel. Only days with a stored
 *   forecast are scored.
 * - Actuals: sales_daily (units per location x sku x channel x day); a day with a forecast and no
 *   sales is an actual of 0.
 * - MASE's scale per series: mean |y_t - y_{t-7}| over the SCALE_DAYS days before `from`
 *   (sales_daily, zero where nothing sold), each sale counted once at t and once, negated, at
 *   t + 7, so the sum per day is y_t - y_{t-7} with no dense calendar built.
 * - Series are keyed by cityHash64(location, sku, channel) while days are matched (a UInt64 key
 *   groups and joins at about half the CPU of three strings; a collision among ~10^5 series has a
 *   chance of the order of 10^-10).
 * - Segments, all four kinds from one read (each key-week counted once per kind): category (products, latest version), region (locations, latest version), channel,
 *   demand class (the recompute's classification, forecasts.segment of the key's latest run);
 *   '(unknown)' where the master data has no row.
 * - Blocks: block 0 is the 7 days ending on `to`, block 1 the 7 before, ...; week_end names the
 *   block's last day, so every block but possibly the oldest is a whole week.
 * `allowed`: the caller's locations (empty = all).
 */
import { z } from 'zod'
import { defineQuery } from '../query'
import { SEGMENT_KINDS, type SegmentBlockRow, type SegmentKind } from '@/lib/forecast/accuracy'

const num = z.coerce.number()

/** Days before the period that MASE's seasonal naive scale is measured over. */
export const SCALE_DAYS = 56

const IN_SCOPE = `(empty({allowed:Array(String)}) OR location IN {allowed:Array(String)})`

export const accuracyBySegment = defineQuery({
  name: 'model_accuracy.by_segment',
  sql: `WITH
    f AS (
      SELECT cityHash64(location, sku, channel) AS h, day, argMax(mean, computed_at) AS fc, any(location) AS loc, any(sku) AS item, any(channel) AS chan
      FROM forecast_days
      WHERE day >= {from:Date} AND day <= {to:Date} AND ${IN_SCOPE}
      GROUP BY h, day
    ),
    a AS (
      SELECT cityHash64(location, sku, channel) AS h, day, sum(units) AS units FROM sales_daily
      WHERE day >= {from:Date} AND day <= {to:Date} AND ${IN_SCOPE}
      GROUP BY h, day
    ),
    s AS (
      SELECT h, sum(abs(dy)) / {scale_days:UInt32} AS scale FROM (
        SELECT cityHash64(location, sku, channel) AS h, p.1 AS t, sum(p.2) AS dy FROM (
          SELECT location, sku, channel, arrayJoin([(day, units), (day + 7, -units)]) AS p FROM sales_daily
          WHERE day >= {from:Date} - {scale_days:UInt32} - 7 AND day < {from:Date} AND ${IN_SCOPE}
        )
        WHERE t >= {from:Date} - {scale_days:UInt32} AND t < {from:Date}
        GROUP BY h, t
      ) GROUP BY h
    ),
    keyed AS (
      SELECT f.h AS key, {to:Date} - 7 * intDiv(dateDiff('day', f.day, {to:Date}), 7) AS week_end,
             any(f.loc) AS loc, any(f.item) AS item, any(f.chan) AS chan,
             sum(abs(a.units - f.fc)) AS abs_error, sum(f.fc - a.units) AS error, sum(a.units) AS actual, sum(f.fc) AS forecast,
             count() AS n, any(s.scale) * n AS naive_abs
      FROM f
      LEFT JOIN a ON a.h = f.h AND a.day = f.day
      LEFT JOIN s ON s.h = f.h
      GROUP BY key, week_end
    )
    SELECT kv.1 AS kind, kv.2 AS seg, toString(k.week_end) AS week, sum(k.abs_error) AS abs_error, sum(k.error) AS error, sum(k.actual) AS actual,
      sum(k.forecast) AS forecast, sum(k.n) AS n, sum(k.naive_abs) AS naive_abs
    FROM keyed AS k
    LEFT JOIN (SELECT sku, argMax(category, updated_at) AS category FROM products GROUP BY sku) AS p ON p.sku = k.item
    LEFT JOIN (SELECT location, argMax(region, updated_at) AS region FROM locations GROUP BY location) AS l ON l.location = k.loc
    LEFT JOIN (
      SELECT location, sku, channel, argMax(segment, computed_at) AS demand_class FROM forecasts WHERE ${IN_SCOPE} GROUP BY location, sku, channel
    ) AS c ON c.location = k.loc AND c.sku = k.item AND c.channel = k.chan
    ARRAY JOIN [('category', if(p.category = '', '(unknown)', p.category)), ('region', if(l.region = '', '(unknown)', l.region)),
                ('channel', k.chan), ('demand_class', if(c.demand_class = '', '(unknown)', c.demand_class))] AS kv
    GROUP BY kind, seg, week
    ORDER BY kind, seg, week
    SETTINGS join_use_nulls = 0`,
  params: z.object({
    from: z.string(),
    to: z.string(),
    allowed: z.array(z.string()).default([]),
    scale_days: z.number().int().positive().default(SCALE_DAYS),
  }),
  row: z
    .object({ kind: z.enum(SEGMENT_KINDS), seg: z.string(), week: z.string(), abs_error: num, error: num, actual: num, forecast: num, n: num, naive_abs: num })
    .transform(({ seg, week, ...r }): SegmentBlockRow & { kind: SegmentKind } => ({ segment: seg, week_end: week, ...r })),
})

/** The segments ('<kind>:<value>', the key's sixth part) of model-drift alerts whose latest status is one of `statuses`. */
export const activeDriftSegments = defineQuery({
  name: 'model_accuracy.active_drift_segments',
  sql: `SELECT DISTINCT arrayStringConcat(arraySlice(splitByChar('|', key), 6), '|') AS segment FROM (
          SELECT id, key, status FROM alerts WHERE type = 'model_drift' AND location = '' ORDER BY id, version DESC LIMIT 1 BY id
        ) WHERE status IN {statuses:Array(String)} AND segment != '' ORDER BY segment`,
  params: z.object({ statuses: z.array(z.string()) }),
  row: z.object({ segment: z.string() }),
})
