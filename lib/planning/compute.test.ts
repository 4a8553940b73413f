import { describe, expect, it } from 'vitest'
import { forecastBlock, HISTORY_DAYS, type SeriesBlock, type SkuState } from './compute'
import { markdownExposure, planLocation, recentSales, refreshPlan } from './plan-location'

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
  on_hand, reserved: 0, on_order: 0, receipts: [], lead_time_days: 5, sd_lead_time_days: 1, lead_time_source: 'supplier',
})

describe('planLocation', () => {
  it('turns forecasts and stock into policies whose ROP is d*(L + 1) + SS (the nightly run reviews daily), with more risk for less stock', () => {
    const b = block([10, 10])
    const f = forecastBlock(b)
    const plans = planLocation(b, f, new Map([['S0', state('S0', 500)], ['S1', state('S1', 20)]]))
    const [rich, poor] = plans
    for (const p of plans) {
      expect(p.d).toBeCloseTo(10, 0)
      expect(p.reorder_point).toBeCloseTo(p.d * (p.lead_time_days + 1) + p.safety_stock, 6)
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

describe('planLocation: the rate an order must cover (time-phased d)', () => {
  // One sku, 3 a day for 28 days but 12 a day on a promotion week; L = 5, so an order placed
  // tonight covers L + 1 + R = 5 + 1 + 7 = 13 days.
  const H = HISTORY_DAYS
  const b: SeriesBlock = { start_date: '2026-06-01', history_days: H, skus: ['P'], channels: ['store'], demand: new Float64Array(H).fill(3), censored: new Uint8Array(H) }
  const promoFrom = (first: number) => {
    const mean = Float32Array.from({ length: 28 }, (_, h) => (h >= first && h < first + 7 ? 12 : 3))
    return [{ sku: 'P', channel: 'store', model: 'm', model_version: 'v', mean, lower: mean, upper: mean, d: (21 * 3 + 7 * 12) / 28, sd_d: 1, segment: '', promo_applied: true, censoring_factor: 1 }]
  }
  const plan = (first: number) => planLocation(b, promoFrom(first), new Map([['P', state('P', 0)]]))[0]

  it('a promotion three weeks out leaves d at the rate of the days before it', () => {
    // Days 0..12 all at 3; the 28-day mean (5.25) would have raised the reorder point three weeks early.
    const far = plan(20)
    expect(far.d).toBeCloseTo(3, 9)
    expect(far.reorder_point).toBeCloseTo(3 * 6 + far.safety_stock, 6)
  })

  it('a promotion inside the 13 days raises d and the order-up-to level', () => {
    // Promotion on days 8..14: 5 of its days inside 0..12: (8 x 3 + 5 x 12) / 13 = 84 / 13.
    const near = plan(8)
    expect(near.d).toBeCloseTo(84 / 13, 5)
    expect(near.order_up_to).toBeGreaterThan(plan(20).order_up_to + 30)
    expect(near.reorder_point).toBeCloseTo(near.d * 6 + near.safety_stock, 6)
  })
})

describe('forecastBlock: promotions and new items learned across the location', () => {
  const H = HISTORY_DAYS
  /**
   * Six skus of one category selling 10 a day, twice that on promotion days: a 30%-off week every
   * 28 days, staggered by sku. S0 also has a promotion planned on forecast days 5-11.
   */
  function promoBlock(): SeriesBlock {
    const n = 6
    const demand = new Float64Array(n * H).fill(10)
    const series: number[] = []
    const from: number[] = []
    const to: number[] = []
    const depth: number[] = []
    for (let i = 0; i < n; i++) {
      for (let start = 3 + i * 4; start + 6 < H - 14; start += 28) {
        for (let t = start; t <= start + 6; t++) demand[i * H + t] = 20
        series.push(i)
        from.push(start)
        to.push(start + 6)
        depth.push(0.3)
      }
    }
    series.push(0)
    from.push(H + 5)
    to.push(H + 11)
    depth.push(0.3)
    return {
      start_date: '2026-06-01', history_days: H, skus: Array.from({ length: n }, (_, i) => `S${i}`), channels: Array(n).fill('store'),
      demand, censored: new Uint8Array(n * H), category: new Int32Array(n), categories: ['Snacks'],
      promos: { series: Int32Array.from(series), from: Int32Array.from(from), to: Int32Array.from(to), depth: Float64Array.from(depth) },
    }
  }

  it('lifts the forecast on planned promotion days by the uplift learned from the history', () => {
    const [planned, other] = forecastBlock(promoBlock())
    const onPromo = planned.mean.slice(5, 12).reduce((s, x) => s + x, 0) / 7
    const before = planned.mean.slice(0, 5).reduce((s, x) => s + x, 0) / 5
    // Learned uplift: 20 / 10 = 2, shrunk a little toward 1 (36 promo days against 20 of prior).
    expect(onPromo / before).toBeGreaterThan(1.5)
    expect(onPromo / before).toBeLessThan(2.05)
    expect(before).toBeCloseTo(10, 0)
    expect(planned.promo_applied).toBe(true)
    // Promotion days were left out of the baseline fit: the others forecast the 10 a day they sell.
    expect(other.promo_applied).toBe(false)
    for (const x of other.mean) expect(x).toBeCloseTo(10, 0)
    expect(other.d).toBeCloseTo(10, 0)
    expect(planned.d).toBeGreaterThan(other.d)
  })

  it('forecasts without uplift when no promotion is known', () => {
    const b = promoBlock()
    delete b.promos
    const [f] = forecastBlock(b)
    expect(f.promo_applied).toBe(false)
    expect(Math.max(...f.mean)).toBeLessThan(16)
  })

  it('starts a new item from its category median at the location, not from its empty days', () => {
    // Five established skus selling 4, 6, 8, 10 and 12 a day (median 8); a new one with 3 days of 2.
    const n = 6
    const demand = new Float64Array(n * H)
    for (let i = 0; i < 5; i++) demand.fill(4 + 2 * i, i * H, (i + 1) * H)
    demand.fill(2, 5 * H + H - 3, 6 * H)
    const base: SeriesBlock = {
      start_date: '2026-06-01', history_days: H, skus: ['E0', 'E1', 'E2', 'E3', 'E4', 'NEW'], channels: Array(n).fill('store'),
      demand, censored: new Uint8Array(n * H), category: new Int32Array(n), categories: ['Toys'],
    }
    const asNew = forecastBlock({ ...base, new_item: Uint8Array.from([0, 0, 0, 0, 0, 1]) })[5]
    // (14 x 8 + 3 x 2) / (14 + 3) = 6.94
    expect(asNew.model).toBe('new_item_prior')
    expect(asNew.d).toBeCloseTo(118 / 17, 1)
    // Read as an old item, its 109 days before the first sale count as zero demand.
    const asOld = forecastBlock(base)[5]
    expect(asOld.model).not.toBe('new_item_prior')
    expect(asOld.d).toBeLessThan(2)
  })
})

describe('forecastBlock: seasonality by category and channel', () => {
  it('multiplies the forecast by the seasonal factor and reads the history through it', () => {
    const H = HISTORY_DAYS
    const b = block([10, 10])
    b.category = Int32Array.from([0, 1])
    b.categories = ['Seasonal', 'Flat']
    // Category 0: last year's season says the forecast days sell twice the history days.
    const logs = new Float64Array(H + 28)
    logs.fill(Math.log(2), H)
    b.season = { paths: [logs], series: Int32Array.from([0, -1]) }
    const [seasonal, flat] = forecastBlock(b)
    for (const x of seasonal.mean) expect(x).toBeCloseTo(20, 0)
    for (const x of flat.mean) expect(x).toBeCloseTo(10, 0)
  })
})

describe('planLocation: new items stocked but not sold yet', () => {
  it('plans a new item on its category prior at the location, anything else on no demand', () => {
    const H = HISTORY_DAYS
    // Five established Toys selling 4, 6, 8, 10 and 12 a day: median 8.
    const demand = new Float64Array(5 * H)
    for (let i = 0; i < 5; i++) demand.fill(4 + 2 * i, i * H, (i + 1) * H)
    const b: SeriesBlock = {
      start_date: '2026-06-01', history_days: H, skus: ['E0', 'E1', 'E2', 'E3', 'E4'], channels: Array(5).fill('store'),
      demand, censored: new Uint8Array(5 * H), category: new Int32Array(5), categories: ['Toys'],
    }
    const fresh = { ...state('NEW', 0), category: 'Toys', is_new: true }
    const old = { ...state('OLD', 0), category: 'Toys' }
    const plans = planLocation(b, forecastBlock(b), new Map([['NEW', fresh], ['OLD', old]]))
    const p = plans.find((x) => x.sku === 'NEW')!
    expect(p.model).toBe('new_item_prior')
    expect(p.d).toBe(8)
    expect(p.sd_d).toBeCloseTo(Math.sqrt(8), 6)
    expect(p.recommended_order_qty).toBeGreaterThan(0)
    const o = plans.find((x) => x.sku === 'OLD')!
    expect(o.model).toBe('no_history')
    expect(o.d).toBe(0)
  })
})

describe('recentSales', () => {
  it('counts every unit sold and, on stockout days, what the level expected beyond what still sold', () => {
    // Last 28 days sell 5 a day, except three stockout days that sold 0, 2 and 7 (level 5):
    // sold = 25 x 5 + 0 + 2 + 7 = 134; lost = 5 + 3 + 0 = 8. Days before the last 28 do not count.
    const b = block([5])
    const H = HISTORY_DAYS
    const days = [H - 20, H - 10, H - 1]
    ;[0, 2, 7].forEach((y, k) => {
      b.demand[days[k]] = y
      b.censored[days[k]] = 1
    })
    b.censored[H - 40] = 1
    expect(recentSales(b, 0, 5)).toEqual({ sold: 134, lost: 8 })
  })
})
