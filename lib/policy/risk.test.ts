import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assessRisk, coverAndRunOut, daysOfCover, expectedLostMargin, expectedUnitsShort, leadTimeRisk, stockoutProbability, timedStockoutProbability } from './risk'
import { probDemandExceeds } from './count-demand'

// Example: d = 10, sd_d = 3, L = 4, sd_L = 1, position = 50: mu = d L = 40, sigma = sqrt(4 * 9 + 100 * 1) = 11.661904.
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

// Lead-time demand is a count below a mean of COUNT_MODEL_MAX_MEAN units, a normal from there.
// Worked by hand, Poisson: d = 0.5, sd_d = 0.5, L = 4, sd_L = 0 -> mean 2, variance 4 * 0.25 = 1 <= mean,
// so D ~ Poisson(2). Position 1:
//   P(D > 1) = 1 - e^-2 (1 + 2) = 1 - 3 * 0.135335 = 0.593994
//   E[(D - 1)+] = mean - 1 + E[(1 - D)+] = 1 + 1 * P(D = 0) = 1 + 0.135335 = 1.135335; x margin 2.5 = 2.838338
const poisson = { position: 1, d: 0.5, sd_d: 0.5, lead_time_days: 4, sd_lead_time_days: 0 }
// Normal regime: d = 20, sd_d = 3, L = 4, sd_L = 1, position 100.
//   mu = 80, sigma = sqrt(4 * 9 + 400 * 1) = 20.880613, k = 20 / 20.880613 = 0.957826
//   Phi(k) = 0.830925 -> P = 0.169075; G(k) = phi(k) - k (1 - Phi(k)) = 0.252169 - 0.957826 * 0.169075 = 0.090225
//   E[units short] = 20.880613 * 0.090225 = 1.883948
const normalCase = { position: 100, d: 20, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1 }

const P = (i: Parameters<typeof leadTimeRisk>[0]) => leadTimeRisk(i).probability
const short = (i: Parameters<typeof leadTimeRisk>[0]) => leadTimeRisk(i).units_short

// The design normal alone (the agents' estimates): position 50 on the example above,
//   k = (50 - 40) / 11.661904 = 0.857493, Phi(k) = 0.804414 -> P(stockout) = 0.195586
//   G(k) = phi(k) - k (1 - Phi(k)) = 0.276207 - 0.857493 * 0.195586 = 0.108498
//   E[units short] = sigma G(k) = 11.661904 * 0.108498 = 1.265298; x margin 2.5 = 3.163246
describe('the design normal (stockoutProbability, expectedUnitsShort, expectedLostMargin)', () => {
  it('matches the worked example', () => {
    expect(stockoutProbability(worked)).toBeCloseTo(0.195586, 5)
    expect(stockoutProbability({ ...worked, position: 40 })).toBeCloseTo(0.5, 10)
    expect(expectedUnitsShort(worked)).toBeCloseTo(1.265298, 5)
    expect(expectedLostMargin(worked, 2.5)).toBeCloseTo(3.163246, 5)
    // G(0) = 0.398942: 11.661904 * 0.398942 = 4.652424
    expect(expectedUnitsShort({ ...worked, position: 40 })).toBeCloseTo(4.652424, 5)
  })
})

describe('the board\'s stockout probability (leadTimeRisk)', () => {
  it('is a Poisson count for a slow seller (worked by hand)', () => {
    expect(P(poisson)).toBeCloseTo(0.593994, 5)
  })

  it('is the design normal from a lead-time demand of 50 units (worked by hand)', () => {
    expect(P(normalCase)).toBeCloseTo(0.169075, 5)
    expect(P({ ...normalCase, position: 80 })).toBeCloseTo(0.5, 10)
  })

  it('is a negative binomial when the variance exceeds the mean, as the timed probability counts it', () => {
    // worked: mean 40, variance 136: the same P(D > 50) = 0.178171 the timed tests above use.
    expect(P(worked)).toBeCloseTo(0.178171, 5)
    expect(P(worked)).toBeCloseTo(probDemandExceeds(50, 40, 136), 10)
  })

  it('no longer shows a 30%+ risk for an item that sells one week in fifteen (the board\'s £0 rows)', () => {
    // d = 0.01, sd_d = 0.1, L = 7, position 0: the normal said 1 - Phi(-0.07 / 0.264575) = 60.4%
    // with 0.14 units short. As a count, Poisson(0.07): P(D > 0) = 1 - e^-0.07 = 0.067606, short 0.07.
    const slow = { position: 0, d: 0.01, sd_d: 0.1, lead_time_days: 7, sd_lead_time_days: 0 }
    expect(P(slow)).toBeCloseTo(0.067606, 6)
    expect(short(slow)).toBeCloseTo(0.07, 10)
  })

  it('handles zero variance and zero demand', () => {
    const certain = { d: 10, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 0 }
    expect(P({ ...certain, position: 39 })).toBe(1)
    expect(P({ ...certain, position: 40 })).toBe(0)
    expect(P({ ...certain, position: 41 })).toBe(0)
    const none = { d: 0, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 2 }
    expect(P({ ...none, position: 0 })).toBe(0)
    expect(P({ ...none, position: -3 })).toBe(1)
    expect(short({ ...none, position: -3 })).toBe(3)
  })

  it('is a probability that falls as position rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: -100, max: 5000, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }),
        (d, sdd, L, sdL, position, more) => {
          const a = { d, sd_d: sdd, lead_time_days: L, sd_lead_time_days: sdL, position }
          const p = P(a)
          expect(p).toBeGreaterThanOrEqual(0)
          expect(p).toBeLessThanOrEqual(1)
          expect(P({ ...a, position: position + more })).toBeLessThanOrEqual(p + 1e-9)
          expect(short(a)).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('a material stockout probability always carries a material expected shortfall (whole-unit positions)', () => {
    fc.assert(
      fc.property(
        // sd_d > 0: a forecast with no residual spread at all is certain demand, outside the count model.
        fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0.05, max: 30, noNaN: true }),
        fc.double({ min: 0.5, max: 30, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 0, max: 2000 }),
        (d, sdd, L, sdL, position) => {
          const a = { d, sd_d: sdd, lead_time_days: L, sd_lead_time_days: sdL, position }
          const p = P(a)
          // count: E[(D - k)+] >= P(D > k); normal (variance >= mean >= 50): >= sigma G(0.5244) >= 1.3
          if (p >= 0.3) expect(short(a)).toBeGreaterThanOrEqual(Math.min(p, 1.3) - 1e-9)
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('the board\'s expected units short and lost margin (leadTimeRisk)', () => {
  it('matches the hand-worked Poisson and normal cases', () => {
    expect(short(poisson)).toBeCloseTo(1.135335, 5)
    expect(assessRisk({ ...poisson, on_hand: 1, unit_margin: 2.5, forecast: new Float64Array(28), receipts: [], start_date: '2026-01-01', model: 'm' }).expected_lost_margin).toBeCloseTo(2.838338, 5)
    expect(short(normalCase)).toBeCloseTo(1.883948, 5)
    // G(0) = phi(0) = 0.3989423: at position = mean 80, 20.880613 * 0.3989423 = 8.330159
    expect(short({ ...normalCase, position: 80 })).toBeCloseTo(8.330159, 5)
  })

  it('a fractional position: E[(D - x)+] = E[(D - k)+] - (x - k) P(D > k)', () => {
    // Poisson(2), x = 1.5: 1.135335 - 0.5 * 0.593994 = 0.838338
    expect(short({ ...poisson, position: 1.5 })).toBeCloseTo(0.838338, 5)
  })

  it('is the plain shortfall without variance', () => {
    expect(short({ d: 10, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 0, position: 25 })).toBe(15)
    expect(short({ d: 10, sd_d: 0, lead_time_days: 4, sd_lead_time_days: 0, position: 45 })).toBe(0)
  })

  it('is zero only when the unit margin is', () => {
    const base = { ...poisson, on_hand: 1, forecast: new Float64Array(28), receipts: [], start_date: '2026-01-01', model: 'm' }
    expect(assessRisk({ ...base, unit_margin: 0 }).expected_lost_margin).toBe(0)
    expect(assessRisk({ ...base, unit_margin: -1 }).expected_lost_margin).toBe(0)
  })
})

describe('days of cover and the run-out day', () => {
  it('days of cover = on hand / d', () => {
    expect(daysOfCover(30, 4)).toBe(7.5)
    expect(daysOfCover(0, 4)).toBe(0)
    expect(daysOfCover(10, 0)).toBe(Infinity)
  })

  it('runs out on today + floor(cover): 0.7 days today, 1.0 day tomorrow (the board\'s inverted rows)', () => {
    // on hand 1.4 at 2/day: 0.7 days, out today; on hand 2 at 2/day: 1.0 day, lasts today, out tomorrow.
    expect(coverAndRunOut(1.4, 2, [], '2026-01-01', 28)).toEqual({ days_of_cover: 0.7, run_out_day: 0, run_out_date: '2026-01-01' })
    expect(coverAndRunOut(2, 2, [], '2026-01-01', 28)).toEqual({ days_of_cover: 1, run_out_day: 1, run_out_date: '2026-01-02' })
    expect(coverAndRunOut(0.3, 0.1, [], '2026-01-31', 28).run_out_date).toBe('2026-02-03')
    expect(coverAndRunOut(0, 2, [], '2026-01-01', 28).run_out_day).toBe(0)
  })

  it('counts a receipt from the morning it lands, if it lands before the shelf is empty', () => {
    // 30 at 10/day: out on day 3 alone. 20 landing on day 2: start of day 2 holds 10 + 20 = 30 -> day 2 + 3 = 5.
    expect(coverAndRunOut(30, 10, [{ date: '2026-03-03', qty: 20 }], '2026-03-01', 28).run_out_date).toBe('2026-03-06')
    // Landing on day 4, after the day-3 run-out: still day 3.
    expect(coverAndRunOut(30, 10, [{ date: '2026-03-05', qty: 20 }], '2026-03-01', 28).run_out_day).toBe(3)
    // Overdue receipts count today: 0 + 25 at 10/day -> day 2.
    expect(coverAndRunOut(0, 10, [{ date: '2026-02-20', qty: 25 }], '2026-03-01', 28).run_out_day).toBe(2)
  })

  it('is null past the horizon and without demand', () => {
    expect(coverAndRunOut(100, 2, [], '2026-01-01', 28).run_out_date).toBeNull()
    expect(coverAndRunOut(10, 0, [], '2026-01-01', 28)).toEqual({ days_of_cover: Infinity, run_out_day: null, run_out_date: null })
    expect(coverAndRunOut(0, 0, [], '2026-01-01', 28).run_out_day).toBe(0)
  })

  it('never runs out before floor(cover), and exactly then without receipts', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 50 }), (onHand, d, day, qty) => {
        const plain = coverAndRunOut(onHand, d, [], '2026-01-01', 1e9)
        expect(plain.run_out_day).toBe(Math.floor(plain.days_of_cover + 1e-9))
        const withReceipt = coverAndRunOut(onHand, d, [{ date: `2026-01-${String(day + 1).padStart(2, '0')}`, qty }], '2026-01-01', 1e9)
        expect(withReceipt.run_out_day!).toBeGreaterThanOrEqual(plain.run_out_day!)
      }),
    )
  })

  it('assessRisk bundles everything with its inputs', () => {
    const r = assessRisk({
      ...worked, on_hand: 30, unit_margin: 2.5, forecast: new Float64Array(28).fill(10), receipts: [{ date: '2026-03-03', qty: 20 }],
      start_date: '2026-03-01', model: 'ets_damped_additive',
    })
    expect(r.stockout_probability).toBeCloseTo(0.178171, 5)
    // E[(D - 50)+] for the negative binomial (mean 40, variance 136), and x 2.5
    expect(r.expected_units_short).toBeCloseTo(1.469668, 5)
    expect(r.expected_lost_margin).toBeCloseTo(3.674171, 5)
    expect(r.days_of_cover).toBe(3)
    expect(r.projected_stockout_date).toBe('2026-03-06')
    expect(r.inputs).toMatchObject({ d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1, position: 50, lead_time_demand: 40 })
    expect(r.inputs.lead_time_demand_sd).toBeCloseTo(11.661904, 5)
    expect(r.model).toBe('ets_damped_additive')
  })
})
