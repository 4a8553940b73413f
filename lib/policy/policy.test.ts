import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  computePolicy, inventoryPosition, leadTimeDemandSd, newsvendorQuantity, orderSpanRate, orderUpToLevel, recommendedOrderQuantity,
  reorderPoint, safetyStock,
} from './policy'
import { serviceLevelToZ } from './normal'

// Worked example used below: d = 10/day, sd_d = 3, L = 4 days, sd_L = 1 day, alpha = 95%.
//   sigma_LT = sqrt(L sd_d^2 + d^2 sd_L^2) = sqrt(4 * 9 + 100 * 1) = sqrt(136) = 11.661904
//   z = 1.644854, SS = 1.644854 * 11.661904 = 19.182125
//   ROP = d L + SS = 40 + 19.182125 = 59.182125
//   S (review 7 days) = ROP + d R = 59.182125 + 70 = 129.182125
//   position 50 <= ROP: need S - 50 = 79.182125 -> ceil(79.18 / 12) = 7 packs = 84 (>= MOQ 24)
const worked = { d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1 }

describe('inventory position', () => {
  it('is on hand + on order - reserved - backorders', () => {
    // 40 + 25 - 3 - 2 = 60
    expect(inventoryPosition({ on_hand: 40, on_order: 25, reserved: 3, backorders: 2 })).toBe(60)
    expect(inventoryPosition({ on_hand: 5, on_order: 0 })).toBe(5)
  })
})

describe('safety stock and reorder point', () => {
  it('match the worked example', () => {
    const z = serviceLevelToZ(0.95)
    expect(leadTimeDemandSd(10, 3, 4, 1)).toBeCloseTo(11.661904, 5)
    const ss = safetyStock(z, 10, 3, 4, 1)
    expect(ss).toBeCloseTo(19.182125, 4)
    const rop = reorderPoint(10, 4, ss)
    expect(rop).toBeCloseTo(59.182125, 4)
    expect(orderUpToLevel(rop, 10, 7)).toBeCloseTo(129.182125, 4)
  })

  it('with a fixed lead time reduces to z sd_d sqrt(L)', () => {
    // z(0.9) = 1.281552, sd_d = 2, L = 3: SS = 1.281552 * 2 * sqrt(3) = 4.439425
    expect(safetyStock(serviceLevelToZ(0.9), 5, 2, 3, 0)).toBeCloseTo(4.439425, 5)
  })

  it('is zero at 50% service and never negative below it', () => {
    expect(safetyStock(serviceLevelToZ(0.5), 10, 3, 4, 1)).toBeCloseTo(0, 10)
    expect(safetyStock(serviceLevelToZ(0.3), 10, 3, 4, 1)).toBe(0)
  })

  it('computePolicy returns the numbers and echoes its inputs', () => {
    const p = computePolicy({ ...worked, service_level: 0.95, review_period_days: 7, position: 50, case_pack: 12, moq: 24, model: 'ets_damped_additive' })
    expect(p.z).toBeCloseTo(1.644854, 5)
    expect(p.safety_stock).toBeCloseTo(19.182125, 4)
    expect(p.reorder_point).toBeCloseTo(59.182125, 4)
    expect(p.order_up_to).toBeCloseTo(129.182125, 4)
    expect(p.should_order).toBe(true)
    expect(p.recommended_order_qty).toBe(84)
    expect(p.inputs).toEqual({ ...worked, review_period_days: 7, position: 50, case_pack: 12, moq: 24 })
    expect(p.model).toBe('ets_damped_additive')
    const noOrder = computePolicy({ ...worked, service_level: 0.95, position: 60, model: 'tsb' })
    expect(noOrder.should_order).toBe(false)
    expect(noOrder.recommended_order_qty).toBe(0)
  })
})

describe('order quantity rounding', () => {
  it('rounds the need up to whole case packs', () => {
    // S = 100, position 63: need 37 -> ceil(37 / 12) = 4 packs = 48
    expect(recommendedOrderQuantity(63, 70, 100, 12, 0)).toBe(48)
    // need exactly 36 = 3 packs, no float creep to 4
    expect(recommendedOrderQuantity(64, 70, 100, 12, 0)).toBe(36)
    expect(recommendedOrderQuantity(100 - 36.000000000001, 70, 100, 12, 0)).toBe(36)
  })

  it('raises to the MOQ, itself rounded to a case multiple', () => {
    // need 5, MOQ 30, pack 12 -> max(5, 30) = 30 -> ceil(30 / 12) = 3 packs = 36
    expect(recommendedOrderQuantity(95, 96, 100, 12, 30)).toBe(36)
    // need 5, MOQ 24, pack 12 -> 24
    expect(recommendedOrderQuantity(95, 96, 100, 12, 24)).toBe(24)
    // single units: need 7.2 -> 8
    expect(recommendedOrderQuantity(92.8, 96, 100, 1, 0)).toBe(8)
  })

  it('orders nothing above the reorder point or when nothing is needed', () => {
    expect(recommendedOrderQuantity(71, 70, 100, 12, 24)).toBe(0)
    expect(recommendedOrderQuantity(70, 70, 70, 12, 24)).toBe(0)
    // at the ROP exactly, it orders
    expect(recommendedOrderQuantity(70, 70, 100, 10, 0)).toBe(30)
  })
})

describe('newsvendor', () => {
  it('Q* = mu + sigma z(Cu / (Cu + Co))', () => {
    // Cu = 3, Co = 1: CR = 0.75, z = 0.674490; Q* = 100 + 20 * 0.674490 = 113.4898
    expect(newsvendorQuantity(100, 20, 3, 1)).toBeCloseTo(113.4898, 3)
    // CR = 0.5: Q* = mu
    expect(newsvendorQuantity(100, 20, 1, 1)).toBeCloseTo(100, 10)
  })
})

describe('safety stock properties', () => {
  const pos = (max: number) => fc.double({ min: 0, max, noNaN: true })
  const level = fc.double({ min: 0.5, max: 0.999, noNaN: true })

  it('never decreases as sd_d, sd_L, L or the service level grow', () => {
    fc.assert(
      fc.property(pos(1000), pos(100), pos(60), pos(30), level, pos(50), level, (d, sdd, L, sdL, alpha, bump, alpha2) => {
        const z = serviceLevelToZ(alpha)
        const base = safetyStock(z, d, sdd, L, sdL)
        const tol = 1e-9 * (1 + base)
        expect(safetyStock(z, d, sdd + bump, L, sdL)).toBeGreaterThanOrEqual(base - tol)
        expect(safetyStock(z, d, sdd, L, sdL + bump)).toBeGreaterThanOrEqual(base - tol)
        expect(safetyStock(z, d, sdd, L + bump, sdL)).toBeGreaterThanOrEqual(base - tol)
        const [lo, hi] = alpha <= alpha2 ? [alpha, alpha2] : [alpha2, alpha]
        expect(safetyStock(serviceLevelToZ(hi), d, sdd, L, sdL)).toBeGreaterThanOrEqual(safetyStock(serviceLevelToZ(lo), d, sdd, L, sdL) - tol)
      }),
      { numRuns: 500 },
    )
  })

  it('orders at least the need, at most one case more, and always whole cases at or above the MOQ', () => {
    fc.assert(
      fc.property(pos(1000), pos(1000), fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 200 }), (position, extra, pack, moq) => {
        const s = position + extra
        const q = recommendedOrderQuantity(position, s, s, pack, moq)
        const need = s - position // not `extra`: a denormal extra vanishes in the sum
        if (!(need > 0)) {
          expect(q).toBe(0)
          return
        }
        expect(q % pack).toBe(0)
        expect(q).toBeGreaterThanOrEqual(moq)
        expect(q).toBeGreaterThanOrEqual(need - 1e-6)
        expect(q).toBeLessThan(Math.max(need, moq) + pack + 1e-6)
      }),
      { numRuns: 500 },
    )
  })
})

describe('review interval (the nightly run)', () => {
  it('protects the lead time plus the days until the next order opportunity', () => {
    const base = { d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1, service_level: 0.95, position: 0, model: 'm' }
    // r = 0 is DESIGN.md's formula: SS = 1.644854 x sqrt(4 x 9 + 100 x 1) = 1.644854 x 11.661904 = 19.1822; ROP = 40 + 19.1822.
    const continuous = computePolicy(base)
    expect(continuous.safety_stock).toBeCloseTo(19.1822, 3)
    expect(continuous.reorder_point).toBeCloseTo(59.1822, 3)
    // r = 1: P = 5: SS = 1.644854 x sqrt(5 x 9 + 100 x 1) = 1.644854 x 12.041595 = 19.8067; ROP = 50 + 19.8067.
    const nightly = computePolicy({ ...base, review_interval_days: 1 })
    expect(nightly.safety_stock).toBeCloseTo(19.8067, 3)
    expect(nightly.reorder_point).toBeCloseTo(69.8067, 3)
    expect(nightly.lead_time_demand_sd).toBeCloseTo(12.041595, 5)
    // The echoed inputs keep the measured lead time.
    expect(nightly.inputs.lead_time_days).toBe(4)
  })
})

describe('computePolicy with count demand', () => {
  const base = { lead_time_days: 1, sd_lead_time_days: 0, review_interval_days: 1, review_period_days: 1, position: 0, model: 'tsb', count_demand: true }

  it('a slow seller: the negative-binomial quantile, not d P + z sigma', () => {
    // P = 2: mean 0.6, variance 2 x 0.7^2 = 0.98. NB(r = 0.36 / 0.38, p = 0.6 / 0.98): P(X <= 4) =
    // 0.99208 < 0.9927 <= P(X <= 5) = 0.99695, so k = 5: order while the position is below 5, ROP = 4.
    const p = computePolicy({ ...base, d: 0.3, sd_d: 0.7, service_level: 0.9927 })
    expect(p.method).toBe('count')
    expect(p.reorder_point).toBeCloseTo(4, 9)
    expect(p.safety_stock).toBeCloseTo(3.4, 9)
    // The normal would have said 0.6 + 2.44 x 0.99 = 3.02.
    const normal = computePolicy({ ...base, d: 0.3, sd_d: 0.7, service_level: 0.9927, count_demand: false })
    expect(normal.method).toBe('normal')
    expect(normal.reorder_point).toBeCloseTo(3.02, 1)
  })

  it('no over-dispersion: Poisson; at the reorder point an order is placed, one unit above it none', () => {
    // Mean 2, variance 0.5 < 2: Poisson(2). P(X <= 4) = 0.9473 < 0.95 <= P(X <= 5) = 0.9834: k = 5, ROP = 4.
    const at = computePolicy({ ...base, d: 1, sd_d: 0.5, service_level: 0.95, position: 4 })
    expect(at.reorder_point).toBeCloseTo(4, 9)
    expect(at.safety_stock).toBeCloseTo(2, 9)
    expect(at.should_order).toBe(true)
    expect(computePolicy({ ...base, d: 1, sd_d: 0.5, service_level: 0.95, position: 5 }).should_order).toBe(false)
  })

  it('a demand so small that no stock is needed keeps ROP at d P and SS at 0; a large one uses the normal', () => {
    const tiny = computePolicy({ ...base, d: 0.001, sd_d: 0.03, service_level: 0.9 })
    expect(tiny.reorder_point).toBeCloseTo(0.002, 9)
    expect(tiny.safety_stock).toBe(0)
    const big = computePolicy({ ...base, d: 60, sd_d: 12, service_level: 0.95 })
    expect(big.method).toBe('normal')
    expect(big.reorder_point).toBeCloseTo(120 + 1.6449 * Math.sqrt(2 * 144), 2)
  })
})

describe('orderSpanRate (the rate an order must cover)', () => {
  it('means the path over the span, its last day in part', () => {
    // (2 + 4 + 0.5 x 6) / 2.5 = 9 / 2.5 = 3.6
    expect(orderSpanRate([2, 4, 6], 2.5)).toBeCloseTo(3.6, 12)
    // Whole span: (2 + 4) / 2 = 3.
    expect(orderSpanRate([2, 4, 6], 2)).toBeCloseTo(3, 12)
  })

  it('over the whole 28-day path it is the path mean (the forecast d)', () => {
    const path = Array.from({ length: 28 }, (_, h) => 1 + (h % 7))
    expect(orderSpanRate(path, 28)).toBeCloseTo(4, 12)
  })

  it('a promotion inside the span raises the rate; one beyond it does not', () => {
    // 28 days at 3, a week at 12 from day 20: the 28-day mean is (21 x 3 + 7 x 12) / 28 = 5.25.
    const path = Array.from({ length: 28 }, (_, h) => (h >= 20 && h < 27 ? 12 : 3))
    expect(orderSpanRate(path, 15)).toBeCloseTo(3, 12)
    // Span 23 reaches three promo days: (20 x 3 + 3 x 12) / 23 = 96 / 23.
    expect(orderSpanRate(path, 23)).toBeCloseTo(96 / 23, 12)
  })

  it('beyond the path, days run at its last week mean', () => {
    // Path of 10 days: 1 for 3 days, then 7 days at 5 (last-week mean 5). Span 12: (3 + 35 + 2 x 5) / 12 = 4.
    const path = [1, 1, 1, 5, 5, 5, 5, 5, 5, 5]
    expect(orderSpanRate(path, 12)).toBeCloseTo(4, 12)
    // A fractional day beyond the end: (3 + 35 + 0.5 x 5) / 10.5.
    expect(orderSpanRate(path, 10.5)).toBeCloseTo(40.5 / 10.5, 12)
  })

  it('edge cases: empty path 0, span 0 the first day, negatives count as 0', () => {
    expect(orderSpanRate([], 5)).toBe(0)
    expect(orderSpanRate([4, 8], 0)).toBe(4)
    expect(orderSpanRate([-2, 4], 2)).toBeCloseTo(2, 12)
  })
})
