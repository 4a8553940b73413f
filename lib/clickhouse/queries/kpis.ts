/** Board KPI queries. They read the `sales_minutely` rollup only, never raw events. */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'
import { ALL_LOCATIONS, TREND_MINUTES, fillTrend, planningKpis, type KpiSnapshot } from '@/lib/kpis/definitions'

const num = z.coerce.number()
/** ClickHouse DateTime('UTC') in JSON: 'YYYY-MM-DD hh:mm:ss'. */
const chDateTime = z.string().transform((s) => `${s.replace(' ', 'T')}Z`)

const todayAll = defineQuery({
  name: 'kpis.today_all',
  sql: `SELECT sum(units) AS units, sum(revenue) AS revenue
        FROM sales_minutely WHERE minute >= toStartOfDay({now:DateTime64(3, 'UTC')})`,
  params: z.object({ now: z.string() }),
  row: z.object({ units: num, revenue: num }),
})

const todayByLocation = defineQuery({
  name: 'kpis.today_by_location',
  sql: `SELECT location, sum(units) AS units, sum(revenue) AS revenue
        FROM sales_minutely
        WHERE location IN {locations:Array(String)} AND minute >= toStartOfDay({now:DateTime64(3, 'UTC')})
        GROUP BY location`,
  params: z.object({ locations: z.array(z.string()), now: z.string() }),
  row: z.object({ location: z.string(), units: num, revenue: num }),
})

const trendAll = defineQuery({
  name: 'kpis.trend_all',
  sql: `SELECT minute, sum(units) AS units FROM sales_minutely
        WHERE minute > {now:DateTime64(3, 'UTC')} - INTERVAL {minutes:UInt32} MINUTE
        GROUP BY minute ORDER BY minute`,
  params: z.object({ now: z.string(), minutes: z.number().int() }),
  row: z.object({ minute: chDateTime, units: num }),
})

const trendByLocation = defineQuery({
  name: 'kpis.trend_by_location',
  sql: `SELECT location, minute, sum(units) AS units FROM sales_minutely
        WHERE location IN {locations:Array(String)} AND minute > {now:DateTime64(3, 'UTC')} - INTERVAL {minutes:UInt32} MINUTE
        GROUP BY location, minute ORDER BY location, minute`,
  params: z.object({ locations: z.array(z.string()), now: z.string(), minutes: z.number().int() }),
  row: z.object({ location: z.string(), minute: chDateTime, units: num }),
})

const ROLLUP_SUMS = `sum(series) AS series, sum(at_risk) AS at_risk, sum(expected_lost_margin) AS expected_lost_margin,
  sum(in_stock) AS in_stock, sum(on_hand_units) AS on_hand_units, sum(on_hand_cost) AS on_hand_cost,
  sum(forecast_daily_units) AS forecast_daily_units, sum(sold_28d) AS sold_28d, sum(est_lost_28d) AS est_lost_28d,
  sum(cogs_28d) AS cogs_28d, sum(markdown_exposure) AS markdown_exposure, toString(max(computed_at)) AS computed_at`
const rollupRow = z.object({
  scope: z.string(), series: num, at_risk: num, expected_lost_margin: num, in_stock: num, on_hand_units: num, on_hand_cost: num,
  forecast_daily_units: num, sold_28d: num, est_lost_28d: num, cogs_28d: num, markdown_exposure: num, computed_at: z.string(),
})

/** Latest rollup row per location x category, summed per location ('all' sums every location). */
const planningByLocation = defineQuery({
  name: 'kpis.planning_by_location',
  sql: `SELECT if({all:Bool}, 'all', location) AS scope, ${ROLLUP_SUMS} FROM (
          SELECT * FROM planning_rollup
          WHERE {all:Bool} OR location IN {locations:Array(String)}
          ORDER BY location, category, computed_at DESC LIMIT 1 BY location, category
        ) GROUP BY scope`,
  params: z.object({ all: z.boolean(), locations: z.array(z.string()) }),
  row: rollupRow,
})

const heatmapQuery = defineQuery({
  name: 'kpis.risk_heatmap',
  sql: `SELECT location, category, series, at_risk FROM planning_rollup
        ORDER BY location, category, computed_at DESC LIMIT 1 BY location, category`,
  params: z.object({}),
  row: z.object({ location: z.string(), category: z.string(), series: num, at_risk: num }),
})

const toChTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')

/**
 * KPI snapshots for `scopes` (location ids and/or 'all') as of `now`. Unknown locations get
 * zeros, not errors. Two queries for the locations plus two for 'all', whatever the count.
 */
export async function kpiSnapshots(client: ClickHouseClient, scopes: string[], now = new Date()): Promise<KpiSnapshot[]> {
  const at = toChTime(now)
  const locations = scopes.filter((s) => s !== ALL_LOCATIONS)
  const out: KpiSnapshot[] = []
  if (scopes.includes(ALL_LOCATIONS)) {
    const [[totals], trend, [planning], heatmap] = await Promise.all([
      todayAll(client, { now: at }),
      trendAll(client, { now: at, minutes: TREND_MINUTES }),
      planningByLocation(client, { all: true, locations: [] }),
      heatmapQuery(client, {}),
    ])
    out.push({ ...snapshot(ALL_LOCATIONS, now, totals, trend, planning), heatmap })
  }
  if (locations.length) {
    const [totals, trend, planning] = await Promise.all([
      todayByLocation(client, { locations, now: at }),
      trendByLocation(client, { locations, now: at, minutes: TREND_MINUTES }),
      planningByLocation(client, { all: false, locations }),
    ])
    for (const loc of locations) {
      out.push(snapshot(loc, now, totals.find((t) => t.location === loc), trend.filter((t) => t.location === loc), planning.find((p) => p.scope === loc)))
    }
  }
  return out
}

function snapshot(
  location: string,
  now: Date,
  totals: { units: number; revenue: number } | undefined,
  trend: { minute: string; units: number }[],
  planning: z.infer<typeof rollupRow> | undefined,
): KpiSnapshot {
  const hasPlanning = planning !== undefined && planning.series > 0
  return {
    as_of: now.toISOString(),
    location,
    kpis: {
      units_sold_today: totals?.units ?? 0,
      revenue_today: round2(totals?.revenue ?? 0),
      ...(hasPlanning ? planningKpis(planning) : EMPTY_PLANNING),
    },
    trend: fillTrend(trend, now),
    planning_as_of: hasPlanning ? `${planning.computed_at.replace(' ', 'T')}Z` : null,
  }
}

const EMPTY_PLANNING = { stockout_risk_count: null, stockout_risk_value: null, in_stock_rate: null, fill_rate: null, days_of_supply: null, inventory_turns: null, markdown_exposure: null }

const round2 = (x: number) => Math.round(x * 100) / 100

const knownLocationsQuery = defineQuery({
  name: 'kpis.known_locations',
  sql: `SELECT location, max(r_region) AS region, max(r_kind) AS kind, argMax(r_name, r_kind != '') AS name FROM (
          SELECT location, argMax(region, updated_at) AS r_region, argMax(kind, updated_at) AS r_kind, argMax(name, updated_at) AS r_name
          FROM locations GROUP BY location
          UNION ALL
          SELECT DISTINCT location, '' AS r_region, '' AS r_kind, location AS r_name FROM sales_minutely
          WHERE minute >= toStartOfDay({now:DateTime64(3, 'UTC')}) - INTERVAL 7 DAY
        ) GROUP BY location ORDER BY location`,
  params: z.object({ now: z.string() }),
  row: z.object({ location: z.string(), region: z.string(), kind: z.string(), name: z.string() }),
})

/** Locations to offer in filters: master data, plus any seen selling in the last week. */
export async function knownLocations(client: ClickHouseClient, now = new Date()) {
  const rows = await knownLocationsQuery(client, { now: toChTime(now) })
  // A location in master data wins over the bare id seen in sales.
  return rows.map((r) => ({ ...r, name: r.name || r.location }))
}
