import { describe, expect, it } from 'vitest'
import {
  applyPromoEffects, concatPromoObservations, daysSinceLastPromo, discountBucket, learnPromoEffects, promoFactors,
  promoObservationsFromSeries, type PromoObservations,
} from './promo'
import { forecastSeries } from './select'

// Category 0: three promotion days at 25% off (bucket 2 of edges .1 .2 .3 .5) selling 20, 30, 25
// against a baseline of 10, and two dip days selling 5 and 7 against 10.
const obs: PromoObservations = {
  category: Int32Array.from([0, 0, 0, 0, 0]),
  discount: Float64Array.from([0.25, 0.25, 0.25, 0, 0]),
  actual: Float64Array.from([20, 30, 25, 5, 7]),
  baseline: Float64Array.from([10, 10, 10, 10, 10]),
  post_promo: Uint8Array.from([0, 0, 0, 1, 1]),
}

describe('promotion uplift', () => {
  it('buckets discount depth', () => {
    expect(discountBucket(0)).toBe(-1)
    expect(discountBucket(0.05)).toBe(0)
    expect(discountBucket(0.1)).toBe(1)
    expect(discountBucket(0.25)).toBe(2)
    expect(discountBucket(0.6)).toBe(4)
  })

  it('learns the ratio of sums without shrinkage', () => {
    // uplift = (20 + 30 + 25) / 30 = 2.5; dip = (5 + 7) / 20 = 0.6
    const e = learnPromoEffects(obs, { n_categories: 2, shrink_days: 0, dip_days: 2 })
    expect(e.uplift[0 * e.n_buckets + 2]).toBeCloseTo(2.5, 12)
    expect(e.dip[0]).toBeCloseTo(0.6, 12)
    // category 1 saw nothing: it gets the category-free figures
    expect(e.uplift[1 * e.n_buckets + 2]).toBeCloseTo(2.5, 12)
    expect(e.uplift[0 * e.n_buckets + 1]).toBe(1)
  })

  it('shrinks thin cells toward the bucket, and the bucket toward 1', () => {
    // k = 20: U_all = (3 * 2.5 + 20 * 1) / 23 = 1.195652
    //         U[0]  = (3 * 2.5 + 20 * 1.195652) / 23 = 1.365784
    //         D_all = (2 * 0.6 + 20 * 1) / 22 = 0.963636;  D[0] = (1.2 + 20 * 0.963636) / 22 = 0.930579
    const e = learnPromoEffects(obs, { n_categories: 1 })
    expect(e.uplift_all[2]).toBeCloseTo(1.195652, 6)
    expect(e.uplift[2]).toBeCloseTo(1.365784, 6)
    expect(e.dip_all).toBeCloseTo(0.963636, 6)
    expect(e.dip[0]).toBeCloseTo(0.930579, 6)
  })

  it('applies uplift on promotion days and the dip after them', () => {
    const e = learnPromoEffects(obs, { n_categories: 1, shrink_days: 0, dip_days: 2 })
    const f = promoFactors(e, 0, Float64Array.from([0, 0.25, 0.25, 0, 0, 0]), 7)
    expect(Array.from(f)).toEqual([1, 2.5, 2.5, 0.6, 0.6, 1, 1])
    // yesterday was a promotion: today is a dip day
    expect(promoFactors(e, 0, undefined, 3, 1)[0]).toBeCloseTo(0.6, 12)
    const mean = new Float64Array(3).fill(10)
    const lower = new Float64Array(3).fill(8)
    const upper = new Float64Array(3).fill(12)
    applyPromoEffects(mean, lower, upper, e, 0, Float64Array.from([0.3]))
    // 30% off is bucket 3, never observed: category-free U_all[3] = 1 (no data, no uplift)
    expect(mean[0]).toBe(10)
    applyPromoEffects(mean, lower, upper, e, 0, Float64Array.from([0.25]))
    expect([mean[0], lower[0], upper[0]]).toEqual([25, 20, 30])
  })

  it('extracts history pairs with a pre-promotion baseline', () => {
    // 28 days at 10, 3 promo days at 25% selling 25, 2 dip days selling 6, then 10s.
    const demand = new Float64Array(40).fill(10)
    const discount = new Float64Array(40)
    for (const t of [28, 29, 30]) {
      demand[t] = 25
      discount[t] = 0.25
    }
    demand[31] = 6
    demand[32] = 6
    const o = promoObservationsFromSeries(3, demand, discount, undefined, 2)
    expect(Array.from(o.actual)).toEqual([25, 25, 25, 6, 6])
    expect(Array.from(o.baseline)).toEqual([10, 10, 10, 10, 10])
    expect(Array.from(o.post_promo)).toEqual([0, 0, 0, 1, 1])
    expect(Array.from(o.category)).toEqual([3, 3, 3, 3, 3])
    expect(concatPromoObservations([o, o]).actual.length).toBe(10)
    expect(daysSinceLastPromo(discount, 40)).toBe(10)
    expect(daysSinceLastPromo(undefined, 40)).toBe(Infinity)
  })

  it('flows through forecastSeries: promo days are left out of the fit and the uplift is applied', () => {
    const demand = new Float64Array(140).fill(10)
    const discount = new Float64Array(140)
    for (const t of [100, 101, 102]) {
      demand[t] = 40 // would drag the level up if learned as baseline demand
      discount[t] = 0.25
    }
    const e = learnPromoEffects(obs, { n_categories: 1, shrink_days: 0, dip_days: 2 })
    const r = forecastSeries({ demand, discount, promo_effects: e, category: 0, future_discount: Float64Array.from([0, 0.25]) })
    expect(r.mean[0]).toBeCloseTo(10, 6)
    expect(r.mean[1]).toBeCloseTo(25, 6)
    expect(r.mean[2]).toBeCloseTo(6, 6)
    expect(r.promo_applied).toBe(true)
  })
})
