/** Board KPI queries. They read the `sales_minutely` and `planning_rollup` rollups only, never raw events. */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '../query'
import { UTC, isValidTimeZone, startOfLocalDay } from '@/lib/time/zone'
import { ALL_LOCATIONS, TREND_MINUTES, fillTrend, planningKpis, type KpiSnapshot } from '@/lib/kpis/definitions'

const num = z.coerce.number()
/** ClickHouse DateTime('UTC') in JSON: 'YYYY-MM-DD hh:mm:ss'. */
const chDateTime = z.string().transform((s) => `${s.replace(' ', 'T')}Z`)

/**
 * Units and revenue of each location's business day (since its local midnight: `zone_starts[i]`,
 * epoch seconds, for `zone_locations[i]`; 00:00 UTC for a location not listed), summed over the
 * locations for 'all', and units per minute over the last `minutes`, for every
 * requested scope in one read of `sales_minutely`. The read groups by location and by minute
 * only inside the trend window (earlier minutes of the day fold into one bucket per location),
 * so it aggregates ~60 groups per location, not one per minute of the day; each location's
 * buckets then count towards 'all' (when asked) and towards the location itself (when asked).
 * The trend comes back as parallel arrays, minutes ascending; minutes that sold nothing are absent.
 */
const salesQuery = defineQuery({
  name: 'kpis.sales',
  sql: `WITH sumMapIf([m], [trend_u], m > toDateTime(0, 'UTC')) AS trend
        SELECT scope, sum(today_u) AS units, sum(today_r) AS revenue, trend.1 AS trend_minutes, trend.2 AS trend_units
        FROM (
          SELECT location,
                 if(minute > {now:DateTime64(3, 'UTC')} - INTERVAL {minutes:UInt32} MINUTE, minute, toDateTime(0, 'UTC')) AS m,
                 transform(toString(location), {zone_locations:Array(String)}, {zone_starts:Array(UInt32)}, toUnixTimestamp(toStartOfDay({now:DateTime64(3, 'UTC')}))) AS day_start,
                 sumIf(units, toUnixTimestamp(minute) >= day_start) AS today_u,
                 sumIf(revenue, toUnixTimestamp(minute) >= day_start) AS today_r,
                 sum(units) AS trend_u
          FROM sales_minutely
          WHERE ({all:Bool} OR location IN {locations:Array(String)})
            AND (empty({within:Array(String)}) OR location IN {within:Array(String)})
            AND minute >= least(toStartOfDay({now:DateTime64(3, 'UTC')}), toDateTime({earliest_start:UInt32}, 'UTC'), toStartOfMinute({now:DateTime64(3, 'UTC')} - INTERVAL {minutes:UInt32} MINUTE))
          GROUP BY location, m, day_start
        )
        ARRAY JOIN arrayConcat(if({all:Bool}, ['${ALL_LOCATIONS}'], []), if(has({locations:Array(String)}, toString(location)), [toString(location)], [])) AS scope
        GROUP BY scope`,
  params: z.object({
    all: z.boolean(), locations: z.array(z.string()), now: z.string(), minutes: z.number().int(), within: z.array(z.string()).default([]),
    zone_locations: z.array(z.string()).default([]), zone_starts: z.array(z.number().int()).default([]), earliest_start: z.number().int(),
  }),
  row: z.object({ scope: z.string(), units: num, revenue: num, trend_minutes: z.array(chDateTime), trend_units: z.array(num) }),
})

const rollupRow = z.object({
  location: z.string(), category: z.string(), series: num, at_risk: num, expected_lost_margin: num, in_stock: num, on_hand_units: num, on_hand_cost: num,
  forecast_daily_units: num, sold_28d: num, est_lost_28d: num, cogs_28d: num, markdown_exposure: num, computed_at: z.string(),
})
type RollupRow = z.infer<typeof rollupRow>
const SUMMED = ['series', 'at_risk', 'expected_lost_margin', 'in_stock', 'on_hand_units', 'on_hand_cost', 'forecast_daily_units', 'sold_28d', 'est_lost_28d', 'cogs_28d', 'markdown_exposure'] as const

/**
 * The latest `planning_rollup` row per location x category, of every location or of some: the
 * planning tiles of any scope are sums of these, the heatmap is these.
 */
const planningQuery = defineQuery({
  name: 'kpis.planning',
  sql: `SELECT location, category, series, at_risk, expected_lost_margin, in_stock, on_hand_units, on_hand_cost, forecast_daily_units,
               sold_28d, est_lost_28d, cogs_28d, markdown_exposure, toString(computed_at) AS computed_at
        FROM planning_rollup
        WHERE ({all:Bool} OR location IN {locations:Array(String)}) AND (empty({within:Array(String)}) OR location IN {within:Array(String)})
        ORDER BY location, category, computed_at DESC LIMIT 1 BY location, category`,
  params: z.object({ all: z.boolean(), locations: z.array(z.string()), within: z.array(z.string()).default([]) }),
  row: rollupRow,
})

/** Sum of rollup rows (a scope's planning figures); computed_at is the latest of them. */
function sumRollup(rows: RollupRow[]): Omit<RollupRow, 'location' | 'category'> | undefined {
  if (!rows.length) return undefined
  const out = { computed_at: '' } as Omit<RollupRow, 'location' | 'category'>
  for (const k of SUMMED) out[k] = 0
  for (const r of rows) {
    for (const k of SUMMED) out[k] += r[k]
    if (r.computed_at > out.computed_at) out.computed_at = r.computed_at
  }
  return out
}

const toChTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')

/** Locations whose time zone is not UTC, with their zone (migration 025). */
export type LocationZones = Map<string, string>

const zonesQuery = defineQuery({
  name: 'kpis.location_zones',
  sql: `SELECT location, timezone FROM (SELECT location, argMax(timezone, updated_at) AS timezone FROM locations GROUP BY location) WHERE timezone != 'UTC'`,
  params: z.object({}),
  row: z.object({ location: z.string(), timezone: z.string() }),
})

/** How long a read of the locations' zones is kept: a zone sent now counts within this. */
export const ZONES_TTL_MS = 30_000
const zoneCache = new WeakMap<ClickHouseClient, { at: number; zones: LocationZones }>()

/** The locations' time zones, read at most once per ZONES_TTL_MS per client (the board's refresh runs every second or so). */
export async function locationZones(client: ClickHouseClient, nowMs = Date.now()): Promise<LocationZones> {
  const hit = zoneCache.get(client)
  if (hit && nowMs - hit.at >= 0 && nowMs - hit.at < ZONES_TTL_MS) return hit.zones
  const zones: LocationZones = new Map((await zonesQuery(client, {})).filter((r) => isValidTimeZone(r.timezone)).map((r) => [r.location, r.timezone]))
  zoneCache.set(client, { at: nowMs, zones })
  return zones
}

/** Forget the cached zones (after a location's zone changed, and in tests). */
export function forgetLocationZones(client: ClickHouseClient): void {
  zoneCache.delete(client)
}

/**
 * Each zoned location's business-day start at `nowMs` (epoch seconds, in the order of
 * `zone_locations`) and the earliest of them and of the UTC day: what the sales read needs.
 */
export function businessDayStarts(nowMs: number, zones: LocationZones): { zone_locations: string[]; zone_starts: number[]; earliest_start: number } {
  const byZone = new Map<string, number>()
  const zone_locations: string[] = []
  const zone_starts: number[] = []
  let earliest = Math.floor(startOfLocalDay(nowMs, UTC) / 1000)
  for (const [location, tz] of zones) {
    let start = byZone.get(tz)
    if (start === undefined) byZone.set(tz, (start = Math.floor(startOfLocalDay(nowMs, tz) / 1000)))
    zone_locations.push(location)
    zone_starts.push(start)
    if (start < earliest) earliest = start
  }
  return { zone_locations, zone_starts, earliest_start: earliest }
}

/**
 * The reads of one board refresh: one of `sales_minutely`, one of `planning_rollup`, whatever
 * the scopes. `kpiSnapshots` runs exactly these; bench/board.ts times them one by one.
 */
function refreshReads(scopes: string[], now: Date, within: string[] = [], zones: LocationZones = new Map()) {
  const all = scopes.includes(ALL_LOCATIONS)
  const locations = [...new Set(scopes.filter((s) => s !== ALL_LOCATIONS))]
  const days = businessDayStarts(now.getTime(), zones)
  return {
    all,
    locations,
    sales: (c: ClickHouseClient) => salesQuery(c, { all, locations, now: toChTime(now), minutes: TREND_MINUTES, within, ...days }),
    planning: (c: ClickHouseClient) => planningQuery(c, { all, locations, within }),
  }
}

/** The named reads one `kpiSnapshots(client, scopes, now)` call makes (for benchmarks). */
export function kpiRefreshReads(scopes: string[], now = new Date(), zones: LocationZones = new Map()): { name: string; run: (client: ClickHouseClient) => Promise<unknown> }[] {
  const reads = refreshReads(scopes, now, [], zones)
  return [
    { name: salesQuery.def.name, run: reads.sales },
    { name: planningQuery.def.name, run: reads.planning },
  ]
}

/**
 * KPI snapshots for `scopes` (location ids and/or 'all') as of `now`: 'all' first, then the
 * locations in the order asked. Unknown locations get zeros, not errors. Two queries, whatever
 * the scopes. `within` (a scoped caller's allowedParam, lib/auth/access.ts) narrows every read to
 * those locations: 'all' is then the aggregate of that set, at the same two queries' cost. Each
 * query costs ~5-10 ms of fixed overhead in embedded chDB, which was most of a
 * refresh when it took four queries for 'all' and three more for the locations (bench:board).
 */
export async function kpiSnapshots(client: ClickHouseClient, scopes: string[], now = new Date(), within: string[] = []): Promise<KpiSnapshot[]> {
  if (!scopes.length) return []
  const reads = refreshReads(scopes, now, within, await locationZones(client, now.getTime()))
  if (!reads.all && !reads.locations.length) return []
  const [sales, planning] = await Promise.all([reads.sales(client), reads.planning(client)])
  const out: KpiSnapshot[] = []
  if (reads.all) {
    const heatmap = planning.map((p) => ({ location: p.location, category: p.category, series: p.series, at_risk: p.at_risk }))
    out.push({ ...snapshot(ALL_LOCATIONS, now, sales.find((s) => s.scope === ALL_LOCATIONS), sumRollup(planning)), heatmap })
  }
  for (const loc of reads.locations) {
    out.push(snapshot(loc, now, sales.find((s) => s.scope === loc), sumRollup(planning.filter((p) => p.location === loc))))
  }
  return out
}

function snapshot(
  location: string,
  now: Date,
  sales: z.infer<typeof salesQuery.def.row> | undefined,
  planning: ReturnType<typeof sumRollup>,
): KpiSnapshot {
  const hasPlanning = planning !== undefined && planning.series > 0
  const trend = sales ? sales.trend_minutes.map((minute, i) => ({ minute, units: sales.trend_units[i] })) : []
  return {
    as_of: now.toISOString(),
    location,
    kpis: {
      units_sold_today: sales?.units ?? 0,
      revenue_today: round2(sales?.revenue ?? 0),
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

/** Each region's locations, as the latest row of each location in master data says (lib/auth/access.ts). */
export const regionLocations = defineQuery({
  name: 'kpis.region_locations',
  sql: `SELECT region, groupArray(location) AS locations FROM (
          SELECT location, argMax(region, updated_at) AS region FROM locations GROUP BY location
        ) WHERE region != '' GROUP BY region ORDER BY region`,
  params: z.object({}),
  row: z.object({ region: z.string(), locations: z.array(z.string()) }),
})
