import { describe, expect, it } from 'vitest'
import { Scoreboard } from './forecast-eval'
import { meanOverOrigins, movingAverageForecast, sampleIndexes } from './forecast-score'

const f64 = (a: number[]) => Float64Array.from(a)

describe('28-day moving average', () => {
  it('averages the last known days before the origin, skipping unknown ones', () => {
    const y = f64([100, 1, 2, 3, 50, 4])
    const unknown = Uint8Array.from([0, 0, 0, 0, 1, 0])
    // window 3 before n = 6: days 5, 3, 2 (day 4 unknown) -> (4 + 3 + 2) / 3
    expect(Array.from(movingAverageForecast(y, unknown, 6, 2, 3))).toEqual([3, 3])
    // only days before n count
    expect(movingAverageForecast(y, unknown, 2, 1, 3)[0]).toBeCloseTo(50.5)
    expect(movingAverageForecast(y, Uint8Array.from([1, 1, 1, 1, 1, 1]), 6, 1)[0]).toBe(0)
  })
})

describe('mean over origins', () => {
  it('averages each origin\'s WAPE and bias (not the pooled ratio) by segment', () => {
    const a = new Scoreboard()
    a.add('m', 'fast', f64([10, 10]), f64([12, 12]), 1, 0) // WAPE 0.2, bias +0.2
    const b = new Scoreboard()
    b.add('m', 'fast', f64([100, 100]), f64([60, 60]), 1, 0) // WAPE 0.4, bias -0.4
    b.add('m', 'intermittent', f64([0, 2]), f64([1, 1]), 2, 0) // WAPE 1, bias 0
    const fast = meanOverOrigins([a, b], 'm', 'fast')
    expect(fast.wape).toBeCloseTo(0.3)
    expect(fast.bias).toBeCloseTo(-0.1)
    expect(fast.origins).toBe(2)
    expect(fast.series).toBe(2)
    // MASE: mean |e| / scale per series, mean over series, then over origins: (2 + 40) / 2
    expect(fast.mase).toBeCloseTo(21)
    // a segment present in one origin only averages over that one
    const inter = meanOverOrigins([a, b], 'm', 'intermittent')
    expect(inter.origins).toBe(1)
    expect(inter.wape).toBeCloseTo(1)
    expect(inter.mase).toBeCloseTo(0.5)
    // 'all' of origin b pools its segments: |e| 80 + 2 over actual 202
    expect(meanOverOrigins([b], 'm').wape).toBeCloseTo(82 / 202)
    expect(Number.isNaN(meanOverOrigins([a], 'other').wape)).toBe(true)
  })
})

describe('sample indexes', () => {
  it('takes every k-th index, at most size of them, all when size >= count', () => {
    expect(sampleIndexes(5, 10)).toEqual([0, 1, 2, 3, 4])
    expect(sampleIndexes(10, 3)).toEqual([0, 3, 6])
  })
})
