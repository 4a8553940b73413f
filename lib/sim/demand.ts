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
 * Promotion and shock calendars are generated week by week from keyed streams and cached; every
 * other factor is computed directly from hashes, so any day can be asked for in any order.
 */
import { Rng, hash, hash01 } from './random'
import { DAY_MS, SimDay } from './time'
import type { Channel } from './types'
import { CHANNEL_LIST } from './types'
import { inSeason } from './world'
import type { World } from './world'

const SALT_DEMAND = 0xd3a1
const SALT_PROMO = 0x9407
const SALT_SHOCK = 0x5b0c
const SALT_WEATHER = 0x3ea7
const SALT_RAIN = 0x7a17
const SALT_LOCAL = 0x10ca1
const SALT_PRICE = 0x9a1ce

/** Day of a price review (every 13 weeks from day 0); each review raises some regular prices. */
export const PRICE_REVIEW_DAYS = 91
/** Markdowns before a season ends: days before the end, and the discount from then on. */
export const MARKDOWN_STEPS: readonly { daysBefore: number; pct: number }[] = [
  { daysBefore: 42, pct: 0.25 },
  { daysBefore: 21, pct: 0.5 },
]
/** Demand left off-season for a seasonal SKU. */
const OFF_SEASON = 0.03

export interface Promotion {
  index: number
  id: string
  category: number
  skus: number[]
  locations: number[]
  channels: Channel[]
  /** First and last day (inclusive). */
  start: number
  end: number
  /** 0.1 = 10 % off. */
  discount: number
}

export interface DemandShock {
  index: number
  skus: number[]
  locations: number[]
  start: number
  end: number
  multiplier: number
}

export interface Weather {
  tempC: number
  /** Degrees above the climate normal for the day. */
  anomaly: number
  rain: boolean
}

export interface LocalEvent {
  location: number
  start: number
  days: number
  uplift: number
  attendance: number
  kind: string
}

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
  private readonly rng = new Rng()
  private readonly regions: string[]

  private readonly promos: Promotion[] = []
  private promoWeeks = 0
  private readonly busyUntil: Int32Array
  private readonly shockWeeks = new Map<number, DemandShock[]>()

  private readonly ctx: DemandDay
  private ctxDay = Number.NaN
  private readonly touched: number[] = []
  private readonly maxPromoSpan: number

  constructor(world: World) {
    this.world = world
    this.seed = world.seed
    this.nSku = world.skuCount
    this.nLoc = world.locationCount
    this.nCat = world.categories.length
    this.skuCat = Int32Array.from(world.products, (p) => p.category)
    this.catSkus = world.categories.map(() => [] as number[])
    for (const p of world.products) this.catSkus[p.category].push(p.index)
    this.weekly = new Float64Array(CHANNEL_LIST.length * 7)
    CHANNEL_LIST.forEach((ch, ci) => {
      const w = world.config.demand.weekly[ch]
      const mean = w.reduce((a, b) => a + b, 0) / 7 || 1
      for (let d = 0; d < 7; d++) this.weekly[ci * 7 + d] = w[d] / mean
    })
    this.regions = [...new Set(world.locations.map((l) => l.region))]
    this.busyUntil = new Int32Array(this.nSku).fill(-1_000_000)
    this.maxPromoSpan = 14 + world.config.promotions.dipDays + 1
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

  /** Regular (shelf) price of a SKU on a day: day-0 price raised at some quarterly reviews. */
  regularPrice(sku: number, day: number): number {
    let price = this.world.products[sku].price
    const reviews = Math.floor(Math.max(0, day) / PRICE_REVIEW_DAYS)
    for (let k = 1; k <= reviews; k++) {
      const h = hash01(this.seed, SALT_PRICE, sku, k)
      if (h < 0.3) price = roundPrice(price * (1 + 0.02 + (h / 0.3) * 0.06))
    }
    return price
  }

  /** Markdown share (0, 0.25 or 0.5) of a seasonal SKU on a day. */
  markdown(sku: number, day: number): number {
    return this.markdownAtDoy(sku, doyNoLeap(this.world.startMs + day * DAY_MS))
  }

  private markdownAtDoy(sku: number, doy: number): number {
    const p = this.world.products[sku]
    const season = this.world.categories[p.category].season
    if (!p.seasonal || !season) return 0
    if (!inSeason(season, doy)) return 0
    const toEnd = (season.endDoy - doy + 365) % 365
    let pct = 0
    for (const step of MARKDOWN_STEPS) if (toEnd < step.daysBefore) pct = step.pct
    return pct
  }

  // ---------------------------------------------------------------- weather and local events

  /** Weather at a store or dark store (ecom nodes and DCs have none: null). */
  weather(location: number, day: number): Weather | null {
    const loc = this.world.locations[location]
    if (loc.kind !== 'store' && loc.kind !== 'dark_store') return null
    const region = this.regionIndex(loc.region)
    const ms = this.world.startMs + day * DAY_MS
    const doy = doyNoLeap(ms)
    const normal = 12 - 2.5 * region + 9 * Math.cos((2 * Math.PI * (doy - 200)) / 365)
    // Regional weather, smoothed over three days, plus a little local noise.
    const n0 = normalOf(hash(this.seed, SALT_WEATHER, region, day))
    const n1 = normalOf(hash(this.seed, SALT_WEATHER, region, day - 1))
    const n2 = normalOf(hash(this.seed, SALT_WEATHER, region, day - 2))
    const local = normalOf(hash(this.seed, SALT_WEATHER + 1, location, day))
    const anomaly = 4.2 * (0.55 * n0 + 0.3 * n1 + 0.15 * n2) + 0.6 * local
    const rainP = 0.28 + 0.1 * Math.cos((2 * Math.PI * (doy - 15)) / 365)
    const rain = hash01(this.seed, SALT_RAIN, region, day) < rainP
    return { tempC: Math.round((normal + anomaly) * 10) / 10, anomaly, rain }
  }

  /** A local event (concert, match, festival) starting at a store on that day, or null. */
  localEventStarting(location: number, day: number): LocalEvent | null {
    const loc = this.world.locations[location]
    if (loc.kind !== 'store') return null
    const rate = this.world.config.demand.localEventsPerStoreYear / 365
    if (!(rate > 0) || hash01(this.seed, SALT_LOCAL, location, day) >= rate) return null
    const h = hash(this.seed, SALT_LOCAL + 1, location, day)
    const kinds = ['concert', 'football_match', 'street_festival', 'marathon', 'trade_fair', 'school_holiday_fair']
    return {
      location,
      start: day,
      days: 1 + (h % 3),
      uplift: 1.15 + ((h >>> 8) % 1000) / 2000,
      attendance: 2000 + ((h >>> 4) % 48) * 1000,
      kind: kinds[(h >>> 20) % kinds.length],
    }
  }

  private localUplift(location: number, day: number): number {
    let u = 1
    for (let s = day - 2; s <= day; s++) {
      const ev = this.localEventStarting(location, s)
      if (ev && day < ev.start + ev.days) u *= ev.uplift
    }
    return u
  }

  // ---------------------------------------------------------------- promotions

  /** Promotions whose running days overlap [fromDay, toDay]. */
  promotions(fromDay: number, toDay: number): Promotion[] {
    this.ensurePromoWeeks(Math.floor(toDay / 7) + 2)
    return this.promos.filter((p) => p.end >= fromDay && p.start <= toDay)
  }

  /** Promotions starting on a day. */
  promotionsStarting(day: number): Promotion[] {
    this.ensurePromoWeeks(Math.floor(day / 7) + 2)
    return this.promos.filter((p) => p.start === day)
  }

  private ensurePromoWeeks(weeks: number): void {
    const world = this.world
    const cfg = world.config.promotions
    const selling = world.locations.filter((l) => l.kind !== 'dc')
    const regions = [...new Set(selling.filter((l) => l.kind === 'store' || l.kind === 'dark_store').map((l) => l.region))]
    const online = selling.filter((l) => l.kind === 'ecom_node')
    while (this.promoWeeks < weeks) {
      const w = this.promoWeeks++
      const rng = this.rng.seed(hash(this.seed, SALT_PROMO, w))
      const n = rng.poisson(cfg.perWeek)
      const week: Promotion[] = []
      for (let i = 0; i < n; i++) {
        const start = Math.max(1, w * 7 + rng.int(7))
        const end = start + 6 + rng.int(8)
        const discount = rng.pick([0.1, 0.15, 0.2, 0.25, 0.3, 0.4])
        const cat = rng.int(this.nCat)
        const free = this.catSkus[cat].filter(
          (s) => this.busyUntil[s] < start && !world.products[s].seasonal && world.products[s].mover !== 'intermittent',
        )
        if (free.length < 2) continue
        const k = Math.min(free.length, 2 + rng.int(9))
        for (let j = 0; j < k; j++) {
          const r = j + rng.int(free.length - j)
          const t = free[j]
          free[j] = free[r]
          free[r] = t
        }
        const skus = free.slice(0, k).sort((a, b) => a - b)
        const u = rng.float()
        let locs: typeof selling
        if (u < 0.4 || (regions.length === 0 && online.length === 0)) locs = selling
        else if ((u < 0.7 && regions.length > 0) || online.length === 0) {
          const region = regions[rng.int(regions.length)]
          locs = selling.filter((l) => (l.kind === 'store' || l.kind === 'dark_store') && l.region === region)
        } else locs = online
        if (locs.length === 0) continue
        const channels = CHANNEL_LIST.filter((ch) => locs.some((l) => l.channel === ch))
        for (const s of skus) this.busyUntil[s] = end + cfg.dipDays + 14
        week.push({ index: 0, id: '', category: cat, skus, locations: locs.map((l) => l.index), channels, start, end, discount })
      }
      week.sort((a, b) => a.start - b.start)
      for (const p of week) {
        p.index = this.promos.length
        p.id = `PR-${this.seed}-${p.index + 1}`
        this.promos.push(p)
      }
    }
  }

  // ---------------------------------------------------------------- demand shocks

  /** Demand shocks generated for a week (cached; a pure function of seed and week). */
  private shocksOfWeek(w: number): DemandShock[] {
    let list = this.shockWeeks.get(w)
    if (list) return list
    list = []
    const world = this.world
    const rate = world.config.anomalies.demandShocksPerYear / 52
    const rng = new Rng(hash(this.seed, SALT_SHOCK, w))
    const n = rate > 0 ? rng.poisson(rate) : 0
    const selling = world.locations.filter((l) => l.kind !== 'dc').map((l) => l.index)
    for (let i = 0; i < n && selling.length; i++) {
      const start = Math.max(0, w * 7 + rng.int(7))
      const end = start + 2 + rng.int(19)
      const multiplier = rng.chance(0.7) ? Math.round(rng.range(2.5, 6) * 100) / 100 : Math.round(rng.range(0.1, 0.4) * 100) / 100
      const u = rng.float()
      let skus: number[]
      let locations: number[]
      if (u < 0.6) {
        skus = [rng.int(this.nSku)]
        locations = [selling[rng.int(selling.length)]]
      } else if (u < 0.85) {
        skus = [rng.int(this.nSku)]
        locations = selling.slice()
      } else {
        skus = this.catSkus[rng.int(this.nCat)].slice()
        locations = [selling[rng.int(selling.length)]]
      }
      // Only where the SKU is carried, so the truth lists shocks one can see.
      const carriedSomewhere = skus.filter((s) => locations.some((l) => world.carried[l * this.nSku + s]))
      if (carriedSomewhere.length === 0) continue
      locations = locations.filter((l) => carriedSomewhere.some((s) => world.carried[l * this.nSku + s]))
      list.push({ index: w * 1000 + i, skus: carriedSomewhere, locations, start, end, multiplier })
    }
    this.shockWeeks.set(w, list)
    if (this.shockWeeks.size > 64) {
      const oldest = this.shockWeeks.keys().next().value
      if (oldest !== undefined && oldest !== w) this.shockWeeks.delete(oldest)
    }
    return list
  }

  /** Shocks active on a day. */
  shocksOn(day: number): DemandShock[] {
    const out: DemandShock[] = []
    for (let w = Math.floor((day - 21) / 7); w <= Math.floor(day / 7); w++) {
      if (w < 0) continue
      for (const s of this.shocksOfWeek(w)) if (s.start <= day && day <= s.end) out.push(s)
    }
    return out
  }

  /** Shocks starting on a day (what the ground truth records). */
  shocksStarting(day: number): DemandShock[] {
    if (day < 0) return []
    return this.shocksOfWeek(Math.floor(day / 7)).filter((s) => s.start === day)
  }

  // ---------------------------------------------------------------- the day's factors

  private regionIndex(region: string): number {
    const i = this.regions.indexOf(region)
    return i < 0 ? 0 : i
  }

  /** The factors of a day (cached for the most recent day asked). */
  context(day: number): DemandDay {
    if (day === this.ctxDay) return this.ctx
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
      const md = this.markdownAtDoy(s, doy)
      c.markdown[s] = md
      if (p.seasonal && cat.season && !inSeason(cat.season, doy)) f *= OFF_SEASON
      if (md > 0) f *= Math.pow(1 - md, -0.7 * Math.min(p.elasticity, 2))
      c.skuFactor[s] = f
      c.regularPrice[s] = this.regularPrice(s, day)
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
      const local = this.localUplift(l, day)
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

/** Day of year with Feb 29 folded onto Feb 28, so seasons line up every year. */
export function doyNoLeap(ms: number): number {
  const d = new Date(ms)
  const y = d.getUTCFullYear()
  let doy = Math.floor((ms - Date.UTC(y, 0, 1)) / DAY_MS)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  if (leap && doy >= 59) doy -= 1
  return doy
}

/** A standard normal from a 32-bit hash (inverse-CDF free: sum of uniforms, good enough for weather). */
function normalOf(h: number): number {
  // Irwin-Hall with four 8-bit uniforms, scaled to unit variance.
  const a = (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + ((h >>> 24) & 0xff)
  return (a / 255 - 2) * Math.sqrt(3)
}

function roundPrice(x: number): number {
  return Math.round((x < 10 ? x : Math.round(x) - 0.01) * 100) / 100
}

