/**
 * The replenishment policy interface the simulator serves its demand with, and the baseline
 * static min-max policy. StockPulse's own policy plugs in through the same interface, so both run
 * on the same demand draws and their outcomes can be compared.
 *
 * A policy sees only what the retailer's systems would see: system on hand (not physical), open
 * orders, transfers in transit, recent outflow, master data and the planner's nominal rate. It
 * never sees the ground truth.
 */
import type { World } from './world'
import type { LocationInfo, ProductInfo } from './types'

/** The state of one SKU at one location after the day's sales. The object is reused: read it, do not keep it. */
export interface PolicyState {
  day: number
  date: string
  /** Monday = 0 ... Sunday = 6. */
  dow: number
  sku: number
  location: number
  product: ProductInfo
  site: LocationInfo
  /** System on hand (what the books say; the shelf may hold less). */
  onHand: number
  /** Units on open purchase orders to this location. */
  onOrder: number
  /** Units on transfers to this location not yet arrived. */
  inTransit: number
  /** onHand + onOrder + inTransit. */
  position: number
  /**
   * Units that left since this pair's previous evening run: sales fulfilled here (incl. ship-from-store
   * and web orders falling back to the DC), transfers out; for a DC, including the transfers it just
   * shipped this evening to the locations evaluated before it.
   */
  outflowToday: number
  /** Exponentially weighted daily outflow (about two weeks of memory). */
  avgDailyOutflow: number
  /** The planner's static estimate of in-season daily demand (a DC: the sum over the locations it serves). */
  nominalDailyRate: number
  /** Nominal days from ordering to arrival: supplier lead time (DC) or transit from the parent DC (others). */
  leadTimeDays: number
  /** How this pair is normally replenished. */
  replenishedBy: 'supplier' | 'transfer'
  /** Index of the parent DC, -1 for a DC. */
  parent: number
  /** Index of the SKU's supplier. */
  supplier: number
  /** Today's shelf price (regular, after any markdown). */
  price: number
}

export type PolicyAction =
  /** A purchase order to this location (supplier defaults to the SKU's own). */
  | { kind: 'order'; qty: number; supplier?: number }
  /** Move units from another location (index) to this one; ships what the source physically has. */
  | { kind: 'transfer'; from: number; qty: number }

/** Read-only arrays over all pairs (index location * skus + sku), for policies that plan in bulk. */
export interface InventoryView {
  onHand: ArrayLike<number>
  onOrder: ArrayLike<number>
  inTransit: ArrayLike<number>
  avgDailyOutflow: ArrayLike<number>
}

export interface PolicyDayContext {
  day: number
  date: string
  world: World
  inventory: InventoryView
}

export interface Policy {
  readonly name: string
  /** Called once a day before any `decide`, e.g. to refresh forecasts in bulk. */
  beginDay?(ctx: PolicyDayContext): void
  /** Called for every carried pair each evening: selling locations first, then DCs. */
  decide(state: Readonly<PolicyState>): PolicyAction | readonly PolicyAction[] | null | undefined | void
}

export interface MinMaxOptions {
  /** Store-like locations: min and max in days of nominal demand. */
  storeMinDays: number
  storeMaxDays: number
  /** DCs: safety days on top of the lead time, and days of demand one order covers. */
  dcSafetyDays: number
  dcCycleDays: number
}

export const DEFAULT_MIN_MAX: MinMaxOptions = { storeMinDays: 4, storeMaxDays: 10, dcSafetyDays: 7, dcCycleDays: 14 }

/** Round an order up to whole case packs and at least the MOQ. */
export function roundToPack(qty: number, casePack: number, moq: number): number {
  const pack = Math.max(1, casePack)
  return Math.max(Math.ceil(Math.max(0, qty) / pack) * pack, Math.ceil(moq / pack) * pack)
}

/** Static min and max for a pair under the baseline policy. */
export function minMaxLevels(s: Readonly<PolicyState>, o: MinMaxOptions = DEFAULT_MIN_MAX): { min: number; max: number } {
  const r = s.nominalDailyRate
  if (s.replenishedBy === 'supplier') {
    const min = Math.ceil(r * (s.leadTimeDays + o.dcSafetyDays))
    return { min, max: min + Math.max(1, Math.ceil(r * o.dcCycleDays)) }
  }
  const min = Math.max(1, Math.ceil(r * o.storeMinDays))
  return { min, max: Math.max(min + 1, Math.ceil(r * o.storeMaxDays)) }
}

/**
 * Baseline static min-max: when the inventory position is at or below min, bring it up to max.
 * DCs order from the supplier (rounded to case packs and MOQ); every other location asks its
 * parent DC for a transfer. Levels come from the planner's nominal rate and never adapt.
 */
export function minMaxPolicy(options: Partial<MinMaxOptions> = {}): Policy {
  const o = { ...DEFAULT_MIN_MAX, ...options }
  return {
    name: 'baseline-min-max',
    decide(s) {
      const { min, max } = minMaxLevels(s, o)
      if (s.position > min) return null
      if (s.replenishedBy === 'supplier') return { kind: 'order', qty: roundToPack(max - s.position, s.product.casePack, s.product.moq) }
      return { kind: 'transfer', from: s.parent, qty: max - s.position }
    },
  }
}

/** A policy that never replenishes: a floor for comparisons and tests. */
export const noReplenishment: Policy = { name: 'none', decide: () => null }
