import { describe, expect, it } from 'vitest'
import { forecastBlock, HISTORY_DAYS, type SeriesBlock } from './compute'
import { forecastGroupTotals, pooledPathOf, PooledTotals, type PooledLevel } from './pooled-level'

const H = HISTORY_DAYS
const K = 28

function groups(totals: number[], extra: Partial<SeriesBlock> = {}): SeriesBlock {
  const demand = new Float64Array(totals.length * H)
  totals.forEach((v, g) => demand.fill(v, g * H, (g + 1) * H))
  return {
    start_date: '2026-06-01', history_days: H, skus: totals.map((_, g) => `S${g}`), channels: totals.map(() => 'store'),
    demand, censored: new Uint8Array(totals.length * H), ...extra,
  }
}

describe('pooledPathOf', () => {
  const level = (total: number, forecast: number): PooledLevel => ({
    group: Int32Array.from([0, -1]), total: new Float64Array(H).fill(total), forecast: new Float64Array(K).fill(forecast), horizon: K,
  })

  it('gives a member its share of the group forecast over the last 56 days', () => {
    // 10 a day of a group total of 30: share 1/3, of a forecast of 36 a day = 12.
    const path = pooledPathOf(level(30, 36), 0, new Float64Array(H).fill(10), new Uint8Array(H))!
    expect(path).toHaveLength(K)
    for (const x of path) expect(x).toBeCloseTo(12, 10)
  })

  it('takes the share over the member clean days only, and nothing for a series not pooled', () => {
    // The last 28 days censored (0 sold): share = 28 x 10 / (28 x 40) = 1/4 of 40 = 10, not 5.
    const demand = new Float64Array(H).fill(10)
    const skip = new Uint8Array(H)
    demand.fill(0, H - 28)
    skip.fill(1, H - 28)
    for (const x of pooledPathOf(level(40, 40), 0, demand, skip)!) expect(x).toBeCloseTo(10, 10)
    expect(pooledPathOf(level(40, 40), 1, demand, skip)).toBeUndefined()
  })

  it('does not pool a member that is its whole group on its clean days', () => {
    // The group total equals the member's sales on every day it was in stock: share 1.
    const demand = new Float64Array(H).fill(10)
    const skip = new Uint8Array(H)
    skip.fill(1, H - 5)
    const total = new Float64Array(H).fill(10)
    total.fill(25, H - 5)
    expect(pooledPathOf({ group: Int32Array.from([0]), total, forecast: new Float64Array(K).fill(12), horizon: K }, 0, demand, skip)).toBeUndefined()
  })
})

describe('forecastGroupTotals', () => {
  it('forecasts each total on its seasonal factor, its promotion days left out and no uplift added', () => {
    const b = groups([50, 20])
    // Group 0 ran a promotion (100 a day) on days 40-46; group 1's season doubles on the forecast days.
    b.demand.fill(100, 40, 47)
    b.promos = { series: Int32Array.from([0]), from: Int32Array.from([40]), to: Int32Array.from([46]), depth: Float64Array.from([0.3]) }
    const logs = new Float64Array(H + K)
    logs.fill(Math.log(2), H)
    b.season = { paths: [logs], series: Int32Array.from([-1, 0]) }
    const f = forecastGroupTotals(b, K)
    expect(f).toHaveLength(2 * K)
    for (let h = 0; h < K; h++) {
      expect(f[h]).toBeCloseTo(50, 6)
      expect(f[K + h]).toBeCloseTo(40, 6)
    }
  })
})

describe('PooledTotals.levelFor', () => {
  it('hands a block the totals and forecasts of its own series groups, -1 for the others', () => {
    const b = groups([30, 60])
    const forecast = new Float64Array(2 * K)
    forecast.fill(33, 0, K)
    forecast.fill(66, K)
    const pooled = new PooledTotals(b, forecast, K)
    expect(pooled.size).toBe(2)
    const level = pooled.levelFor([{ sku: 'S1', channel: 'store' }, { sku: 'S0', channel: 'web' }, { sku: 'S0', channel: 'store' }])!
    expect([...level.group]).toEqual([0, -1, 1])
    expect(level.total[0]).toBe(60)
    expect(level.total[H]).toBe(30)
    expect(level.forecast[0]).toBe(66)
    expect(level.forecast[K]).toBe(33)
    expect(pooled.levelFor([{ sku: 'X', channel: 'store' }])).toBeUndefined()
  })
})

describe('forecastBlock with a pooled level', () => {
  it('blends half of the member share of the group forecast into its own', () => {
    // Own level 6 a day; group total 60 (share 1/10) forecast at 90: pooled 9, blended
    // 1/2 x 6 + 1/2 x 9 = 7.5.
    const b = groups([6])
    b.pooled = { group: Int32Array.from([0]), total: new Float64Array(H).fill(60), forecast: new Float64Array(K).fill(90), horizon: K }
    const [f] = forecastBlock(b)
    for (const x of f.mean) expect(x).toBeCloseTo(7.5, 6)
    const [alone] = forecastBlock({ ...b, pooled: undefined })
    for (const x of alone.mean) expect(x).toBeCloseTo(6, 6)
  })
})
