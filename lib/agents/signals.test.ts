import { describe, expect, it } from 'vitest'
import { dateOfDay, dayNumber, mad, mean, median, robustZ, sampleSd, severityByValue } from './signals'

describe('signals', () => {
  it('counts UTC days from dates and instants', () => {
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(dayNumber('2026-12-10T23:59:59Z') - dayNumber('2026-12-05')).toBe(5)
    expect(dateOfDay(dayNumber('2026-12-10'))).toBe('2026-12-10')
    expect(() => dayNumber('soon')).toThrow(RangeError)
  })

  it('computes means, sds, medians and MADs', () => {
    expect(mean([1, 2, 3, 6])).toBe(3)
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5) // ss 32 / 7
    expect(sampleSd([5])).toBe(0)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1) // median 2; |dev| 1,1,0,0,2,4,7 -> 1
  })

  it('floors the robust scale at a Poisson count', () => {
    // Baseline of zeros: MAD 0 -> scale 1; 5 units is z 5.
    expect(robustZ(5, [0, 0, 0, 0])).toEqual({ z: 5, median: 0, scale: 1 })
    // Median 10, MAD 4 -> 1.4826 x 4 = 5.93 > sqrt(10) = 3.16.
    const r = robustZ(22, [2, 6, 10, 14, 18])
    expect(r.scale).toBeCloseTo(5.9304, 4)
    expect(r.z).toBeCloseTo(12 / 5.9304, 4)
  })

  it('grades severity by money at risk', () => {
    expect(severityByValue(5000)).toBe('critical')
    expect(severityByValue(4999)).toBe('high')
    expect(severityByValue(100)).toBe('medium')
    expect(severityByValue(99)).toBe('low')
  })
})
