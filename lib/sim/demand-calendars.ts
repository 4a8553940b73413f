/**
 * The demand model's calendars of promotions and demand shocks. Each is generated week by week
 * from a stream keyed by (seed, week) and cached, so any day can be asked for in any order and the
 * same calendar replays under any policy. Promotions pick SKUs of one category that no other
 * promotion holds (nor its dip and two weeks after), at all selling locations, a region's stores,
 * or the online nodes; shocks multiply the demand of a SKU or a category for days.
 */
import { Rng, hash } from './random'
import type { Channel } from './types'
import { CHANNEL_LIST } from './types'
import type { World } from './world'

const SALT_PROMO = 0x9407
const SALT_SHOCK = 0x5b0c

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

/** SKUs of each category (index = category), in SKU order. */
export function skusByCategory(world: World): number[][] {
  const catSkus = world.categories.map(() => [] as number[])
  for (const p of world.products) catSkus[p.category].push(p.index)
  return catSkus
}

export class PromotionCalendar {
  private readonly seed: number
  private readonly nCat: number
  private readonly rng = new Rng()
  private readonly promos: Promotion[] = []
  private promoWeeks = 0
  private readonly busyUntil: Int32Array

  constructor(
    private readonly world: World,
    private readonly catSkus: number[][],
  ) {
    this.seed = world.seed
    this.nCat = world.categories.length
    this.busyUntil = new Int32Array(world.skuCount).fill(-1_000_000)
  }

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
}

export class ShockCalendar {
  private readonly seed: number
  private readonly nSku: number
  private readonly nCat: number
  private readonly shockWeeks = new Map<number, DemandShock[]>()

  constructor(
    private readonly world: World,
    private readonly catSkus: number[][],
  ) {
    this.seed = world.seed
    this.nSku = world.skuCount
    this.nCat = world.categories.length
  }

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
}
