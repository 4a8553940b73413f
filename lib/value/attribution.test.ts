import { describe, expect, it } from 'vitest'
import { attribute, Attribution, horizonDays, split, type AttributedDecision } from './attribution'
import type { PairDayFigures } from './outcomes'

const d = (p: Partial<AttributedDecision>): AttributedDecision => ({ use_case: 'replenishment', sku: 'A', locations: ['S1'], day: 10, value: 0, horizon_days: 28, ...p })

describe('horizonDays', () => {
  it('orders: lead time plus 14 days of cover, 28 unknown; transfers 28; markdowns to season end', () => {
    expect(horizonDays('reorder', { leadDays: 9.2 })).toBe(24)
    expect(horizonDays('expedite')).toBe(28)
    expect(horizonDays('transfer')).toBe(28)
    expect(horizonDays('markdown', { daysToSeasonEnd: 40 })).toBe(40)
    expect(horizonDays('markdown', { daysToSeasonEnd: 0 })).toBe(1)
    expect(horizonDays('markdown', { daysToSeasonEnd: null })).toBe(28)
  })
})

describe('split', () => {
  it('in proportion to estimated value per use case', () => {
    // transfers 30 + 10 = 40, markdown 60: 0.4 / 0.6
    expect(split([{ use_case: 'transfers', value: 30 }, { use_case: 'markdown', value: 60 }, { use_case: 'transfers', value: 10 }])).toEqual([
      { use_case: 'transfers', weight: 0.4 },
      { use_case: 'markdown', weight: 0.6 },
    ])
  })
  it('equal when all are 0; negative counts 0; a use case at 0 beside a valued one is left out', () => {
    expect(split([{ use_case: 'transfers', value: 0 }, { use_case: 'markdown', value: -5 }])).toEqual([
      { use_case: 'transfers', weight: 0.5 },
      { use_case: 'markdown', weight: 0.5 },
    ])
    expect(split([{ use_case: 'transfers', value: 0 }, { use_case: 'markdown', value: 5 }])).toEqual([{ use_case: 'markdown', weight: 1 }])
  })
})

describe('Attribution', () => {
  const a = new Attribution([
    d({ use_case: 'transfers', locations: ['S2', 'DC'], day: 10, value: 30, horizon_days: 28 }),
    d({ use_case: 'supplier_delay', locations: ['S2'], day: 20, value: 90, horizon_days: 5 }),
    d({ use_case: 'markdown', locations: null, day: 30, value: 10, horizon_days: 3 }),
  ])
  it('untouched pair-days are replenishment', () => {
    expect(a.weights(5, 'A', 'S2')).toEqual([{ use_case: 'replenishment', weight: 1 }])
    expect(a.weights(10, 'B', 'S2')).toEqual([{ use_case: 'replenishment', weight: 1 }])
    expect(a.weights(39, 'A', 'S2')).toEqual([{ use_case: 'replenishment', weight: 1 }])
  })
  it('the horizon runs from the day applied to day + horizon, both pairs of a transfer', () => {
    expect(a.weights(10, 'A', 'DC')).toEqual([{ use_case: 'transfers', weight: 1 }])
    expect(a.weights(38, 'A', 'S2')).toEqual([{ use_case: 'transfers', weight: 1 }])
  })
  it('overlapping use cases split by value: 30 against 90', () => {
    expect(a.weights(22, 'A', 'S2')).toEqual([
      { use_case: 'transfers', weight: 0.25 },
      { use_case: 'supplier_delay', weight: 0.75 },
    ])
  })
  it('a chain-wide markdown touches every location of its SKU, beside what else is live there', () => {
    expect(a.weights(31, 'A', 'S9')).toEqual([{ use_case: 'markdown', weight: 1 }])
    expect(a.weights(31, 'A', 'S2')).toEqual([
      { use_case: 'transfers', weight: 0.75 },
      { use_case: 'markdown', weight: 0.25 },
    ])
    expect(a.weights(34, 'A', 'S9')).toEqual([{ use_case: 'replenishment', weight: 1 }])
  })
  it('attribute: one row per use case, weights summing to 1, figures unchanged', () => {
    const fig: PairDayFigures = {
      date: '2025-01-23', sku: 'A', location: 'S2', demand: 8, sold: 6, lost: 2, revenue: 60, cogs: 24, lost_margin: 12, inventory_units: 3,
      inventory_cost: 12, carrying_cost: 0.01, expedite_cost: 0, transfer_cost: 0, markdown_cost: 0, writeoff_cost: 0, receipts: 0,
    }
    const rows = attribute([fig, { ...fig, location: 'S1' }], 22, 'baseline', a)
    expect(rows.map((r) => [r.location, r.use_case, r.weight, r.policy])).toEqual([
      ['S2', 'transfers', 0.25, 'baseline'],
      ['S2', 'supplier_delay', 0.75, 'baseline'],
      ['S1', 'replenishment', 1, 'baseline'],
    ])
    expect(rows.reduce((s, r) => s + r.weight * r.revenue, 0)).toBe(120)
  })
})
