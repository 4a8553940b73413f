/**
 * The demand model's prices and outside-world factors, each a pure function of the world (its seed)
 * and the day: regular prices raised at quarterly reviews, markdowns before a season ends, weather
 * at stores and dark stores, and local events (concerts, matches, fairs) that lift a store's demand.
 * The simulator also emits them as events (price changes, external signals).
 */
import { hash, hash01 } from './random'
import { DAY_MS, doyNoLeap } from './time'
import { inSeason } from './world'
import type { World } from './world'

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

/** Regular (shelf) price of a SKU on a day: day-0 price raised at some quarterly reviews. */
export function regularPriceOf(world: World, sku: number, day: number): number {
  let price = world.products[sku].price
  const reviews = Math.floor(Math.max(0, day) / PRICE_REVIEW_DAYS)
  for (let k = 1; k <= reviews; k++) {
    const h = hash01(world.seed, SALT_PRICE, sku, k)
    if (h < 0.3) price = roundPrice(price * (1 + 0.02 + (h / 0.3) * 0.06))
  }
  return price
}

/** Markdown share (0, 0.25 or 0.5) of a seasonal SKU on a day of year (doyNoLeap). */
export function markdownAtDoy(world: World, sku: number, doy: number): number {
  const p = world.products[sku]
  const season = world.categories[p.category].season
  if (!p.seasonal || !season) return 0
  if (!inSeason(season, doy)) return 0
  const toEnd = (season.endDoy - doy + 365) % 365
  let pct = 0
  for (const step of MARKDOWN_STEPS) if (toEnd < step.daysBefore) pct = step.pct
  return pct
}

/** Weather at a store or dark store (ecom nodes and DCs have none: null). `regions`: the world's regions, in order. */
export function weatherAt(world: World, regions: readonly string[], location: number, day: number): Weather | null {
  const loc = world.locations[location]
  if (loc.kind !== 'store' && loc.kind !== 'dark_store') return null
  const seed = world.seed
  const region = Math.max(0, regions.indexOf(loc.region))
  const ms = world.startMs + day * DAY_MS
  const doy = doyNoLeap(ms)
  const normal = 12 - 2.5 * region + 9 * Math.cos((2 * Math.PI * (doy - 200)) / 365)
  // Regional weather, smoothed over three days, plus a little local noise.
  const n0 = normalOf(hash(seed, SALT_WEATHER, region, day))
  const n1 = normalOf(hash(seed, SALT_WEATHER, region, day - 1))
  const n2 = normalOf(hash(seed, SALT_WEATHER, region, day - 2))
  const local = normalOf(hash(seed, SALT_WEATHER + 1, location, day))
  const anomaly = 4.2 * (0.55 * n0 + 0.3 * n1 + 0.15 * n2) + 0.6 * local
  const rainP = 0.28 + 0.1 * Math.cos((2 * Math.PI * (doy - 15)) / 365)
  const rain = hash01(seed, SALT_RAIN, region, day) < rainP
  return { tempC: Math.round((normal + anomaly) * 10) / 10, anomaly, rain }
}

/** A local event (concert, match, festival) starting at a store on that day, or null. */
export function localEventStarting(world: World, location: number, day: number): LocalEvent | null {
  const loc = world.locations[location]
  if (loc.kind !== 'store') return null
  const rate = world.config.demand.localEventsPerStoreYear / 365
  if (!(rate > 0) || hash01(world.seed, SALT_LOCAL, location, day) >= rate) return null
  const h = hash(world.seed, SALT_LOCAL + 1, location, day)
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

/** The uplift of the local events running at a location on a day (1 when none). */
export function localUplift(world: World, location: number, day: number): number {
  let u = 1
  for (let s = day - 2; s <= day; s++) {
    const ev = localEventStarting(world, location, s)
    if (ev && day < ev.start + ev.days) u *= ev.uplift
  }
  return u
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
