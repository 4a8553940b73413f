/**
 * Simulator configuration: scale, demand, anomalies, event volume. Every field has a default;
 * callers pass a partial (`SimOptions`) and get a complete `SimConfig` from `resolveConfig`.
 */
import type { Channel } from './types'
import { parseDate } from './time'

export interface ScaleConfig {
  regions: number
  dcs: number
  stores: number
  darkStores: number
  /** ecom_node locations selling on channel ecommerce. */
  webShops: number
  /** ecom_node locations selling on channel marketplace. */
  marketplaces: number
  skus: number
  categories: number
  suppliers: number
  /** Loyalty customers over the whole run (some exist at the start, the rest join later). */
  customers: number
}

export interface DemandConfig {
  /** Day-of-week multipliers, Monday first; normalised to mean 1 per channel. */
  weekly: Record<Channel, number[]>
  /** Scales every category's yearly seasonality amplitude (0 turns yearly seasonality off). */
  yearlyAmplitude: number
  /** Scales the year-end holiday peak (0 turns it off). */
  holidayPeak: number
  /** Standard deviation of the per-SKU yearly trend (0.1 = +-10 % per year). */
  trendSd: number
  /** Shares of fast, slow and intermittent movers (normalised). */
  moverMix: { fast: number; slow: number; intermittent: number }
  /** Multiplies every base rate. */
  volume: number
  /** Share of SKUs in seasonal categories that have a season (and a season_end). */
  seasonalShare: number
  /** Strength of the weather effect (0 turns it off). */
  weatherEffect: number
  /** Local events per store per year. */
  localEventsPerStoreYear: number
}

export interface PromotionConfig {
  /** Promotions starting per week (Poisson mean). */
  perWeek: number
  /** Post-promotion dip: demand drop right after a promotion of 30 % off (scales with depth). */
  dipDepth: number
  dipDays: number
  /**
   * Days before its start that a promotion is announced (its `promotion` event). Retailers settle
   * their promotion plan weeks ahead so that the promoted stock can be ordered a supplier's lead
   * time before it is needed; announced a day before, no forecast could know a promotion in its
   * horizon and no order could arrive for it (bench:forecast measured the recompute's bias on
   * days of promotions announced after the origin at -41 % to -44 %).
   */
  announceDays: number
  /** Demand lost by the other SKUs of the category at a promoted location, for 30 % off. */
  cannibalisation: number
}

export interface AnomalyConfig {
  /** Phantom inventory injections per carried SKU-location per year. */
  phantomPerPairYear: number
  /** Shrink spikes per carried SKU-location per year. */
  shrinkSpikesPerPairYear: number
  /** Demand shocks (spikes and drops) per year, whole network. */
  demandShocksPerYear: number
  /** Supplier disruption windows (POs ordered inside arrive late) per supplier per year. */
  supplierDelaysPerSupplierYear: number
}

export interface InventoryConfig {
  /** Probability per carried SKU-location-day of a routine shrink write-off. */
  shrinkDailyProb: number
  /** Share of web sale lines shipped from a store (ship-from-store). */
  shipFromStoreShare: number
  /** Days of nominal demand on hand at the start, stores and DCs. */
  openingCoverDays: { store: number; dc: number }
}

export interface CustomerConfig {
  /** Share of sale lines that carry a loyalty customer id, per channel (marketplace: order id only). */
  identifiedShare: Record<Channel, number>
}

export interface EventConfig {
  /** 'daily': one snapshot per carried SKU-location per day; 'changed': only where on hand changed, plus all on Sundays. */
  snapshots: 'daily' | 'changed'
  /** At most this many sale lines per SKU-location-day; anonymous lines beyond are merged (POS batch). */
  maxSaleLinesPerPairDay: number
}

export interface SimConfig {
  seed: number
  /** Day 0, YYYY-MM-DD (UTC). Events before "now" only pass ingest validation, so backfills start in the past. */
  start: string
  /** Prefix of every event id (and PO, transfer and order ids). Default `sim-<seed>`; give each policy run its own. */
  idPrefix: string
  scale: ScaleConfig
  demand: DemandConfig
  promotions: PromotionConfig
  anomalies: AnomalyConfig
  inventory: InventoryConfig
  customers: CustomerConfig
  events: EventConfig
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends number[] ? number[] : T[K] extends object ? DeepPartial<T[K]> : T[K] }
export type SimOptions = DeepPartial<SimConfig>

export const MAX_LOCATIONS = 50
export const MAX_SKUS = 10_000

export function defaultConfig(seed = 42): SimConfig {
  return {
    seed,
    start: '2025-01-01',
    idPrefix: `sim-${seed}`,
    scale: {
      regions: 2,
      dcs: 1,
      stores: 12,
      darkStores: 1,
      webShops: 1,
      marketplaces: 1,
      skus: 500,
      categories: 10,
      suppliers: 8,
      customers: 8000,
    },
    demand: {
      weekly: {
        store: [0.85, 0.82, 0.88, 0.95, 1.12, 1.38, 1.0],
        dark_store: [0.95, 0.92, 0.95, 1.0, 1.1, 1.08, 1.0],
        ecommerce: [1.1, 1.02, 0.98, 0.95, 0.9, 0.93, 1.12],
        marketplace: [1.05, 1.0, 0.98, 0.97, 0.95, 1.0, 1.05],
      },
      yearlyAmplitude: 1,
      holidayPeak: 1,
      trendSd: 0.12,
      moverMix: { fast: 0.15, slow: 0.5, intermittent: 0.35 },
      volume: 1,
      seasonalShare: 0.5,
      weatherEffect: 1,
      localEventsPerStoreYear: 8,
    },
    promotions: { perWeek: 3, dipDepth: 0.3, dipDays: 10, cannibalisation: 0.15, announceDays: 28 },
    anomalies: {
      phantomPerPairYear: 0.15,
      shrinkSpikesPerPairYear: 0.03,
      demandShocksPerYear: 24,
      supplierDelaysPerSupplierYear: 2,
    },
    inventory: { shrinkDailyProb: 0.004, shipFromStoreShare: 0.12, openingCoverDays: { store: 8, dc: 24 } },
    customers: { identifiedShare: { store: 0.3, dark_store: 0.9, ecommerce: 1, marketplace: 0 } },
    events: { snapshots: 'daily', maxSaleLinesPerPairDay: 12 },
  }
}

function merge<T>(base: T, over: unknown): T {
  if (over === undefined || over === null) return base
  if (Array.isArray(base) || typeof base !== 'object' || base === null) return over as T
  const out = { ...(base as Record<string, unknown>) }
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    if (v === undefined) continue
    if (!(k in out)) throw new RangeError(`unknown simulator option: ${k}`)
    out[k] = merge(out[k], v)
  }
  return out as T
}

const nonNegInt = (v: number, name: string, max = Infinity) => {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${name} must be an integer in 0..${max}, got ${v}`)
}

/** Fill in defaults and check the scale limits (at most 50 locations and 10,000 SKUs). */
export function resolveConfig(options: SimOptions = {}): SimConfig {
  const seed = options.seed ?? 42
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  const cfg = merge(defaultConfig(seed), options)
  if (options.idPrefix === undefined) cfg.idPrefix = `sim-${seed}`
  if (!/^[\x21-\x7e]{1,60}$/.test(cfg.idPrefix)) throw new RangeError('idPrefix must be 1-60 printable ASCII characters')
  parseDate(cfg.start)
  const s = cfg.scale
  nonNegInt(s.regions, 'scale.regions')
  nonNegInt(s.dcs, 'scale.dcs')
  nonNegInt(s.stores, 'scale.stores')
  nonNegInt(s.darkStores, 'scale.darkStores')
  nonNegInt(s.webShops, 'scale.webShops')
  nonNegInt(s.marketplaces, 'scale.marketplaces')
  nonNegInt(s.skus, 'scale.skus', MAX_SKUS)
  nonNegInt(s.categories, 'scale.categories')
  nonNegInt(s.suppliers, 'scale.suppliers')
  nonNegInt(s.customers, 'scale.customers', 10_000_000)
  if (s.regions < 1 || s.dcs < 1 || s.skus < 1 || s.categories < 1 || s.suppliers < 1) {
    throw new RangeError('need at least one region, DC, SKU, category and supplier')
  }
  if (s.categories > s.skus) throw new RangeError('more categories than SKUs')
  const locations = s.dcs + s.stores + s.darkStores + s.webShops + s.marketplaces
  if (locations > MAX_LOCATIONS) throw new RangeError(`at most ${MAX_LOCATIONS} locations, got ${locations}`)
  if (locations - s.dcs < 1) throw new RangeError('need at least one selling location')
  for (const [ch, w] of Object.entries(cfg.demand.weekly)) {
    if (w.length !== 7 || w.some((x) => !(x >= 0))) throw new RangeError(`demand.weekly.${ch} needs 7 non-negative numbers`)
  }
  if (!(cfg.events.maxSaleLinesPerPairDay >= 1)) throw new RangeError('events.maxSaleLinesPerPairDay must be at least 1')
  return cfg
}
