import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { toRow } from '@/lib/events/rows'
import type { Event } from '@/lib/events/schema'
import { RowEncoder, TSV_TYPES, derivedId, derivedIdPrefix, tsvEscape, tsvFromRow } from './encode'
import { FAST_TYPES } from './fast'

const TS = '2026-01-31T09:15:00.123Z'
const id = fc.stringMatching(/^[\x21-\x7e]{1,16}$/)
const text = fc.string({ maxLength: 24 })
const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })

const strip = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

const EVENTS: Record<string, fc.Arbitrary<Event>> = {
  sale: fc
    .record({ event_id: id, sku: id, location: id, channel: fc.constantFrom('store', 'ecommerce'), qty: num, unit_price: num, promo_id: maybe(id), customer_id: maybe(id), order_id: maybe(id), fulfilment_location: maybe(id) })
    .map((r) => strip({ type: 'sale', ts: TS, ...r }) as Event),
  return: fc
    .record({ event_id: id, sku: id, location: id, channel: maybe(fc.constantFrom('store', 'marketplace')), qty: num, unit_price: maybe(num), reason: text, condition: fc.constantFrom('damaged', 'unknown'), order_id: maybe(id), customer_id: maybe(id) })
    .map((r) => strip({ type: 'return', ts: TS, ...r }) as Event),
  inventory_snapshot: fc.record({ event_id: id, sku: id, location: id, on_hand: num, reserved: maybe(num) }).map((r) => strip({ type: 'inventory_snapshot', ts: TS, ...r }) as Event),
  inventory_movement: fc
    .record({ event_id: id, sku: id, location: id, kind: fc.constantFrom('receipt', 'count'), qty: num, ref: maybe(id) })
    .map((r) => strip({ type: 'inventory_movement', ts: TS, ...r }) as Event),
  price_change: fc.record({ event_id: id, sku: id, kind: fc.constantFrom('regular', 'promo'), price: num, location: maybe(id) }).map((r) => strip({ type: 'price_change', ts: TS, ...r }) as Event),
}

describe('TSV encoders', () => {
  it('exist for exactly the fast-validated types', () => {
    expect([...TSV_TYPES].sort()).toEqual([...FAST_TYPES].sort())
    expect(Object.keys(EVENTS).sort()).toEqual([...TSV_TYPES].sort())
  })

  for (const [type, arb] of Object.entries(EVENTS)) {
    it(`${type}: same columns and values as toRow`, () => {
      fc.assert(
        fc.property(fc.array(arb, { minLength: 1, maxLength: 10 }), (events) => {
          const enc = new RowEncoder(events[0].type, 'src', 64)
          for (const e of events) enc.add(e)
          const chunk = enc.take()
          expect(enc.columns).toEqual(Object.keys(toRow(events[0], 'src')))
          const expected = events.map((e) => tsvFromRow(toRow(e, 'src'), enc.columns!)).join('')
          expect(chunk.payload.toString('utf8')).toBe(expected)
          expect(chunk.n).toBe(events.length)
          // one row per line
          const lines = chunk.payload.toString('utf8').split('\n').slice(0, -1)
          expect(lines.map((l) => l + '\n')).toEqual(events.map((e) => tsvFromRow(toRow(e, 'src'), enc.columns!)))
        }),
        { numRuns: 200 },
      )
    })
  }

  it('encodes the other types as the ingest writer does (JSONEachRow of toRow)', () => {
    const e: Event = { type: 'promotion', event_id: 'p1', ts: TS, promo_id: 'P', skus: ['a'], locations: [], channels: ['store'], start: TS, end: TS, discount_pct: 10 }
    const enc = new RowEncoder('promotion', 'src')
    expect(enc.format).toBe('JSONEachRow')
    enc.add(e)
    expect(enc.take().payload.toString()).toBe(JSON.stringify(toRow(e, 'src')) + '\n')
  })

  it('escapes what ClickHouse TSV needs escaped', () => {
    expect(tsvEscape('plain')).toBe('plain')
    expect(tsvEscape('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re')
  })
})

describe('derived ids', () => {
  it('share the file prefix and sort in line order', () => {
    const p = derivedIdPrefix('ab'.repeat(32))
    expect(p).toBe(`csv-${'ab'.repeat(10)}-`)
    const ids = [2, 9, 10, 11, 100, 99_999, 1_000_000].map((l) => derivedId(p, l))
    expect([...ids].sort()).toEqual(ids)
    expect(ids[0]).toBe(`${p}0000000002`)
    expect(ids.every((i) => /^[\x21-\x7e]{1,128}$/.test(i))).toBe(true)
  })
})
