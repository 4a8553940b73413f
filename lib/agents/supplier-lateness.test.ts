import { describe, expect, it } from 'vitest'
import { latenessTolerance, normalLateness } from './supplier-lateness'

describe('normal lateness', () => {
  it('takes the spread from the receipts on or before their promise, untouched by disruptions', () => {
    // 12 on time or early: -1,-1,-2,0,0,-1,-1,0,-2,-1,0,-1 -> sum of squares 1+1+4+0+0+1+1+0+4+1+0+1 = 14, /12 -> sd = sqrt(1.1667) = 1.0801
    // plus 1,1,2,1 normal late and six disrupted at 8..13 (a plain sd would be about 4.4).
    const early = [-1, -1, -2, 0, 0, -1, -1, 0, -2, -1, 0, -1]
    const n = normalLateness([...early, 1, 1, 2, 1, 8, 9, 10, 11, 12, 13])
    expect(n.method).toBe('early side')
    expect(n.centre).toBe(0)
    expect(n.sd).toBeCloseTo(1.0801, 4)
    expect(n.n).toBe(12)
    expect(latenessTolerance(n, 2, 1)).toBeCloseTo(2.1602, 4)
  })

  it('centres a supplier late by habit on its median, spread by MAD', () => {
    // Always 2-4 days late: 3,2,4,3,2,4,3,2,4,3 -> median 3, |dev| four 0s and six 1s -> MAD 1 -> sd 1.4826
    const n = normalLateness([3, 2, 4, 3, 2, 4, 3, 2, 4, 3])
    expect(n.method).toBe('median and MAD')
    expect(n.centre).toBe(3)
    expect(n.sd).toBeCloseTo(1.4826, 4)
    // tolerance 3 + 2 x 1.4826 = 5.97 days: a PO 5 days late is normal for it, 6 is not.
    expect(latenessTolerance(n, 2, 1)).toBeCloseTo(5.9652, 4)
  })

  it('falls back to the floor with too few receipts, and ignores non-numbers', () => {
    const n = normalLateness([0, -1, NaN, 5])
    expect(n).toEqual({ centre: 0, sd: 0, method: 'unknown', n: 3 })
    expect(latenessTolerance(n, 2, 1)).toBe(1)
  })

  it('needs a quarter of receipts on time for the early side', () => {
    // 10 early of 50: under a quarter -> median and MAD.
    const xs = [...Array(10).fill(-1), ...Array(40).fill(5)]
    expect(normalLateness(xs).method).toBe('median and MAD')
    expect(normalLateness([...Array(13).fill(-1), ...Array(37).fill(5)]).method).toBe('early side')
  })
})
