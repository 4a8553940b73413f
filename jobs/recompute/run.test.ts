import { describe, expect, it } from 'vitest'
import { HISTORY_DAYS } from '@/lib/planning/compute'
import { toBlock } from './run'

describe('toBlock', () => {
  it('censors every stockout day of the sku, those that still sold too', () => {
    const H = HISTORY_DAYS
    const rows = [
      { sku: 'A', channel: 'store', days: [10, 11, 12], units: [3, 4, 5] },
      { sku: 'A', channel: 'web', days: [11], units: [1] },
      { sku: 'B', channel: 'store', days: [11], units: [2] },
    ]
    const b = toBlock(rows, [{ sku: 'A', days: [11, 20, H + 3] }], '2026-06-01')
    expect(b.demand[11]).toBe(4)
    expect([...b.censored.subarray(0, H)].flatMap((c, t) => (c ? [t] : []))).toEqual([11, 20])
    expect([...b.censored.subarray(H, 2 * H)].flatMap((c, t) => (c ? [t] : []))).toEqual([11, 20])
    expect(b.censored.subarray(2 * H).every((c) => c === 0)).toBe(true)
  })
})
