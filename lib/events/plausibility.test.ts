import { describe, expect, it } from 'vitest'
import { DEFAULT_BOUNDS, PlausibilityChecker, boundsOverrideSchema, describeViolation } from './plausibility'
import { loadConfig } from '../config'
import type { Event } from './schema'

const TS = '2026-01-31T09:15:00Z'
const sale = (qty: number, unit_price: number) => ({ type: 'sale', event_id: 'e1', ts: TS, sku: 'S', location: 'L', channel: 'store', qty, unit_price }) as Event

describe('plausibility', () => {
  const checker = new PlausibilityChecker()

  it('passes ordinary retail events', () => {
    expect(checker.check(sale(3, 12.99))).toEqual([])
    expect(checker.check({ type: 'promotion', event_id: 'p', ts: TS, promo_id: 'P', skus: ['S'], locations: [], channels: [], start: TS, end: '2026-02-07', discount_pct: 30 } as Event)).toEqual([])
  })

  it('flags the reported sale line: 1,000,000,000 units at 1,000,000,000', () => {
    const v = checker.check(sale(1e9, 1e9))
    expect(v.map((x) => x.rule)).toEqual(['sale.qty', 'sale.unit_price', 'sale.line_value'])
    expect(describeViolation(v[0])).toBe('sale.qty 1000000000 is above the plausible maximum 10000')
  })

  it('flags planned dates far away, deep discounts, and negative stock beyond the floor', () => {
    const po = { type: 'purchase_order', event_id: 'o', ts: TS, po_id: 'P', supplier: 'X', sku: 'S', location: 'L', qty: 5, ordered_at: TS, promised_at: '9999-01-01' } as Event
    expect(checker.check(po).map((x) => x.rule)).toEqual(['purchase_order.lead_days'])
    const promo = { type: 'promotion', event_id: 'p', ts: TS, promo_id: 'P', skus: ['S'], locations: [], channels: [], start: TS, end: '2026-02-07', discount_pct: 99 } as Event
    expect(checker.check(promo).map((x) => x.rule)).toEqual(['promotion.discount_pct'])
    const snap = { type: 'inventory_snapshot', event_id: 's', ts: TS, sku: 'S', location: 'L', on_hand: -5e6 } as Event
    expect(describeViolation(checker.check(snap)[0])).toBe('inventory_snapshot.on_hand -5000000 is below the plausible minimum -100000')
  })

  it('takes overrides from JSON over the defaults, null turning a rule off', () => {
    const bounds = boundsOverrideSchema.parse('{"sale.qty":{"max":1e10},"sale.unit_price":null,"sale.line_value":null,"ts.age_days":{"max":30}}')
    const c = new PlausibilityChecker(bounds)
    expect(c.check(sale(1e9, 1e9), Date.parse(TS))).toEqual([])
    expect(bounds['return.qty']).toEqual(DEFAULT_BOUNDS['return.qty'])
    // ts.age_days applies to every type
    expect(c.check(sale(1, 1), Date.parse(TS) + 40 * 86_400_000).map((x) => x.rule)).toEqual(['ts.age_days'])
  })

  it('refuses a bad PLAUSIBILITY_BOUNDS at start with a message naming the problem', () => {
    expect(() => loadConfig({ PLAUSIBILITY_BOUNDS: '{"sale.qtty":{"max":1}}' })).toThrow(/PLAUSIBILITY_BOUNDS.*unknown rule "sale.qtty"/s)
    expect(() => loadConfig({ PLAUSIBILITY_BOUNDS: 'max=5' })).toThrow(/PLAUSIBILITY_BOUNDS: must be a JSON object/)
    expect(() => loadConfig({ PLAUSIBILITY_BOUNDS: '{"sale.qty":{"min":5,"max":1}}' })).toThrow(/min must not be above max/)
    expect(() => loadConfig({ PLAUSIBILITY_BOUNDS: '{"sale.qty":{"maximum":5}}' })).toThrow(/PLAUSIBILITY_BOUNDS/)
    expect(loadConfig({}).PLAUSIBILITY_BOUNDS).toEqual(DEFAULT_BOUNDS)
  })

  it('writes each rule as SQL with the same bounds', () => {
    const sql = checker.sqlChecks('sale')
    expect(sql.map((s) => s.rule)).toEqual(['sale.qty', 'sale.unit_price', 'sale.line_value'])
    expect(sql[2].expr).toContain('(qty * unit_price) > 1000000')
  })
})
