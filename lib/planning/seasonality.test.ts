import { describe, expect, it } from 'vitest'
import { addSeasonTotals, seasonKey, seasonalLogs, splitSeasonKey, SEASONALITY_LOOKBACK_DAYS } from './seasonality'
import { isBlackFriday } from './calendar'

const M = SEASONALITY_LOOKBACK_DAYS
const WINDOW = 140
const DAY = 86_400_000
// The window starts on 2026-08-10, so Black Friday 2026 (27 November, window day 109) lies in it.
const START = Date.UTC(2026, 7, 10) - M * DAY
const WINDOW_START = START + M * DAY

/** 100 a day, 200 on the days one and two seasonal years (364 days) before window days [112, 140). */
function peakedTotals(): Float64Array {
  const total = new Float64Array(M).fill(100)
  for (const back of [364, 728]) for (let t = 112; t < 140; t++) if (M + t - back >= 0 && M + t - back < M) total[M + t - back] = 200
  return total
}

describe('seasonalLogs', () => {
  it('gives the forecast days the season seen in earlier years, and flat days about 1', () => {
    const logs = seasonalLogs(new Map([['Toys', peakedTotals()]]), M, WINDOW, START).get('Toys')!
    const factor = (t: number) => Math.exp(logs[t])
    // Inside the peak (away from its edges, where the 7-day smoothing blurs it): about 2x the level.
    for (let t = 116; t < 136; t++) expect(factor(t)).toBeGreaterThan(1.7)
    // Elsewhere a little below 1: the peaks lift the yearly level the index is relative to.
    for (let t = 20; t < 90; t++) {
      if (isBlackFriday(new Date(WINDOW_START + t * DAY))) continue
      expect(factor(t)).toBeGreaterThan(0.85)
      expect(factor(t)).toBeLessThan(1)
    }
  })

  it('learns a calendar day from earlier years and puts it on its date in the window', () => {
    // Flat 100 a day, 250 on the Black Fridays of the lookback.
    const total = new Float64Array(M).fill(100)
    for (let d = 0; d < M; d++) if (isBlackFriday(new Date(START + d * DAY))) total[d] = 250
    const logs = seasonalLogs(new Map([['Toys', total]]), M, WINDOW, START).get('Toys')!
    const bf = [...logs.keys()].filter((t) => isBlackFriday(new Date(WINDOW_START + t * DAY)))
    expect(bf).toHaveLength(1)
    const around = (Math.exp(logs[bf[0] - 7]) + Math.exp(logs[bf[0] + 7])) / 2
    expect(Math.exp(logs[bf[0]]) / around).toBeGreaterThan(2)
    expect(Math.exp(logs[bf[0]]) / around).toBeLessThan(2.8)
  })

  it('reads days before the data began as unknown, not as days that sold nothing', () => {
    // 253 days of data at 100 a day (a year of history at the start of a 112-day window): no rows before.
    const total = new Float64Array(M)
    const known = new Uint8Array(M)
    total.fill(100, M - 253)
    known.fill(1, M - 253)
    const withKnown = seasonalLogs(new Map([['New', total]]), M, WINDOW, START, new Map([['New', known]]))
    for (const v of withKnown.get('New') ?? new Float64Array(WINDOW)) expect(Math.abs(v)).toBeLessThan(0.1)
    // Read as zeros, the days before the data would put the window's history days (a year on from
    // them) at a small fraction of their level.
    const asZeros = seasonalLogs(new Map([['New', total]]), M, WINDOW, START).get('New')!
    expect(Math.min(...asZeros.subarray(0, 112).map(Math.exp))).toBeLessThan(0.2)
  })

  it('leaves out a category without seasonality, and gives nothing without history', () => {
    expect(seasonalLogs(new Map([['Flat', new Float64Array(M).fill(50)]]), M, WINDOW, START).has('Flat')).toBe(false)
    expect(seasonalLogs(new Map([['Empty', new Float64Array(M)]]), M, WINDOW, START).size).toBe(0)
  })
})

describe('addSeasonTotals', () => {
  it('sums series per category x channel and day, leaving out series without a category', () => {
    const into = new Map<string, Float64Array>()
    // four series over 2 days: A store, B store, unknown, A web
    addSeasonTotals(into, ['A', 'B'], Int32Array.from([0, 1, -1, 0]), ['store', 'store', 'store', 'ecommerce'], Float64Array.from([1, 2, 10, 20, 100, 200, 5, 5]), 2)
    addSeasonTotals(into, ['A', 'B'], Int32Array.from([0]), ['store'], Float64Array.from([3, 4]), 2)
    expect([...into.get(seasonKey('A', 'store'))!]).toEqual([4, 6])
    expect([...into.get(seasonKey('B', 'store'))!]).toEqual([10, 20])
    expect([...into.get(seasonKey('A', 'ecommerce'))!]).toEqual([5, 5])
    expect(into.size).toBe(3)
    expect(splitSeasonKey(seasonKey('Snacks & Sweets', 'dark_store'))).toEqual({ category: 'Snacks & Sweets', channel: 'dark_store' })
  })
})
