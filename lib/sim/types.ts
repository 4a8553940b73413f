/** Shared simulator types: the world (master data) and the ground truth. */
import type { CHANNELS, LOCATION_KINDS } from '../events/schema'

export type Channel = (typeof CHANNELS)[number]
export type LocationKind = (typeof LOCATION_KINDS)[number]
export type Mover = 'fast' | 'slow' | 'intermittent'

export const CHANNEL_LIST: readonly Channel[] = ['store', 'ecommerce', 'marketplace', 'dark_store']

export interface LocationInfo {
  index: number
  id: string
  name: string
  kind: LocationKind
  /** Channel it sells on; null for a DC. */
  channel: Channel | null
  region: string
  /** Index of the DC that replenishes it; -1 for a DC. */
  parent: number
  /** Demand size factor (1 = an average store). */
  size: number
}

export interface SupplierInfo {
  index: number
  id: string
  name: string
  /** Mean and standard deviation of the lead time in days. */
  leadMean: number
  leadSd: number
  /** Share of an order delivered (short shipments happen with probability 1 - fillProb). */
  fillProb: number
}

export interface CategoryInfo {
  index: number
  name: string
  department: string
  /** Yearly seasonality: amplitude of the annual cosine and its peak day of year. */
  seasonAmp: number
  seasonPeakDoy: number
  /** Extra demand at the year-end holiday peak (0.2 = +20 % at the top). */
  holiday: number
  /** Demand change per 10 degrees C above normal (log scale). */
  weatherSens: number
  /** Share of units returned, store channel (web is higher). */
  returnRate: number
  /** Season window for seasonal SKUs (day of year, inclusive), or null if the category has none. */
  season: { startDoy: number; endDoy: number } | null
  /** Shopping mission: categories with the same mission land in the same baskets. */
  mission: number
}

export interface ProductInfo {
  index: number
  id: string
  name: string
  category: number
  brand: string
  supplier: number
  /** Regular price at day 0 and unit cost. */
  price: number
  unitCost: number
  casePack: number
  moq: number
  mover: Mover
  /** Mean units per day at a size-1 store, before seasonality and events. */
  baseRate: number
  /** Gamma-Poisson shape (fast and slow movers). */
  dispersion: number
  /** Mean units when an intermittent SKU sells at all. */
  lumpSize: number
  /** Price elasticity (positive number: demand x (price ratio)^-elasticity). */
  elasticity: number
  /** Log growth per year. */
  trend: number
  seasonal: boolean
}

export type AnomalyKind = 'phantom_inventory' | 'shrink_spike' | 'demand_shock' | 'supplier_delay' | 'po_delay'

/** System on hand above physical: the shelf is emptier than the books say, until a count fixes it. */
export interface PhantomInventoryAnomaly {
  kind: 'phantom_inventory'
  day: number
  date: string
  sku: string
  location: string
  /** Units by which system on hand exceeds physical right after the injection. */
  magnitude: number
  mechanism: 'unrecorded_loss' | 'phantom_receipt'
  /** Day a cycle count corrects it (an inventory_movement of kind count). */
  correctedOnDay: number
}

/** Recorded shrink far above normal for a while (theft, damage). */
export interface ShrinkSpikeAnomaly {
  kind: 'shrink_spike'
  day: number
  date: string
  sku: string
  location: string
  startDay: number
  endDay: number
  /** Extra units written off per day while it lasts. */
  unitsPerDay: number
}

/** True demand multiplied for a while (multiplier > 1 spike, < 1 drop). */
export interface DemandShockAnomaly {
  kind: 'demand_shock'
  day: number
  date: string
  skus: string[]
  locations: string[]
  startDay: number
  endDay: number
  multiplier: number
}

/** A supplier disruption: POs ordered inside the window arrive extraDays late. */
export interface SupplierDelayAnomaly {
  kind: 'supplier_delay'
  day: number
  date: string
  supplier: string
  startDay: number
  endDay: number
  extraDays: number
}

/** One PO hit by a supplier disruption. */
export interface PoDelayAnomaly {
  kind: 'po_delay'
  day: number
  date: string
  supplier: string
  poId: string
  sku: string
  location: string
  promisedDay: number
  arrivalDay: number
  extraDays: number
}

export type Anomaly = PhantomInventoryAnomaly | ShrinkSpikeAnomaly | DemandShockAnomaly | SupplierDelayAnomaly | PoDelayAnomaly

/**
 * What really happened on one day, kept apart from the event stream. Arrays are indexed by
 * pair = location * skuCount + sku (see `World.pair`).
 */
export interface GroundTruth {
  day: number
  date: string
  /** True unconstrained demand in units (0 where the location does not carry the SKU). Policy-independent. */
  demand: Uint32Array
  /** Mean of the demand distribution the draw came from. Policy-independent. */
  expected: Float32Array
  /** Units of that demand served (censored by physical stock). Depends on the policy. */
  sold: Uint32Array
  /** Physical on hand at the end of the day (the snapshot shows the system figure). Depends on the policy. */
  physicalOnHand: Int32Array
  /**
   * The books' on hand at the end of the day: what an end-of-day snapshot states, and what the
   * events (latest snapshot or count, plus stock changes and sales stamped after it) add up to.
   * Above physicalOnHand while an injected phantom lasts. Depends on the policy.
   */
  bookOnHand: Int32Array
  /**
   * Shelf price of the day at each selling pair (regular less any markdown and promotion, what its
   * sales were rung up at; 0 where not carried). Set by the simulation; optional for hand-made truths.
   */
  shelfPrice?: Float64Array
  /** Regular price of the day per SKU (index = sku), before markdowns and promotions. */
  regularPrice?: Float64Array
  /** Anomalies injected (or starting) this day. */
  anomalies: Anomaly[]
  /** Loyalty customers who churned this day (they buy no more). */
  churnedCustomers: string[]
}
