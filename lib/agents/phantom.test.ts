import { describe, expect, it } from 'vitest'
import { booksAtOpen, detectPhantomInventory, peerEvidence, peerFactor, rateBefore, silentDays, type PhantomInput } from './phantom'

// The worked case of anomalies.test.ts: 14 days to 2026-12-10, last sale 9 days ago, 12 on hand,
// d = 1.5, 1 unit a line: base days 0..3 (the sale day just before the gap left out), 6 units;
// a = 6 + 1.5 x 7 = 16.5, b = 4 + 7 = 11; P = (1 + 9 / 11)^-16.5 = 5.2e-5, signal 4.284 (opens at 4).
const phantom: PhantomInput = {
  sku: 'SKU-A', location: 'S01', daily_units: [2, 1, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], last_date: '2026-12-10', on_hand: 12, d: 1.5, units_per_line: 1, unit_margin: 3,
}

describe('phantom inventory: the silent run counts only days the books showed stock', () => {
  it('stops at a sale or at a day that opened with nothing on the books', () => {
    expect(silentDays([2, 0, 0, 0, 0])).toBe(4)
    expect(silentDays([2, 0, 0, 0, 0], [5, 5, 0, 1, 1])).toBe(2)
    expect(silentDays([2, 0, 0, 0, 0], [5, 5, null, 1, 1])).toBe(4) // unknown: taken as stocked
    expect(silentDays([2, 0, 0, 0, 0], [5, 5, -1, 1, 1])).toBe(2)
    expect(silentDays([0, 0, 3])).toBe(0)
  })

  it('a stock-out that a return or receipt ended is no evidence', () => {
    // The books opened at 0 on the 4th day from the end (a real stock-out, then 2 units came back):
    // 3 silent days. Base: days 0..9 (day 10 opened at 0, left out), 7 units: a = 17.5, b = 17;
    // P = (1 + 3 / 17)^-17.5 = 0.058, signal 1.235: below the clear threshold.
    const books = [8, 7, 7, 5, 4, 4, 3, 2, 1, 1, 0, 2, 2, 2]
    const f = detectPhantomInventory({ ...phantom, on_hand: 2, books_at_open: books })!
    expect(f.signal).toBe(1.24)
    expect(f.why).toContain('No sale of SKU-A at S01 for 3 days since the books last showed no stock to 2026-12-10 while the books show 2 units on hand.')
    expect(f.why).toContain('has probability 0.058')
    expect(f.why).toContain('not unusual yet.')
    // Books that showed stock all along: the full 9 days count, as before.
    expect(detectPhantomInventory({ ...phantom, books_at_open: new Array(14).fill(12) })!.signal).toBe(4.28)
  })

  it('reads the books at each day\'s opening from the latest earlier figure', () => {
    // Figures at the end of days -3 (before the window), 1 and 2: day 0 and 1 open at 4, day 2 at 0, day 3 at 3.
    expect(booksAtOpen([-3, 1, 2], [4, 0, 3], 4)).toEqual([4, 4, 0, 3])
    expect(booksAtOpen([2], [5], 4)).toEqual([null, null, null, 5])
    expect(booksAtOpen([], [], 2)).toEqual([null, null])
  })
})

describe('phantom inventory: demand at the other locations scales the rate', () => {
  it('a drop everywhere is a drop in demand', () => {
    // Elsewhere 2 units sold over the 9 silent days against 29 expected: f = 3 / 30 = 0.1,
    // lambda = 0.15; P = (1 + 0.1 x 9 / 11)^-16.5 = 0.273 -> signal 0.564.
    expect(peerFactor({ observed: 2, expected: 29 })).toBeCloseTo(0.1, 12)
    const f = detectPhantomInventory({ ...phantom, peers: { observed: 2, expected: 29 } })!
    expect(f.signal).toBe(0.56)
    expect(f.why).toContain('At 0.15 sale lines a day (10% of its rate before: the same SKU\'s sales elsewhere fell as much over those days)')
  })

  it('never raises the rate, and little to go on changes little', () => {
    expect(peerFactor({ observed: 40, expected: 20 })).toBe(1)
    expect(peerFactor({ observed: 0, expected: 0.5 })).toBeCloseTo(1 / 1.5, 12)
    expect(peerFactor(undefined)).toBe(1)
    expect(detectPhantomInventory({ ...phantom, peers: { observed: 40, expected: 20 } })!.signal).toBe(4.28)
  })

  it('takes the usual rate from the base days before the silent run', () => {
    // 2 units a day on days 0..6 (base: 14 units over 7 days = 2 a day); 1 unit over days 7..9.
    const days = [0, 1, 2, 3, 4, 5, 6, 8]
    const units = [2, 2, 2, 2, 2, 2, 2, 1]
    expect(peerEvidence(days, units, 7, 10)).toEqual({ observed: 1, expected: 6 })
    // Base capped at 28 days before the run: days 2..29 here (none sold), run 30..31.
    expect(peerEvidence([0, 1, 30], [9, 9, 1], 30, 32)).toEqual({ observed: 1, expected: 0 })
    // Under a week of base: nothing to compare with.
    expect(peerEvidence(days, units, 6, 10)).toBeUndefined()
  })
})

describe('phantom inventory: the rate the silent days should have had', () => {
  it('comes from the sales before the run, not from a forecast the empty shelf has dragged down', () => {
    // 1 unit a day for 28 days, then 14 silent days; the forecast, refitted on those zeros, says 0.05.
    // Base: days 0..26 (day 27, the sale just before the gap, left out): a = 27 + 0.05 x 7 = 27.35,
    // b = 34 (lambda 0.8044); P = (1 + 14 / 34)^-27.35 = 8.0e-5 -> signal 4.096: opens.
    // The forecast alone would give 0.05 x 14 / ln 10 = 0.30.
    const daily = [...new Array(28).fill(1), ...new Array(14).fill(0)]
    expect(rateBefore(daily, 28, 0.05)).toBeCloseTo(27.35 / 34, 12)
    const f = detectPhantomInventory({ ...phantom, daily_units: daily, d: 0.05, on_hand: 6 })!
    expect(f.signal).toBe(4.1)
    expect(f.why).toContain('At 0.80 sale lines a day')
  })

  it('leaves out the days that opened with nothing on the books, and looks back 28 days at most', () => {
    // Days 0..3 sold 4 a day but opened at 0 on day 2 and 3 (left out); days 4..5 sold 0: 8 units over 4 days, d = 2 worth 7:
    // (8 + 14) / (4 + 7) = 2.
    expect(rateBefore([4, 4, 4, 4, 0, 0, 0, 0], 6, 2, [1, 1, 0, 0, 1, 1, 1, 1])).toBe(2)
    // 40 days before the run, the first 12 at 10 a day: only the last 28 (0 a day) count: 3 x 7 / 35 = 0.6.
    expect(rateBefore([...new Array(12).fill(10), ...new Array(28).fill(0), 0, 0, 0], 40, 3)).toBeCloseTo(0.6, 12)
  })

  it('leaves out the sales there by construction: the one just before the run and the first one of the series', () => {
    // A slow seller: first sold 3 on day 0 (the series starts there), 2 on day 6, silent since.
    // Base days 0..6 without day 0 and day 6: no units over 5 days, forecast 0: rate 0, nothing to judge.
    const daily = [3, 0, 0, 0, 0, 0, 2, 0, 0, 0]
    expect(rateBefore(daily, 7, 0, undefined, true)).toBe(0)
    // Counting the first sale as chance would read 3 / (6 + 7) = 0.23 a day.
    expect(rateBefore(daily, 7, 0)).toBeCloseTo(3 / 13, 12)
    expect(detectPhantomInventory({ ...phantom, daily_units: daily, d: 0, starts_at_first_sale: true })!.signal).toBe(0)
  })
})
