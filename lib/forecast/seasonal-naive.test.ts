import { describe, expect, it } from 'vitest'
import { seasonalNaiveForecast, seasonalNaiveInSample, seasonalNaiveSd } from './seasonal-naive'

describe('seasonal naive', () => {
  it('repeats the last week', () => {
    const y = Float64Array.from([9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7])
    expect(Array.from(seasonalNaiveForecast(y, new Uint8Array(14), 14, 9))).toEqual([1, 2, 3, 4, 5, 6, 7, 1, 2])
  })

  it('reaches back to the last clean same weekday when a day is censored', () => {
    const y = Float64Array.from([9, 8, 9, 9, 9, 9, 9, 1, 0, 3, 4, 5, 6, 7])
    const skip = new Uint8Array(14)
    skip[8] = 1 // stockout: the value 0 is not demand; use 8 from the week before
    expect(Array.from(seasonalNaiveForecast(y, skip, 14, 3))).toEqual([1, 8, 3])
  })

  it('in-sample error and interval growth', () => {
    // pairs (t, t-7): |2-1| |2-2| |4-3| |4-4| -> mae 0.5, rmse sqrt(2/4) = 0.707107
    const y = Float64Array.from([1, 2, 3, 4, 0, 0, 0, 2, 2, 4, 4])
    const e = seasonalNaiveInSample(y, new Uint8Array(11), 0, 11)
    expect(e.n).toBe(4)
    expect(e.mae).toBeCloseTo(0.5, 12)
    expect(e.rmse).toBeCloseTo(0.707107, 6)
    // sigma_h = sigma sqrt(floor((h - 1) / 7) + 1): h = 7 -> sigma, h = 8 -> sigma sqrt 2
    expect(seasonalNaiveSd(2, 7)).toBe(2)
    expect(seasonalNaiveSd(2, 8)).toBeCloseTo(2 * Math.SQRT2, 12)
  })
})
