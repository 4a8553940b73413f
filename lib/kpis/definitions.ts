/**
 * KPI definitions: the one place that says what each board figure means. The UI shows the
 * definition on hover; the API returns the same keys.
 */
import { REVIEW_PERIOD_DAYS, TRANSFER_REVIEW_PERIOD_DAYS } from '@/lib/planning/review'

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
    definition: "Sum of sale quantities since the start of the location's business day (midnight in its own time zone; UTC when it has none), all channels, each event_id counted once. All locations: each location's own today in its time zone, summed.",
    source: 'sales_minutely rollup of raw_sales',
  },
  revenue_today: {
    key: 'revenue_today',
    label: 'Revenue today',
    unit: 'currency',
    definition: "Sum of quantity x unit price of sales since the start of the location's business day (midnight in its own time zone; UTC when it has none), before returns. All locations: each location's own today in its time zone, summed.",
    source: 'sales_minutely rollup of raw_sales',
  },
  stockout_risk_count: {
    key: 'stockout_risk_count',
    label: 'Stockout risk',
    unit: 'count',
    definition: 'SKU-locations whose probability of a stockout within their lead time exceeds 30%: P(lead-time demand > position), demand with mean d*L and variance L*sd_d^2 + d^2*sd_L^2; 1 - Phi((position - d*L) / sqrt(L*sd_d^2 + d^2*sd_L^2)) from 50 units of lead-time demand, a whole-unit count (negative binomial, or Poisson) below.',
    source: 'planning_rollup (inventory_policies)',
  },
  stockout_risk_value: {
    key: 'stockout_risk_value',
    label: 'Margin at risk',
    unit: 'currency',
    definition: 'Expected lost margin of the at-risk SKU-locations: expected units short over the lead time, E[(lead-time demand - position)+] from the same distribution as the stockout probability, x unit margin (price - unit cost, floored at 0).',
    source: 'planning_rollup (inventory_policies)',
  },
  in_stock_rate: {
    key: 'in_stock_rate',
    label: 'In-stock rate',
    unit: 'percent',
    definition: 'Share of planned SKU-locations with on hand > 0 now.',
    source: 'planning_rollup',
  },
  fill_rate: {
    key: 'fill_rate',
    label: 'Fill rate (28 d)',
    unit: 'percent',
    definition: 'Beta service level: units sold / (units sold + units estimated lost on stockout days at the forecast rate), last 28 days.',
    source: 'planning_rollup',
  },
  days_of_supply: {
    key: 'days_of_supply',
    label: 'Days of supply',
    unit: 'days',
    definition: 'On hand / forecast daily demand, summed over SKU-locations.',
    source: 'planning_rollup',
  },
  inventory_turns: {
    key: 'inventory_turns',
    label: 'Inventory turns',
    unit: 'ratio',
    definition: 'COGS of the last 28 days annualised (x 365/28) / inventory at cost now (current inventory stands in for the average).',
    source: 'planning_rollup',
  },
  markdown_exposure: {
    key: 'markdown_exposure',
    label: 'Markdown exposure',
    unit: 'currency',
    definition: 'For SKU-locations within 28 days of season end: projected units left at season end (on hand + on order - forecast) x (price - clearance price at 50% of price).',
    source: 'planning_rollup',
  },
} as const satisfies Record<string, KpiDefinition>

/**
 * Per SKU-location figures, as the board's lists and the SKU page show them (DESIGN.md "The
 * numbers the product stands behind"): the same hover and the same one place as the tiles.
 */
export const FIGURE_DEFINITIONS = {
  stockout_probability: {
    key: 'stockout_probability', label: 'P(stockout)', unit: 'percent',
    definition: 'Probability that demand over the lead time exceeds the position (on hand + on order - reserved): mean d*L, variance L*sd_d^2 + d^2*sd_L^2; the normal from 50 units of lead-time demand, a whole-unit count below.',
    source: 'inventory_policies (lib/policy/risk.ts leadTimeRisk)',
  },
  days_of_cover: {
    key: 'days_of_cover', label: 'Cover', unit: 'days',
    definition: 'On hand / forecast daily demand d, from now. Shown rounded down to a tenth, as the run-out day counts it.',
    source: 'inventory_policies (lib/policy/risk.ts coverAndRunOut)',
  },
  run_out_date: {
    key: 'run_out_date', label: 'Runs out', unit: 'days',
    definition: "The location's business day the shelf empties at d a day: today + floor(cover) (0.7 days: today; 1.0 day: tomorrow), later when stock on order lands first. A day of the location's calendar; '–' when not within the forecast's 28 days.",
    source: 'inventory_policies (lib/policy/risk.ts coverAndRunOut)',
  },
  expected_lost_margin: {
    key: 'expected_lost_margin', label: 'Margin at risk', unit: 'currency',
    definition: 'Expected units short over the lead time, E[(lead-time demand - position)+] from the same distribution as P(stockout), x unit margin (price - unit cost, floored at 0). Zero beside a stockout risk only when the unit margin is zero.',
    source: 'inventory_policies (lib/policy/risk.ts leadTimeRisk)',
  },
  forecast_daily_demand: {
    key: 'forecast_daily_demand', label: 'Forecast demand', unit: 'units',
    definition: `d: mean forecast units a day over the days an order placed tonight must cover, L + 1 + R (lead time, the nightly run's day, review period: ${REVIEW_PERIOD_DAYS} days from a supplier, ${TRANSFER_REVIEW_PERIOD_DAYS} by transfer from a DC), channels summed, so a promotion inside them counts and one beyond them does not; sigma is the daily forecast error (residual) deviation.`,
    source: 'forecasts',
  },
  safety_stock: {
    key: 'safety_stock', label: 'Safety stock', unit: 'units',
    definition: 'SS = z * sqrt(L*sd_d^2 + d^2*sd_L^2), z the inverse normal CDF of the cycle service target; floored at 0.',
    source: 'inventory_policies (lib/policy/policy.ts)',
  },
  reorder_point: {
    key: 'reorder_point', label: 'Reorder point', unit: 'units',
    definition: 'ROP = d*L + SS: order when the position is at or below it, up to the order-up-to level, in case packs and at least the MOQ.',
    source: 'inventory_policies (lib/policy/policy.ts)',
  },
  decisions: {
    key: 'decisions', label: 'Decisions', unit: 'count',
    definition: "Recommendations decided by a person or an API key in the period (approved, modified or rejected); approvals by an approval rule are not people's decisions and are left out.",
    source: 'alert transitions (decisions)',
  },
  acceptance_rate: {
    key: 'acceptance_rate', label: 'Accepted', unit: 'percent',
    definition: 'Acceptance rate = recommendations approved unchanged / decided recommendations.',
    source: 'alert transitions (decisions)',
  },
  override_rate: {
    key: 'override_rate', label: 'Overridden', unit: 'percent',
    definition: 'Override rate = recommendations whose executed quantity differs from the recommended one, or that were rejected / decided recommendations.',
    source: 'alert transitions (decisions)',
  },
  share_at_risk: {
    key: 'share_at_risk', label: 'Share at risk', unit: 'percent',
    definition: 'Of a location x category, SKU-locations whose stockout probability within their lead time exceeds 30% / SKU-locations planned. Red from 20%, amber from 5%.',
    source: 'planning_rollup',
  },
  position: {
    key: 'position', label: 'Position', unit: 'units',
    definition: 'Inventory position = on hand + on order (open POs, transfers in) - reserved/backorders.',
    source: 'inventory_policies',
  },
} as const satisfies Record<string, KpiDefinition>

/** Planning tiles of the board, in order. */
export const PLANNING_KPIS = ['stockout_risk_count', 'stockout_risk_value', 'in_stock_rate', 'fill_rate', 'days_of_supply', 'inventory_turns', 'markdown_exposure'] as const

export interface HeatCell {
  location: string
  category: string
  series: number
  at_risk: number
}

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
  /**
   * Sales figures are always numbers (0 when nothing sold); planning figures are null while no plan
   * covers the scope, and ratios also when their denominator is 0 (lib/kpis/api-schemas.ts says why).
   */
  kpis: Record<'units_sold_today' | 'revenue_today', number> & Record<(typeof PLANNING_KPIS)[number], number | null>
  /** Units per minute over the last TREND_MINUTES minutes, oldest first, gaps filled with 0. */
  trend: TrendPoint[]
  /** When the planning figures were last computed (null: never). */
  planning_as_of: string | null
  /** Locations x categories, share of SKU-locations at risk (the 'all' scope only). */
  heatmap?: HeatCell[]
}

/** Planning KPIs from rollup sums; ratios are null when their denominator is 0. */
export function planningKpis(r: { series: number; at_risk: number; expected_lost_margin: number; in_stock: number; on_hand_units: number; on_hand_cost: number; forecast_daily_units: number; sold_28d: number; est_lost_28d: number; cogs_28d: number; markdown_exposure: number }) {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null)
  return {
    stockout_risk_count: r.at_risk,
    stockout_risk_value: Math.round(r.expected_lost_margin * 100) / 100,
    in_stock_rate: ratio(r.in_stock, r.series),
    fill_rate: ratio(r.sold_28d, r.sold_28d + r.est_lost_28d),
    days_of_supply: ratio(r.on_hand_units, r.forecast_daily_units),
    inventory_turns: ratio((r.cogs_28d * 365) / 28, r.on_hand_cost),
    markdown_exposure: Math.round(r.markdown_exposure * 100) / 100,
  }
}

export const ALL_LOCATIONS = 'all'
export const TREND_MINUTES = 60

/** Socket.IO room for a scope's KPI stream. */
export const kpiRoom = (location: string) => (location === ALL_LOCATIONS ? 'kpi:all' : `kpi:location:${location}`)
export const KPI_EVENT = 'kpi'
/** Room and event of the "something landed" ping that /data listens to. */
export const INGEST_ROOM = 'ingest'
export const INGEST_EVENT = 'ingest'
/** Room and event of long-running job progress (backfill, recompute). */
export const JOBS_ROOM = 'jobs'
export const JOBS_EVENT = 'job'
/** Room of CSV imports' progress (same event as jobs): only who may import files joins it (server/realtime.ts). */
export const IMPORTS_ROOM = 'imports'
/**
 * The stream's heartbeat. Every subscribed board socket is in LIVE_ROOM; the process that pushes
 * KPIs (the `kpi` worker) emits HEARTBEAT_EVENT there every HEARTBEAT_MS through the same emitter
 * as the KPIs, so a beat that arrives shows the whole push path works: that process, Redis
 * pub/sub in scaled mode, the web node and the socket. The board calls itself live only while
 * beats (or KPIs) keep arriving: nothing for STREAM_STALE_MS (two beats missed) and its dot turns
 * grey, within 5 s of the last thing the stream said.
 */
export const LIVE_ROOM = 'live'
export const HEARTBEAT_EVENT = 'heartbeat'
export const HEARTBEAT_MS = 2_000
export const STREAM_STALE_MS = 4_000

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
