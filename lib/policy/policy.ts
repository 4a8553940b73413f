/**
 * Inventory policy per SKU x location, as DESIGN.md ("The numbers the product stands behind")
 * defines it: inventory position, safety stock, reorder point, order-up-to level and the
 * recommended order quantity rounded to case packs and MOQ. Pure functions, no I/O.
 *
 * Notation (all daily units): d = mean daily demand, sd_d = its standard deviation (from the
 * forecast's residuals), L = lead time mean in days, sd_L = lead time deviation in days (from PO
 * receipts, see lead-time.ts), z = Phi^-1(target cycle service level).
 */
import { serviceLevelToZ } from './normal'
import { COUNT_QUANTILE_MAX_MEAN, countQuantile } from './count-demand'

/** Whether count demand over a protection interval of `protection` days is small enough for the
 * count quantile (PolicyInput.count_demand): d x protection <= COUNT_QUANTILE_MAX_MEAN. */
export function readsCountQuantile(d: number, protection: number): boolean {
  return Math.max(0, d) * Math.max(0, protection) <= COUNT_QUANTILE_MAX_MEAN
}

export interface PositionInput {
  on_hand: number
  /** Open POs and inbound transfers not yet received. */
  on_order: number
  /** Units promised to customers and not yet shipped. */
  reserved?: number
  /** Demand already owed (backordered). */
  backorders?: number
}

/** Inventory position = on hand + on order - reserved - backorders. */
export function inventoryPosition(p: PositionInput): number {
  return p.on_hand + p.on_order - (p.reserved ?? 0) - (p.backorders ?? 0)
}

/**
 * Standard deviation of demand over the lead time, with both demand and lead time random:
 * sigma_LT = sqrt(L * sd_d^2 + d^2 * sd_L^2). Negative inputs are treated as 0.
 */
export function leadTimeDemandSd(d: number, sd_d: number, L: number, sd_L: number): number {
  const dd = Math.max(0, d)
  const sdd = Math.max(0, sd_d)
  const l = Math.max(0, L)
  const sdl = Math.max(0, sd_L)
  return Math.sqrt(l * sdd * sdd + dd * dd * sdl * sdl)
}

/** SS = z * sqrt(L * sd_d^2 + d^2 * sd_L^2). A service level below 50% gives z < 0; SS is floored at 0. */
export function safetyStock(z: number, d: number, sd_d: number, L: number, sd_L: number): number {
  return Math.max(0, z * leadTimeDemandSd(d, sd_d, L, sd_L))
}

/** ROP = d * L + SS. */
export function reorderPoint(d: number, L: number, ss: number): number {
  return Math.max(0, d) * Math.max(0, L) + ss
}

/** Order-up-to level S = ROP + d * R, with R the review period in days (0 = continuous review). */
export function orderUpToLevel(rop: number, d: number, review_period_days: number): number {
  return rop + Math.max(0, d) * Math.max(0, review_period_days)
}

/**
 * Recommended order quantity. Order only when position <= ROP; then the raw need is S - position,
 * and the quantity is Q = casePack * ceil(max(S - position, MOQ) / casePack): at least the MOQ and a
 * whole number of case packs (so an MOQ that is not a case multiple is raised to the next one).
 * Returns 0 when position > ROP or when nothing is needed (S - position <= 0).
 * casePack <= 0 is treated as 1 (single units); moq <= 0 as no minimum.
 * Example: S = 100, position = 63, pack 12, MOQ 24: need 37 -> ceil(37/12) = 4 packs = 48.
 */
export function recommendedOrderQuantity(position: number, rop: number, order_up_to: number, case_pack = 1, moq = 0): number {
  if (!(position <= rop)) return 0
  const need = order_up_to - position
  if (!(need > 0)) return 0
  const pack = case_pack > 0 ? case_pack : 1
  const target = Math.max(need, moq > 0 ? moq : 0)
  // The epsilon keeps 36.000000000001 / 12 from becoming 4 packs (and a need of 1e-12 from 1 pack).
  const packs = Math.ceil(target / pack - 1e-9)
  return packs > 0 ? pack * packs : 0
}

/**
 * Mean daily demand over the next `span` days of a forecast path: the rate the policy protects.
 * An order placed tonight must cover the days until the next order can land, L + r + R (lead time,
 * the night until the next run, the review period), so a promotion or a holiday inside that span
 * raises the reorder point and order-up-to level while one three weeks out does not (a 28-day mean
 * spreads a Black Friday week over the month: stock raised early, short during). A fractional span
 * counts its last day in part; days beyond the path's end run at the mean of its last 7 days (the
 * forecast's own weekly shape, the nearest it says about them). An empty path or a span <= 0: the
 * first day's rate, or 0.
 * Example: path [2, 4, 6], span 2.5: (2 + 4 + 0.5 x 6) / 2.5 = 3.6.
 */
export function orderSpanRate(path: ArrayLike<number>, span: number): number {
  const n = path.length
  if (n === 0) return 0
  if (!(span > 0)) return Math.max(0, path[0])
  const tailDays = Math.min(7, n)
  let tail = 0
  for (let h = n - tailDays; h < n; h++) tail += Math.max(0, path[h])
  tail /= tailDays
  let sum = 0
  const whole = Math.floor(span)
  for (let h = 0; h < whole; h++) sum += h < n ? Math.max(0, path[h]) : tail
  const part = span - whole
  if (part > 0) sum += part * (whole < n ? Math.max(0, path[whole]) : tail)
  return sum / span
}

export interface PolicyInput {
  d: number
  sd_d: number
  lead_time_days: number
  sd_lead_time_days: number
  /** Target cycle service level alpha in (0, 1), e.g. from serviceTargetFor(). */
  service_level: number
  /** Review period R in days (the order-up-to level covers it); 0 = continuous review. */
  review_period_days?: number
  /**
   * Days between two order opportunities r (the nightly replenishment run: 1). An order the run
   * does not place tonight waits until tomorrow night, so the reorder point protects the lead time
   * plus that interval (the periodic-review protection interval L + r): SS = z sqrt((L + r) sd_d^2
   * + d^2 sd_L^2), ROP = d (L + r) + SS. 0 (default) = DESIGN.md's continuous-review formulas.
   */
  review_interval_days?: number
  /**
   * Demand in whole units (a store's or DC's sales, not a continuous quantity). When the protection
   * interval's mean demand d P is at most COUNT_QUANTILE_MAX_MEAN, the reorder point is then the
   * count quantile that meets the service level rather than the normal's d P + z sigma, which falls
   * short of it for a skewed count (count-demand.ts countQuantile): the largest position still
   * short of the quantile k, ROP = max(d P, k - 1), so an order is placed while the position is
   * below k, and SS = ROP - d P. Default false: DESIGN.md's normal formulas.
   */
  count_demand?: boolean
  position: number
  case_pack?: number
  moq?: number
  /** Forecast model behind d and sd_d, e.g. 'ets_damped_additive'. */
  model: string
}

export interface PolicyResult {
  safety_stock: number
  reorder_point: number
  order_up_to: number
  service_level: number
  z: number
  /** sqrt(P sd_d^2 + d^2 sd_L^2), P = L + r. */
  lead_time_demand_sd: number
  /** How the reorder point was set: 'normal' (d P + z sigma) or 'count' (countQuantile). */
  method: 'normal' | 'count'
  should_order: boolean
  recommended_order_qty: number
  inputs: {
    d: number
    sd_d: number
    lead_time_days: number
    sd_lead_time_days: number
    review_period_days: number
    position: number
    case_pack: number
    moq: number
  }
  model: string
}

/**
 * The whole policy for one SKU x location, with every input echoed so the UI can explain it:
 * z = Phi^-1(alpha); with P = L + r (r the review interval, 0 for continuous review),
 * SS = z sqrt(P sd_d^2 + d^2 sd_L^2) (or, for count demand, the count quantile's margin over d P);
 * ROP = d P + SS; S = ROP + d R;
 * Q = recommendedOrderQuantity(position, ROP, S, case pack, MOQ).
 */
export function computePolicy(input: PolicyInput): PolicyResult {
  const review = input.review_period_days ?? 0
  const casePack = input.case_pack ?? 1
  const moq = input.moq ?? 0
  const z = serviceLevelToZ(input.service_level)
  const protection = Math.max(0, input.lead_time_days) + Math.max(0, input.review_interval_days ?? 0)
  const sdLT = leadTimeDemandSd(input.d, input.sd_d, protection, input.sd_lead_time_days)
  const mean = Math.max(0, input.d) * protection
  const method = input.count_demand === true && readsCountQuantile(input.d, protection) ? 'count' : 'normal'
  let ss = Math.max(0, z * sdLT)
  if (method === 'count') ss = Math.max(0, countQuantile(input.service_level, mean, sdLT * sdLT) - 1 - mean)
  const rop = reorderPoint(input.d, protection, ss)
  const s = orderUpToLevel(rop, input.d, review)
  const q = recommendedOrderQuantity(input.position, rop, s, casePack, moq)
  return {
    safety_stock: ss,
    reorder_point: rop,
    order_up_to: s,
    service_level: input.service_level,
    z,
    lead_time_demand_sd: sdLT,
    method,
    should_order: q > 0,
    recommended_order_qty: q,
    inputs: {
      d: input.d,
      sd_d: input.sd_d,
      lead_time_days: input.lead_time_days,
      sd_lead_time_days: input.sd_lead_time_days,
      review_period_days: review,
      position: input.position,
      case_pack: casePack,
      moq,
    },
    model: input.model,
  }
}

/**
 * Newsvendor quantity for a one-off seasonal buy with normal demand N(mu, sigma^2):
 * critical ratio CR = Cu / (Cu + Co), Q* = F^-1(CR) = mu + sigma * Phi^-1(CR).
 * Cu = unit underage cost (lost margin), Co = unit overage cost (cost - salvage). Floored at 0.
 */
export function newsvendorQuantity(mu: number, sigma: number, underage_cost: number, overage_cost: number): number {
  const cr = underage_cost / (underage_cost + overage_cost)
  if (!(cr > 0)) return 0
  if (!(cr < 1)) return Infinity
  return Math.max(0, mu + Math.max(0, sigma) * serviceLevelToZ(cr))
}

