/**
 * The byte check (scan.ts) may only accept rows the string validators accept (fast.ts, and zod,
 * which fast.test.ts ties it to): checked on generated rows mixing good and bad cells. It should
 * also accept the usual rows, or the byte path would never be taken.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { EventType } from '@/lib/events/schema'
import { planHeader } from './mapping'
import { fastValidator } from './fast'
import { zodValidator } from './validate'
import { RowChecker, byteRowPlan } from './scan'
import { ByteInterner } from './byte-intern'
import { columnGenerators } from './cells.testkit'

const day = 24 * 3600 * 1000
const iso = (ms: number) => new Date(ms).toISOString()

const tsCell = fc.oneof(
  fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date(Date.now() + 3 * day), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(Date.now()), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19) + 'Z'),
  fc.constantFrom(
    '2026-01-31T09:15:00Z', '2026-01-31T09:15+0100', '2026-01-31T09:15:00.123456789Z', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z',
    '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-00T00:00:00Z', '2026-01-31 09:15:00', '1999-12-31T23:59:59Z',
    '2000-01-01T00:00:00Z', '2026-01-31T25:00:00Z', '2026-01-31T24:00:00Z', '2026-01-31T09:15:00+99:99', 'x'.repeat(41), '', 'yesterday',
    '2026-01-31T09:15:60Z', '2026-01-31T09:60:00Z', '2026-01-31T09:15:00.1Z', '2026-01-31T09:15:00.12aZ', '2026-01-31t09:15:00Z',
    iso(Date.now() + 2 * day), iso(Date.now() + day / 2), iso(Date.now() + day - 1000),
  ),
)
const idCell = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
  fc.stringMatching(/^[\x20-\x7e]{0,6}$/),
  fc.constantFrom('', 'has space', 'x'.repeat(128), 'x'.repeat(129), 'a\\b', 'tab\there', '~!@#$%^&*()', "it's", 'a"b', '\\N', 'NULL'),
)
const numCell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -2e9, max: 2e9 }).map(String),
  fc.integer({ min: -5, max: 20 }).map(String),
  fc.integer({ min: 0, max: 10_000 }).map((c) => (c / 100).toFixed(2)),
  fc.constantFrom(
    '', '0', '00', '007', '0.0', '0.00', '-0', '1e9', '1000000000', '1000000000.0', '1000000000.0001', '999999999.9999', '1e999', '0x10',
    ' 5', '5 ', 'abc', '.5', '5.', '-', '+3', 'NaN', 'Infinity', '123456789012345', '1234567890123456', '0.000000000001',
  ),
)
const textCell = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,20}$/), fc.constantFrom('', 'x'.repeat(128), 'x'.repeat(129), 'damaged box', ' lead', 'trail ', 'a\\b'))
const enumCell = (values: readonly string[]) => fc.oneof(fc.constantFrom(...values), fc.constantFrom('', 'other', 'STORE', 'store '))

const GENERATORS = columnGenerators({ ts: tsCell, id: idCell, num: numCell, text: textCell, oneOf: enumCell })

function fileOf(type: EventType) {
  const gen = GENERATORS[type]
  const names = Object.keys(gen)
  return fc
    .record({ keep: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }), withType: fc.boolean() })
    .chain(({ keep, withType }) => {
      const plan0 = planHeader(type, names)
      if (!plan0.ok) throw new Error(plan0.error)
      const required = new Set(names.filter((n) => plan0.plan.columns.some((c) => c.spec.name === n && !c.spec.optional)))
      const header = names.filter((n, i) => keep[i] || required.has(n))
      if (withType) header.push('type')
      const cells = header.map((h) => (h === 'type' ? fc.constantFrom('', type, 'sale', 'bogus') : gen[h]))
      return fc.tuple(fc.constant(header), fc.array(fc.tuple(...cells), { minLength: 1, maxLength: 20 }))
    })
}

const bytesOf = (s: string) => Buffer.from(s, 'latin1')

describe('byte row check', () => {
  for (const type of Object.keys(GENERATORS) as EventType[]) {
    it(`${type}: accepts only rows the string validators accept`, () => {
      let accepted = 0
      fc.assert(
        fc.property(fileOf(type), ([header, rows]) => {
          const planned = planHeader(type, header)
          if (!planned.ok) throw new Error(planned.error)
          const checker = new RowChecker(byteRowPlan(planned.plan)!)
          const fast = fastValidator(planned.plan)!
          const zod = zodValidator(planned.plan)
          rows.forEach((row, i) => {
            // a row of a file without quotes: no cell holds a comma, quote or line break
            if (row.some((c) => /[",\r\n]/.test(c))) return
            const line = bytesOf(row.join(','))
            if (!checker.check(line, 0, line.length)) return
            accepted++
            const id = `csv-test-${i}`
            const a = fast([...row], id)
            expect(a.ok, `${header.join(',')}\n${row.join(',')}`).toBe(true)
            expect(zod([...row], id).ok).toBe(true)
            if (a.ok && 'ts' in a.event) expect(checker.tsMs).toBe(Date.parse(a.event.ts))
          })
        }),
        { numRuns: 600 },
      )
      // generated rows are mostly bad somewhere; the usual rows are checked below
      expect(accepted).toBeGreaterThan(10)
    })
  }

  it('accepts a usual row of each type, as the string validator does', () => {
    const ts = '2026-01-31T09:15:00Z'
    const usual: Record<string, [string, string]> = {
      sale: ['ts,sku,location,channel,qty,unit_price,promo_id', `${ts},SKU-1,S01,store,2,3.50,`],
      return: ['ts,sku,location,qty,reason,condition,channel,unit_price', `${ts},SKU-1,S01,1,damaged box,damaged,ecommerce,12.99`],
      inventory_snapshot: ['ts,sku,location,on_hand,reserved', `${ts}.250Z`.replace('Z.250Z', '.250Z') + ',SKU-1,DC-1,120,4'],
      inventory_movement: ['ts,sku,location,kind,qty,ref', `${ts},SKU-1,S01,receipt,24,PO-7`],
      price_change: ['ts,sku,kind,price,location', `${ts},SKU-1,markdown,0.99,`],
    }
    for (const [type, [header, row]] of Object.entries(usual)) {
      const planned = planHeader(type as EventType, header.split(','))
      if (!planned.ok) throw new Error(planned.error)
      const checker = new RowChecker(byteRowPlan(planned.plan)!)
      expect(checker.check(bytesOf(row), 0, row.length), `${type}: ${row}`).toBe(true)
      expect(fastValidator(planned.plan)!(row.split(','), 'csv-x').ok).toBe(true)
    }
  })

  it('accepts the usual rows, refuses what ClickHouse would read otherwise, and checks the field count', () => {
    const planned = planHeader('sale', ['ts', 'sku', 'location', 'channel', 'qty', 'unit_price', 'customer_id', 'type'])
    if (!planned.ok) throw new Error(planned.error)
    const checker = new RowChecker(byteRowPlan(planned.plan)!)
    const ok = (s: string) => checker.check(bytesOf(s), 0, s.length)
    expect(ok('2026-01-31T09:15:00Z,SKU-1,S01,store,2,3.50,C-77,sale')).toBe(true)
    expect(ok('2026-01-31T09:15:00.123Z,SKU-1,S01,ecommerce,1,12,,')).toBe(true)
    expect(ok('2026-01-31T09:15:00Z,SKU-1,S01,store,2,3.50,C-77')).toBe(false) // 7 fields
    expect(ok('2026-01-31T09:15:00Z,SKU-1,S01,store,2,3.50,C-77,sale,x')).toBe(false) // 9 fields
    expect(ok('2026-01-31T09:15:00Z,SKU-1,S01,store,2,3.50,\\N,')).toBe(false) // NULL to ClickHouse
    expect(ok('2026-01-31T09:15:00Z,SKU-1,S01,store,2,1e3,,')).toBe(false) // valid, but not plain
    expect(ok('2026-01-31T09:15:00Z,SKU-1,S01,store,007,1,,')).toBe(false) // valid, leading zero
    expect(ok('2026-01-31T09:15:00+01:00,SKU-1,S01,store,1,1,,')).toBe(false) // valid, another layout
  })
})

describe('ByteInterner', () => {
  it('gives one entry per distinct byte string, through growth', () => {
    const t = new ByteInterner()
    const ids = new Map<string, number>()
    for (let i = 0; i < 5000; i++) {
      const s = `SKU-${(i * 7919) % 1500}`
      const b = bytesOf(s)
      let h = 0x811c9dc5 | 0
      for (const c of b) h = Math.imul(h ^ c, 16777619)
      const e = t.intern(b, 0, b.length, h)
      if (ids.has(s)) expect(e).toBe(ids.get(s))
      else ids.set(s, e)
      expect(t.strings[e]).toBe(s)
    }
    expect(t.size).toBe(1500)
  })
})
