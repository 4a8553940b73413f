/**
 * A small demo store network for the live stream: a few stores and SKUs whose sales follow a
 * daily shape. Deterministic for a seed.
 */
import type { Event } from '@/lib/events/schema'

const STORES = [
  { location: 'S01', name: 'Leeds Briggate', region: 'north' },
  { location: 'S02', name: 'Manchester Arndale', region: 'north' },
  { location: 'S03', name: 'London Oxford St', region: 'south' },
  { location: 'S04', name: 'Bristol Cabot', region: 'south' },
]
const SKUS = Array.from({ length: 24 }, (_, i) => ({ sku: `SKU-${String(i + 1).padStart(4, '0')}`, price: 2 + ((i * 37) % 40) }))

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function demoNetwork(seed: number) {
  const rand = mulberry32(seed)
  let n = 0
  const runId = Date.now().toString(36)
  return {
    masterData(): Event[] {
      const ts = new Date().toISOString()
      return STORES.map((s) => ({ type: 'location', event_id: `demo-loc-${s.location}`, ts, location: s.location, name: s.name, kind: 'store', region: s.region }))
    },
    produce(from: Date, to: Date): Event[] {
      const seconds = Math.max(0, (to.getTime() - from.getTime()) / 1000)
      const hour = to.getUTCHours() + to.getUTCMinutes() / 60
      const dayShape = 0.4 + Math.max(0, Math.sin(((hour - 7) / 14) * Math.PI))
      const expected = seconds * 3 * dayShape
      const count = Math.floor(expected) + (rand() < expected % 1 ? 1 : 0)
      const events: Event[] = []
      for (let i = 0; i < count; i++) {
        const store = STORES[Math.floor(rand() * rand() * STORES.length)]
        const item = SKUS[Math.floor(rand() * SKUS.length)]
        const ts = new Date(from.getTime() + rand() * (to.getTime() - from.getTime())).toISOString()
        events.push({
          type: 'sale', event_id: `demo-${runId}-${n++}`, ts, sku: item.sku, location: store.location,
          channel: rand() < 0.8 ? 'store' : 'ecommerce', qty: 1 + Math.floor(rand() * rand() * 4), unit_price: item.price,
        })
      }
      return events
    },
  }
}
