/**
 * The simulated retailer's master data: locations, suppliers, categories, products, assortment
 * (which location carries which SKU), customers (customers.ts), and the planner's nominal rates.
 * Built once from the config and seed; never changes during a run (except the season_end of
 * seasonal products, which rolls forward a year after each season). As events: master-events.ts.
 */
import type { SimConfig } from './config'
import { Rng, hash } from './random'
import { DAY_MS, doyOf, parseDate } from './time'
import { buildCustomers, type Customers } from './customers'
import { productNamer } from './product-names'
import type { CategoryInfo, Channel, LocationInfo, LocationKind, Mover, ProductInfo, SupplierInfo } from './types'

interface CategoryTemplate extends Omit<CategoryInfo, 'index'> {
  price: [number, number]
}

const season = (m1: number, d1: number, m2: number, d2: number) => ({ startDoy: doyOf(m1, d1), endDoy: doyOf(m2, d2) })

const CATEGORY_TEMPLATES: CategoryTemplate[] = [
  {
    name: 'Beverages', department: 'Grocery', seasonAmp: 0.25, seasonPeakDoy: doyOf(7, 15), holiday: 0.25, weatherSens: 0.35,
    returnRate: 0.003, season: null, mission: 0, price: [0.99, 6],
  },
  {
    name: 'Snacks', department: 'Grocery', seasonAmp: 0.08, seasonPeakDoy: doyOf(12, 20), holiday: 0.45, weatherSens: 0.05,
    returnRate: 0.003, season: null, mission: 0, price: [0.99, 5],
  },
  {
    name: 'Household', department: 'Home', seasonAmp: 0.06, seasonPeakDoy: doyOf(3, 20), holiday: 0.1, weatherSens: 0,
    returnRate: 0.01, season: null, mission: 1, price: [1.99, 15],
  },
  {
    name: 'Personal Care', department: 'Health & Beauty', seasonAmp: 0.06, seasonPeakDoy: doyOf(6, 1), holiday: 0.35, weatherSens: 0.05,
    returnRate: 0.015, season: null, mission: 1, price: [2.49, 25],
  },
  {
    name: 'Outerwear', department: 'Fashion', seasonAmp: 0.6, seasonPeakDoy: doyOf(12, 1), holiday: 0.3, weatherSens: -0.45,
    returnRate: 0.08, season: season(9, 1, 1, 31), mission: 2, price: [29, 180],
  },
  {
    name: 'Summer Apparel', department: 'Fashion', seasonAmp: 0.6, seasonPeakDoy: doyOf(6, 20), holiday: 0, weatherSens: 0.35,
    returnRate: 0.09, season: season(3, 1, 8, 31), mission: 2, price: [9, 60],
  },
  {
    name: 'Electronics', department: 'Electronics', seasonAmp: 0.1, seasonPeakDoy: doyOf(12, 10), holiday: 0.9, weatherSens: 0,
    returnRate: 0.05, season: null, mission: 3, price: [9, 400],
  },
  {
    name: 'Toys', department: 'Toys & Games', seasonAmp: 0.12, seasonPeakDoy: doyOf(12, 15), holiday: 2.0, weatherSens: 0,
    returnRate: 0.04, season: null, mission: 3, price: [5, 80],
  },
  {
    name: 'Garden', department: 'Home & Garden', seasonAmp: 0.7, seasonPeakDoy: doyOf(5, 1), holiday: 0, weatherSens: 0.3,
    returnRate: 0.03, season: season(3, 1, 7, 31), mission: 1, price: [4, 150],
  },
  {
    name: 'Sports', department: 'Sports', seasonAmp: 0.25, seasonPeakDoy: doyOf(6, 1), holiday: 0.4, weatherSens: 0.15,
    returnRate: 0.05, season: null, mission: 2, price: [8, 120],
  },
]

const REGION_NAMES = ['north', 'south', 'east', 'west', 'central', 'coast', 'highlands', 'metro']
const PLACE_NAMES = [
  'Harbourside', 'Riverside', 'Old Town', 'Westgate', 'Millbrook', 'Kingsway', 'Elm Park', 'Station Square', 'Lakeside',
  'Northfield', 'Southbank', 'Market Street', 'Hillcrest', 'Bayview', 'Oakwood', 'Cathedral Quarter', 'Meadowvale', 'Portside',
]
const SUPPLIER_NAMES = [
  'Northwind Traders', 'Acme Wholesale', 'Blue Ridge Supply', 'Continental Goods', 'Evergreen Distribution', 'Harbor Imports',
  'Summit Brands', 'Lakeshore Manufacturing', 'Pioneer Foods', 'Meridian Sourcing', 'Atlas Consumer', 'Keystone Products',
]

export interface World {
  config: SimConfig
  seed: number
  startMs: number
  locations: LocationInfo[]
  suppliers: SupplierInfo[]
  categories: CategoryInfo[]
  products: ProductInfo[]
  skuCount: number
  locationCount: number
  /** pair = location * skuCount + sku */
  pairCount: number
  /** 1 where the location carries the SKU (DCs carry what their children carry). */
  carried: Uint8Array
  /** Idiosyncratic demand factor of each pair (location x category preference x SKU noise). */
  pairFactor: Float32Array
  /** The planner's static estimate of in-season daily demand per pair (DC: sum over its children). Not the truth. */
  nominalRate: Float32Array
  /** Selling locations in the order their demand is served (stores, dark stores, web, marketplace), then DCs. */
  processingOrder: number[]
  /** Store indices, for ship-from-store. */
  storeIndices: number[]
  customers: Customers
  pair(location: number, sku: number): number
  locationIndex(id: string): number
  skuIndex(id: string): number
  supplierIndex(id: string): number
}

const round2 = (x: number) => Math.round(x * 100) / 100
const retailPrice = (x: number) => round2(x < 10 ? Math.max(0.49, Math.round(x * 2) / 2 - 0.01) : Math.max(1, Math.round(x)) - 0.01)

/** True if the day of year lies in the season window (windows may wrap the new year). */
export function inSeason(s: { startDoy: number; endDoy: number }, doy: number): boolean {
  return s.startDoy <= s.endDoy ? doy >= s.startDoy && doy <= s.endDoy : doy >= s.startDoy || doy <= s.endDoy
}

/** First season end on or after the given instant (UTC midnight), as a day index relative to startMs. */
export function nextSeasonEnd(s: { endDoy: number }, fromMs: number, startMs: number): number {
  const y = new Date(fromMs).getUTCFullYear()
  for (let yy = y; yy <= y + 2; yy++) {
    const end = Date.UTC(yy, 0, 1) + s.endDoy * DAY_MS
    if (end >= fromMs) return Math.round((end - startMs) / DAY_MS)
  }
  return Math.round((fromMs - startMs) / DAY_MS)
}

const SALT_WORLD = 0x57a1d

export function buildWorld(config: SimConfig): World {
  const seed = config.seed
  const rng = new Rng(hash(seed, SALT_WORLD))
  const sc = config.scale
  const startMs = parseDate(config.start)

  // Locations: DCs, stores, dark stores, web shops, marketplaces.
  const regions = Array.from({ length: sc.regions }, (_, i) => REGION_NAMES[i] ?? `region${i + 1}`)
  const locations: LocationInfo[] = []
  const add = (id: string, name: string, kind: LocationKind, channel: Channel | null, region: string, parent: number, size: number) => {
    locations.push({ index: locations.length, id, name, kind, channel, region, parent, size })
  }
  const pad2 = (i: number) => String(i + 1).padStart(2, '0')
  for (let i = 0; i < sc.dcs; i++) add(`DC${pad2(i)}`, `Distribution Centre ${regions[i % sc.regions]}`, 'dc', null, regions[i % sc.regions], -1, 0)
  const dcFor = (region: string) => {
    const dc = locations.find((l) => l.kind === 'dc' && l.region === region)
    return dc ? dc.index : 0
  }
  let place = 0
  const placeName = () => PLACE_NAMES[place++ % PLACE_NAMES.length]
  for (let i = 0; i < sc.stores; i++) {
    const region = regions[Math.floor((i * sc.regions) / Math.max(1, sc.stores))]
    add(`S${pad2(i)}`, `Store ${placeName()}`, 'store', 'store', region, dcFor(region), Math.exp(rng.normal() * 0.3))
  }
  for (let i = 0; i < sc.darkStores; i++) {
    const region = regions[(sc.regions - 1 + i) % sc.regions]
    add(`DS${pad2(i)}`, `Dark Store ${placeName()}`, 'dark_store', 'dark_store', region, dcFor(region), 0.8)
  }
  for (let i = 0; i < sc.webShops; i++) add(`WEB${pad2(i)}`, `Web Shop ${i + 1}`, 'ecom_node', 'ecommerce', regions[0], dcFor(regions[0]), 2.5)
  for (let i = 0; i < sc.marketplaces; i++) {
    add(`MKT${pad2(i)}`, `Marketplace ${i + 1}`, 'ecom_node', 'marketplace', regions[0], dcFor(regions[0]), 1.2)
  }
  const nLoc = locations.length

  // Suppliers.
  const suppliers: SupplierInfo[] = Array.from({ length: sc.suppliers }, (_, i) => ({
    index: i,
    id: `SUP${pad2(i)}`,
    name: SUPPLIER_NAMES[i % SUPPLIER_NAMES.length] + (i >= SUPPLIER_NAMES.length ? ` ${Math.floor(i / SUPPLIER_NAMES.length) + 1}` : ''),
    leadMean: Math.round(rng.range(3, 14)),
    leadSd: round2(rng.range(0.5, 3)),
    fillProb: round2(rng.range(0.85, 0.99)),
  }))

  // Categories.
  const templates: CategoryTemplate[] = Array.from({ length: sc.categories }, (_, i) => {
    const t = CATEGORY_TEMPLATES[i % CATEGORY_TEMPLATES.length]
    const k = Math.floor(i / CATEGORY_TEMPLATES.length)
    return k === 0 ? t : { ...t, name: `${t.name} ${k + 1}` }
  })
  const categories: CategoryInfo[] = templates.map((t, i) => ({
    index: i, name: t.name, department: t.department, seasonAmp: t.seasonAmp, seasonPeakDoy: t.seasonPeakDoy, holiday: t.holiday,
    weatherSens: t.weatherSens, returnRate: t.returnRate, season: t.season, mission: t.mission,
  }))

  // Products.
  const mix = config.demand.moverMix
  const mixTotal = mix.fast + mix.slow + mix.intermittent || 1
  const products: ProductInfo[] = []
  // Names come from the category template's word lists, numbered across its copies ("Toys", "Toys 2").
  const nameOf = productNamer(seed)
  const namedSoFar = CATEGORY_TEMPLATES.map(() => 0)
  for (let i = 0; i < sc.skus; i++) {
    const c = Math.floor((i * sc.categories) / sc.skus)
    const t = templates[c]
    const ti = c % CATEGORY_TEMPLATES.length
    const label = nameOf(CATEGORY_TEMPLATES[ti].name, namedSoFar[ti]++)
    const u = rng.float() * mixTotal
    const mover: Mover = u < mix.fast ? 'fast' : u < mix.fast + mix.slow ? 'slow' : 'intermittent'
    const price = retailPrice(t.price[0] * Math.pow(t.price[1] / t.price[0], Math.pow(rng.float(), 1.6)))
    const expensive = price > 60
    let baseRate =
      mover === 'fast' ? Math.exp(rng.range(Math.log(1.5), Math.log(8))) : mover === 'slow' ? Math.exp(rng.range(Math.log(0.2), Math.log(1.5))) : rng.range(0.03, 0.15)
    if (expensive) baseRate *= 0.5
    baseRate *= config.demand.volume
    const casePack = expensive ? rng.pick([1, 2]) : mover === 'fast' ? rng.pick([6, 12, 24]) : mover === 'slow' ? rng.pick([4, 6, 12]) : rng.pick([1, 2, 4])
    const moq = casePack * (mover === 'fast' ? rng.pick([1, 2, 4]) : 1)
    const primary = c % sc.suppliers
    const supplier = rng.chance(0.3) ? (c + 3) % sc.suppliers : primary
    const seasonal = t.season !== null && rng.chance(config.demand.seasonalShare)
    // The four draws the name and brand once took here (they come from productLabel now): skipped,
    // so that every later draw (unit cost, elasticity, assortment, customers...) stays as it was.
    for (let k = 0; k < 4; k++) rng.float()
    products.push({
      index: i,
      id: `SKU${String(i + 1).padStart(5, '0')}`,
      name: label.name,
      category: c,
      brand: label.brand,
      supplier,
      price,
      unitCost: round2(price * rng.range(0.45, 0.7)),
      casePack,
      moq,
      mover,
      baseRate,
      dispersion: mover === 'fast' ? 10 : 3,
      lumpSize: mover === 'intermittent' ? rng.range(1.2, 3.5) : 1,
      elasticity: rng.range(1.5, 3),
      trend: rng.normal() * config.demand.trendSd,
      seasonal,
    })
  }
  const nSku = products.length

  // Assortment, idiosyncratic factors and the planner's nominal rates.
  const pairCount = nLoc * nSku
  const carried = new Uint8Array(pairCount)
  const pairFactor = new Float32Array(pairCount)
  const nominalRate = new Float32Array(pairCount)
  for (const loc of locations) {
    if (loc.kind === 'dc') continue
    const catPref = categories.map(() => Math.exp(rng.normal() * 0.15))
    for (const p of products) {
      const idx = loc.index * nSku + p.index
      let carry: boolean
      if (loc.kind === 'store') carry = p.mover === 'fast' || rng.chance(Math.min(0.97, 0.72 + 0.18 * loc.size))
      else if (loc.kind === 'dark_store') carry = p.mover !== 'intermittent' ? rng.chance(0.8) : rng.chance(0.2)
      else if (loc.channel === 'marketplace') carry = rng.chance(0.6)
      else carry = true
      const f = catPref[p.category] * Math.exp(rng.normal() * 0.25)
      if (!carry) continue
      carried[idx] = 1
      pairFactor[idx] = f
      // The planner's estimate: right on average, wrong by about 20 % per pair.
      nominalRate[idx] = p.baseRate * loc.size * f * Math.exp(rng.normal() * 0.2)
    }
  }
  for (const loc of locations) {
    if (loc.kind === 'dc') continue
    const dcBase = loc.parent * nSku
    for (let s = 0; s < nSku; s++) {
      const idx = loc.index * nSku + s
      if (!carried[idx]) continue
      carried[dcBase + s] = 1
      nominalRate[dcBase + s] += nominalRate[idx]
    }
  }

  const kindOrder: Record<LocationKind, number> = { store: 0, dark_store: 1, ecom_node: 2, dc: 3 }
  const processingOrder = locations
    .slice()
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (a.channel === 'marketplace' ? 1 : 0) - (b.channel === 'marketplace' ? 1 : 0) || a.index - b.index)
    .map((l) => l.index)
  const storeIndices = locations.filter((l) => l.kind === 'store').map((l) => l.index)

  const customers = buildCustomers(config, rng, locations)

  const locById = new Map(locations.map((l) => [l.id, l.index]))
  const skuById = new Map(products.map((p) => [p.id, p.index]))
  const supById = new Map(suppliers.map((s) => [s.id, s.index]))
  const lookup = (m: Map<string, number>, what: string) => (id: string) => {
    const i = m.get(id)
    if (i === undefined) throw new RangeError(`unknown ${what}: ${id}`)
    return i
  }

  return {
    config,
    seed,
    startMs,
    locations,
    suppliers,
    categories,
    products,
    skuCount: nSku,
    locationCount: nLoc,
    pairCount,
    carried,
    pairFactor,
    nominalRate,
    processingOrder,
    storeIndices,
    customers,
    pair: (location, sku) => location * nSku + sku,
    locationIndex: lookup(locById, 'location'),
    skuIndex: lookup(skuById, 'SKU'),
    supplierIndex: lookup(supById, 'supplier'),
  }
}
