import { describe, expect, it } from 'vitest'
import { HORIZON_DAYS, type SeriesForecast } from './compute'
import { applySignalFactors, backfillWindowEnds, blockCells, learnSignalState, locationFactors, type SignalBlock } from './signals'

function block(demand: number[][], category: number[], censored?: number[][]): SignalBlock {
  const H = demand[0].length
  return {
    start_date: '2025-01-01',
    history_days: H,
    skus: demand.map((_, i) => `S${i}`),
    channels: demand.map(() => 'store'),
    demand: Float64Array.from(demand.flat()),
    censored: Uint8Array.from(censored ? censored.flat() : demand.flat().map(() => 0)),
    category: Int32Array.from(category),
    categories: ['A', 'B'],
  }
}

describe('blockCells', () => {
  it('keeps units and baselines of clean days whose +-14-day window lies inside the block', () => {
    const H = 40
    const cens = Array.from({ length: H }, (_, t) => (t === 20 ? 1 : 0))
    const b = block(
      [Array.from({ length: H }, (_, t) => (t === 20 ? 0 : 10)), Array(H).fill(10), Array(H).fill(99)],
      [0, 0, -1],
      [cens, Array(H).fill(0), Array(H).fill(0)],
    )
    const rows = blockCells(b)
    // Days 14..25 (H - 14 = 26 excluded); on day 20 the first series is censored: only the second
    // counts there. Flat demand at 10: weekday index 1, each series' baseline 10; the third series
    // has no category.
    expect(rows.map((r) => r.offset)).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
    for (const r of rows) {
      expect(r.category).toBe('A')
      expect(r.units).toBeCloseTo(r.offset === 20 ? 10 : 20, 10)
      expect(r.base).toBeCloseTo(r.offset === 20 ? 10 : 20, 10)
    }
  })
})

describe('backfillWindowEnds', () => {
  it('steps 84 days back until the kept days (15..98 days before a window end) leave the lookback', () => {
    // Two years (728 days): the window ending 672 days back keeps days 687..770 back, so reaches the
    // lookback's start; the next one (756: 771..854) would keep nothing inside it.
    expect(backfillWindowEnds()).toEqual([0, 84, 168, 252, 336, 420, 504, 588, 672])
    // 99 days: window 0 keeps 15..98 back, window 84 keeps 99..182 (day 99 is inside); 98: not.
    expect(backfillWindowEnds(99)).toEqual([0, 84])
    expect(backfillWindowEnds(98)).toEqual([0])
  })
})

describe('applySignalFactors', () => {
  it('scales mean, lower and upper by the category factor, and d and sd_d with the path', () => {
    const b = block([[1], [1]], [0, 1])
    b.signal_factors = new Float64Array(2 * HORIZON_DAYS).fill(1)
    b.signal_factors[0] = 1.5
    const fc = (sku: string): SeriesForecast => ({
      sku, channel: 'store', model: 'm', model_version: 'v', d: 2, sd_d: 1, segment: 'smooth', promo_applied: false, censoring_factor: 1,
      mean: new Float32Array(HORIZON_DAYS).fill(2), lower: new Float32Array(HORIZON_DAYS).fill(1), upper: new Float32Array(HORIZON_DAYS).fill(4),
    })
    const [a, c] = applySignalFactors(b, [fc('S0'), fc('S1')])
    expect([a.mean[0], a.lower[0], a.upper[0], a.mean[1]]).toEqual([3, 1.5, 6, 2])
    // d = (3 + 27 x 2) / 28 = 57/28; sd_d = 1 x (57/28) / 2 = 57/56.
    expect(a.d).toBeCloseTo(57 / 28, 6)
    expect(a.sd_d).toBeCloseTo(57 / 56, 6)
    expect([c.d, c.sd_d, c.mean[0]]).toEqual([2, 1, 2])
  })
})

describe('learnSignalState', () => {
  it('learns nothing without kept cells (a first run): no factor anywhere', () => {
    const events = [{ ts: '2025-01-01T06:00:00Z', location: 'L1', kind: 'weather' as const, value: 12, tags: [] }]
    const st = learnSignalState([], events, { startMs: Date.UTC(2025, 0, 1), n: 10, horizon: 5 })
    expect(st.learned).toBeNull()
    expect(st.locations).toEqual(['L1'])
    expect(locationFactors(st, 'L1', ['A'], 5)).toBeUndefined()
  })
})
