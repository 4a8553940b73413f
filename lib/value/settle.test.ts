/**
 * Settlement rules, worked by hand (docs/value-settlement.md). Price 10, unit cost 6: margin 4 a
 * unit when units sell at the shelf price.
 */
import { describe, expect, it } from 'vitest'
import type { ActionRecord } from '@/lib/actions/types'
import { horizonDays, horizonEnd, onHandSeries, protectedUnits, settleAction, type PairDay, type PairOutcome } from './settle'

const DECIDED = '2026-11-01T10:00:00.000Z'
const CTX = { use_case: 'replenishment' as const, horizon_end: '2026-11-05', settled_at: '2026-12-01T00:00:00.000Z' }

function action(over: Partial<ActionRecord> = {}): ActionRecord {
  return {
    action_id: 'act-1', kind: 'reorder', alert_id: 'al-1', sku: 'SKU-1', location: 'S01', channel: 'store', supplier: 'SUP1', quantity: 10, cost: 60, value: 30,
    rule_version: 1, approved_by: { kind: 'rule', rule_version: 1 }, created_at: DECIDED, status: 'confirmed', attempts: 1, detail: '', updated_at: DECIDED, ...over,
  }
}

/** Days from 2026-11-01: [sold, on hand] each, sold at 10 a unit unless a price is given. */
function days(rows: [number, number | null][], price = 10): PairDay[] {
  return rows.map(([sold, on_hand], i) => ({ date: `2026-11-0${i + 1}`, sold, revenue: sold * price, on_hand }))
}

function outcome(rows: [number, number | null][], opening: number | null, received: { date: string; units: number }[], over: Partial<PairOutcome> = {}): PairOutcome {
  return { days: days(rows), opening_on_hand: opening, received, price: 10, unit_cost: 6, ...over }
}

describe('horizon', () => {
  it('reorder: arrival plus the cover the units buy, the cover capped at 28 days', () => {
    expect(horizonEnd(action(), { arrival: '2026-11-05', daily_demand: 2 })).toBe('2026-11-10') // 10 units / 2 a day = 5 days
    expect(horizonEnd(action({ quantity: 100 }), { arrival: '2026-11-05', daily_demand: 2 })).toBe('2026-12-03') // 50 days, capped at 28
    expect(horizonEnd(action(), {})).toBe('2026-12-06') // no promise: decision + 7, no demand: 28 days
    expect(horizonEnd(action({ kind: 'expedite', quantity: 9 }), { arrival: '2026-11-03', daily_demand: 2 })).toBe('2026-11-08') // ceil(4.5) = 5
  })
  it('transfer and reallocate: 28 days after arrival; markdown: season end or 28 days', () => {
    expect(horizonEnd(action({ kind: 'transfer' }), { arrival: '2026-11-03' })).toBe('2026-12-01')
    expect(horizonEnd(action({ kind: 'reallocate' }))).toBe('2026-11-29')
    expect(horizonEnd(action({ kind: 'markdown' }), { season_end: '2026-11-20' })).toBe('2026-11-20')
    expect(horizonEnd(action({ kind: 'markdown' }), { season_end: '2027-01-01' })).toBe('2026-11-29')
    expect(horizonEnd(action({ kind: 'markdown' }), { season_end: '2026-10-01' })).toBe('2026-11-29')
  })
  it('lists its days inclusive', () => {
    expect(horizonDays(DECIDED, '2026-11-03')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03'])
  })
})

describe('on hand', () => {
  it('works the opening back from the first snapshot and carries days without one by their sales and receipts', () => {
    // d0 sold 2 (no snapshot), d1 sold 1, on hand 7: opening 7 + 1 + 2 = 10, d0 ends at 8.
    const s = onHandSeries(outcome([[2, null], [1, 7], [3, null]], null, []))
    expect(s).toEqual({ opening: 10, eod: [8, 7, 4] })
  })
})

describe('reorder', () => {
  it('protects the sales that stock without its units could not have covered', () => {
    // Opening 5. Without the 10 units arriving on d2: 5 -> 3 -> 1; d2 sells 1 of 3 (2 lost), d3 loses 4, d4 loses 3: 9 lost <= 10 received.
    const o = outcome([[2, 3], [2, 1], [3, 8], [4, 4], [3, 1]], 5, [{ date: '2026-11-03', units: 10 }])
    expect(protectedUnits(o)).toEqual({ protected: 9, received: 10, stockout_anyway: false, min_on_hand: 1 })
    const s = settleAction(action(), o, CTX)
    expect(s.settled_value).toBe(36) // 9 x 4
    expect(s.outcome).toBe('stockout_prevented')
    expect(s.estimated_value).toBe(30)
  })
  it('counts only until other stock arrives', () => {
    // As above, and another PO of 5 on d3: the replay gets those 5 too; d3 sells 4 of them (cf 1), d4 sells 1 and loses 2: lost 2 + 0 + 2 = 4.
    const o = outcome([[2, 3], [2, 1], [3, 8], [4, 9], [3, 6]], 5, [{ date: '2026-11-03', units: 10 }])
    expect(settleAction(action(), o, CTX).settled_value).toBe(16)
  })
  it('a stockout that happened anyway: only the units sold before it, and said so', () => {
    // 2 units arrive on d2 and the pair ends the day at 0: without them d2 sells 1 of 3 (2 lost) -> 2 protected.
    const o = outcome([[2, 3], [2, 1], [3, 0], [0, 0]], 5, [{ date: '2026-11-03', units: 2 }])
    const s = settleAction(action({ quantity: 2 }), o, CTX)
    expect(s.settled_value).toBe(8)
    expect(s.outcome).toBe('stockout_not_prevented')
  })
  it('stock never came close: 0, not threatened', () => {
    const o = outcome([[2, 48], [2, 56], [2, 54]], 50, [{ date: '2026-11-02', units: 10 }])
    const s = settleAction(action(), o, CTX)
    expect(s.settled_value).toBe(0)
    expect(s.outcome).toBe('stockout_not_threatened')
  })
  it('uses the realised price for the margin', () => {
    // Sold at 9 a unit: margin 3, 9 units protected -> 27.
    const o = { ...outcome([[2, 3], [2, 1], [3, 8], [4, 4], [3, 1]], 5, [{ date: '2026-11-03', units: 10 }]) }
    o.days = o.days.map((d) => ({ ...d, revenue: d.sold * 9 }))
    expect(settleAction(action(), o, CTX).settled_value).toBe(27)
  })
})

describe('expedite', () => {
  it('the units would have come at their earlier promise: only the sales lost until then', () => {
    // Opening 2; 10 units arrive d1 instead of d3. Replay: d0 sells 1 (cf 1), d1 sells 1 loses 1, d2 loses 2, d3 gets the 10 and sells 2: 3 lost.
    const o = outcome([[1, 1], [2, 9], [2, 7], [2, 5]], 2, [{ date: '2026-11-02', units: 10 }], { counterfactual_arrival: '2026-11-04' })
    const s = settleAction(action({ kind: 'expedite' }), o, { ...CTX, use_case: 'supplier_delay' })
    expect(s.settled_value).toBe(12)
    expect(s.outcome).toBe('stockout_prevented')
  })
})

describe('transfer', () => {
  it('margin of the moved units sold at the destination, less the transfer cost', () => {
    // 10 arrive d1; the pair ends the horizon with 3: 7 of the moved units sold (last to sell), 9 sold since arrival. 7 x 4 - 5 = 23.
    const o = outcome([[1, 2], [3, 9], [4, 5], [2, 3]], 3, [{ date: '2026-11-02', units: 10 }])
    const s = settleAction(action({ kind: 'transfer', cost: 5 }), o, { ...CTX, use_case: 'transfers' })
    expect(s.settled_value).toBe(23)
    expect(s.outcome).toBe('units_sold')
  })
  it('moved units still on hand did not sell: minus the cost', () => {
    const o = outcome([[1, 2], [0, 12], [0, 12]], 3, [{ date: '2026-11-02', units: 10 }])
    const s = settleAction(action({ kind: 'transfer', cost: 5 }), o, CTX)
    expect(s.settled_value).toBe(-5)
    expect(s.outcome).toBe('units_unsold')
  })
})

describe('markdown', () => {
  it('margin at the marked price against the full price on the units expected at it', () => {
    // 4 days, 3 a day sold at 8 = 12 units x (8 - 6) = 24; 1 a day expected at full price: 4 x (10 - 6) = 16. 24 - 16 = 8.
    const o = { ...outcome([[3, 17], [3, 14], [3, 11], [3, 8]], 20, [], { baseline_daily_units: 1 }) }
    o.days = o.days.map((d) => ({ ...d, revenue: d.sold * 8 }))
    const s = settleAction(action({ kind: 'markdown', price: 8, cost: 0 }), o, { ...CTX, use_case: 'markdown' })
    expect(s.settled_value).toBe(8)
    expect(s.outcome).toBe('units_sold')
  })
})

describe('not executed', () => {
  it('a dead action settles as not_executed at 0', () => {
    const s = settleAction(action({ status: 'dead' }), null, CTX)
    expect(s).toMatchObject({ settled_value: 0, outcome: 'not_executed', estimated_value: 30 })
  })
})
