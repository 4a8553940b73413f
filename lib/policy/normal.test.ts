import { describe, expect, it } from 'vitest'
import { normalCdf, normalPdf, serviceLevelToZ, standardNormalLoss } from './normal'

describe('standard normal', () => {
  it('gives the textbook quantiles', () => {
    // Tables: z(0.95) = 1.6449, z(0.5) = 0, z(0.975) = 1.9600, z(0.90) = 1.2816, z(0.05) = -1.6449.
    expect(serviceLevelToZ(0.95)).toBeCloseTo(1.6449, 4)
    expect(serviceLevelToZ(0.5)).toBeCloseTo(0, 12)
    expect(serviceLevelToZ(0.975)).toBeCloseTo(1.96, 4)
    expect(serviceLevelToZ(0.9)).toBeCloseTo(1.2816, 4)
    expect(serviceLevelToZ(0.05)).toBeCloseTo(-1.6449, 4)
  })

  it('rejects service levels with no finite z', () => {
    expect(() => serviceLevelToZ(1)).toThrow(RangeError)
    expect(() => serviceLevelToZ(0)).toThrow(RangeError)
    expect(() => serviceLevelToZ(Number.NaN)).toThrow(RangeError)
  })

  it('Phi inverts z and has the known values', () => {
    // Phi(0) = 0.5, Phi(1.96) = 0.9750, Phi(-1) = 0.1587.
    expect(normalCdf(0)).toBeCloseTo(0.5, 12)
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4)
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5)
    for (const p of [0.6, 0.8, 0.95, 0.99]) expect(normalCdf(serviceLevelToZ(p))).toBeCloseTo(p, 10)
  })

  it('density and loss function', () => {
    // phi(0) = 1 / sqrt(2 pi) = 0.398942; G(0) = phi(0); G(1) = 0.241971 - 1 * 0.158655 = 0.083315.
    expect(normalPdf(0)).toBeCloseTo(0.398942, 6)
    expect(standardNormalLoss(0)).toBeCloseTo(0.398942, 6)
    expect(standardNormalLoss(1)).toBeCloseTo(0.083315, 5)
    // Far left G(k) -> -k; far right -> 0.
    expect(standardNormalLoss(-8)).toBeCloseTo(8, 6)
    expect(standardNormalLoss(8)).toBeCloseTo(0, 10)
  })
})
