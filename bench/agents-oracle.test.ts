import { describe, expect, it } from 'vitest'
import { dayVariance, oracleStockoutProbability } from './agents-oracle'

describe('oracle stockout probability', () => {
  it('uses the simulator draw variances', () => {
    expect(dayVariance(2, { mover: 'fast', dispersion: 4, lumpSize: 1 })).toBe(3) // 2 + 4/4
    // intermittent, lump 4, mean 0.5: prob 0.125, lambda 3 -> 0.125 x (1 + 9 + 9) - 0.25 = 2.125
    expect(dayVariance(0.5, { mover: 'intermittent', dispersion: 1, lumpSize: 4 })).toBeCloseTo(2.125, 10)
    expect(dayVariance(1, { mover: 'slow', dispersion: Infinity, lumpSize: 1 })).toBe(1)
  })

  it('is P(Poisson demand over the window > stock) with no receipts', () => {
    // Poisson means 1,1,1 over 3 days: P(Pois(3) > 2) = 1 - e^-3 (1 + 3 + 4.5) = 0.57681
    const p = oracleStockoutProbability(2, [], 3, [1, 1, 1], { mover: 'slow', dispersion: Infinity, lumpSize: 1 })
    expect(p).toBeCloseTo(0.57681, 4)
  })

  it('asks the shelf to last until each receipt lands', () => {
    // 1 on the shelf, 10 landing on day 2: P(Pois(2) > 1) = 1 - 3 e^-2 = 0.59399; after it, P(Pois(3) > 11) is tiny.
    const p = oracleStockoutProbability(1, [{ days: 2, qty: 10 }], 3, [1, 1, 1], { mover: 'slow', dispersion: Infinity, lumpSize: 1 })
    expect(p).toBeCloseTo(0.59399, 4)
  })
})
