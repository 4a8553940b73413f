import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assessRisk, daysOfCover, expectedLostMargin, expectedUnitsShort, projectStockout, stockoutProbability, timedStockoutProbability } from './risk'

// Worked example: d = 10, sd_d = 3, L = 4, sd_L = 1, position = 50.
//   mu = d L = 40, sigma = sqrt(4 * 9 + 100 * 1) = 11.661904
//   k = (50 - 40) / 11.661904 = 0.857493, Phi(k) = 0.804414 -> P(stockout) = 0.195586
//   G(k) = phi(k) - k (1 - Phi(k)) = 0.276207 - 0.857493 * 0.195586 = 0.108498
//   E[units short] = sigma G(k) = 11.661904 * 0.108498 = 1.265298; x margin 2.5 = 3.163246
const worked = { position: 50, d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1 }

describe('stockout probability with receipts landing over time', () => {
  // The worked example's pair (d = 10, sd_d = 3, L = 4, sd_L = 1) with 15 units available and 35
  // due on the morning of day 2. Demand as a count (count-demand.ts):
  //   until day 2: mean 20, variance 18 <= mean -> Poisson(20): P(D > 15) = 0.843487
  //   over L with all 50: mean 40, variance 4 * 9 + 100 = 136 -> negative binomial: P(D > 50) = 0.178171
  // The larger is the answer.
  const timed = { d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1, available: 15 }

  it('is the chance the shelf runs out before the receipt lands, when that is the larger', () => {
    expect(timedStockoutProbability({ ...timed, receipts: [{ days: 2, qty: 35 }] })).toBeCloseTo(0.843487, 5)
  })

  it('is the lead-time term alone when everything on order lands this morning or nothing is on order', () => {
    expect(timedStockoutProbability({ ...timed, receipts: [{ days: 0, qty: 35 }] })).toBeCloseTo(0.178171, 5)
    expect(timedStockoutProbability({ ...timed, available: 50, receipts: [] })).toBeCloseTo(0.178171, 5)
  })

  it('does not count a receipt landing after the lead time', () => {
    // Only the 15 available over L: P(D > 15) = 0.994840.
    expect(timedStockoutProbability({ ...timed, receipts: [{ days: 5, qty: 35 }] })).toBeCloseTo(0.99484, 5)
  })

  it('is never below the risk of the same stock and receipts all landing today', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 6 }), (available, qty, days) => {
        const p = timedStockoutProbability({ ...timed, available, receipts: [{ days, qty }] })
        return p >= timedStockoutProbability({ ...timed, available: available + qty, receipts: [] }) - 1e-12
      }),
    )
  })
})

describe('stockout probability', () => {
  it('matches the worked example', () => {
    expect(stockoutProbability(worked)).toBeCloseTo(0.195586, 5)
  })

  it('is one half when position equals lead-time demand', () => {
    expect(stockoutProbability({ ...worked, position: 40 })).toBeCloseTo(0.5, 10)
  })

  it('handles zero variance and zero demand', () => {
    const certain = { d: 10, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 0 }
    expect(stockoutProbability({ ...certain, position: 39 })).toBe(1)
    expect(stockoutProbability({ ...certain, position: 40 })).toBe(0)
    expect(stockoutProbability({ ...certain, position: 41 })).toBe(0)
    const none = { d: 0, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 2 }
    expect(stockoutProbability({ ...none, position: 0 })).toBe(0)
    expect(stockoutProbability({ ...none, position: -3 })).toBe(1)
  })

  it('is a probability that falls as position rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: -100, max: 5000, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }),
        (d, sdd, L, sdL, position, more) => {
          const a = { d, sd_d: sdd, lead_time_days: L, sd_lead_time_days: sdL, position }
          const p = stockoutProbability(a)
          expect(p).toBeGreaterThanOrEqual(0)
          expect(p).toBeLessThanOrEqual(1)
          expect(stockoutProbability({ ...a, position: position + more })).toBeLessThanOrEqual(p + 1e-12)
          expect(expectedUnitsShort(a)).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('expected lost margin', () => {
  it('matches the worked example', () => {
    expect(expectedUnitsShort(worked)).toBeCloseTo(1.265298, 5)
    expect(expectedLostMargin(worked, 2.5)).toBeCloseTo(3.163246, 5)
  })

  it('is sigma * phi(0) at position = mean, and the plain shortfall without variance', () => {
    // G(0) = 0.398942: 11.661904 * 0.398942 = 4.652424
    expect(expectedUnitsShort({ ...worked, position: 40 })).toBeCloseTo(4.652424, 5)
    expect(expectedUnitsShort({ d: 10, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 0, position: 25 })).toBe(15)
    expect(expectedUnitsShort({ d: 10, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 0, position: 45 })).toBe(0)
  })
})

describe('days of cover and projected stockout', () => {
  it('days of cover = on hand / d', () => {
    expect(daysOfCover(30, 4)).toBe(7.5)
    expect(daysOfCover(0, 4)).toBe(0)
    expect(daysOfCover(10, 0)).toBe(Infinity)
  })

  it('walks the forecast with scheduled receipts', () => {
    const f = Float64Array.from([5, 5, 5, 5, 5, 5, 5])
    // 20 on hand, 5/day: ends of day 15, 10, 5, 0 -> runs out on day 3 = 2026-01-04
    const a = projectStockout(20, f, [], '2026-01-01')
    expect(a.day_index).toBe(3)
    expect(a.date).toBe('2026-01-04')
    // +10 arriving 2026-01-03 (day 2): 15, 10, 15, 10, 5, 0 -> day 5 = 2026-01-06
    const b = projectStockout(20, f, [{ date: '2026-01-03', qty: 10 }], '2026-01-01')
    expect(Array.from(b.projected_on_hand.subarray(0, 6))).toEqual([15, 10, 15, 10, 5, 0])
    expect(b.date).toBe('2026-01-06')
    // enough stock: no date; an overdue PO counts on day 0
    expect(projectStockout(100, f, [], '2026-01-01').date).toBeNull()
    expect(projectStockout(0, f, [{ date: '2025-12-20', qty: 50 }], '2026-01-01').date).toBeNull()
    // already out with nothing arriving: today
    expect(projectStockout(0, new Float64Array(3), [], '2026-01-01').date).toBe('2026-01-01')
  })

  it('assessRisk bundles everything with its inputs', () => {
    const r = assessRisk({
      ...worked, on_hand: 30, unit_margin: 2.5, forecast: new Float64Array(28).fill(10), receipts: [{ date: '2026-03-03', qty: 20 }],
      start_date: '2026-03-01', model: 'ets_damped_additive',
    })
    expect(r.stockout_probability).toBeCloseTo(0.195586, 5)
    expect(r.expected_lost_margin).toBeCloseTo(3.163246, 5)
    expect(r.days_of_cover).toBe(3)
    // 30 -> 20, 10, 20 (receipt on day 2), 10, 0 -> day 4 = 2026-03-05
    expect(r.projected_stockout_date).toBe('2026-03-05')
    expect(r.inputs).toMatchObject({ d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1, position: 50, lead_time_demand: 40 })
    expect(r.inputs.lead_time_demand_sd).toBeCloseTo(11.661904, 5)
    expect(r.model).toBe('ets_damped_additive')
  })
})
