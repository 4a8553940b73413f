/**
 * The world's master data as v1 events: locations, suppliers, products (with the season_end that
 * follows an instant) and customers, emitted before day 0, and again when a customer joins or a
 * season rolls over (day/morning.ts).
 */
import type { Event } from '../events/schema'
import { SEGMENTS, SEGMENT_TIER } from './customers'
import { hash } from './random'
import { DAY_MS, isoDate } from './time'
import type { ProductInfo } from './types'
import { nextSeasonEnd } from './world'
import type { World } from './world'

export function customerEvent(world: World, i: number, eventId: string, ts: string): Event {
  const c = world.customers
  const home = world.locations[c.home[i]]
  const seg = c.segment[i]
  return {
    type: 'customer',
    event_id: eventId,
    ts,
    customer_id: c.id(i),
    segment: SEGMENTS[seg],
    region: home.region,
    home_location: home.id,
    joined_at: isoDate(world.startMs + c.joinDay[i] * DAY_MS),
    attributes: {
      tier: SEGMENT_TIER[seg],
      preferred_channel: home.channel ?? 'store',
      age_band: ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'][hash(world.seed, 0xa9e, i) % 6],
    },
  }
}

/**
 * Each region's time zone (DESIGN.md "Time and money": "today" is a location's business day). The
 * simulated retailer trades from Britain with a few regions abroad, so the board's "today" sums
 * days that end at different instants. Fixed by region name: the simulation stays deterministic.
 */
export const REGION_TIME_ZONES: Readonly<Record<string, string>> = {
  north: 'Europe/London', south: 'Europe/London', east: 'Europe/Berlin', west: 'America/New_York',
  central: 'Europe/London', coast: 'Europe/Lisbon', highlands: 'Europe/London', metro: 'Europe/Dublin',
}

/** The zone of a region; a region without one is on UK time. */
export const regionTimeZone = (region: string) => REGION_TIME_ZONES[region] ?? 'Europe/London'

/** Master data: locations, suppliers, products, then the customers who are members at day 0. */
export function masterDataEvents(world: World, nextId: () => string): Event[] {
  const ts = new Date(world.startMs - 3_600_000).toISOString()
  const out: Event[] = []
  for (const l of world.locations) {
    const e: Event = { type: 'location', event_id: nextId(), ts, location: l.id, name: l.name, kind: l.kind, region: l.region, timezone: regionTimeZone(l.region) }
    if (l.parent >= 0) e.parent = world.locations[l.parent].id
    out.push(e)
  }
  for (const s of world.suppliers) out.push({ type: 'supplier', event_id: nextId(), ts, supplier: s.id, name: s.name })
  for (const p of world.products) out.push(productEvent(world, p, nextId(), ts, world.startMs))
  for (let i = 0; i < world.customers.count; i++) {
    if (world.customers.joinDay[i] <= 0) out.push(customerEvent(world, i, nextId(), ts))
  }
  return out
}

/** The product master event (at the given regular price), with the season_end that follows `atMs`. */
export function productEvent(world: World, p: ProductInfo, eventId: string, ts: string, atMs: number, price = p.price): Event {
  const cat = world.categories[p.category]
  const e: Event = {
    type: 'product',
    event_id: eventId,
    ts,
    sku: p.id,
    name: p.name,
    category: cat.name,
    price,
    unit_cost: p.unitCost,
    case_pack: p.casePack,
    moq: p.moq,
    department: cat.department,
    brand: p.brand,
    lifecycle: p.seasonal ? 'seasonal' : 'core',
    supplier: world.suppliers[p.supplier].id,
  }
  if (p.seasonal && cat.season) e.season_end = isoDate(world.startMs + nextSeasonEnd(cat.season, atMs, world.startMs) * DAY_MS)
  return e
}
