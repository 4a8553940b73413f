/** Board KPI queries. They read the `sales_minutely` rollup only, never raw events. */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'
import { ALL_LOCATIONS, TREND_MINUTES, fillTrend, type KpiSnapshot } from '@/lib/kpis/definitions'

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
    const [[totals], trend] = await Promise.all([todayAll(client, { now: at }), trendAll(client, { now: at, minutes: TREND_MINUTES })])
    out.push(snapshot(ALL_LOCATIONS, now, totals, trend))
  }
  if (locations.length) {
    const [totals, trend] = await Promise.all([
      todayByLocation(client, { locations, now: at }),
      trendByLocation(client, { locations, now: at, minutes: TREND_MINUTES }),
    ])
    for (const loc of locations) {
      out.push(snapshot(loc, now, totals.find((t) => t.location === loc), trend.filter((t) => t.location === loc)))
    }
  }
  return out
}

function snapshot(
  location: string,
  now: Date,
  totals: { units: number; revenue: number } | undefined,
  trend: { minute: string; units: number }[],
): KpiSnapshot {
  return {
    as_of: now.toISOString(),
    location,
    kpis: { units_sold_today: totals?.units ?? 0, revenue_today: round2(totals?.revenue ?? 0) },
    trend: fillTrend(trend, now),
  }
}

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
