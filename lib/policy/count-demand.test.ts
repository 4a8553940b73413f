import { describe, expect, it } from 'vitest'
import { probDemandExceeds } from './count-demand'

describe('P(demand > stock) as whole units', () => {
  it('is Poisson when the variance does not exceed the mean', () => {
    // Poisson(0.3): P(D > 0) = 1 - e^-0.3 = 0.259182; P(D > 1) = 1 - e^-0.3 (1 + 0.3) = 0.036936.
    expect(probDemandExceeds(0, 0.3, 0.3)).toBeCloseTo(0.259182, 6)
    expect(probDemandExceeds(1, 0.3, 0.2)).toBeCloseTo(0.036936, 6)
  })

  it('is negative binomial when over-dispersed', () => {
    // mean 0.3, variance 0.64: r = 0.09 / 0.34 = 0.264706, p = 0.46875;
    // P(D = 0) = p^r = exp(0.264706 ln 0.46875) = 0.818269, so P(D > 0) = 0.181731.
    expect(probDemandExceeds(0, 0.3, 0.64)).toBeCloseTo(0.181731, 5)
    // Fractional stock counts whole units: 1.7 units on hand cover one sale, not two.
    expect(probDemandExceeds(1.7, 0.3, 0.64)).toBeCloseTo(probDemandExceeds(1, 0.3, 0.64), 12)
  })

  it('says 1 for stock already owed and 0 with no demand', () => {
    expect(probDemandExceeds(-1, 2, 4)).toBe(1)
    expect(probDemandExceeds(0, 0, 0)).toBe(0)
  })
})
