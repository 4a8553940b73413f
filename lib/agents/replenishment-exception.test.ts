import { describe, expect, it } from 'vitest'
import { AGENT, DEFAULT_EXCEPTION_BOUNDS, decideReplenishmentException, exceptionReasons, intervalWidth, median, type ReplenishmentInput } from './replenishment-exception'

// Base pair: d 10, sd_d 3, L 4, sd_L 1 (sigma over the lead time 11.661904), position 50, margin
// 7.5 - 5 = 2.5: ELM(50) = 1.265298 units short x 2.5 = 3.163246 (lib/policy/risk.test.ts).
// Recent orders 10, 12, 14, 12, 40 -> sorted 10 12 12 14 40, median 12.
const base: ReplenishmentInput = {
  sku: 'SKU1', location: 'S01', supplier: 'ACME', recommended_qty: 48, case_pack: 12, unit_cost: 5, unit_price: 7.5,
  d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1, position: 50, stockout_probability: 0.1,
  model: 'ets_damped_additive', history_days: 112, recent_order_qtys: [10, 12, 14, 12, 40],
}

describe('replenishment-exception: helpers', () => {
  it('median of positive quantities', () => {
    expect(median([10, 12, 14, 12, 40])).toBe(12)
    expect(median([10, 0, 20])).toBe(15)
    expect(median([])).toBeNaN()
  })

  it('interval width of the summed demand', () => {
    // 4 days of mean 10 and band 2 to 30: sqrt(4 x 28^2) / 40 = 56 / 40 = 1.4 (each day alone: 2.8).
    // Day 5 is past the days asked for.
    const f = { mean: [10, 10, 10, 10, 99], lower: [2, 2, 2, 2, 0], upper: [30, 30, 30, 30, 999] }
    expect(intervalWidth(f, 4)).toBeCloseTo(1.4, 10)
    expect(intervalWidth(f, 1)).toBeCloseTo(2.8, 10)
    expect(intervalWidth({ mean: [0], lower: [0], upper: [1] }, 1)).toBeNaN()
  })
})

describe('replenishment-exception: decisions', () => {
  it('flags an order 4x the usual size (48 vs median 12): score 4 / 3', () => {
    const f = decideReplenishmentException(base)!
    expect(f.type).toBe('replenishment_exception')
    expect(f.signal).toBeCloseTo(4 / 3, 10)
    expect(f.severity).toBe('medium')
    expect(f.value_at_risk).toBe(240) // 48 x 5
    // cv 0.3 and 112 days -> 1, capped at 0.4: a person must look.
    expect(f.confidence).toBe(0.4)
    expect(f.recommendation).toMatchObject({ action: 'reorder', quantity: 48, cost: 240, summary: 'Order 48 units (4 cases of 12) from ACME (check the quantity)' })
    // Position 98 is 5 sigma above mu 40: ELM ~ 0, so the value is ELM(50) = 3.16.
    expect(f.recommendation.value).toBeCloseTo(3.16, 2)
    expect(f.why).toBe('Check this order before it goes: the recommended 48 units are 4.0x the median of the last 5 orders (12) (stockout probability 10%, order value £240.00 at cost).')
    expect(f.chart!.series[0].values).toEqual([10, 12, 14, 12, 40, 48])
    expect(f.chart!.refs).toEqual([{ name: 'median', value: 12 }])
    expect(AGENT.may_run_without_person).toBe(false)
  })

  it('flags a tiny order (1/4 of usual) only when it is worth a look', () => {
    // 3 / 12 = 0.25: score max(0.25 / 3, 1 / (3 x 0.25)) = 4 / 3; value 3 x 5 = 15 < 100.
    expect(decideReplenishmentException({ ...base, recommended_qty: 3 })).toBeNull()
    const f = decideReplenishmentException({ ...base, recommended_qty: 3 }, { ...DEFAULT_EXCEPTION_BOUNDS, min_order_value: 0 })!
    expect(f.signal).toBeCloseTo(4 / 3, 10)
  })

  it('keeps quiet for a usual order and reports the band between clear and open', () => {
    // 24 / 12 = 2: score 2/3 < 0.85 -> null.
    expect(decideReplenishmentException({ ...base, recommended_qty: 24 })).toBeNull()
    // 33 / 12 = 2.75: score 0.916667, >= clear 0.85, < open 1 (hygiene keeps an open alert open).
    expect(decideReplenishmentException({ ...base, recommended_qty: 33 })!.signal).toBeCloseTo(0.916667, 5)
  })

  it('needs three orders before it judges the size', () => {
    expect(exceptionReasons({ ...base, recent_order_qtys: [12, 12] }).some((r) => r.kind === 'size')).toBe(false)
  })

  it('flags a wide forecast interval over the week the order covers: width 3.02 / 2.5 = 1.21', () => {
    // 7 days of mean 10 and band 0 to 80: sqrt(7 x 80^2) / 70 = 80 / (10 sqrt 7) = 3.0237.
    const forecast = { mean: Array(7).fill(10), lower: Array(7).fill(0), upper: Array(7).fill(80) }
    const f = decideReplenishmentException({ ...base, recommended_qty: 24, forecast })!
    expect(f.signal).toBeCloseTo(3.0237 / 2.5, 4)
    expect(f.severity).toBe('low')
    expect(f.why).toContain("the forecast's 80% interval over the 7 days the order covers is 3.0x its mean")
  })

  it('does not flag a slow seller whose band is wide only day by day', () => {
    // Each day 0 to 3 around a mean of 0.5 (6x), but over the week sqrt(7 x 9) / 3.5 = 2.27x: under 2.5.
    const forecast = { mean: Array(7).fill(0.5), lower: Array(7).fill(0), upper: Array(7).fill(3) }
    expect(decideReplenishmentException({ ...base, recommended_qty: 12, forecast })).toBeNull()
  })

  it('flags a new item and a short history, with a lower confidence; high when also at risk', () => {
    // 14 days: history factor 14 / 56 = 0.25 -> confidence 0.25.
    const f = decideReplenishmentException({ ...base, recommended_qty: 24, is_new: true, history_days: 14, stockout_probability: 0.5 })!
    expect(f.signal).toBe(1)
    expect(f.confidence).toBe(0.25)
    expect(f.severity).toBe('high')
    expect(f.why).toContain('the item is new (forecast from its category); it has only 14 days of history')
  })

  it('returns null without an order', () => {
    expect(decideReplenishmentException({ ...base, recommended_qty: 0, is_new: true })).toBeNull()
  })
})
