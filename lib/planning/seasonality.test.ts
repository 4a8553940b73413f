import { describe, expect, it } from 'vitest'
import { addCategoryTotals, categoryYearlyLogs, SEASONALITY_LOOKBACK_DAYS } from './seasonality'

const M = SEASONALITY_LOOKBACK_DAYS
const WINDOW = 140

/** 100 a day, 200 on the days one and two seasonal years (364 days) before window days [112, 140). */
function peakedTotals(): Float64Array {
  const total = new Float64Array(M).fill(100)
  for (const back of [364, 728]) for (let t = 112; t < 140; t++) if (M + t - back >= 0 && M + t - back < M) total[M + t - back] = 200
  return total
}

describe('categoryYearlyLogs', () => {
  it('gives the forecast days the season seen in earlier years, and flat days about 1', () => {
    const logs = categoryYearlyLogs(new Map([['Toys', peakedTotals()]]), M, WINDOW).get('Toys')!
    const factor = (t: number) => Math.exp(logs[t])
    // Inside the peak (away from its edges, where the 7-day smoothing blurs it): about 2x the level.
    for (let t = 116; t < 136; t++) expect(factor(t)).toBeGreaterThan(1.7)
    // Elsewhere a little below 1: the peaks lift the yearly level the index is relative to.
    for (let t = 20; t < 90; t++) {
      expect(factor(t)).toBeGreaterThan(0.85)
      expect(factor(t)).toBeLessThan(1)
    }
  })

  it('leaves out a category without seasonality (index 1 everywhere)', () => {
    expect(categoryYearlyLogs(new Map([['Flat', new Float64Array(M).fill(50)]]), M, WINDOW).has('Flat')).toBe(false)
  })

  it('gives nothing without history (a new install)', () => {
    expect(categoryYearlyLogs(new Map([['Empty', new Float64Array(M)]]), M, WINDOW).size).toBe(0)
  })
})

describe('addCategoryTotals', () => {
  it('sums series per category and day, leaving out series without a category', () => {
    const into = new Map<string, Float64Array>()
    // three series over 2 days: A, B, unknown
    addCategoryTotals(into, ['A', 'B'], Int32Array.from([0, 1, -1]), Float64Array.from([1, 2, 10, 20, 100, 200]), 2)
    addCategoryTotals(into, ['A', 'B'], Int32Array.from([0]), Float64Array.from([3, 4]), 2)
    expect([...into.get('A')!]).toEqual([4, 6])
    expect([...into.get('B')!]).toEqual([10, 20])
    expect(into.size).toBe(2)
  })
})
