/**
 * The second half of the planning computation for one location (compute.ts forecasts): per sku,
 * the channels' forecasts summed, ABC by margin and XYZ by variability, the service level they set,
 * the inventory policy (DESIGN.md: SS, ROP, order-up-to), the stockout risk, and the markdown
 * exposure of seasonal items; and the incremental path that refreshes a plan when stock moves.
 * Pure (no I/O), like compute.ts.
 */
import { MODEL_VERSION } from '@/lib/forecast/version'
import type { NewItemPrior } from '@/lib/forecast/new-item'
import { computePolicy, orderSpanRate } from '@/lib/policy/policy'
import { assessRisk } from '@/lib/policy/risk'
import { classifyAbc, classifyXyz, coefficientOfVariation, perCycleServiceLevel, serviceTargetFor, ABC_CODES, DEFAULT_SEGMENT_POLICY, type SegmentPolicyConfig } from '@/lib/policy/service-targets'
import { HORIZON_DAYS, priorsByCategory, type SeriesBlock, type SeriesForecast, type SkuPlan, type SkuState } from './compute'
import { abcOfCode, pathNetOfStock } from './downstream'
import { REVIEW_INTERVAL_DAYS, orderSpanDays, reviewPeriodFor } from './review'

/** Sell-by window before season end, and the clearance price as a share of the current price. */
export const SELL_BY_WINDOW_DAYS = 28
export const CLEARANCE_PRICE_SHARE = 0.5

/**
 * Units sold and estimated units lost over the last 28 days: on a censored (stockout) day, what the
 * forecast level expected beyond what still sold that day.
 */
export function recentSales(block: SeriesBlock, i: number, level: number): { sold: number; lost: number } {
  const H = block.history_days
  let sold = 0
  let lost = 0
  for (let t = Math.max(0, H - 28); t < H; t++) {
    const y = block.demand[i * H + t]
    sold += y
    if (block.censored[i * H + t]) lost += Math.max(0, level - y)
  }
  return { sold, lost }
}

/**
 * Policies and risk per sku at one location: channels summed (paths add, variances add), ABC by
 * margin over the last 28 days within the location, XYZ by the coefficient of variation of the
 * 28-day mean. The plan's d is time-phased: the summed path's mean over the L + r + R days an order
 * placed tonight must cover (orderSpanRate), so a promotion inside them raises the reorder point. A DC's
 * block carries its children's demand (block.downstream, downstream.ts): it adds to the DC's own,
 * and the DC takes the highest service level and best ABC class among its children.
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
  const ds = block.downstream
  const dsIndex = new Map(ds?.skus.map((sku, k) => [sku, k]))
  for (const sku of dsIndex.keys()) if (!bySku.has(sku)) bySku.set(sku, { idx: [] })
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
    const k = dsIndex.get(sku)
    const prior = idx.length === 0 && k === undefined ? priorFor(states.get(sku)) : undefined
    if (ds && k !== undefined) {
      d += ds.d[k]
      varD += ds.var_d[k]
      for (let h = 0; h < HORIZON_DAYS && h < ds.horizon; h++) path[h] += ds.path[k * ds.horizon + h]
      if (idx.length === 0) {
        model = DOWNSTREAM_MODEL
        version = MODEL_VERSION
      }
    }
    if (prior) {
      // Poisson: the variance of a daily count is its mean (new-item.ts).
      d = prior.mean_daily
      varD = prior.var_daily ?? prior.mean_daily
      path.fill(d)
      model = 'new_item_prior'
      version = MODEL_VERSION
    }
    // The children's class, weekly service target and stock, for the DC's segment and exposure below.
    const down = ds && k !== undefined ? { abc: ds.abc[k], service_level: ds.service_level[k], stock: ds.stock[k] } : null
    return { sku, d, sd_d: Math.sqrt(varD), sold, lost, path, model, version, down }
  })

  const margins = new Float64Array(agg.length)
  agg.forEach((a, k) => {
    const s = states.get(a.sku)
    margins[k] = s ? a.sold * Math.max(0, s.unit_price - s.unit_cost) : 0
  })
  const abc = classifyAbc(margins, cfg.abc)
  const today = block.business_day ?? block.start_date

  return agg.map((a, k) => {
    const s: SkuState = states.get(a.sku) ?? defaultState(a.sku)
    const { down } = a
    const abcClass = down ? abcOfCode(Math.min(abc[k], down.abc)) : ABC_CODES[abc[k]]
    // XYZ reads the month's variability (a promotion coming should not change an item's class);
    // the policy and the risk read the rate of the days an order placed tonight must cover.
    const xyzClass = classifyXyz(coefficientOfVariation(a.d, a.sd_d), cfg.xyz)
    const review = reviewPeriodFor(s.lead_time_source)
    const d = orderSpanRate(a.path, orderSpanDays(s.lead_time_days, s.lead_time_source))
    const target = Math.max(serviceTargetFor(abcClass, xyzClass, cfg), down?.service_level ?? 0)
    const service_level = perCycleServiceLevel(target, review)
    const position = s.on_hand + s.on_order - s.reserved
    const policy = computePolicy({
      d, sd_d: a.sd_d, lead_time_days: s.lead_time_days, sd_lead_time_days: s.sd_lead_time_days, service_level,
      review_period_days: review, review_interval_days: REVIEW_INTERVAL_DAYS, count_demand: true, position, case_pack: s.case_pack, moq: s.moq, model: a.model,
    })
    const risk = assessRisk({
      d, sd_d: a.sd_d, lead_time_days: s.lead_time_days, sd_lead_time_days: s.sd_lead_time_days, position,
      on_hand: s.on_hand, unit_margin: Math.max(0, s.unit_price - s.unit_cost), forecast: a.path, receipts: s.receipts,
      start_date: today, model: a.model,
    })
    return {
      sku: a.sku, category: s.category, supplier: s.supplier, model: a.model, model_version: a.version,
      d, sd_d: a.sd_d, lead_time_days: s.lead_time_days, sd_lead_time_days: s.sd_lead_time_days, lead_time_source: s.lead_time_source,
      service_level, z: policy.z, abc: abcClass, xyz: xyzClass,
      safety_stock: policy.safety_stock, reorder_point: policy.reorder_point, order_up_to: policy.order_up_to,
      recommended_order_qty: policy.recommended_order_qty, case_pack: s.case_pack, moq: s.moq,
      on_hand: s.on_hand, on_order: s.on_order, reserved: s.reserved, position,
      unit_price: s.unit_price, unit_cost: s.unit_cost,
      stockout_probability: risk.stockout_probability, days_of_cover: finiteOr(risk.days_of_cover, 9999),
      projected_stockout_date: risk.projected_stockout_date, expected_lost_margin: risk.expected_lost_margin,
      sold_28d: a.sold, est_lost_28d: a.lost,
      markdown_exposure: markdownExposure(s, down ? pathNetOfStock(a.path, down.stock) : a.path, today),
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

/** The model named on a DC's plan whose demand is all its children's (downstream.ts). */
export const DOWNSTREAM_MODEL = 'downstream_sum'

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback)

/**
 * The incremental path: stock moved for a planned sku, so its position, order recommendation
 * and risk change; d, sd_d, lead time and service level stay as the last recompute set them.
 */
export function refreshPlan(prev: SkuPlan, stock: { on_hand: number; reserved: number; on_order: number; receipts: { date: string; qty: number }[] }, path: Float64Array, today: string): SkuPlan {
  const position = stock.on_hand + stock.on_order - stock.reserved
  const policy = computePolicy({
    d: prev.d, sd_d: prev.sd_d, lead_time_days: prev.lead_time_days, sd_lead_time_days: prev.sd_lead_time_days,
    service_level: prev.service_level, review_period_days: reviewPeriodFor(prev.lead_time_source), review_interval_days: REVIEW_INTERVAL_DAYS, count_demand: true, position, case_pack: prev.case_pack, moq: prev.moq, model: prev.model,
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
