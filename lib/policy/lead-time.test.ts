import { describe, expect, it } from 'vitest'
import { leadTimeStatsFromReceipts, shrinkLeadTime, shrinkageWeight } from './lead-time'

describe('lead time shrinkage', () => {
  it('shrinks local toward supplier toward global with weights n / (n + k)', () => {
    // k = 5. Supplier: n = 15 -> w_s = 15 / 20 = 0.75
    //   mean' = 0.75 * 14 + 0.25 * 20 = 15.5;  var' = 0.75 * 4^2 + 0.25 * 6^2 = 12 + 9 = 21
    // Local: n = 5 -> w_l = 5 / 10 = 0.5
    //   mean = 0.5 * 10 + 0.5 * 15.5 = 12.75;   var = 0.5 * 2^2 + 0.5 * 21 = 12.5 -> sd = 3.535534
    const r = shrinkLeadTime({ mean_days: 10, sd_days: 2, n: 5 }, { mean_days: 14, sd_days: 4, n: 15 }, { mean_days: 20, sd_days: 6 }, 5)
    expect(r.weight_supplier).toBeCloseTo(0.75, 12)
    expect(r.weight_local).toBeCloseTo(0.5, 12)
    expect(r.lead_time_days).toBeCloseTo(12.75, 10)
    expect(r.sd_lead_time_days).toBeCloseTo(3.535534, 6)
    expect(r.inputs.local.n).toBe(5)
  })

  it('falls back to the supplier, then the global figure, when there are no receipts', () => {
    // No local receipts: the supplier-level figure 15.5, sqrt(21) = 4.582576.
    const r = shrinkLeadTime({ mean_days: Number.NaN, sd_days: Number.NaN, n: 0 }, { mean_days: 14, sd_days: 4, n: 15 }, { mean_days: 20, sd_days: 6 })
    expect(r.lead_time_days).toBeCloseTo(15.5, 10)
    expect(r.sd_lead_time_days).toBeCloseTo(4.582576, 6)
    const g = shrinkLeadTime({ mean_days: 0, sd_days: 0, n: 0 }, { mean_days: 0, sd_days: 0, n: 0 }, { mean_days: 20, sd_days: 6 })
    expect(g.lead_time_days).toBe(20)
    expect(g.sd_lead_time_days).toBe(6)
  })

  it('trusts a lane with many receipts', () => {
    expect(shrinkageWeight(995, 5)).toBeCloseTo(0.995, 12)
    expect(shrinkageWeight(0, 5)).toBe(0)
  })

  it('summarises receipts with the sample sd', () => {
    // [4, 6, 8]: mean 6, sum of squares 8, sd = sqrt(8 / 2) = 2
    expect(leadTimeStatsFromReceipts(Float64Array.from([4, 6, 8]))).toEqual({ mean_days: 6, sd_days: 2, n: 3 })
    expect(leadTimeStatsFromReceipts(new Float64Array(0))).toEqual({ mean_days: 0, sd_days: 0, n: 0 })
  })
})
