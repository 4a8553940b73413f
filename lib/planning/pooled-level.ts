/**
 * The pooled level of the recompute (lib/forecast/pooling.ts, "middle-out"): one sku at one location
 * sells a few units a day, a noisy level; the same sku x channel summed over the locations moves
 * smoothly. So the recompute also forecasts each sku x channel's total over its locations (the
 * group) and hands every member series a pooled path that forecastSeries blends into its own
 * (input.pooled_mean, weight compute.ts POOLED_WEIGHT):
 *
 *   share_i     = sum of y_i over its clean days of the last DEFAULT_SHARE_DAYS (56)
 *                 / sum of the group total over the same days            (pooling.ts poolShare)
 *   pooled_i[h] = share_i x F_group[h]
 *
 * F_group is forecastSeries on the group total with the group's seasonal factor (members of a
 * sku x channel share their category x channel factor, so memberPooledPath's factor ratio is 1),
 * its promotion days and the dip after them skipped, without promotion uplift: the member's own
 * promotion effects apply after the blend.
 *
 * The group total is the plain sum over the locations (ClickHouse sums sales_daily per sku x
 * channel x day, one read per run), not pooling.ts groupTotal's volume-weighted scale-up over
 * members' stockout days, which would need every location's stockout days first. The plain sum, read
 * from an aggregate projection of sales_daily (migration 019), undercounts on days some members were out of stock, but the error enters both the group's
 * forecast and the share's denominator, so share_i x F_group keeps the member's level as long as
 * the share of the chain's volume lost to stockouts is steady over the window. Measured
 * (bench:forecast, recompute line, mean WAPE over 10 rolling 28-day origins): the simulator 0.6744
 * with the plain sum, 0.6756 with the exact groupTotal from every member's stockout days; M5 (no
 * stockouts, unknown days are weeks without a price) 0.4382 both.
 * The pooled level itself: M5 0.4454 -> 0.4382, simulator 0.6831 -> 0.6744.
 */
import { forecastSeries } from '@/lib/forecast/select'
import { DEFAULT_SHARE_DAYS, memberPooledPath, poolShare } from '@/lib/forecast/pooling'
import { discountPaths, type PromoSpans } from './promotions'

/** A member whose share of its group is this close to 1 is the group (no other location sold on its days): not pooled. */
const WHOLE_GROUP = 1 - 1e-9

/**
 * The pooled level a location block carries (SeriesBlock.pooled): `group[i]` indexes the group of
 * series i (-1: not pooled); per group, its daily total over the block's history days (layout
 * g x history_days) and the forecast of that total (g x horizon).
 */
export interface PooledLevel {
  group: Int32Array
  total: Float64Array
  forecast: Float64Array
  horizon: number
}

/** The group totals of a run, one series per sku x channel, packed like a location's block (compute.ts SeriesBlock). */
export interface GroupTotals {
  history_days: number
  skus: string[]
  channels: string[]
  /** history_days values per group, oldest first. */
  demand: Float64Array
  censored: Uint8Array
  /** Promotion days of the group's sku x channel at any location. */
  promos?: PromoSpans
  /** Seasonal log factors (compute.ts SeriesBlock.season). */
  season?: { paths: Float64Array[]; series: Int32Array }
}

/**
 * The forecast of each group total of a block whose series are the groups (sku x channel totals
 * over locations, packed like a location's block: season paths, promotion spans of any location):
 * horizon days per group, flat. History promotion days and their dip are skipped; no uplift, no
 * prior (see the file header).
 */
export function forecastGroupTotals(groups: GroupTotals, horizon: number): Float64Array {
  const H = groups.history_days
  const n = groups.skus.length
  const out = new Float64Array(n * horizon)
  const discounts = groups.promos ? discountPaths(groups.promos, H) : undefined
  for (let g = 0; g < n; g++) {
    const si = groups.season ? groups.season.series[g] : -1
    const path = si >= 0 ? groups.season!.paths[si] : undefined
    const f = forecastSeries(
      {
        demand: groups.demand.subarray(g * H, (g + 1) * H),
        censored: groups.censored.subarray(g * H, (g + 1) * H),
        discount: discounts?.get(g),
        regressors: path ? { history: [path.subarray(0, H)], future: [path.subarray(H)], coef: [1] } : undefined,
      },
      { horizon, max_history_days: H },
    )
    out.set(f.mean, g * horizon)
  }
  return out
}

/**
 * Series i's pooled path (pooling.ts memberPooledPath) from its history, its skip mask (censored,
 * promotion and dip days, as forecastSeries builds it) and its group; undefined when the series is
 * not pooled: no group, or it is the whole group on its clean days of the share window (the only
 * location selling the sku x channel then; the full pipeline left groups of one out the same way).
 * A share of 0 (no sales on those days) pools toward 0, as the full pipeline always did.
 */
export function pooledPathOf(pooled: PooledLevel, i: number, demand: Float64Array, skip: Uint8Array): Float64Array | undefined {
  const g = pooled.group[i]
  if (g < 0) return undefined
  const H = demand.length
  const total = pooled.total.subarray(g * H, (g + 1) * H)
  const share = poolShare(demand, skip, total, undefined, H - DEFAULT_SHARE_DAYS, H)
  if (share >= WHOLE_GROUP) return undefined
  return memberPooledPath(pooled.forecast.subarray(g * pooled.horizon, (g + 1) * pooled.horizon), share)
}

/**
 * The group totals of a run and their forecasts, keyed by sku x channel: each location's block takes
 * the groups of its own series (levelFor), so a worker receives only what its block reads.
 */
export class PooledTotals {
  private readonly index = new Map<string, number>()

  /** `groups`: one series per sku x channel (skus[g], channels[g]); `forecast`: forecastGroupTotals(groups, horizon). */
  constructor(
    private readonly groups: GroupTotals,
    private readonly forecast: Float64Array,
    private readonly horizon: number,
  ) {
    groups.skus.forEach((sku, g) => this.index.set(groupKey(sku, groups.channels[g]), g))
  }

  get size(): number {
    return this.index.size
  }

  /** The pooled level of a block's series (same order); undefined when none of them is in a group. */
  levelFor(series: readonly { sku: string; channel: string }[]): PooledLevel | undefined {
    const H = this.groups.history_days
    const K = this.horizon
    const group = new Int32Array(series.length).fill(-1)
    const picked: number[] = []
    series.forEach((s, i) => {
      const g = this.index.get(groupKey(s.sku, s.channel))
      if (g === undefined) return
      group[i] = picked.length
      picked.push(g)
    })
    if (picked.length === 0) return undefined
    const total = new Float64Array(picked.length * H)
    const forecast = new Float64Array(picked.length * K)
    picked.forEach((g, k) => {
      total.set(this.groups.demand.subarray(g * H, (g + 1) * H), k * H)
      forecast.set(this.forecast.subarray(g * K, (g + 1) * K), k * K)
    })
    return { group, total, forecast, horizon: K }
  }
}

const groupKey = (sku: string, channel: string) => `${sku}\u0001${channel}`
