/**
 * The planning computation for one location: forecasts per sku x channel (here, with the shapes
 * the recompute passes around), then per sku the inventory policy (DESIGN.md: SS, ROP,
 * order-up-to) and stockout risk, with every input kept (plan-location.ts).
 * Pure (no I/O): the recompute job feeds it TypedArrays it pulled from ClickHouse, in a worker
 * thread, so the event loop that serves sockets stays free.
 *
 * Why this method at 500,000 series: each series is fitted on a bounded recent window (HISTORY_DAYS)
 * by the fast fixed-grid models in lib/forecast (~25 us a series), from daily rollups that
 * ClickHouse has already summed; no per-series optimiser (AutoETS in WASM is ~15 ms a series,
 * 2 hours for 500k).
 */
import type { Downstream } from './downstream'
import { forecastSeries } from '@/lib/forecast/select'
import { DEFAULT_HORIZON, DEFAULT_MIN_HISTORY_DAYS } from '@/lib/forecast/select-types'
import { buildSkipMask, countClean } from '@/lib/forecast/series'
import { concatPromoObservations, learnPromoEffects, promoObservationsFromSeries, type PromoEffects, type PromoObservations } from '@/lib/forecast/promo'
import type { NewItemPrior } from '@/lib/forecast/new-item'
import { discountPaths, type PromoSpans } from './promotions'
import { pooledPathOf, type PooledLevel } from './pooled-level'

const SEASON_COEF = [1]

/**
 * Weight of the pooled level in each forecast (forecastSeries' pooled_weight; pooled-level.ts). A
 * half, not the library's third: a series fitted on 112 days has a noisier level of its own than
 * one fitted on 392. Chosen on M5's nine 28-day origins before bench:forecast's ten (recompute
 * line, mean WAPE): 1/3 0.4307, 1/2 0.4298, 0.6 0.4299. On bench:forecast's own origins: M5 0.4382
 * -> 0.4367, simulator 0.6563 -> 0.6536.
 */
export const POOLED_WEIGHT = 0.5

/** Days of history each series is fitted on, and days forecast. */
export const HISTORY_DAYS = 112
export const HORIZON_DAYS = DEFAULT_HORIZON
/**
 * How far back stock changes and in-transit transfers are read when rebuilding a position: a
 * location sends a full snapshot at least weekly, so five weeks always reach past the last one.
 */
export const STOCK_LOOKBACK_DAYS = 35

/** Start of the stock lookback before `nowMs`, as a ClickHouse DateTime64 literal (UTC). */
export function stockLookbackStart(nowMs: number): string {
  return new Date(nowMs - STOCK_LOOKBACK_DAYS * 86_400_000).toISOString().replace('T', ' ').replace('Z', '')
}

export interface SeriesBlock {
  /** First forecast day (YYYY-MM-DD, a UTC day); history ends the day before. */
  start_date: string
  /**
   * The location's business day now (its own time zone, lib/time/zone.ts): run-out dates count
   * from it. Absent: start_date.
   */
  business_day?: string
  history_days: number
  skus: string[]
  channels: string[]
  /** history_days values per series, oldest first. */
  demand: Float64Array
  /** 1 = stockout day (censored), same layout as demand. */
  censored: Uint8Array
  /**
   * Category of each series' sku, as an index into `categories` (-1: not in master data). Promotion
   * effects and new-item priors are learned per category. Absent: one unknown category.
   */
  category?: Int32Array
  categories?: string[]
  /** Promotion days of the series (promotions.ts), history and forecast days. Absent: none known. */
  promos?: PromoSpans
  /**
   * Seasonal log factors over [0, history_days + horizon) (seasonality.ts: yearly index and calendar
   * days, per category x channel): `series[i]` indexes `paths` for series i, -1 for none.
   */
  season?: { paths: Float64Array[]; series: Int32Array }
  /**
   * 1 = the series' sku is new in the assortment (product lifecycle `new`): days before its first
   * sale in the window were before it was on sale, so they are unknown, not zero demand.
   */
  new_item?: Uint8Array
  /** The pooled level of the series' sku x channel over the locations (pooled-level.ts). Absent: none. */
  pooled?: PooledLevel
  /** A DC's block: its children's demand per sku (downstream.ts), planned on beside its own. */
  downstream?: Downstream
}

export interface SkuState {
  sku: string
  category: string
  supplier: string
  unit_price: number
  unit_cost: number
  case_pack: number
  moq: number
  season_end: string | null
  on_hand: number
  reserved: number
  on_order: number
  receipts: { date: string; qty: number }[]
  lead_time_days: number
  sd_lead_time_days: number
  /** Purchase-order receipts from the supplier, or transfers from the location's DC. */
  lead_time_source: LeadTimeSource
  /** The product's lifecycle is `new`: without sales here yet, it plans on its category's prior. */
  is_new?: boolean
}

export type LeadTimeSource = 'supplier' | 'transfer'

export interface SeriesForecast {
  sku: string
  channel: string
  model: string
  model_version: string
  mean: Float32Array
  lower: Float32Array
  upper: Float32Array
  d: number
  sd_d: number
  segment: string
  /** A promotion (planned, or the dip after a recent one) changed the forecast path. */
  promo_applied: boolean
  /** What stockout days put back into the level (lib/forecast/censored.ts); 1 when none. */
  censoring_factor: number
}

export interface SkuPlan {
  sku: string
  category: string
  supplier: string
  model: string
  model_version: string
  /** Mean daily demand over the days an order placed tonight must cover, L + r + R (plan-location.ts). */
  d: number
  sd_d: number
  lead_time_days: number
  sd_lead_time_days: number
  lead_time_source: LeadTimeSource
  service_level: number
  z: number
  abc: string
  xyz: string
  safety_stock: number
  reorder_point: number
  order_up_to: number
  recommended_order_qty: number
  case_pack: number
  moq: number
  on_hand: number
  on_order: number
  reserved: number
  position: number
  unit_price: number
  unit_cost: number
  stockout_probability: number
  days_of_cover: number
  projected_stockout_date: string | null
  expected_lost_margin: number
  sold_28d: number
  est_lost_28d: number
  markdown_exposure: number
  season_end?: string | null
}

/**
 * Forecast every series of the block.
 *
 * Before the per-series fits, two things are learned across the location's series, because one
 * series alone has too little evidence:
 * - promotion uplift by category and discount depth, and the dip after a promotion (lib/forecast/
 *   promo.ts), from the promotion days in the history; each series' forecast then carries the
 *   uplift of the promotions planned in its forecast days;
 * - a new-item prior per category: the median daily rate of the category's established series at
 *   this location, which a series with few clean days starts from (lib/forecast/new-item.ts).
 * The yearly season and the calendar days come from outside the block (seasonality.ts, from
 * category x channel totals over two years that the 112-day window cannot show): their factor
 * divides the history and multiplies the forecast.
 * So does the pooled level (pooled-level.ts): each series' sku x channel total over the
 * locations, forecast once per run; half of the series' share of it is blended into its own
 * forecast (POOLED_WEIGHT).
 * Learning per location keeps each worker's job self-contained; a location carries 10,000 series,
 * plenty for ten categories, and thin cells shrink toward the all-category figures.
 */
export function forecastBlock(block: SeriesBlock): SeriesForecast[] {
  const H = block.history_days
  const n = block.skus.length
  const { discounts, category, nCategories, censored } = prepareBlock(block)
  const effects = learnBlockPromoEffects(block, censored, discounts, category, nCategories)
  const priors = categoryPriors(block, censored, discounts, category, nCategories)
  const out: SeriesForecast[] = []
  const skip = new Uint8Array(H)
  for (let i = 0; i < n; i++) {
    const demand = block.demand.subarray(i * H, (i + 1) * H)
    const cens = censored.subarray(i * H, (i + 1) * H)
    const disc = discounts.get(i)
    const pooled = block.pooled ? pooledPathOf(block.pooled, i, demand, buildSkipMask(demand, cens, disc?.subarray(0, H), effects?.dip_days, skip)) : undefined
    const c = category[i]
    const si = block.season ? block.season.series[i] : -1
    const yl = si >= 0 ? block.season!.paths[si] : undefined
    const f = forecastSeries(
      {
        demand,
        censored: cens,
        discount: disc?.subarray(0, H),
        future_discount: disc?.subarray(H),
        category: c,
        promo_effects: effects,
        prior: c >= 0 ? priors[c] : undefined,
        // The seasonal factor (yearly index and calendar days) as a covariate with coefficient 1.
        regressors: yl ? { history: [yl.subarray(0, H)], future: [yl.subarray(H)], coef: SEASON_COEF } : undefined,
        pooled_mean: pooled,
      },
      { horizon: HORIZON_DAYS, max_history_days: H, pooled_weight: POOLED_WEIGHT },
    )
    const d = mean(f.mean, 0, HORIZON_DAYS)
    out.push({
      sku: block.skus[i],
      channel: block.channels[i],
      model: f.model,
      model_version: f.model_version,
      mean: Float32Array.from(f.mean),
      lower: Float32Array.from(f.lower),
      upper: Float32Array.from(f.upper),
      d,
      sd_d: f.residual_sd,
      segment: f.profile.segment,
      promo_applied: f.promo_applied,
      censoring_factor: f.censoring_factor,
    })
  }
  return out
}

/** The block's censored days, plus for new items the days before their first sale in the window. */
function markNotYetListed(block: SeriesBlock): Uint8Array {
  if (!block.new_item || !block.new_item.includes(1)) return block.censored
  const H = block.history_days
  const out = block.censored.slice()
  for (let i = 0; i < block.skus.length; i++) {
    if (block.new_item[i] !== 1) continue
    for (let t = 0; t < H && block.demand[i * H + t] === 0; t++) out[i * H + t] = 1
  }
  return out
}

/** Promotion uplift and dip learned from the block's promotion history; undefined when it has none. */
function learnBlockPromoEffects(block: SeriesBlock, censored: Uint8Array, discounts: Map<number, Float64Array>, category: Int32Array, nCategories: number): PromoEffects | undefined {
  const H = block.history_days
  const parts: PromoObservations[] = []
  for (const [i, disc] of discounts) {
    const history = disc.subarray(0, H)
    if (!history.some((x) => x > 0)) continue
    parts.push(promoObservationsFromSeries(category[i], block.demand.subarray(i * H, (i + 1) * H), history, censored.subarray(i * H, (i + 1) * H)))
  }
  if (parts.length === 0) return undefined
  return learnPromoEffects(concatPromoObservations(parts), { n_categories: nCategories })
}

/** The block's new-item priors by category name (for SKUs stocked here that have not sold yet). */
export function priorsByCategory(block: SeriesBlock): Map<string, NewItemPrior> {
  const { discounts, category, nCategories, censored } = prepareBlock(block)
  const out = new Map<string, NewItemPrior>()
  categoryPriors(block, censored, discounts, category, nCategories).forEach((p, c) => {
    if (p) out.set(block.categories![c], p)
  })
  return out
}

/** What forecasts and priors read from a block: discount paths, category codes, censored days (new items' too). */
function prepareBlock(block: SeriesBlock) {
  return {
    discounts: block.promos ? discountPaths(block.promos, block.history_days + HORIZON_DAYS) : new Map<number, Float64Array>(),
    category: block.category ?? new Int32Array(block.skus.length).fill(-1),
    nCategories: block.categories?.length ?? 0,
    censored: markNotYetListed(block),
  }
}

/**
 * Per category, the median daily rate over the clean days of its series that have at least
 * DEFAULT_MIN_HISTORY_DAYS of them (established items at this location): the prior a new series
 * of the category starts from. The median, because a few fast movers would pull a mean far above
 * what a typical new item sells.
 */
function categoryPriors(block: SeriesBlock, censored: Uint8Array, discounts: Map<number, Float64Array>, category: Int32Array, nCategories: number): (NewItemPrior | undefined)[] {
  const H = block.history_days
  const rates: number[][] = Array.from({ length: nCategories }, () => [])
  const scratch = new Uint8Array(H)
  for (let i = 0; i < block.skus.length; i++) {
    const c = category[i]
    if (c < 0 || c >= nCategories) continue
    const demand = block.demand.subarray(i * H, (i + 1) * H)
    const skip = buildSkipMask(demand, censored.subarray(i * H, (i + 1) * H), discounts.get(i)?.subarray(0, H), undefined, scratch)
    const clean = countClean(skip, 0, H)
    if (clean < DEFAULT_MIN_HISTORY_DAYS) continue
    let sum = 0
    for (let t = 0; t < H; t++) if (skip[t] === 0) sum += demand[t]
    rates[c].push(sum / clean)
  }
  return rates.map((r) => {
    if (r.length === 0) return undefined
    r.sort((a, b) => a - b)
    const m = r.length >> 1
    return { mean_daily: r.length % 2 ? r[m] : (r[m - 1] + r[m]) / 2 }
  })
}

function mean(a: Float64Array, from: number, to: number): number {
  let s = 0
  for (let i = from; i < to; i++) s += a[i]
  return to > from ? s / (to - from) : 0
}
