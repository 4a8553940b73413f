/**
 * fastAccept may only say yes where zod says yes, with the event unchanged: checked on generated
 * events that mix good and bad values, missing and unknown keys, for every fast-path type.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fastAccept } from './fast-accept'
import { event } from './schema'

const day = 86_400_000
const iso = (ms: number) => new Date(ms).toISOString()

const ts = fc.oneof(
  { weight: 8, arbitrary: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(Date.now() - 60_000), noInvalidDate: true }).map((d) => d.toISOString()) },
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(Date.now() - 60_000), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-01-31T09:15:00Z', '2026-01-31T09:15+0100', '2026-01-31T09:15:00.123456789Z', '2024-02-29T00:00:00Z', '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z', '2026-01-31 09:15:00', '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z', '2026-01-31T25:00:00Z',
    '2026-01-31T24:00:00Z', '2026-01-31T09:15:00+99:99', 'x'.repeat(41), '', iso(Date.now() + 2 * day), iso(Date.now() + day / 2),
  ),
  fc.anything(),
)
const id = fc.oneof(
  { weight: 12, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
  fc.constantFrom('', 'has space', 'x'.repeat(128), 'x'.repeat(129), 'é', 'a\\b', 'tab\there', "'; DROP TABLE raw_sales; --"),
  fc.anything(),
)
const num = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0.001, max: 1e6, noNaN: true }) },
  fc.double({ min: -2e9, max: 2e9 }),
  fc.integer({ min: -5, max: 20 }),
  fc.constantFrom(0, -0, 1e9, 1e9 + 1, -1e9, -1e9 - 1, Infinity, -Infinity, NaN, '5', null),
)
/** Hostile text: lone surrogates, control characters, noncharacters, and what is kept (tab, line breaks, pairs). */
const HOSTILE_TEXT = ['a\ud800', '\udc00b', 'nul\0', 'bell\x07', 'del\x7f', '\ufffe', '\uffff', '\ufdd0', '\u{1fffe}', 'tab\there', 'line\nbreak\r\n', 'emoji \u{1f600}', 'back\\slash \\N']
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'x'.repeat(128), 'x'.repeat(129), ...HOSTILE_TEXT),
  fc.anything(),
)
const oneOf = (values: string[]) => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values) }, fc.constantFrom('', 'other', 'STORE'), fc.anything())

const CHANNELS = ['store', 'ecommerce', 'marketplace', 'dark_store']
const FIELDS: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  sale: { event_id: id, ts, sku: id, location: id, channel: oneOf(CHANNELS), qty: num, unit_price: num, promo_id: id, customer_id: id, order_id: id, fulfilment_location: id },
  return: { event_id: id, ts, sku: id, location: id, channel: oneOf(CHANNELS), qty: num, unit_price: num, reason: text, condition: oneOf(['resellable', 'damaged', 'defective', 'unknown']), order_id: id, customer_id: id },
  inventory_snapshot: { event_id: id, ts, sku: id, location: id, on_hand: num, reserved: num },
  inventory_movement: { event_id: id, ts, sku: id, location: id, kind: oneOf(['receipt', 'transfer_out', 'transfer_in', 'adjustment', 'shrink', 'count']), qty: num, ref: id },
  price_change: { event_id: id, ts, sku: id, kind: oneOf(['regular', 'promo', 'markdown']), price: num, location: id },
}

const MISSING = Symbol('missing')
/** A field's value, or (now and then) no field at all. */
const maybe = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 12, arbitrary: a }, { weight: 1, arbitrary: fc.constant(MISSING) })

/** An event of `type` whose fields are each kept or dropped, plus now and then an unknown or odd key. */
const candidate = fc.constantFrom(...Object.keys(FIELDS), 'promotion', 'teleport').chain((type) =>
  fc
    .record({
      type: fc.oneof({ weight: 15, arbitrary: fc.constant(type) }, { weight: 1, arbitrary: fc.anything() }),
      ...Object.fromEntries(Object.entries(FIELDS[type] ?? FIELDS.sale).map(([k, a]) => [k, maybe(a)])),
      extra: fc.oneof({ weight: 15, arbitrary: fc.constant(MISSING) }, { weight: 1, arbitrary: fc.anything() }),
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== MISSING))),
)

describe('fastAccept', () => {
  it('accepts only what zod accepts, and zod returns it unchanged', () => {
    let accepted = 0
    fc.assert(
      fc.property(candidate, (raw) => {
        const v = JSON.parse(JSON.stringify(raw)) as unknown
        if (!fastAccept(v)) return
        accepted++
        const r = event.safeParse(v)
        expect(r.success).toBe(true)
        if (r.success) expect(r.data).toEqual(v)
      }),
      { numRuns: 5_000 },
    )
    // The generator must exercise the yes branch, or this test proves nothing.
    expect(accepted).toBeGreaterThan(50)
  })

  it('says yes to the common valid events and no to near misses', () => {
    const ts = new Date(Date.now() - 60_000).toISOString()
    const good = [
      { type: 'sale', event_id: 'e1', ts, sku: 'S', location: 'L', channel: 'store', qty: 2, unit_price: 3.5 },
      { type: 'sale', event_id: 'e2', ts, sku: 'S', location: 'L', channel: 'ecommerce', qty: 1, unit_price: 0, customer_id: 'C1', order_id: 'O1', promo_id: 'P', fulfilment_location: 'DC' },
      { type: 'return', event_id: 'e3', ts, sku: 'S', location: 'L', qty: 1, reason: 'changed mind', condition: 'resellable' },
      { type: 'inventory_snapshot', event_id: 'e4', ts, sku: 'S', location: 'L', on_hand: -3 },
      { type: 'inventory_movement', event_id: 'e5', ts, sku: 'S', location: 'L', kind: 'receipt', qty: 12, ref: 'PO-1' },
      { type: 'price_change', event_id: 'e6', ts, sku: 'S', kind: 'markdown', price: 1.99 },
    ]
    for (const e of [...good, { ...good[2], event_id: 'e7', reason: 'tab\tand\nline \u{1f600}' }]) expect(fastAccept(e)).toBe(true)
    const bad = [
      { ...good[0], qty: 0 },
      { ...good[0], extra: 1 },
      { ...good[0], ts: '2026-02-30T10:00:00Z' },
      { ...good[0], sku: 'a b' },
      { ...good[2], condition: 'meh' },
      { ...good[2], reason: 'lone \ud800' },
      { ...good[2], reason: 'nul \0' },
      { ...good[2], reason: 'noncharacter \uffff' },
      { type: 'sale', event_id: 'e1', ts, sku: 'S', location: 'L', channel: 'store', qty: 2 },
      { type: 'product', event_id: 'p', ts, sku: 'S', name: 'n', category: 'c', price: 1, unit_cost: 1 },
      null,
      [good[0]],
    ]
    for (const e of bad) expect(fastAccept(e)).toBe(false)
  })
})
