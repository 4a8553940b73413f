import { describe, expect, it } from 'vitest'
import { etsResidualSd, etsSdPath, fitEtsGrid, forecastEts, initEts, updateEts } from './ets'
import { buildSkipMask } from './series'

const pattern = [-5, -3, 0, 2, 4, 8, -6] // sums to 0

function weekly(days: number, level = 20, noise?: () => number) {
  const y = new Float64Array(days)
  for (let t = 0; t < days; t++) y[t] = level + pattern[t % 7] + (noise ? noise() : 0)
  return y
}

function lcg(seed: number) {
  let s = seed
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296
    return s / 4294967296 - 0.5
  }
}

describe('ETS(A,Ad,A)', () => {
  it('recovers a clean weekly pattern exactly', () => {
    // Initialisation reads level 20 and the pattern from the first 4 weeks; every one-step error is
    // then 0, so the forecast for day 84 + h is 20 + pattern[(84 + h) mod 7].
    const y = weekly(84)
    const st = fitEtsGrid(y, new Uint8Array(84), 0, 84)
    const f = forecastEts(st, 28)
    for (let h = 0; h < 28; h++) expect(f[h]).toBeCloseTo(20 + pattern[(84 + h) % 7], 9)
    expect(etsResidualSd(st)).toBeCloseTo(0, 9)
  })

  it('recovers the pattern under noise', () => {
    const y = weekly(364, 50, lcg(1))
    const st = fitEtsGrid(y, new Uint8Array(364), 0, 364)
    const f = forecastEts(st, 14)
    for (let h = 0; h < 14; h++) expect(Math.abs(f[h] - (50 + pattern[(364 + h) % 7]))).toBeLessThan(0.6)
  })

  it('treats stockout days as censored, not as zero demand', () => {
    const y = weekly(84)
    const cens = new Uint8Array(84)
    for (const t of [60, 61, 75, 80, 81, 82]) {
      y[t] = 0
      cens[t] = 1
    }
    const censored = forecastEts(fitEtsGrid(y, buildSkipMask(y, cens), 0, 84), 7)
    for (let h = 0; h < 7; h++) expect(censored[h]).toBeCloseTo(20 + pattern[(84 + h) % 7], 9)
    const asZero = forecastEts(fitEtsGrid(y, new Uint8Array(84), 0, 84), 7)
    expect(asZero[0]).toBeLessThan(censored[0] - 1)
  })

  it('follows the hand-computed recursion for one step', () => {
    // Params alpha 0.5, beta 0.1, gamma 0.2, phi 0.9; state l = 10, b = 1, s = 0 everywhere.
    //   F = 10 + 0.9 * 1 + 0 = 10.9; y = 12.9 -> e = 2
    //   l = 10.9 + 0.5 * 2 = 11.9; b = 0.9 + 0.1 * 2 = 1.1; s[0] = 0.2 * 2 = 0.4
    //   next-day forecast (slot 1): 11.9 + 0.9 * 1.1 + 0 = 12.89
    const p = { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 0.9 }
    const st = initEts(new Float64Array(0), new Uint8Array(0), 0, 0, p)
    st.level = 10
    st.trend = 1
    updateEts(st, Float64Array.from([12.9]), new Uint8Array(1), 1)
    expect(st.level).toBeCloseTo(11.9, 12)
    expect(st.trend).toBeCloseTo(1.1, 12)
    expect(st.season[0]).toBeCloseTo(0.4, 12)
    expect(forecastEts(st, 1)[0]).toBeCloseTo(12.89, 12)
  })

  it('widens the interval with the horizon', () => {
    // sd_1 = sigma; sd_2 = sigma sqrt(1 + c_1^2), c_1 = alpha + beta phi = 0.5 + 0.1 * 0.9 = 0.59
    //   -> 2 * sqrt(1.3481) = 2.322154
    const st = initEts(new Float64Array(0), new Uint8Array(0), 0, 0, { alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 0.9 })
    const sd = etsSdPath(st, 2, 28)
    expect(sd[0]).toBeCloseTo(2, 12)
    expect(sd[1]).toBeCloseTo(2.322154, 6)
    for (let h = 1; h < 28; h++) expect(sd[h]).toBeGreaterThanOrEqual(sd[h - 1])
  })
})
