/**
 * The planning computation for one location: forecasts per sku x channel, then per sku the
 * inventory policy (DESIGN.md: SS, ROP, order-up-to) and stockout risk, with every input kept.
 * Pure (no I/O): the recompute job feeds it TypedArrays it pulled from ClickHouse, in a worker
 * thread, so the event loop that serves sockets stays free.
 *
 * Why this method at 500,000 series: each series is fitted on a bounded recent window (HISTORY_DAYS)
 * by the fast fixed-grid models in lib/forecast (~25 us a series), from daily rollups that
 * ClickHouse has already summed; no per-series optimiser (AutoETS in WASM is ~15 ms a series,
 * 2 hours for 500k).
 */
import { forecastSeries, DEFAULT_HORIZON, DEFAULT_MIN_HISTORY_DAYS } from '@/lib/forecast/select'
import { buildSkipMask, countClean } from '@/lib/forecast/series'
import { concatPromoObservations, learnPromoEffects, promoObservationsFromSeries, type PromoEffects, type PromoObservations } from '@/lib/forecast/promo'
import type { NewItemPrior } from '@/lib/forecast/new-item'
import { MODEL_VERSION } from '@/lib/forecast/version'
import { discountPaths, type PromoSpans } from './promotions'
import { computePolicy } from '@/lib/policy/policy'
import { assessRisk } from '@/lib/policy/risk'
import { classifyAbc, classifyXyz, coefficientOfVariation, serviceTargetFor, ABC_CODES, DEFAULT_SEGMENT_POLICY, type SegmentPolicyConfig } from '@/lib/policy/service-targets'

const SEASON_COEF = [1]

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

/** Review period of the order-up-to policy (days between order opportunities). */
export const REVIEW_PERIOD_DAYS = 7
/** Sell-by window before season end, and the clearance price as a share of the current price. */
export const SELL_BY_WINDOW_DAYS = 28
export const CLEARANCE_PRICE_SHARE = 0.5

export interface SeriesBlock {
  /** First forecast day (YYYY-MM-DD); history ends the day before. */
  start_date: string
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
}

export interface SkuPlan {
  sku: string
  category: string
  supplier: string
  model: string
  model_version: string
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
  for (let i = 0; i < n; i++) {
    const demand = block.demand.subarray(i * H, (i + 1) * H)
    const cens = censored.subarray(i * H, (i + 1) * H)
    const disc = discounts.get(i)
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
      },
      { horizon: HORIZON_DAYS, max_history_days: H },
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
function priorsByCategory(block: SeriesBlock): Map<string, NewItemPrior> {
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

/** Units sold and estimated units lost (censored days x forecast level) over the last 28 days. */
export function recentSales(block: SeriesBlock, i: number, level: number): { sold: number; lost: number } {
  const H = block.history_days
  let sold = 0
  let lost = 0
  for (let t = Math.max(0, H - 28); t < H; t++) {
    if (block.censored[i * H + t]) lost += level
    else sold += block.demand[i * H + t]
  }
  return { sold, lost }
}

/**
 * Policies and risk per sku at one location: channels summed (d adds, variances add), ABC by
 * margin over the last 28 days within the location, XYZ by the coefficient of variation.
 */
export function planLocation(block: SeriesBlock, forecasts: SeriesForecast[], states: Map<string, SkuState>, cfg: SegmentPolicyConfig = DEFAULT_SEGMENT_POLICY): SkuPlan[] {
  const bySku = new Map<string, { idx: number[] }>()
  forecasts.forEach((f, i) => {
    let e = bySku.get(f.sku)
    if (!e) bySku.set(f.sku, (e = { idx: [] }))
    e.idx.push(i)
  })
  // States without sales history (stock but no demand yet) still get a plan: a new item plans on
  // its category's prior at this location, anything else on no demand.
  for (const sku of states.keys()) if (!bySku.has(sku)) bySku.set(sku, { idx: [] })
  let priors: Map<string, NewItemPrior> | undefined
  const priorFor = (s: SkuState | undefined): NewItemPrior | undefined => {
    if (!s?.is_new || !block.categories) return undefined
    priors ??= priorsByCategory(block)
    return priors.get(s.category)
  }

  const skus = [...bySku.keys()]
  const agg = skus.map((sku) => {
    const { idx } = bySku.get(sku)!
    let d = 0
    let varD = 0
    let sold = 0
    let lost = 0
    const path = new Float64Array(HORIZON_DAYS)
    let model = 'no_history'
    let version = ''
    for (const i of idx) {
      const f = forecasts[i]
      d += f.d
      varD += f.sd_d * f.sd_d
      for (let h = 0; h < HORIZON_DAYS; h++) path[h] += f.mean[h]
      const r = recentSales(block, i, f.d)
      sold += r.sold
      lost += r.lost
      model = idx.length > 1 && model !== 'no_history' && model !== f.model ? 'mixed' : f.model
      version = f.model_version
    }
    const prior = idx.length === 0 ? priorFor(states.get(sku)) : undefined
    if (prior) {
      // Poisson: the variance of a daily count is its mean (new-item.ts).
      d = prior.mean_daily
      varD = prior.var_daily ?? prior.mean_daily
      path.fill(d)
      model = 'new_item_prior'
      version = MODEL_VERSION
    }
    return { sku, d, sd_d: Math.sqrt(varD), sold, lost, path, model, version }
  })

  const margins = new Float64Array(agg.length)
  agg.forEach((a, k) => {
    const s = states.get(a.sku)
    margins[k] = s ? a.sold * Math.max(0, s.unit_price - s.unit_cost) : 0
  })
  const abc = classifyAbc(margins, cfg.abc)
  const today = block.start_date

  return agg.map((a, k) => {
    const s: SkuState = states.get(a.sku) ?? defaultState(a.sku)
    const abcClass = ABC_CODES[abc[k]]
    const xyzClass = classifyXyz(coefficientOfVariation(a.d, a.sd_d), cfg.xyz)
    const service_level = serviceTargetFor(abcClass, xyzClass, cfg)
    const position = s.on_hand + s.on_order - s.reserved
    const policy = computePolicy({
      d: a.d, sd_d: a.sd_d, lead_time_days: s.lead_time_days, sd_lead_time_days: s.sd_lead_time_days, service_level,
      review_period_days: REVIEW_PERIOD_DAYS, position, case_pack: s.case_pack, moq: s.moq, model: a.model,
    })
    const risk = assessRisk({
      d: a.d, sd_d: a.sd_d, lead_time_days: s.lead_time_days, sd_lead_time_days: s.sd_lead_time_days, position,
      on_hand: s.on_hand, unit_margin: Math.max(0, s.unit_price - s.unit_cost), forecast: a.path, receipts: s.receipts,
      start_date: today, model: a.model,
    })
    return {
      sku: a.sku, category: s.category, supplier: s.supplier, model: a.model, model_version: a.version,
      d: a.d, sd_d: a.sd_d, lead_time_days: s.lead_time_days, sd_lead_time_days: s.sd_lead_time_days, lead_time_source: s.lead_time_source,
      service_level, z: policy.z, abc: abcClass, xyz: xyzClass,
      safety_stock: policy.safety_stock, reorder_point: policy.reorder_point, order_up_to: policy.order_up_to,
      recommended_order_qty: policy.recommended_order_qty, case_pack: s.case_pack, moq: s.moq,
      on_hand: s.on_hand, on_order: s.on_order, reserved: s.reserved, position,
      unit_price: s.unit_price, unit_cost: s.unit_cost,
      stockout_probability: risk.stockout_probability, days_of_cover: finiteOr(risk.days_of_cover, 9999),
      projected_stockout_date: risk.projected_stockout_date, expected_lost_margin: risk.expected_lost_margin,
      sold_28d: a.sold, est_lost_28d: a.lost,
      markdown_exposure: markdownExposure(s, a.path, today),
    }
  })
}

/**
 * DESIGN.md: for SKU-locations past their sell-by window, projected units left at season end
 * (on hand + on order - forecast demand to season end) x (current price - expected clearance price).
 */
export function markdownExposure(s: Pick<SkuState, 'season_end' | 'on_hand' | 'on_order' | 'unit_price'>, path: Float64Array, today: string): number {
  if (!s.season_end) return 0
  const daysLeft = Math.round((Date.parse(s.season_end) - Date.parse(today)) / 86_400_000)
  if (daysLeft > SELL_BY_WINDOW_DAYS) return 0
  let demandToEnd = 0
  for (let h = 0; h < Math.max(0, daysLeft); h++) demandToEnd += h < path.length ? path[h] : path[path.length - 1] ?? 0
  const left = Math.max(0, s.on_hand + s.on_order - demandToEnd)
  return left * s.unit_price * (1 - CLEARANCE_PRICE_SHARE)
}

function defaultState(sku: string): SkuState {
  return { sku, category: '', supplier: '', unit_price: 0, unit_cost: 0, case_pack: 1, moq: 1, season_end: null, on_hand: 0, reserved: 0, on_order: 0, receipts: [], lead_time_days: 7, sd_lead_time_days: 2, lead_time_source: 'supplier' }
}

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback)

function mean(a: Float64Array, from: number, to: number): number {
  let s = 0
  for (let i = from; i < to; i++) s += a[i]
  return to > from ? s / (to - from) : 0
}

/**
 * The incremental path: stock moved for a planned sku, so its position, order recommendation
 * and risk change; d, sd_d, lead time and service level stay as the last recompute set them.
 */
export function refreshPlan(prev: SkuPlan, stock: { on_hand: number; reserved: number; on_order: number; receipts: { date: string; qty: number }[] }, path: Float64Array, today: string): SkuPlan {
  const position = stock.on_hand + stock.on_order - stock.reserved
  const policy = computePolicy({
    d: prev.d, sd_d: prev.sd_d, lead_time_days: prev.lead_time_days, sd_lead_time_days: prev.sd_lead_time_days,
    service_level: prev.service_level, review_period_days: REVIEW_PERIOD_DAYS, position, case_pack: prev.case_pack, moq: prev.moq, model: prev.model,
  })
  const risk = assessRisk({
    d: prev.d, sd_d: prev.sd_d, lead_time_days: prev.lead_time_days, sd_lead_time_days: prev.sd_lead_time_days, position,
    on_hand: stock.on_hand, unit_margin: Math.max(0, prev.unit_price - prev.unit_cost), forecast: path, receipts: stock.receipts, start_date: today, model: prev.model,
  })
  return {
    ...prev,
    on_hand: stock.on_hand, reserved: stock.reserved, on_order: stock.on_order, position,
    recommended_order_qty: policy.recommended_order_qty,
    stockout_probability: risk.stockout_probability,
    days_of_cover: finiteOr(risk.days_of_cover, 9999),
    projected_stockout_date: risk.projected_stockout_date,
    expected_lost_margin: risk.expected_lost_margin,
    markdown_exposure: prev.markdown_exposure > 0 || prev.season_end ? markdownExposure({ season_end: prev.season_end ?? null, on_hand: stock.on_hand, on_order: stock.on_order, unit_price: prev.unit_price }, path, today) : 0,
  }
}
