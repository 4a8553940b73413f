import { describe, expect, it } from 'vitest'
import { blendPooled, groupTotal, poolShare } from './pooling'

describe('pooled level', () => {
  it('takes the share over days where both the member and the group are usable', () => {
    // day 1 skipped (member), day 2 unusable (group): share = (1 + 4) / (10 + 20) = 1/6
    const share = poolShare(Float64Array.from([1, 2, 3, 4]), Uint8Array.from([0, 1, 0, 0]), Float64Array.from([10, 10, 10, 20]), Uint8Array.from([1, 1, 0, 1]), 0, 4)
    expect(share).toBeCloseTo(1 / 6, 12)
    expect(poolShare(Float64Array.from([1]), new Uint8Array(1), Float64Array.from([0]), undefined, 0, 1)).toBe(0)
  })

  it('blends a third of the pooled path and keeps the band width', () => {
    // mean 6, pooled 3, w = 1/3: 6 * 2/3 + 3 / 3 = 5; the band moves by -1: [2, 9] -> [1, 8]
    const mean = Float64Array.from([6, 1])
    const lower = Float64Array.from([2, 0.5])
    const upper = Float64Array.from([9, 2])
    blendPooled(mean, lower, upper, Float64Array.from([3, Number.NaN]))
    expect(mean[0]).toBeCloseTo(5, 12)
    expect(lower[0]).toBeCloseTo(1, 12)
    expect(upper[0]).toBeCloseTo(8, 12)
    // a non-finite pooled value leaves the day alone
    expect([mean[1], lower[1], upper[1]]).toEqual([1, 0.5, 2])
    // the lower bound never goes below 0
    const m = Float64Array.from([1])
    const l = Float64Array.from([0.2])
    const u = Float64Array.from([2])
    blendPooled(m, l, u, Float64Array.from([0]), 0.5)
    expect([m[0], l[0], u[0]]).toEqual([0.5, 0, 1.5])
  })

  it('totals a group by volume, not head count, over unknown days', () => {
    // A sells 10 a day (out of stock on day 1), B sells 2 (on promotion on day 2): W = 10 + 2 = 12.
    // day 0: 12; day 1: only B seen, 2 of 12 units of volume < half -> unusable;
    // day 2: only A seen: 10 x 12 / 10 = 12 (a head count would say 10 x 2 / 1 = 20); day 3: 12.
    const g = groupTotal(
      [Float64Array.from([10, 0, 10, 10]), Float64Array.from([2, 2, 5, 2])],
      [Uint8Array.from([0, 1, 0, 0]), Uint8Array.from([0, 0, 1, 0])],
      4,
    )
    expect(Array.from(g.total)).toEqual([12, 0, 12, 12])
    expect(Array.from(g.clean)).toEqual([1, 0, 1, 1])
  })
})
