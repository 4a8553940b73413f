import { describe, expect, it } from 'vitest'
import { biasDirection, maseFromTotals, segmentAccuracy, type SegmentBlockRow } from './accuracy'

const row = (segment: string, week_end: string, abs_error: number, error: number, actual: number, naive_abs: number): SegmentBlockRow => ({
  segment, week_end, abs_error, error, actual, forecast: actual + error, naive_abs, n: 14,
})

describe('segmentAccuracy', () => {
  it('totals the blocks, then takes the ratios once', () => {
    const rows = [
      row('Dairy', '2026-01-14', 30, -30, 150, 40),
      row('Dairy', '2026-01-07', 20, 10, 100, 40),
      row('Bakery', '2026-01-14', 5, 0, 400, 0),
    ]
    const [bakery, dairy] = segmentAccuracy(rows)
    // Dairy: sum |A-F| 50, sum (F-A) -20, sum A 250, naive 80 -> WAPE .2, bias -.08, MASE .625
    expect(dairy.segment).toBe('Dairy')
    expect(dairy.wape).toBeCloseTo(0.2, 12)
    expect(dairy.bias).toBeCloseTo(-0.08, 12)
    expect(dairy.mase).toBeCloseTo(0.625, 12)
    expect(dairy.actual).toBe(250)
    expect(dairy.forecast).toBe(230)
    expect(dairy.n).toBe(28)
    // weeks oldest first: 20/100 = .2, 10/100 = .1, 20/40 = .5; then 30/150 = .2, -30/150 = -.2, 30/40 = .75
    expect(dairy.weeks.map((w) => [w.week_end, w.wape, w.bias, w.mase])).toEqual([
      ['2026-01-07', 0.2, 0.1, 0.5],
      ['2026-01-14', 0.2, -0.2, 0.75],
    ])
    expect(dairy.drift.judged).toBe(false)
    // Bakery sold more, so it comes first; its naive scale is 0: MASE undefined, not 0
    expect(bakery.segment).toBe('Bakery')
    expect(bakery.wape).toBeCloseTo(5 / 400, 12)
    expect(bakery.mase).toBeNaN()
  })

  it('MASE and bias direction', () => {
    expect(maseFromTotals({ abs_error: 3, naive_abs: 4 })).toBe(0.75)
    expect(maseFromTotals({ abs_error: 3, naive_abs: 0 })).toBeNaN()
    expect(biasDirection(0.05)).toBe('over-forecast')
    expect(biasDirection(-0.05)).toBe('under-forecast')
    expect(biasDirection(0.01)).toBe('unbiased')
    expect(biasDirection(NaN)).toBe('unknown')
  })
})
