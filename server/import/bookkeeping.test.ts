import { describe, expect, it } from 'vitest'
import { masterRefs, touchedLocations } from '@/lib/events/rows'
import type { Event } from '@/lib/events/schema'
import type { Runtime } from '@/lib/runtime-types'
import { ChunkBook, ImportBook } from './bookkeeping'

const TS = '2026-01-31T09:15:00Z'
const EVENTS: Event[] = [
  { type: 'sale', event_id: 's1', ts: TS, sku: 'A', location: 'L1', channel: 'store', qty: 1, unit_price: 1 },
  { type: 'sale', event_id: 's2', ts: TS, sku: 'A', location: 'L2', channel: 'ecommerce', qty: 1, unit_price: 1, fulfilment_location: 'DC' },
  { type: 'return', event_id: 'r1', ts: TS, sku: 'B', location: 'L1', qty: 1, reason: 'x', condition: 'unknown' },
  { type: 'inventory_snapshot', event_id: 'i1', ts: TS, sku: 'C', location: 'L3', on_hand: 2 },
  { type: 'inventory_movement', event_id: 'm1', ts: TS, sku: 'C', location: 'L3', kind: 'count', qty: -1 },
  { type: 'price_change', event_id: 'p1', ts: TS, sku: 'D', kind: 'promo', price: 1 },
  { type: 'price_change', event_id: 'p2', ts: TS, sku: 'D', kind: 'promo', price: 1, location: 'L4' },
  { type: 'transfer', event_id: 't1', ts: TS, transfer_id: 'T', from: 'DC', to: 'L5', sku: 'E', qty: 1, shipped_at: TS, expected_at: TS },
  { type: 'product', event_id: 'x1', ts: TS, sku: 'F', name: 'n', category: 'c', price: 1, unit_cost: 1, supplier: 'S1' },
]

describe('import bookkeeping', () => {
  it('counts the same master-data references and touched locations as lib/events/rows', () => {
    const book = new ChunkBook()
    const imp = new ImportBook({} as Runtime, 'sale', 'test')
    const refs = new Map<string, number>()
    const touched = new Set<string>()
    for (const e of EVENTS) {
      book.add(e)
      imp.touched(e)
      for (const [k, r] of masterRefs(e)) refs.set(`${k}:${r}`, (refs.get(`${k}:${r}`) ?? 0) + 1)
      for (const l of touchedLocations(e)) touched.add(l)
    }
    const counted = new Map<string, number>()
    for (const kind of ['sku', 'location', 'supplier'] as const) for (const [r, c] of book.refs[kind]) counted.set(`${kind}:${r}`, c.count)
    expect(counted).toEqual(refs)
    expect(imp.locations).toEqual(touched)
    expect(book.keys).toEqual([['sku', 'F']])
    expect(book.refs.sku.get('A')).toEqual({ count: 2, example: 's1' })
  })
})
