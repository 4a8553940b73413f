import { describe, expect, it } from 'vitest'
import { markdownExposure, planLocation, forecastBlock, refreshPlan, HISTORY_DAYS, type SeriesBlock, type SkuState } from './compute'

describe('markdown exposure', () => {
  const path = new Float64Array(28).fill(2)
  it('is zero outside the sell-by window or without a season end', () => {
    expect(markdownExposure({ season_end: null, on_hand: 100, on_order: 0, unit_price: 10 }, path, '2026-01-01')).toBe(0)
    expect(markdownExposure({ season_end: '2026-03-01', on_hand: 100, on_order: 0, unit_price: 10 }, path, '2026-01-01')).toBe(0)
  })
  it('values units left at season end at price minus clearance price', () => {
    // 10 days to season end: 100 + 20 on order - 10 x 2 demand = 100 left, x (10 - 5) = 500.
    expect(markdownExposure({ season_end: '2026-01-11', on_hand: 100, on_order: 20, unit_price: 10 }, path, '2026-01-01')).toBe(500)
    // Demand beyond stock leaves nothing.
    expect(markdownExposure({ season_end: '2026-01-11', on_hand: 5, on_order: 0, unit_price: 10 }, path, '2026-01-01')).toBe(0)
  })
})

function block(levels: number[]): SeriesBlock {
  const H = HISTORY_DAYS
  const demand = new Float64Array(levels.length * H)
  levels.forEach((l, i) => demand.fill(l, i * H, (i + 1) * H))
  return { start_date: '2026-06-01', history_days: H, skus: levels.map((_, i) => `S${i}`), channels: levels.map(() => 'store'), demand, censored: new Uint8Array(levels.length * H) }
}

const state = (sku: string, on_hand: number): SkuState => ({
  sku, category: 'C', supplier: 'X', unit_price: 10, unit_cost: 6, case_pack: 6, moq: 12, season_end: null,
  on_hand, reserved: 0, on_order: 0, receipts: [], lead_time_days: 5, sd_lead_time_days: 1,
})

describe('planLocation', () => {
  it('turns forecasts and stock into policies whose ROP is d*L + SS, with more risk for less stock', () => {
    const b = block([10, 10])
    const f = forecastBlock(b)
    const plans = planLocation(b, f, new Map([['S0', state('S0', 500)], ['S1', state('S1', 20)]]))
    const [rich, poor] = plans
    for (const p of plans) {
      expect(p.d).toBeCloseTo(10, 0)
      expect(p.reorder_point).toBeCloseTo(p.d * p.lead_time_days + p.safety_stock, 6)
    }
    expect(rich.stockout_probability).toBeLessThan(0.01)
    expect(poor.stockout_probability).toBeGreaterThan(0.99)
    expect(poor.recommended_order_qty % 6).toBe(0)
    expect(poor.recommended_order_qty).toBeGreaterThanOrEqual(12)
    expect(rich.recommended_order_qty).toBe(0)
  })

  it('refreshes position and risk from new stock, keeping demand and lead time', () => {
    const b = block([10])
    const [plan] = planLocation(b, forecastBlock(b), new Map([['S0', state('S0', 500)]]))
    const after = refreshPlan(plan, { on_hand: 3, reserved: 0, on_order: 0, receipts: [] }, new Float64Array(28).fill(plan.d), '2026-06-01')
    expect(after.d).toBe(plan.d)
    expect(after.position).toBe(3)
    expect(after.stockout_probability).toBeGreaterThan(plan.stockout_probability)
    expect(after.recommended_order_qty).toBeGreaterThan(0)
    expect(after.projected_stockout_date).toBe('2026-06-01')
  })
})
