import { describe, expect, it } from 'vitest'
import { PromotionIndex, discountPaths, type PromotionWindow } from './promotions'

const promo = (p: Partial<PromotionWindow>): PromotionWindow => ({
  promo_id: 'P', skus: ['A'], locations: [], channels: [], first_day: 10, last_day: 16, depth: 0.2, ...p,
})
const series = [
  { sku: 'A', channel: 'store' },
  { sku: 'A', channel: 'ecommerce' },
  { sku: 'B', channel: 'store' },
]

describe('PromotionIndex', () => {
  it('applies a promotion without locations everywhere and without channels to every channel', () => {
    const idx = new PromotionIndex([promo({})], 140)
    for (const loc of ['S1', 'S2']) expect([...idx.spansAt(loc, series).series]).toEqual([0, 1])
  })

  it('keeps a promotion to its locations, channels and skus', () => {
    const idx = new PromotionIndex([promo({ locations: ['S1'], channels: ['ecommerce'], skus: ['A', 'B'] })], 140)
    const at1 = idx.spansAt('S1', series)
    expect([...at1.series]).toEqual([1])
    expect([...at1.from]).toEqual([10])
    expect([...at1.to]).toEqual([16])
    expect(idx.spansAt('S2', series).series).toHaveLength(0)
  })

  it('gives a sku x channel the promotions of every location for its total over the locations', () => {
    const idx = new PromotionIndex([promo({ locations: ['S1'], first_day: 3, last_day: 4 }), promo({ promo_id: 'Q', locations: ['S2'], channels: ['store'], first_day: 20, last_day: 21 })], 140)
    const s = idx.spansAnywhere(series)
    expect([...s.series]).toEqual([0, 0, 1])
    expect([...s.from]).toEqual([3, 20, 3])
    expect(idx.spansAt('S1', series).series).toHaveLength(2)
  })

  it('clips windows to the days asked for and drops those outside or without a discount', () => {
    const idx = new PromotionIndex(
      [promo({ promo_id: 'early', first_day: -5, last_day: 2 }), promo({ promo_id: 'late', first_day: 135, last_day: 150 }), promo({ promo_id: 'gone', first_day: -9, last_day: -1 }), promo({ promo_id: 'free', depth: 0 })],
      140,
    )
    const s = idx.spansAt('S1', [series[0]])
    expect([...s.from]).toEqual([0, 135])
    expect([...s.to]).toEqual([2, 139])
  })
})

describe('discountPaths', () => {
  it('takes the deeper discount where promotions overlap and leaves other days at 0', () => {
    const idx = new PromotionIndex([promo({ first_day: 2, last_day: 5, depth: 0.1 }), promo({ promo_id: 'Q', first_day: 4, last_day: 6, depth: 0.3 })], 10)
    const paths = discountPaths(idx.spansAt('S1', [series[0]]), 10)
    expect([...paths.get(0)!].map((x) => Math.round(x * 10) / 10)).toEqual([0, 0, 0.1, 0.1, 0.3, 0.3, 0.3, 0, 0, 0])
    expect(paths.has(1)).toBe(false)
  })
})
