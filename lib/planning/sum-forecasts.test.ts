import { describe, expect, it } from 'vitest'
import { sumForecasts } from './sum-forecasts'

describe('sumForecasts', () => {
  it('adds means and the interval distances in quadrature (independent errors)', () => {
    // Day 0: means 4 + 10 = 14; below sqrt(3^2 + 4^2) = 5 -> 9; above sqrt(4^2 + 3^2) = 5 -> 19.
    // Day 1: means 2 + 6 = 8; below sqrt(2^2 + 6^2) = 6.324555 -> 1.675445; above sqrt(1 + 1) = 1.414214 -> 9.414214.
    const out = sumForecasts([
      { start_date: '2026-12-07', mean: [4, 2], lower: [1, 0], upper: [8, 3] },
      { start_date: '2026-12-07', mean: [10, 6], lower: [6, 0], upper: [13, 7] },
    ])
    expect(out.map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08'])
    expect(out[0]).toEqual({ date: '2026-12-07', mean: 14, band: [9, 19] })
    expect(out[1].mean).toBe(8)
    expect(out[1].band[0]).toBeCloseTo(1.675445, 6)
    expect(out[1].band[1]).toBeCloseTo(9.414214, 6)
  })

  it('is the forecast itself for one series; bounds at 0 stay non-negative when summed', () => {
    expect(sumForecasts([{ start_date: '2026-12-07', mean: [1], lower: [0], upper: [3] }])).toEqual([{ date: '2026-12-07', mean: 1, band: [0, 3] }])
    // Two series at mean 1, lower 0: below sqrt(1 + 1) = 1.414214 -> 2 - 1.414214 = 0.585786 (never under 0: sqrt of a sum of squares <= the sum).
    expect(sumForecasts([
      { start_date: '2026-12-07', mean: [1], lower: [0], upper: [2] },
      { start_date: '2026-12-07', mean: [1], lower: [0], upper: [2] },
    ])[0].band[0]).toBeCloseTo(2 - Math.SQRT2, 9)
  })

  it('aligns by date from the newest start: an older forecast contributes its later days only', () => {
    const out = sumForecasts([
      { start_date: '2026-12-07', mean: [5, 5], lower: [5, 5], upper: [5, 5] },
      { start_date: '2026-12-06', mean: [1, 2, 3], lower: [1, 2, 3], upper: [1, 2, 3] },
    ])
    expect(out).toEqual([
      { date: '2026-12-07', mean: 7, band: [7, 7] },
      { date: '2026-12-08', mean: 8, band: [8, 8] },
    ])
  })

  it('is empty without forecasts', () => {
    expect(sumForecasts([])).toEqual([])
  })
})
