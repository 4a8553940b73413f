import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { blendPooled, groupFactor, groupTotal, memberPooledPath, poolShare } from './pooling'

describe('pooled level', () => {
  it('takes the share over days where both the member and the group are usable', () => {
    // day 1 skipped (member), day 2 unusable (group): share = (1 + 4) / (10 + 20) = 1/6
    const share = poolShare(Float64Array.from([1, 2, 3, 4]), Uint8Array.from([0, 1, 0, 0]), Float64Array.from([10, 10, 10, 20]), Uint8Array.from([1, 1, 0, 1]), 0, 4)
    expect(share).toBeCloseTo(1 / 6, 12)
    expect(poolShare(Float64Array.from([1]), new Uint8Array(1), Float64Array.from([0]), undefined, 0, 1)).toBe(0)
  })

  it('keeps a zero-width band ordered to the last digit: lower x r is computed apart from the blended mean', () => {
    for (let i = 1; i <= 2000; i++) {
      const v = i * 0.0137 + 1 / i
      const mean = Float64Array.from([v])
      const lower = Float64Array.from([v])
      const upper = Float64Array.from([v])
      blendPooled(mean, lower, upper, Float64Array.from([v * 1.37 + 0.01 * i]), 0.75)
      expect(lower[0]).toBeLessThanOrEqual(mean[0])
      expect(upper[0]).toBeGreaterThanOrEqual(mean[0])
    }
  })

  it('blends a third of the pooled path and moves the band with the level', () => {
    // mean 6, pooled 3, w = 1/3: 6 * 2/3 + 3 / 3 = 5; r = 5/6: lower 2 x 5/6 = 5/3,
    // upper 5 + (9 - 6) x sqrt(5/6) = 5 + 2.738613 = 7.738613
    const mean = Float64Array.from([6, 1])
    const lower = Float64Array.from([2, 0.5])
    const upper = Float64Array.from([9, 2])
    blendPooled(mean, lower, upper, Float64Array.from([3, Number.NaN]))
    expect(mean[0]).toBeCloseTo(5, 12)
    expect(lower[0]).toBeCloseTo(5 / 3, 12)
    expect(upper[0]).toBeCloseTo(7.738613, 6)
    // a non-finite pooled value leaves the day alone
    expect([mean[1], lower[1], upper[1]]).toEqual([1, 0.5, 2])
    // a slow seller's band that starts at 0 still does when the pooled level is higher:
    // mean 0.5, pooled 1.5, w = 1/2 -> 1, r = 2: lower 0; upper 1 + 1.5 x sqrt 2 = 3.121320
    const m = Float64Array.from([0.5])
    const l = Float64Array.from([0])
    const u = Float64Array.from([2])
    blendPooled(m, l, u, Float64Array.from([1.5]), 0.5)
    expect([m[0], l[0]]).toEqual([1, 0])
    expect(u[0]).toBeCloseTo(3.121320, 6)
    // a decayed own mean far under the pooled level: the width grows as a count's sd, not 13-fold.
    // mean 0.0005, upper 0.17, pooled 0.0185, w = 1/3 -> 0.0065, r = 13: upper 0.0065 + 0.1695 x 3.605551 = 0.617641
    const md = Float64Array.from([0.0005])
    const ld = Float64Array.from([0])
    const ud = Float64Array.from([0.17])
    blendPooled(md, ld, ud, Float64Array.from([0.0185]))
    expect(md[0]).toBeCloseTo(0.0065, 12)
    expect(ud[0]).toBeCloseTo(0.617641, 6)
    expect(ud[0]).toBeLessThan(0.17 * 13)
    // own mean 0: the lower bound stays, the upper moves with the mean (0 -> 0.5: [0, 1] -> [0, 1.5])
    const m0 = Float64Array.from([0])
    const l0 = Float64Array.from([0])
    const u0 = Float64Array.from([1])
    blendPooled(m0, l0, u0, Float64Array.from([1]), 0.5)
    expect([m0[0], l0[0], u0[0]]).toEqual([0.5, 0, 1.5])
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

  it('weights the members\' factors by their shares', () => {
    // Member A (share 3) has a SNAP day on day 1 (factor 2), member B (share 1) none:
    // day 0: (3 x 1 + 1 x 1) / 4 = 1; day 1: (3 x 2 + 1 x 1) / 4 = 1.75.
    // Day 2: B's factor is not finite, so A alone: 1.5. Day 3 is outside [from, to): untouched.
    const out = Float64Array.from([9, 9, 9, 9])
    groupFactor([Float64Array.from([1, 2, 1.5, 1]), Float64Array.from([1, 1, Number.NaN, 1])], [3, 1], 0, 3, out)
    expect(Array.from(out)).toEqual([1, 1.75, 1.5, 9])
    // All shares 0: a plain mean. A day no member defines: 1.
    expect(Array.from(groupFactor([Float64Array.from([2, 0]), Float64Array.from([4, Number.NaN])], [0, 0], 0, 2))).toEqual([3, 1])
  })

  it("swaps the group's factor for the member's own in its pooled path", () => {
    // F = [10, 20], share 1/4: day 0 the member has factor 1.2 where the group has 1.1 -> 10 x 0.25 x 1.2 / 1.1;
    // day 1 both 1 -> 5. Without factors: share x F.
    const p = memberPooledPath(Float64Array.from([10, 20]), 0.25, Float64Array.from([1.2, 1]), Float64Array.from([1.1, 1]))
    expect(p[0]).toBeCloseTo((10 * 0.25 * 1.2) / 1.1, 12)
    expect(p[1]).toBeCloseTo(5, 12)
    expect(Array.from(memberPooledPath(Float64Array.from([10, 20]), 0.25))).toEqual([2.5, 5])
    // A non-finite or zero factor falls back to share x F for that day.
    expect(Array.from(memberPooledPath(Float64Array.from([8]), 0.5, Float64Array.from([0]), Float64Array.from([2])))).toEqual([4])
  })

  it('gives members pooled paths that add up to the group forecast (shares summing to 1)', () => {
    // sum_i share_i F f_i / f_group = F when f_group is the share-weighted mean of the f_i; and
    // members sharing one factor each get exactly share x F.
    const member = fc.record({ share: fc.double({ min: 0.01, max: 10, noNaN: true }), f: fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 5, maxLength: 5 }) })
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 5, maxLength: 5 }), (ms, F) => {
        const W = ms.reduce((a, m) => a + m.share, 0)
        const shares = ms.map((m) => m.share / W)
        const factors = ms.map((m) => Float64Array.from(m.f))
        const gf = groupFactor(factors, shares, 0, 5)
        const forecast = Float64Array.from(F)
        const sum = new Float64Array(5)
        ms.forEach((_, i) => memberPooledPath(forecast, shares[i], factors[i], gf).forEach((v, h) => (sum[h] += v)))
        for (let h = 0; h < 5; h++) expect(sum[h]).toBeCloseTo(F[h], 6)
        const same = groupFactor(ms.map(() => factors[0]), shares, 0, 5)
        const p = memberPooledPath(forecast, shares[0], factors[0], same)
        for (let h = 0; h < 5; h++) expect(p[h]).toBeCloseTo(shares[0] * F[h], 6)
      }),
    )
  })
})
