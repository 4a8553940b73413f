/**
 * KPI definitions: the one place that says what each board figure means. The UI shows the
 * definition on hover; the API returns the same keys.
 */
export interface KpiDefinition {
  key: string
  label: string
  unit: 'units' | 'currency' | 'percent' | 'count' | 'days' | 'ratio'
  definition: string
  source: string
}

export const KPI_DEFINITIONS = {
  units_sold_today: {
    key: 'units_sold_today',
    label: 'Units sold today',
    unit: 'units',
    definition: 'Sum of sale quantities since 00:00 UTC today, all channels, each event_id counted once.',
    source: 'sales_minutely rollup of raw_sales',
  },
  revenue_today: {
    key: 'revenue_today',
    label: 'Revenue today',
    unit: 'currency',
    definition: 'Sum of quantity x unit price of sales since 00:00 UTC today, before returns.',
    source: 'sales_minutely rollup of raw_sales',
  },
} as const satisfies Record<string, KpiDefinition>

/** A SKU-location is at risk when its stockout probability within its lead time exceeds this. */
export const STOCKOUT_RISK_THRESHOLD = 0.3

export type KpiKey = keyof typeof KPI_DEFINITIONS

export interface TrendPoint {
  /** Start of the minute, ISO-8601 UTC. */
  minute: string
  units: number
}

export interface KpiSnapshot {
  as_of: string
  /** A location id, or 'all'. */
  location: string
  kpis: Record<KpiKey, number>
  /** Units per minute over the last TREND_MINUTES minutes, oldest first, gaps filled with 0. */
  trend: TrendPoint[]
}

export const ALL_LOCATIONS = 'all'
export const TREND_MINUTES = 60

/** Socket.IO room for a scope's KPI stream. */
export const kpiRoom = (location: string) => (location === ALL_LOCATIONS ? 'kpi:all' : `kpi:location:${location}`)
export const KPI_EVENT = 'kpi'
/** Room and event of the "something landed" ping that /data listens to. */
export const INGEST_ROOM = 'ingest'
export const INGEST_EVENT = 'ingest'
/** Room and event of long-running job progress (backfill, recompute, imports). */
export const JOBS_ROOM = 'jobs'
export const JOBS_EVENT = 'job'

/** The minute series ending at `now`'s minute, with missing minutes as 0. */
export function fillTrend(points: { minute: string; units: number }[], now: Date, minutes = TREND_MINUTES): TrendPoint[] {
  const end = Math.floor(now.getTime() / 60_000) * 60_000
  const byMinute = new Map(points.map((p) => [Date.parse(p.minute), p.units]))
  const out: TrendPoint[] = []
  for (let t = end - (minutes - 1) * 60_000; t <= end; t += 60_000) {
    out.push({ minute: new Date(t).toISOString(), units: byMinute.get(t) ?? 0 })
  }
  return out
}
