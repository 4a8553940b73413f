/**
 * The demand model: true unconstrained demand per (sku, location, day), kept apart from any
 * inventory policy. Everything here is a function of the seed, the world and the day, never of
 * stock or orders, so the same draws replay under any policy:
 *
 *   mean = base rate x location size x weekday x yearly season x holiday x trend x season window
 *          x markdown x weather x local event x pair factor x (promotion uplift | post-promo dip
 *          | cannibalisation) x demand shock
 *   draw = gamma-Poisson (fast and slow movers) or Bernoulli x lump size (intermittent movers),
 *          from a stream keyed by hash(seed, pair, day).
 *
 * Promotion and shock calendars are generated week by week from keyed streams and cached
 * (demand-calendars.ts); every other factor is computed directly from hashes (prices, weather and
 * local events: demand-signals.ts), so any day can be asked for in any order.
 */
import { Rng, hash } from './random'
import { DAY_MS, SimDay, doyNoLeap } from './time'
import { CHANNEL_LIST } from './types'
import { inSeason } from './world'
import type { World } from './world'
import { PromotionCalendar, ShockCalendar, skusByCategory, type DemandShock, type Promotion } from './demand-calendars'
import { localEventStarting, localUplift, markdownAtDoy, regularPriceOf, weatherAt, type LocalEvent, type Weather } from './demand-signals'

const SALT_DEMAND = 0xd3a1
/** Demand left off-season for a seasonal SKU. */
const OFF_SEASON = 0.03

/**
 * Markdowns ordered from outside the simulation (lib/sim/actions.ts): per SKU, a shelf price from a
 * day on. Stated truth: while it is below the regular price and deeper than any seasonal
 * markdown, the SKU's demand is multiplied by (price / regular price) ^ -elasticity, with the
 * product's full elasticity (ProductInfo.elasticity), and the shelf shows that price.
 */
export class PriceOverrides {
  private readonly bySku = new Map<number, { price: number; fromDay: number }>()
  /** Bumped on every change, so a model's cached day is recomputed. */
  version = 0
  get(sku: number): { price: number; fromDay: number } | undefined {
    return this.bySku.get(sku)
  }
  set(sku: number, price: number, fromDay: number): void {
    this.bySku.set(sku, { price, fromDay })
    this.version++
  }
}

/** The markdown share an ordered price makes of a regular price (the same expression everywhere). */
export const overrideShare = (price: number, regular: number) => (regular > 0 ? 1 - price / regular : 0)

/** One day's demand factors, shared by every pair. Arrays are reused: read them before asking for another day. */
export interface DemandDay {
  day: number
  cal: SimDay
  /** Per SKU: base rate x seasonality x holiday x trend x season window x markdown effect. */
  skuFactor: Float64Array
  /** Per SKU: regular price and markdown share (0, 0.25, 0.5). */
  regularPrice: Float64Array
  markdown: Float64Array
  /** Per location: size x weekday (x holiday closure). */
  locFactor: Float64Array
  /** Per category x location (index category * locations + location): weather x rain x local event. */
  catLocFactor: Float64Array
  /** Per pair: promotion uplift, dip, cannibalisation and shocks (1 when none). */
  pairMult: Float32Array
  /** Per pair: index of the promotion running there today, or -1. */
  promoOf: Int32Array
  /** Promotions running today (not the ones only in their dip). */
  activePromotions: Promotion[]
}

export class DemandModel {
  readonly world: World
  private readonly seed: number
  private readonly nSku: number
  private readonly nLoc: number
  private readonly nCat: number
  private readonly skuCat: Int32Array
  private readonly catSkus: number[][]
  private readonly weekly: Float64Array // channel * 7 + dow
  private readonly regions: string[]
  private readonly promoCalendar: PromotionCalendar
  private readonly shockCalendar: ShockCalendar

  private readonly ctx: DemandDay
  private ctxDay = Number.NaN
  private ctxVersion = 0
  private readonly touched: number[] = []

  /** Markdowns ordered from outside (shared with the simulation's state; see PriceOverrides). */
  readonly overrides: PriceOverrides

  constructor(world: World, overrides: PriceOverrides = new PriceOverrides()) {
    this.world = world
    this.overrides = overrides
    this.seed = world.seed
    this.nSku = world.skuCount
    this.nLoc = world.locationCount
    this.nCat = world.categories.length
    this.skuCat = Int32Array.from(world.products, (p) => p.category)
    this.catSkus = skusByCategory(world)
    this.weekly = new Float64Array(CHANNEL_LIST.length * 7)
    CHANNEL_LIST.forEach((ch, ci) => {
      const w = world.config.demand.weekly[ch]
      const mean = w.reduce((a, b) => a + b, 0) / 7 || 1
      for (let d = 0; d < 7; d++) this.weekly[ci * 7 + d] = w[d] / mean
    })
    this.regions = [...new Set(world.locations.map((l) => l.region))]
    this.promoCalendar = new PromotionCalendar(world, this.catSkus)
    this.shockCalendar = new ShockCalendar(world, this.catSkus)
    this.ctx = {
      day: -1,
      cal: new SimDay(0, world.startMs),
      skuFactor: new Float64Array(this.nSku),
      regularPrice: new Float64Array(this.nSku),
      markdown: new Float64Array(this.nSku),
      locFactor: new Float64Array(this.nLoc),
      catLocFactor: new Float64Array(this.nCat * this.nLoc),
      pairMult: new Float32Array(world.pairCount).fill(1),
      promoOf: new Int32Array(world.pairCount).fill(-1),
      activePromotions: [],
    }
  }

  // ---------------------------------------------------------------- prices

  // ---------------------------------------------------------------- prices, weather, local events (demand-signals.ts)

  /** Regular (shelf) price of a SKU on a day: day-0 price raised at some quarterly reviews. */
  regularPrice(sku: number, day: number): number {
    return regularPriceOf(this.world, sku, day)
  }

  /** Markdown share (0, 0.25 or 0.5) of a seasonal SKU on a day. */
  markdown(sku: number, day: number): number {
    return markdownAtDoy(this.world, sku, doyNoLeap(this.world.startMs + day * DAY_MS))
  }

  /** Weather at a store or dark store (ecom nodes and DCs have none: null). */
  weather(location: number, day: number): Weather | null {
    return weatherAt(this.world, this.regions, location, day)
  }

  /** A local event (concert, match, festival) starting at a store on that day, or null. */
  localEventStarting(location: number, day: number): LocalEvent | null {
    return localEventStarting(this.world, location, day)
  }

  // ---------------------------------------------------------------- promotions and shocks (demand-calendars.ts)

  /** Promotions whose running days overlap [fromDay, toDay]. */
  promotions(fromDay: number, toDay: number): Promotion[] {
    return this.promoCalendar.promotions(fromDay, toDay)
  }

  /** Promotions starting on a day. */
  promotionsStarting(day: number): Promotion[] {
    return this.promoCalendar.promotionsStarting(day)
  }

  /** Shocks active on a day. */
  shocksOn(day: number): DemandShock[] {
    return this.shockCalendar.shocksOn(day)
  }

  /** Shocks starting on a day (what the ground truth records). */
  shocksStarting(day: number): DemandShock[] {
    return this.shockCalendar.shocksStarting(day)
  }

  // ---------------------------------------------------------------- the day's factors

  /** The factors of a day (cached for the most recent day asked). */
  context(day: number): DemandDay {
    if (day === this.ctxDay && this.ctxVersion === this.overrides.version) return this.ctx
    this.ctxVersion = this.overrides.version
    const w = this.world
    const cfg = w.config
    const c = this.ctx
    c.day = day
    c.cal = new SimDay(day, w.startMs)
    const cal = c.cal
    const doy = doyNoLeap(cal.startMs)
    const month = new Date(cal.startMs).getUTCMonth()
    const dom = new Date(cal.startMs).getUTCDate()

    // Holiday shape: ramp to Christmas, Black Friday, Boxing week, January lull.
    let holiday = 0
    if (doy >= 318 && doy <= 357) holiday = (doy - 318) / 39
    if (month === 10 && cal.dow === 4 && dom >= 23 && dom <= 29) holiday += 1.2
    if (month === 11 && dom === 24) holiday = 0.6
    if (month === 11 && dom >= 26) holiday = 0.35
    const january = month === 0 && dom <= 21 ? 0.9 : 1
    const christmasDay = month === 11 && dom === 25

    for (let s = 0; s < this.nSku; s++) {
      const p = w.products[s]
      const cat = w.categories[p.category]
      const amp = cat.seasonAmp * cfg.demand.yearlyAmplitude
      let f = p.baseRate * Math.max(0.1, 1 + amp * Math.cos((2 * Math.PI * (doy - cat.seasonPeakDoy)) / 365))
      f *= 1 + cat.holiday * cfg.demand.holidayPeak * holiday
      f *= january * Math.exp((p.trend * day) / 365)
      let md = markdownAtDoy(w, s, doy)
      const regular = this.regularPrice(s, day)
      const o = this.overrides.get(s)
      const ordered = o && day >= o.fromDay ? overrideShare(o.price, regular) : 0
      if (p.seasonal && cat.season && !inSeason(cat.season, doy)) f *= OFF_SEASON
      if (ordered > md) {
        md = ordered
        f *= Math.pow(1 - md, -p.elasticity)
      } else if (md > 0) f *= Math.pow(1 - md, -0.7 * Math.min(p.elasticity, 2))
      c.markdown[s] = md
      c.skuFactor[s] = f
      c.regularPrice[s] = regular
    }

    for (let l = 0; l < this.nLoc; l++) {
      const loc = w.locations[l]
      if (loc.channel === null) {
        c.locFactor[l] = 0
        for (let k = 0; k < this.nCat; k++) c.catLocFactor[k * this.nLoc + l] = 0
        continue
      }
      const ci = CHANNEL_LIST.indexOf(loc.channel)
      let lf = loc.size * this.weekly[ci * 7 + cal.dow]
      if (christmasDay) lf *= loc.channel === 'store' || loc.channel === 'dark_store' ? 0.02 : 0.5
      c.locFactor[l] = lf
      const wx = this.weather(l, day)
      const local = localUplift(w, l, day)
      for (let k = 0; k < this.nCat; k++) {
        let f = local
        if (wx) {
          f *= Math.exp((w.categories[k].weatherSens * cfg.demand.weatherEffect * wx.anomaly) / 10)
          if (wx.rain) f *= loc.kind === 'store' ? 1 - 0.07 * cfg.demand.weatherEffect : 1 + 0.05 * cfg.demand.weatherEffect
        }
        c.catLocFactor[k * this.nLoc + l] = f
      }
    }

    // Pair multipliers: reset what the previous day touched.
    for (const i of this.touched) {
      c.pairMult[i] = 1
      c.promoOf[i] = -1
    }
    this.touched.length = 0
    const nSku = this.nSku
    const pcfg = cfg.promotions
    c.activePromotions = []
    for (const p of this.promotions(day - pcfg.dipDays, day)) {
      const running = day >= p.start && day <= p.end
      if (running) c.activePromotions.push(p)
      const depth = p.discount / 0.3
      for (const l of p.locations) {
        if (running) {
          for (const s of p.skus) {
            const i = l * nSku + s
            if (!w.carried[i]) continue
            this.touch(i)
            c.pairMult[i] *= Math.pow(1 - p.discount, -w.products[s].elasticity)
            c.promoOf[i] = p.index
          }
          const cannib = Math.max(0.5, 1 - pcfg.cannibalisation * depth)
          for (const s of this.catSkus[p.category]) {
            const i = l * nSku + s
            if (!w.carried[i] || p.skus.includes(s)) continue
            this.touch(i)
            c.pairMult[i] *= cannib
          }
        } else if (day > p.end) {
          const k = day - p.end
          const dip = Math.max(0.3, 1 - pcfg.dipDepth * depth * (1 - (k - 1) / pcfg.dipDays))
          for (const s of p.skus) {
            const i = l * nSku + s
            if (!w.carried[i]) continue
            this.touch(i)
            c.pairMult[i] *= dip
          }
        }
      }
    }
    for (const sh of this.shocksOn(day)) {
      for (const l of sh.locations) {
        for (const s of sh.skus) {
          const i = l * nSku + s
          if (!w.carried[i]) continue
          this.touch(i)
          c.pairMult[i] *= sh.multiplier
        }
      }
    }
    this.ctxDay = day
    return c
  }

  private touch(i: number): void {
    if (this.ctx.pairMult[i] === 1 && this.ctx.promoOf[i] === -1) this.touched.push(i)
  }

  /** Mean demand of a pair given the day's context (0 where not carried). */
  meanOf(c: DemandDay, pair: number): number {
    if (!this.world.carried[pair]) return 0
    const l = (pair / this.nSku) | 0
    const s = pair - l * this.nSku
    return c.skuFactor[s] * c.locFactor[l] * c.catLocFactor[this.skuCat[s] * this.nLoc + l] * this.world.pairFactor[pair] * c.pairMult[pair]
  }

  /**
   * Seed `rng` with the pair-day's own stream and draw its demand. The simulator keeps drawing
   * from the same stream (sale times, basket sizes), so those replay too.
   */
  drawPair(rng: Rng, day: number, pair: number, mean: number): number {
    rng.seed(hash(this.seed, SALT_DEMAND, pair, day))
    if (!(mean > 0)) return 0
    const p = this.world.products[pair % this.nSku]
    if (p.mover === 'intermittent') {
      const prob = mean / p.lumpSize
      if (prob >= 1) return rng.negBinomial(mean, 2)
      return rng.float() < prob ? 1 + rng.poisson(p.lumpSize - 1) : 0
    }
    return rng.negBinomial(mean, p.dispersion)
  }

  /** Fill true demand and its mean for every pair of a day (index location * skus + sku). */
  drawDay(day: number, demand: Uint32Array, expected: Float32Array): void {
    const c = this.context(day)
    const rng = new Rng()
    for (let i = 0; i < this.world.pairCount; i++) {
      const m = this.meanOf(c, i)
      expected[i] = m
      demand[i] = m > 0 ? this.drawPair(rng, day, i, m) : 0
    }
  }

  /** Mean demand of one SKU at one location on one day. */
  expectedAt(sku: number, location: number, day: number): number {
    return this.meanOf(this.context(day), location * this.nSku + sku)
  }

  /** True demand of one SKU at one location on one day (the same number the simulation uses). */
  demandAt(sku: number, location: number, day: number): number {
    const pair = location * this.nSku + sku
    const m = this.meanOf(this.context(day), pair)
    return this.drawPair(new Rng(), day, pair, m)
  }
}
