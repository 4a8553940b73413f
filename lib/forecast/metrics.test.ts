import { describe, expect, it } from 'vitest'
import { accumulateErrors, bias, biasFromTotals, emptyTotals, forecastValueAdd, mae, mase, wape, wapeFromTotals } from './metrics'

const A = Float64Array.from([10, 0, 5, 5])
const F = Float64Array.from([8, 1, 5, 7])

describe('accuracy metrics', () => {
  it('WAPE and bias', () => {
    // |A - F| = 2 + 1 + 0 + 2 = 5, sum A = 20 -> WAPE = 0.25
    // F - A = -2 + 1 + 0 + 2 = 1 -> bias = 1 / 20 = 0.05
    expect(wape(A, F)).toBeCloseTo(0.25, 12)
    expect(bias(A, F)).toBeCloseTo(0.05, 12)
    expect(mae(A, F)).toBeCloseTo(1.25, 12)
  })

  it('leaves out excluded (censored) days', () => {
    // without day 0: |A - F| = 1 + 0 + 2 = 3, sum A = 10 -> 0.3
    expect(wape(A, F, Uint8Array.from([1, 0, 0, 0]))).toBeCloseTo(0.3, 12)
  })

  it('MASE against the in-sample seasonal naive error', () => {
    // history: week 1 = 1..7, week 2 = 2 2 4 4 6 6 8
    // |y_t - y_{t-7}| = 1 0 1 0 1 0 1 -> scale 4 / 7 = 0.571429; MAE 1.25 -> MASE = 1.25 / (4/7) = 2.1875
    const history = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 2, 2, 4, 4, 6, 6, 8])
    expect(mase(A, F, history)).toBeCloseTo(2.1875, 12)
    // a flat history has scale 0: undefined, not a fake number
    expect(mase(A, F, new Float64Array(14).fill(3))).toBeNaN()
  })

  it('forecast value add and totals across series', () => {
    expect(forecastValueAdd(0.4, 0.25)).toBeCloseTo(0.15, 12)
    // series 1 (above) + series 2: A = [10], F = [14] -> |err| 5 + 4 = 9, sum A 30 -> 0.3; bias (1 + 4) / 30
    const t = accumulateErrors(emptyTotals(), A, F)
    accumulateErrors(t, Float64Array.from([10]), Float64Array.from([14]))
    expect(wapeFromTotals(t)).toBeCloseTo(0.3, 12)
    expect(biasFromTotals(t)).toBeCloseTo(5 / 30, 12)
    expect(wape(new Float64Array(3), new Float64Array(3))).toBeNaN()
  })
})
