import { describe, expect, it } from 'vitest'
import { EVENT_TYPES, isCalendarDate, textProblem } from './schema'
import { parseBatch } from './batch'
import { fastAccept } from './fast-accept'

const sale = (over: Record<string, unknown> = {}) => ({
  type: 'sale', event_id: 'e-1', ts: '2026-01-31T09:15:00Z', sku: 'SKU-1', location: 'S01',
  channel: 'store', qty: 2, unit_price: 3.5, ...over,
})

describe('parseBatch', () => {
  it('accepts a valid sale batch', () => {
    const r = parseBatch([sale(), sale({ event_id: 'e-2', channel: 'ecommerce' })], 100)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.events).toHaveLength(2)
  })

  it('names the index and field of a bad quantity', () => {
    const r = parseBatch([sale(), sale({ qty: -1 })], 100)
    expect(r).toEqual({ ok: false, errors: [{ index: 1, path: 'qty', message: 'must be greater than 0' }] })
  })

  it('takes a cycle count as the counted quantity: 0 or more, while an adjustment may be negative', () => {
    const move = (kind: string, qty: number) => ({ type: 'inventory_movement', event_id: `m-${kind}-${qty}`, ts: sale().ts, sku: 'A', location: 'S1', kind, qty })
    expect(parseBatch([move('count', 0), move('count', 12), move('adjustment', -5), move('shrink', -2)], 100).ok).toBe(true)
    const r = parseBatch([move('count', 3), move('count', -5)], 100)
    expect(r).toEqual({ ok: false, errors: [{ index: 1, path: 'qty', message: 'a count is the counted on-hand quantity: must be 0 or more' }] })
    expect(fastAccept(move('count', -5))).toBe(false)
    expect(fastAccept(move('count', 5))).toBe(true)
  })

  it('rejects a missing field, an unknown type and unknown fields', () => {
    const { sku: _sku, ...noSku } = sale()
    const r = parseBatch([noSku, { ...sale(), type: 'teleport' }, sale({ colour: 'red' })], 100)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.index, e.path])).toEqual([[0, 'sku'], [1, 'type'], [2, '']])
    expect(r.errors[1].message).toContain('expected one of')
    expect(r.errors[2].message).toContain('colour')
  })

  it('rejects non-finite numbers, timestamps without a zone, dates far in the future', () => {
    const r = parseBatch([sale({ qty: Infinity }), sale({ ts: '2026-01-31 09:15' }), sale({ ts: '2999-01-01T00:00:00Z' })], 100)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.index)).toEqual([0, 1, 2])
  })

  it('rejects days that do not exist in the calendar', () => {
    const r = parseBatch([sale({ ts: '2026-02-30T10:00:00Z' }), sale({ ts: '2024-02-29T10:00:00Z' })], 100)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.index)).toEqual([0])
  })

  it('knows month lengths and leap years (2000 and 2024 leap, 1900 and 2100 not), agreeing with Date', () => {
    expect(['2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31', '2026-01-31'].map(isCalendarDate)).toEqual([true, true, true, true, true])
    expect(['2026-02-29', '1900-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-06-00'].map(isCalendarDate)).toEqual([false, false, false, false, false, false, false])
    for (let y = 1999; y <= 2033; y++) {
      for (let m = 1; m <= 12; m++) {
        const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
        const ym = `${y}-${String(m).padStart(2, '0')}`
        expect(isCalendarDate(`${ym}-${days}`)).toBe(true)
        expect(isCalendarDate(`${ym}-${days + 1}`)).toBe(false)
      }
    }
  })

  it('rejects a non-array, an empty batch and an oversized batch', () => {
    expect(parseBatch({}, 10).ok).toBe(false)
    expect(parseBatch([], 10).ok).toBe(false)
    expect(parseBatch(Array.from({ length: 11 }, (_, i) => sale({ event_id: `e${i}` })), 10).ok).toBe(false)
  })

  it('knows every v1 type', () => {
    expect(EVENT_TYPES).toContain('sale')
    expect(EVENT_TYPES).toContain('purchase_order')
    expect(EVENT_TYPES).toHaveLength(14)
  })

  it('refuses free text ClickHouse cannot store as sent, naming the field', () => {
    const ts = sale().ts
    const customer = (over: Record<string, unknown>) => ({ type: 'customer', event_id: 'c-1', ts, customer_id: 'C1', ...over })
    const r = parseBatch([
      customer({ segment: '\ud800' }),
      customer({ segment: 'ok', attributes: { tier: 'gold\0' } }),
      { type: 'supplier', event_id: 's-1', ts, supplier: 'S1', name: 'Acme \uffff' },
      { type: 'external_signal', event_id: 'x-1', ts, location: 'S1', kind: 'weather', value: 1, tags: ['rain', 'x\x7f'] },
      customer({ attributes: { 'bad\x01name': 1 } }),
    ], 100)
    expect(r).toEqual({
      ok: false,
      errors: [
        { index: 0, path: 'segment', message: 'contains a lone UTF-16 surrogate' },
        { index: 1, path: 'attributes.tier', message: 'contains a control character (U+0000)' },
        { index: 2, path: 'name', message: 'contains a Unicode noncharacter (U+FFFF)' },
        { index: 3, path: 'tags.1', message: 'contains a control character (U+007F)' },
        { index: 4, path: 'attributes.bad\x01name', message: 'attribute name contains a control character (U+0001)' },
      ],
    })
    const kept = customer({ segment: 'a\tb\nc\r\\N "q" \u{1f600} \u2028', attributes: { 'city name': 'Zürich' } })
    expect(parseBatch([kept], 100)).toEqual({ ok: true, events: [kept] })
  })

  it('textProblem: surrogates, control characters and noncharacters; tab, line breaks and pairs are text', () => {
    expect(['\ud800', 'a\udbff', '\udc00', 'x\udfffy', '\ude00\ud83d'].map(textProblem)).toEqual(Array(5).fill('contains a lone UTF-16 surrogate'))
    expect(textProblem('\0')).toBe('contains a control character (U+0000)')
    expect(textProblem('\x1b[31m')).toBe('contains a control character (U+001B)')
    expect(textProblem('\ufdd0')).toBe('contains a Unicode noncharacter (U+FDD0)')
    expect(textProblem('\u{10ffff}')).toBe('contains a Unicode noncharacter (U+10FFFF)')
    for (const ok of ['', 'plain', '\t\n\r', '\u{1f600}', '\u0085 C1 kept', '\ufeff', '\ufffd', 'é ß 中']) expect(textProblem(ok)).toBeUndefined()
  })
})
