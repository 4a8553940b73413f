/**
 * The fast validators must say exactly what the zod path says (toCandidate + the type's schema):
 * same verdict, same event, same issues, on generated rows mixing good and bad cells.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { EventType } from '@/lib/events/schema'
import { planHeader, type HeaderPlan } from './mapping'
import { FAST_TYPES, fastValidator, utcMillis } from './fast'
import { zodValidator } from './validate'
import { columnGenerators } from './cells.testkit'

const day = 24 * 3600 * 1000
const iso = (ms: number) => new Date(ms).toISOString()

const tsCell = fc.oneof(
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(Date.now() - 60_000), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-01-31T09:15:00Z', '2026-01-31T09:15+0100', '2026-01-31T09:15:00.123456789Z', '2024-02-29T00:00:00Z',
    '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-31 09:15:00', '1999-12-31T23:59:59Z', '2000-01-01T00:00:00Z',
    '2026-01-31T25:00:00Z', '2026-01-31T24:00:00Z', '2026-01-31T09:15:00+99:99', 'x'.repeat(41), '', 'yesterday',
    '2026-01-31T09:15:60Z', iso(Date.now() + 2 * day), iso(Date.now() + day / 2),
  ),
)
const idCell = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
  fc.constantFrom('', 'has space', 'x'.repeat(128), 'x'.repeat(129), 'é', 'a\\b', 'tab\there', '~!@#$%^&*()'),
)
const numCell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -2e9, max: 2e9 }).map(String),
  fc.integer({ min: -5, max: 20 }).map(String),
  fc.constantFrom('', '0', '-0', '1e9', '1000000000.0001', '1e999', '0x10', ' 5', '5 ', '1,5', 'abc', '.5', '5.', '-', '+3', 'NaN', 'Infinity'),
)
// CSV cells are decoded strict UTF-8, so no lone surrogate reaches a validator; control characters
// and noncharacters do, and must get the same verdict and message on both paths.
const textCell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', 'x'.repeat(128), 'x'.repeat(129), 'damaged box', 'nul\0', 'bell\x07', 'del\x7f', '\ufffe', 'tab\there', 'x'.repeat(129) + '\x01'),
)
const enumCell = (values: readonly string[]) => fc.oneof(fc.constantFrom(...values), fc.constantFrom('', 'other', 'STORE'))

const GENERATORS = columnGenerators({ ts: tsCell, id: idCell, num: numCell, text: textCell, oneOf: enumCell })

/** A header (some optional columns left out, maybe an event_id and a type column) and rows for it. */
function fileOf(type: EventType) {
  const gen = GENERATORS[type]
  const names = Object.keys(gen)
  return fc
    .record({
      keep: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
      withId: fc.boolean(),
      withType: fc.boolean(),
    })
    .chain(({ keep, withId, withType }) => {
      const plan0 = planHeader(type, names)
      if (!plan0.ok) throw new Error(plan0.error)
      const required = new Set(names.filter((n) => plan0.plan.columns.some((c) => c.spec.name === n && !c.spec.optional)))
      const header = names.filter((n, i) => keep[i] || required.has(n))
      if (withId) header.unshift('event_id')
      if (withType) header.push('type')
      const cells = header.map((h) => (h === 'event_id' ? idCell : h === 'type' ? fc.constantFrom('', type, 'sale', 'bogus') : gen[h]))
      return fc.tuple(fc.constant(header), fc.array(fc.tuple(...cells), { minLength: 1, maxLength: 20 }))
    })
}

const sortIssues = (issues: { path: string; message: string }[]) => [...issues].map((i) => `${i.path}: ${i.message}`).sort()

describe('fast validators agree with zod', () => {
  it('covers the high-volume types', () => {
    expect(FAST_TYPES.sort()).toEqual(Object.keys(GENERATORS).sort())
  })

  for (const type of Object.keys(GENERATORS) as EventType[]) {
    it(`${type}: same verdict, event and issues`, () => {
      fc.assert(
        fc.property(fileOf(type), ([header, rows]) => {
          const planned = planHeader(type, header)
          if (!planned.ok) throw new Error(planned.error)
          const plan: HeaderPlan = planned.plan
          const fast = fastValidator(plan)!
          const slow = zodValidator(plan)
          rows.forEach((row, i) => {
            const fields = [...row]
            const id = plan.hasEventId ? undefined : `csv-test-${i}`
            const a = fast(fields, id)
            const b = slow(fields, id)
            expect(a.ok).toBe(b.ok)
            if (a.ok && b.ok) expect(a.event).toStrictEqual(b.event)
            if (!a.ok && !b.ok) expect(sortIssues(a.issues)).toEqual(sortIssues(b.issues))
          })
        }),
        { numRuns: 400 },
      )
    })
  }

  it('also agree on hand-picked edge rows', () => {
    const planned = planHeader('sale', ['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price'])
    if (!planned.ok) throw new Error(planned.error)
    const fast = fastValidator(planned.plan)!
    const slow = zodValidator(planned.plan)
    const rows = [
      ['e1', '2026-01-31T09:15:00Z', 'S', 'L', 'store', '1', '0'],
      ['', '', '', '', '', '', ''],
      ['e2', '2026-02-30T10:00:00Z', 'S', 'L', 'store', '1e999', '-1'],
      ['e3', iso(Date.now() + day - 5_000), 'S', 'L', 'store', '1000000000', '1000000000'],
      ['e4', iso(Date.now() + day + 60_000), 'S', 'L', 'store', '1000000001', '1e9'],
    ]
    for (const r of rows) {
      const a = fast(r, undefined)
      const b = slow(r, undefined)
      expect(a.ok).toBe(b.ok)
      if (!a.ok && !b.ok) expect(sortIssues(a.issues)).toEqual(sortIssues(b.issues))
    }
    expect(fast(rows[0], undefined).ok).toBe(true)
    expect(fast(rows[3], undefined).ok).toBe(true)
    expect(fast(rows[4], undefined).ok).toBe(false)
  })
})

describe('utcMillis', () => {
  it('equals Date.parse wherever it answers', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), fc.boolean(), (d, withMs) => {
        const iso = d.toISOString()
        const s = withMs ? iso : iso.slice(0, 19) + 'Z'
        const ms = utcMillis(s)
        if (d.getUTCFullYear() >= 1970) expect(ms).toBe(Date.parse(s))
        else expect(ms).toBeNaN()
      }),
      { numRuns: 2000 },
    )
    for (const s of ['0050-01-01T00:00:00Z', '2026-01-31T24:00:00Z', '2026-01-31T09:60:00Z', '2026-01-31T09:15:00+01:00', '2026-01-31T09:15Z', '2026-01-31T09:15:00.1Z']) {
      expect(utcMillis(s)).toBeNaN()
    }
  })
})
