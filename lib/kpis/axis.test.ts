import { describe, expect, it } from 'vitest'
import { labelledIndexes, niceCeiling } from './axis'

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(7)).toBe(10)
    expect(niceCeiling(10)).toBe(10)
    expect(niceCeiling(11)).toBe(20)
    expect(niceCeiling(150)).toBe(200)
    expect(niceCeiling(201)).toBe(500)
    expect(niceCeiling(4999)).toBe(5000)
    expect(niceCeiling(0.3)).toBe(0.5)
    expect(niceCeiling(1)).toBe(1)
  })
  it('gives an empty or broken series an axis of 1', () => {
    expect(niceCeiling(0)).toBe(1)
    expect(niceCeiling(-5)).toBe(1)
    expect(niceCeiling(Number.NaN)).toBe(1)
    expect(niceCeiling(Number.POSITIVE_INFINITY)).toBe(1)
  })
})

describe('labelledIndexes', () => {
  it('labels every n-th point counted back from the newest', () => {
    expect(labelledIndexes(60, 15)).toEqual([14, 29, 44, 59])
    expect(labelledIndexes(5, 15)).toEqual([4])
    expect(labelledIndexes(0, 15)).toEqual([])
  })
})
