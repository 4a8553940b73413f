import { describe, expect, it } from 'vitest'
import type { PairDayOutcome } from '@/lib/value/types'
import { RunFigures, summary } from './value-figures'

const row = (o: Partial<PairDayOutcome>): PairDayOutcome => ({
  date: '2026-01-01', sku: 'S1', location: 'L1', policy: 'stockpulse', use_case: 'replenishment', weight: 1,
  demand: 0, sold: 0, lost: 0, revenue: 0, cogs: 0, lost_margin: 0, inventory_units: 0, inventory_cost: 0, carrying_cost: 0,
  expedite_cost: 0, transfer_cost: 0, markdown_cost: 0, writeoff_cost: 0, receipts: 0, ...o,
})

describe('bench:value figures', () => {
  it('sums weighted rows by use case and overall, and derives fill rate, average inventory and turns', () => {
    const f = new RunFigures()
    // Day 1: a pair split 3:1 between replenishment and transfers; 10 demanded, 8 sold, cost 4 each.
    f.addDay([
      row({ weight: 0.75, demand: 10, sold: 8, lost: 2, cogs: 32, lost_margin: 6, inventory_cost: 200, carrying_cost: 200 * 0.25 / 365 }),
      row({ weight: 0.25, use_case: 'transfers', demand: 10, sold: 8, lost: 2, cogs: 32, lost_margin: 6, inventory_cost: 200, carrying_cost: 200 * 0.25 / 365 }),
    ])
    // Day 2: the same pair, replenishment's alone: 5 demanded, all sold; inventory 180 at cost.
    f.addDay([row({ demand: 5, sold: 5, cogs: 20, inventory_cost: 180, markdown_cost: 3 })])
    const r = f.byUseCase.get('replenishment')!
    // 0.75 x 10 + 5 = 12.5 demanded; 0.75 x 8 + 5 = 11 sold; lost 1.5; inventory 150 + 180 = 330.
    expect(r.demand).toBeCloseTo(12.5, 9)
    expect(r.sold).toBeCloseTo(11, 9)
    expect(r.lost).toBeCloseTo(1.5, 9)
    expect(f.byUseCase.get('transfers')!.lost).toBeCloseTo(0.5, 9)
    const all = summary(f.overall, f.days)
    // Overall: 15 demanded, 13 sold: fill 13/15; lost 2, margin 6; inventory (200 + 180) / 2 = 190;
    // COGS 52 over 2 days = 26 a day, x 365 = 9,490 a year, / 190 = 49.947 turns; markdown 3.
    expect(all.fillRate).toBeCloseTo(13 / 15, 9)
    expect(all.lost).toBeCloseTo(2, 9)
    expect(all.lostMargin).toBeCloseTo(6, 9)
    expect(all.avgInventory).toBeCloseTo(190, 9)
    expect(all.turns).toBeCloseTo(9490 / 190, 9)
    expect(all.markdown).toBeCloseTo(3, 9)
  })

  it('has no fill rate without demand and no turns without inventory', () => {
    const s = summary(new RunFigures().overall, 0)
    expect(Number.isNaN(s.fillRate)).toBe(true)
    expect(Number.isNaN(s.turns)).toBe(true)
  })
})
