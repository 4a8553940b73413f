import { describe, expect, it } from 'vitest'
import { markCycles, NO_DAY, stateAfter, type CycleState } from './cycles'

const row = (date: string, p: { demand?: number; lost?: number; receipts?: number; use_case?: string; location?: string } = {}) => ({
  date, sku: 'K', location: p.location ?? 'S', policy: 'baseline' as const, demand: p.demand ?? 2, lost: p.lost ?? 0, receipts: p.receipts ?? 0, use_case: p.use_case ?? '',
})

/** Cycles cut at a period starting on `from`, counted as the report does: pair-days with demand (lost) whose previous one in the cycle is before `from`. */
const count = (rows: ReturnType<typeof markCycles<ReturnType<typeof row>>>, from: string) => {
  const days = new Map(rows.filter((r) => r.date >= from).map((r) => [`${r.location}|${r.date}`, r]))
  const v = [...days.values()]
  return { cycles: v.filter((r) => r.demand > 1e-9 && r.prev_demand_day < from).length, stockout: v.filter((r) => r.lost > 1e-9 && r.prev_lost_day < from).length }
}

describe('cycle marks', () => {
  // The hand example of tests/integration/value-sim.test.ts: 1st served (cycle 0); receipt on the 2nd;
  // 3rd split between two use cases, lost 1; 4th served; receipt on the 5th, served; 6th served;
  // receipt on the 7th without demand. A DC with a receipt and no demand.
  const states = new Map<string, CycleState>()
  const days = [
    [row('2025-01-01', { demand: 1 })],
    [row('2025-01-02', { receipts: 1 }), row('2025-01-02', { location: 'DC', demand: 0, receipts: 1 })],
    [row('2025-01-03', { lost: 1, use_case: 'transfers' }), row('2025-01-03', { lost: 1, use_case: 'replenishment' })],
    [row('2025-01-04')],
    [row('2025-01-05', { receipts: 1 })],
    [row('2025-01-06')],
    [row('2025-01-07', { demand: 0, receipts: 1 })],
  ]
  const marked = days.flatMap((d) => markCycles(d, states))
  const at = (date: string, location = 'S') => marked.filter((r) => r.date === date && r.location === location)

  it('a receipt starts a cycle: no earlier demand or loss in it', () => {
    expect(at('2025-01-01')[0]).toMatchObject({ prev_demand_day: NO_DAY, prev_lost_day: NO_DAY })
    expect(at('2025-01-02')[0]).toMatchObject({ prev_demand_day: NO_DAY, prev_lost_day: NO_DAY })
    expect(at('2025-01-04')[0]).toMatchObject({ prev_demand_day: '2025-01-03', prev_lost_day: '2025-01-03' })
    expect(at('2025-01-06')[0]).toMatchObject({ prev_demand_day: '2025-01-05', prev_lost_day: NO_DAY })
  })

  it('a split pair-day: every row the same marks, the state moved once', () => {
    expect(at('2025-01-03').map((r) => [r.prev_demand_day, r.prev_lost_day])).toEqual([['2025-01-02', NO_DAY], ['2025-01-02', NO_DAY]])
  })

  it('counts as worked by hand: 3 cycles with demand, 1 stock-out; from the 3rd: 2 and 1 (cut at the edge)', () => {
    expect(count(marked.filter((r) => r.location === 'S'), '2025-01-01')).toEqual({ cycles: 3, stockout: 1 })
    expect(count(marked.filter((r) => r.location === 'S'), '2025-01-03')).toEqual({ cycles: 2, stockout: 1 })
    // From the 4th: the cycle begun on the 2nd still has demand (the 4th) but lost nothing after the 3rd.
    expect(count(marked.filter((r) => r.location === 'S'), '2025-01-04')).toEqual({ cycles: 2, stockout: 0 })
    expect(count(marked.filter((r) => r.location === 'DC'), '2025-01-01')).toEqual({ cycles: 0, stockout: 0 })
  })

  it('the state after a day restores a recorder: the same marks follow', () => {
    const restored = new Map<string, CycleState>([['baseline|K|S', stateAfter(at('2025-01-03')[0], at('2025-01-03')[0])]])
    expect(markCycles([row('2025-01-04')], restored)[0]).toMatchObject({ prev_demand_day: '2025-01-03', prev_lost_day: '2025-01-03' })
  })
})
