import { describe, expect, it } from 'vitest'
import { minMaxLevels, minMaxPolicy, roundToPack } from './policy'
import type { PolicyState } from './policy'
import type { LocationInfo, ProductInfo } from './types'

const product = { casePack: 12, moq: 24 } as ProductInfo
const site = {} as LocationInfo
const state = (over: Partial<PolicyState>): PolicyState => ({
  day: 0, date: '2025-01-01', dow: 2, sku: 0, location: 1, product, site, onHand: 0, onOrder: 0, inTransit: 0, position: 0, outflowToday: 0,
  avgDailyOutflow: 0, nominalDailyRate: 2, leadTimeDays: 1, replenishedBy: 'transfer', parent: 0, supplier: 0, price: 1, ...over,
})

describe('roundToPack', () => {
  it('rounds up to whole case packs and at least the MOQ', () => {
    expect(roundToPack(1, 12, 24)).toBe(24)
    expect(roundToPack(25, 12, 24)).toBe(36)
    expect(roundToPack(36, 12, 1)).toBe(36)
    expect(roundToPack(5, 1, 1)).toBe(5)
    expect(roundToPack(0, 6, 1)).toBe(6)
  })
})

describe('baseline min-max', () => {
  it('computes store levels from days of nominal demand (rate 2/day: min 8, max 20)', () => {
    expect(minMaxLevels(state({}))).toEqual({ min: 8, max: 20 })
    // Slow movers keep at least one unit, and max above min.
    expect(minMaxLevels(state({ nominalDailyRate: 0.05 }))).toEqual({ min: 1, max: 2 })
  })

  it('computes DC levels from lead time + safety, plus one order cycle (rate 10, lead 5: min 120, max 260)', () => {
    expect(minMaxLevels(state({ nominalDailyRate: 10, leadTimeDays: 5, replenishedBy: 'supplier', parent: -1 }))).toEqual({ min: 120, max: 260 })
  })

  it('asks the parent DC for a transfer up to max when position <= min, else nothing', () => {
    const p = minMaxPolicy()
    expect(p.decide(state({ onHand: 9, position: 9 }))).toBeNull()
    expect(p.decide(state({ onHand: 3, onOrder: 0, inTransit: 5, position: 8 }))).toEqual({ kind: 'transfer', from: 0, qty: 12 })
  })

  it('orders from the supplier in case packs for a DC', () => {
    const p = minMaxPolicy()
    const s = state({ nominalDailyRate: 10, leadTimeDays: 5, replenishedBy: 'supplier', parent: -1, onHand: 100, position: 100 })
    // up to 260: 160 -> 14 cases of 12 = 168
    expect(p.decide(s)).toEqual({ kind: 'order', qty: 168 })
  })
})
