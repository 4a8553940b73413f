import { describe, expect, it } from 'vitest'
import { detectForecastDeviation, detectSellThroughDeviation, type ForecastWindowInput } from './anomalies-forecast'

// 80 % interval: z = Phi^-1(0.9) = 1.2815516. Each day's sd is 2, so upper = mean + 2.5631 and
// lower = max(0, mean - 2.5631).
const Z80 = 1.2815515655446004
const mean = [2, 3, 3, 3, 3, 3, 3] // F = 20
const window = (actual: number[]): ForecastWindowInput => ({
  sku: 'SKU-A',
  location: 'S01',
  start_date: '2026-12-04',
  actual,
  mean,
  lower: mean.map((m) => Math.max(0, m - 2 * Z80)),
  upper: mean.map((m) => m + 2 * Z80),
  unit_margin: 2.5,
})

describe('sell-through off forecast', () => {
  it('matches the worked example (selling double)', () => {
    // A = 40, F = 20, sd = sqrt(7 x 2^2) = 5.2915 -> z = 20 / 5.2915 = 3.780; ratio 2 (+100 %)
    // value 20 x 2.50 = 50.00; confidence 20 / (20 + 5.2915) = 0.791
    const f = detectSellThroughDeviation(window([5, 6, 6, 5, 6, 6, 6]))!
    expect(f.type).toBe('sell_through_deviation')
    expect(f.scope).toEqual({ sku: 'SKU-A', location: 'S01', channel: '', supplier: '' })
    expect(f.signal).toBe(3.78)
    expect(f.value_at_risk).toBe(50)
    expect(f.confidence).toBe(0.791)
    expect(f.why).toBe(
      'SKU-A at S01 sold 40 units in the 7 days to 2026-12-10 against 20.0 forecast (+100.0%), 3.8 standard deviations of the forecast\'s own ' +
        'uncertainty (an alert needs 4 and a gap of 20% and 3 units). Demand is running above the forecast: stock may run short before the next order arrives.',
    )
    expect(f.recommendation).toEqual({
      action: 'investigate',
      quantity: 0,
      cost: 0,
      value: 50,
      summary: 'Check the forecast of SKU-A at S01: sold 40 against 20 forecast over 7 days (£50.00 of margin)',
    })
    expect(f.chart?.x).toEqual(['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'])
  })

  it('reports selling under the forecast with its sign', () => {
    // A = 12: diff -8, z = -8 / 5.2915 = -1.512 -> signal 1.51 (below 3); -40 %
    const f = detectSellThroughDeviation(window([2, 2, 2, 2, 1, 2, 1]))!
    expect(f.signal).toBe(1.51)
    expect(f.why).toContain('against 20.0 forecast (-40.0%)')
    expect(f.why).toContain('Demand is running below the forecast')
  })

  it('is 0 when the gap is small in share or in units', () => {
    // A = 22: +10 % < 20 % -> 0, although z = 0.38 anyway.
    expect(detectSellThroughDeviation(window([3, 3, 3, 3, 3, 3, 4]))!.signal).toBe(0)
    // A one-day window with F = 0.5 and A = 2: +300 % but 1.5 units < 3 -> 0.
    const tiny = { ...window([2]), mean: [0.5], lower: [0], upper: [0.5 + Z80 * 0.1] }
    expect(detectSellThroughDeviation(tiny)!.signal).toBe(0)
  })

  it('leaves out a day that sold under its forecast while the shelf was empty, and keeps one that sold over it', () => {
    const oos = [false, false, false, false, true, false, true]
    // Days 4 and 6 sold 1 each under means of 3 on an empty shelf: A = 12 - 2 = 10, F = 20 - 6 = 14,
    // sd = sqrt(5 x 4) = 4.4721 -> z = -4 / 4.4721 = -0.894 -> signal 0.89 (-28.6 %).
    const f = detectSellThroughDeviation({ ...window([2, 2, 2, 2, 1, 2, 1]), out_of_stock: oos })!
    expect(f.signal).toBe(0.89)
    expect(f.why).toContain('sold 10 units in the 7 days to 2026-12-10 against 14.0 forecast (-28.6%)')
    // The same days selling 6 over means of 3 on an empty shelf still count: A = 40, as without.
    expect(detectSellThroughDeviation({ ...window([5, 6, 6, 5, 6, 6, 6]), out_of_stock: oos })!.signal).toBe(3.78)
  })

  it('caps the signal when the interval has no width', () => {
    const flat = { ...window([9, 9, 9, 9, 9, 9, 9]), lower: mean, upper: mean }
    expect(detectSellThroughDeviation(flat)!.signal).toBe(99)
    expect(detectSellThroughDeviation({ ...window([]), actual: [] })).toBeNull()
  })
})

describe('forecast deviation', () => {
  // Mean 3, lower 0.5, upper 6.2 every day.
  const flat = (actual: number[]): ForecastWindowInput => ({
    ...window(actual),
    mean: actual.map(() => 3),
    lower: actual.map(() => 0.5),
    upper: actual.map(() => 6.2),
    unit_margin: 2,
  })

  it('counts the days running above the interval', () => {
    // 9, 8, 10 above 6.2 (5 on the day before is inside): signal 3; chance 0.1^3 = 1 in 1,000
    // value (6 + 5 + 7) x 2 = 36
    const f = detectForecastDeviation(flat([3, 2, 4, 5, 9, 8, 10]))!
    expect(f.signal).toBe(3)
    expect(f.value_at_risk).toBe(36)
    expect(f.why).toBe(
      "SKU-A at S01 sold above the forecast's 80% interval 3 days running to 2026-12-10: 9, 8, 10 against upper bounds of 6.2, 6.2, 6.2. " +
        'Were the forecast right, that happens about 1 time in 1,000 (an alert needs 4 days).',
    )
    expect(f.recommendation.summary).toBe('Check the forecast of SKU-A at S01: above its interval 3 days running')
    expect(f.confidence).toBe(0.5) // 7 days / 14
  })

  it('counts one side only, and 0 when the latest day is inside', () => {
    // 0 below 0.5 on day 5, then 9 and 10 above: the run above is 2.
    expect(detectForecastDeviation(flat([3, 3, 3, 3, 0, 9, 10]))!.signal).toBe(2)
    // Below: 0, 0, 0, 0 under 0.5 -> 4; chance 1 in 10,000.
    const below = detectForecastDeviation(flat([3, 3, 3, 0, 0, 0, 0]))!
    expect(below.signal).toBe(4)
    expect(below.why).toContain('sold below the forecast\'s 80% interval 4 days running to 2026-12-10: 0, 0, 0, 0 against lower bounds of 0.5, 0.5, 0.5, 0.5')
    expect(below.why).toContain('about 1 time in 10,000')
    // The same four days with the shelf empty on the last two: those are the stockout's, not the
    // forecast's, so the latest day counts as inside; empty on the first two only: the run is 2.
    const empty = (days: number[]) => Array.from({ length: 7 }, (_, t) => days.includes(t))
    expect(detectForecastDeviation({ ...flat([3, 3, 3, 0, 0, 0, 0]), out_of_stock: empty([5, 6]) })!.signal).toBe(0)
    expect(detectForecastDeviation({ ...flat([3, 3, 3, 0, 0, 0, 0]), out_of_stock: empty([3, 4]) })!.signal).toBe(2)
    // Above the interval on an empty-shelf day still counts (demand was at least that).
    expect(detectForecastDeviation({ ...flat([3, 2, 4, 5, 9, 8, 10]), out_of_stock: empty([4, 5, 6]) })!.signal).toBe(3)
    const inside = detectForecastDeviation(flat([9, 9, 9, 9, 9, 9, 3]))!
    expect(inside.signal).toBe(0)
    expect(inside.value_at_risk).toBe(0)
    expect(inside.why).toBe("SKU-A at S01 sold 3 units on 2026-12-10, inside the forecast's 80% interval (0.5 to 6.2).")
  })
})
