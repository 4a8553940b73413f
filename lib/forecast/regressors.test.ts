import { describe, expect, it } from 'vitest'
import { covariateFactors, deflateHistory, MAX_FACTOR } from './regressors'
import { compressRegressorObservations, concatRegressorObservations, regressorObservations, type RegressorObservations } from './regressor-observations'
import { fitRegressorCoefs, learnRegressorHierarchy } from './regressor-fit'
import { yearlyIndex } from './yearly-index'

const obs = (x: number[], actual: number[], baseline: number[], k = 1): RegressorObservations => ({
  k,
  x: Float64Array.from(x),
  actual: Float64Array.from(actual),
  baseline: Float64Array.from(baseline),
})

describe('covariate factors', () => {
  it('multiplies exp(b x) over the covariates', () => {
    // SNAP (b = 0.5) on days 0 and 2; a 20% price cut (x = log 0.8) with elasticity b = -2 on days 1, 2:
    // f = [e^0.5, 0.8^-2 = 1.5625, e^0.5 * 1.5625]
    const snap = Float64Array.from([1, 0, 1])
    const price = Float64Array.from([0, Math.log(0.8), Math.log(0.8)])
    const f = covariateFactors([snap, price], [0.5, -2], 0, 3, new Float64Array(3))
    expect(f[0]).toBeCloseTo(Math.exp(0.5), 12)
    expect(f[1]).toBeCloseTo(1.5625, 12)
    expect(f[2]).toBeCloseTo(Math.exp(0.5) * 1.5625, 12)
  })

  it('reads missing or non-finite values as 0, leaves days outside [from, to) alone and clamps', () => {
    const x = Float64Array.from([Number.NaN, 1])
    const out = Float64Array.from([7, 7, 7, 7])
    covariateFactors([x], [100], 0, 3, out)
    expect(Array.from(out)).toEqual([1, MAX_FACTOR, 1, 7])
  })

  it('deflates history and skips days whose factor says little about the base', () => {
    // factors 2, 0.1 (below 0.15: skipped), 1.5 -> 10 / 2 = 5, (4 kept as is), 6 / 1.5 = 4
    const skip = new Uint8Array(3)
    const out = deflateHistory(Float64Array.from([10, 4, 6]), skip, Float64Array.from([2, 0.1, 1.5]), 0, 3, 0.15, new Float64Array(3))
    expect(Array.from(out)).toEqual([5, 4, 4])
    expect(Array.from(skip)).toEqual([0, 1, 0])
  })
})

describe('learning coefficients', () => {
  it('pairs covariate days with a baseline from the reference days around them', () => {
    // 28 days at 10 a day; days 3, 10, 17 have the covariate and sell 15. Every weekday's reference
    // mean is 10, so the weekday factors are 1 and each baseline is the reference mean, 10.
    const y = Float64Array.from({ length: 28 }, (_, t) => (t === 3 || t === 10 || t === 17 ? 15 : 10))
    const x = Float64Array.from({ length: 28 }, (_, t) => (t === 3 || t === 10 || t === 17 ? 1 : 0))
    const o = regressorObservations(y, new Uint8Array(28), [x])
    expect(Array.from(o.actual)).toEqual([15, 15, 15])
    expect(Array.from(o.baseline)).toEqual([10, 10, 10])
    expect(Array.from(o.x)).toEqual([1, 1, 1])
    // Skipped days (a stockout on day 10) are left out; an offset factor is divided out of the
    // reference days and multiplied back into the baseline: offset 2 everywhere -> baseline 10 again.
    const skip = new Uint8Array(28)
    skip[10] = 1
    const o2 = regressorObservations(y, skip, [x], { offset_factor: new Float64Array(28).fill(2) })
    expect(Array.from(o2.actual)).toEqual([15, 15])
    expect(Array.from(o2.baseline)).toEqual([10, 10])
  })

  it('fits the ratio of sums for one binary covariate, and shrinks it with the ridge', () => {
    // three days selling 15 on a baseline of 10: b = log(45 / 30) = log 1.5 = 0.405465
    const o = obs([1, 1, 1], [15, 15, 15], [10, 10, 10])
    expect(fitRegressorCoefs(o, { ridge: 1e-9 })[0]).toBeCloseTo(Math.log(1.5), 8)
    // ridge 30: 45 - 30 e^b - 30 b = 0 <=> e^b + b = 1.5 -> b = 0.235040 (bisection by hand)
    expect(fitRegressorCoefs(o, { ridge: 30 })[0]).toBeCloseTo(0.23504, 5)
    // a prior of log 1.5 is already the optimum, whatever the ridge
    expect(fitRegressorCoefs(o, { ridge: 1000, prior: [Math.log(1.5)] })[0]).toBeCloseTo(Math.log(1.5), 8)
  })

  it('recovers a price elasticity and respects bounds', () => {
    // 20% off (x = log 0.8) sells 1.5625x the baseline: b = log 1.5625 / log 0.8 = -2
    const o = obs([Math.log(0.8), Math.log(0.8)], [15.625, 31.25], [10, 20])
    expect(fitRegressorCoefs(o, { ridge: 1e-9 })[0]).toBeCloseTo(-2, 6)
    // demand falling on a price cut would need b > 0: bounded above by 0 it stays at 0
    const wrong = obs([Math.log(0.8), Math.log(0.8)], [8, 16], [10, 20])
    expect(fitRegressorCoefs(wrong, { ridge: 1e-9, upper: [0] })[0]).toBe(0)
  })

  it('separates two covariates on separate days', () => {
    // covariate 1 doubles demand, covariate 2 halves it: b = (log 2, log 0.5)
    const o = obs([1, 0, 1, 0, 0, 1, 0, 1], [20, 40, 5, 10], [10, 20, 10, 20], 2)
    const b = fitRegressorCoefs(o, { ridge: 1e-9 })
    expect(b[0]).toBeCloseTo(Math.log(2), 6)
    expect(b[1]).toBeCloseTo(Math.log(0.5), 6)
  })

  it('merges identical 0/1 rows without changing the fit', () => {
    // rows (1,0) 15/10 twice -> one row 30/20; (0,1) 5/10 stays; (0.5,0) 3/2 is not 0/1: kept;
    // a row with baseline 0 is dropped (the fit ignores it anyway)
    const o = obs([1, 0, 1, 0, 0, 1, 0.5, 0, 1, 0], [15, 15, 5, 3, 9], [10, 10, 10, 2, 0], 2)
    const c = compressRegressorObservations(o)
    expect(Array.from(c.x)).toEqual([1, 0, 0, 1, 0.5, 0])
    expect(Array.from(c.actual)).toEqual([30, 5, 3])
    expect(Array.from(c.baseline)).toEqual([20, 10, 2])
    const big = obs(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 1 : 0)), Array.from({ length: 400 }, (_, i) => 10 + (i % 7)), new Array(400).fill(10))
    expect(compressRegressorObservations(big).actual.length).toBe(2)
    // the fit on merged rows equals the fit on all rows (computed here without merging: k = 1 closed form)
    let a1 = 0
    let b1 = 0
    for (let i = 0; i < 400; i++) if (i % 3 === 0) {
      a1 += 10 + (i % 7)
      b1 += 10
    }
    expect(fitRegressorCoefs(big, { ridge: 1e-9 })[0]).toBeCloseTo(Math.log(a1 / b1), 8)
  })

  it('pools global -> group -> series', () => {
    // group 0: two series, both at 2x on covariate days (1000 baseline units); group 1: no series.
    const a = obs([1, 1], [1000, 1000], [500, 500])
    const b = obs([1], [200], [100])
    const h = learnRegressorHierarchy([a, b], [0, 0], 2, { global_ridge: 1e-9, group_ridge: 1e-9, series_ridge: Infinity })
    expect(h.global[0]).toBeCloseTo(Math.log(2), 8)
    expect(h.groups[0][0]).toBeCloseTo(Math.log(2), 8)
    expect(h.groups[1][0]).toBeCloseTo(Math.log(2), 8) // an empty group gets the global figure
    expect(h.series[1][0]).toBeCloseTo(Math.log(2), 8)
    // a series that saw no effect at all is pulled toward its group by the series ridge
    const none = obs([1], [100], [100])
    const h2 = learnRegressorHierarchy([a, none], [0, 0], 1, { global_ridge: 1e-9, group_ridge: 1e-9, series_ridge: 100 })
    expect(h2.series[1][0]).toBeGreaterThan(0)
    expect(h2.series[1][0]).toBeLessThan(h2.groups[0][0])
    expect(concatRegressorObservations([a, b]).actual.length).toBe(3)
  })
})

describe('yearly index', () => {
  it('is the same season in other years relative to the level around it', () => {
    // period 14, no smoothing, level window 14: two weeks high (2), then low (1), repeating.
    // Forecast day 35 (a low week): R(21) = 1 / mean(days 14..27) = 1 / 1.5, R(7) = 1 / 1.5 -> 0.6667
    const total = Float64Array.from({ length: 35 }, (_, t) => (t % 14 < 7 ? 2 : 1))
    const Y = yearlyIndex(total, 35, 7, undefined, { period: 14, smooth_days: 1, level_days: 14 })
    for (let t = 35; t < 42; t++) expect(Y[t]).toBeCloseTo(2 / 3, 10)
    // History day 14 uses the other years, 0 and 28. R(28) = 2 / 1.5; R(0)'s level window is cut
    // to days 0..6 (all 2) so R(0) = 1; Y = (1 + 4/3) / 2 = 1.1667.
    expect(Y[14]).toBeCloseTo(7 / 6, 10)
  })

  it('is 1 where no other year exists and on a flat history', () => {
    const flat = yearlyIndex(new Float64Array(800).fill(5), 800, 28)
    for (const v of flat) expect(v).toBeCloseTo(1, 12)
    const short = yearlyIndex(new Float64Array(100).fill(5), 100, 28)
    for (const v of short) expect(v).toBe(1)
  })
})
