import { describe, expect, it } from 'vitest'
import { classifyDemand } from './classify'
import { buildSkipMask } from './series'

const cls = (v: number[], censored?: number[]) => {
  const y = Float64Array.from(v)
  return classifyDemand(y, buildSkipMask(y, censored ? Uint8Array.from(censored) : undefined))
}

describe('demand classification', () => {
  it('uses ADI 1.32 and CV^2 0.49', () => {
    // smooth: ADI 1, sizes 5 5 6 4: mean 5, var 0.5, CV^2 0.02
    expect(cls([5, 5, 6, 4]).demand_class).toBe('smooth')
    // erratic: ADI 1, sizes 1 10 1 10: mean 5.5, var 20.25, CV^2 = 20.25 / 30.25 = 0.669
    const e = cls([1, 10, 1, 10])
    expect(e.cv2).toBeCloseTo(0.669421, 6)
    expect(e.demand_class).toBe('erratic')
    // intermittent: 9 days, 3 with demand -> ADI 3; sizes equal -> CV^2 0
    const i = cls([0, 0, 4, 0, 0, 4, 0, 0, 4])
    expect(i.adi).toBe(3)
    expect(i.demand_class).toBe('intermittent')
    expect(i.segment).toBe('intermittent')
    // lumpy: ADI 3, sizes 1 and 10 -> CV^2 0.669
    expect(cls([0, 0, 1, 0, 0, 10]).demand_class).toBe('lumpy')
    expect(cls([0, 0, 0]).demand_class).toBe('no_demand')
  })

  it('ignores censored days and labels fast and slow movers', () => {
    // censored zeros do not lengthen the interval: ADI stays 1
    expect(cls([5, 0, 5, 0, 5], [0, 1, 0, 1, 0]).adi).toBe(1)
    expect(cls([5, 6, 5, 4]).segment).toBe('fast')
    expect(cls([1, 1, 2, 1]).segment).toBe('slow')
  })
})
