import { describe, expect, it } from 'vitest'
import { crostonSbaRate, initCroston, initTsb, tsbRate, updateCroston, updateTsb, weekdayProfile } from './intermittent'
import { buildSkipMask } from './series'

const y = Float64Array.from([0, 0, 3, 0, 5, 0, 0, 0, 2])

function croston(demand: Float64Array, censored?: Uint8Array, alpha = 0.1) {
  const st = initCroston(0, alpha)
  updateCroston(st, demand, buildSkipMask(demand, censored), demand.length)
  return st
}

function tsb(demand: Float64Array, censored?: Uint8Array, alpha = 0.1, beta = 0.2) {
  const st = initTsb(0, alpha, beta)
  updateTsb(st, demand, buildSkipMask(demand, censored), demand.length)
  return st
}

describe('Croston with SBA', () => {
  it('matches the hand computation', () => {
    // alpha = 0.1. Demands 3 (interval 3), 5 (interval 2), 2 (interval 4).
    //   first demand: z = 3, p = 3
    //   5 after 2:    z = 3 + 0.1 (5 - 3) = 3.2,    p = 3 + 0.1 (2 - 3) = 2.9
    //   2 after 4:    z = 3.2 + 0.1 (2 - 3.2) = 3.08, p = 2.9 + 0.1 (4 - 2.9) = 3.01
    //   Croston z / p = 1.023256; SBA (1 - 0.1 / 2) z / p = 0.95 * 1.023256 = 0.972093
    const st = croston(y)
    expect(st.z).toBeCloseTo(3.08, 10)
    expect(st.p).toBeCloseTo(3.01, 10)
    expect(crostonSbaRate(st)).toBeCloseTo(0.972093, 6)
  })

  it('drops censored days instead of counting them as zero demand', () => {
    // Same demands with two stockout days inserted: the result must not change.
    const withGaps = Float64Array.from([0, 0, 3, 0, 0, 5, 0, 0, 0, 0, 2])
    const cens = Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
    expect(crostonSbaRate(croston(withGaps, cens))).toBeCloseTo(0.972093, 6)
    // Read as zeros instead, the intervals lengthen and the rate drops.
    expect(crostonSbaRate(croston(withGaps))).toBeLessThan(0.95)
  })

  it('forecasts 0 for an all-zero or empty series', () => {
    expect(crostonSbaRate(croston(new Float64Array(60)))).toBe(0)
    expect(crostonSbaRate(croston(new Float64Array(0)))).toBe(0)
    expect(crostonSbaRate(croston(new Float64Array(10), new Uint8Array(10).fill(1)))).toBe(0)
  })
})

describe('TSB', () => {
  it('matches the hand computation', () => {
    // alpha = 0.1 (size), beta = 0.2 (probability).
    //   first demand 3 after 3 days: z = 3, pr = 1/3 = 0.333333
    //   0: pr = 0.333333 * 0.8 = 0.266667
    //   5: z = 3.2, pr = 0.266667 + 0.2 (1 - 0.266667) = 0.413333
    //   0, 0, 0: pr = 0.330667, 0.264533, 0.211627
    //   2: z = 3.08, pr = 0.211627 + 0.2 (1 - 0.211627) = 0.369301
    //   forecast pr z = 0.369301 * 3.08 = 1.137448
    const st = tsb(y)
    expect(st.z).toBeCloseTo(3.08, 10)
    expect(st.pr).toBeCloseTo(0.369301, 6)
    expect(tsbRate(st)).toBeCloseTo(1.137448, 6)
  })

  it('decays toward zero when sales stop (obsolescence), unlike Croston', () => {
    const dead = new Float64Array(120)
    dead.set([2, 0, 3, 0, 2, 0, 3, 0, 2, 0])
    expect(tsbRate(tsb(dead))).toBeLessThan(0.001)
    expect(crostonSbaRate(croston(dead))).toBeGreaterThan(0.5)
  })

  it('forecasts 0 for an all-zero series', () => {
    expect(tsbRate(tsb(new Float64Array(60)))).toBe(0)
  })
})

describe('weekday profile', () => {
  it('averages 1 and tracks the weekly shape, shrunk toward 1', () => {
    // 52 weeks where slot 5 sells 3 and the rest 1: mean 9/7, raw ratio for slot 5 = 3 / (9/7) = 2.333
    // shrunk with 52 days vs 8 pseudo-days: (52 * 2.333 + 8) / 60 = 2.1556; others (52 * 0.7778 + 8) / 60
    // = 0.8074; rescaled to average 1: divide by (2.1556 + 6 * 0.8074) / 7 = 0.9999... -> ~2.156, ~0.807
    const d = new Float64Array(364)
    for (let t = 0; t < 364; t++) d[t] = t % 7 === 5 ? 3 : 1
    const w = weekdayProfile(d, new Uint8Array(364), 0, 364)
    let avg = 0
    for (const v of w) avg += v / 7
    expect(avg).toBeCloseTo(1, 10)
    expect(w[5]).toBeCloseTo(2.1556, 3)
    expect(w[0]).toBeCloseTo(0.8074, 3)
    expect(Array.from(weekdayProfile(new Float64Array(14), new Uint8Array(14), 0, 14))).toEqual([1, 1, 1, 1, 1, 1, 1])
  })
})
