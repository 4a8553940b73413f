import { describe, expect, it } from 'vitest'
import { DownstreamBuilder, pathNetOfStock } from './downstream'
import { HORIZON_DAYS, HISTORY_DAYS, type SeriesBlock, type SkuState } from './compute'
import { DOWNSTREAM_MODEL, planLocation, refreshPlan } from './plan-location'
import { REVIEW_PERIOD_DAYS, TRANSFER_REVIEW_PERIOD_DAYS, reviewPeriodFor } from './review'

const child = (sku: string, d: number, sd_d: number, service_level: number, abc: string, on_hand: number, on_order: number, lead_time_source = 'supplier') => ({ sku, d, sd_d, service_level, abc, on_hand, on_order, lead_time_source })
const flat = (sku: string, level: number) => ({ sku, mean: new Float32Array(HORIZON_DAYS).fill(level) })

/** Two stores feeding one DC with sku X; only the first carries Y. */
function twoStores() {
  const b = new DownstreamBuilder(HORIZON_DAYS)
  b.add([child('X', 4, 2, 0.95, 'B', 10, 2), child('Y', 1, 1, 0.9, 'C', 3, 0)], [flat('X', 4), flat('Y', 1)])
  // The second store sells X in two channels: both paths add into X's.
  b.add([child('X', 6, 3, 0.98, 'A', 5, 0)], [flat('X', 2), flat('X', 4)])
  return b.build()
}

describe('downstream demand (a DC plans on its children)', () => {
  it('adds d and variances, keeps the highest service level and best class, sums stock and paths', () => {
    const ds = twoStores()
    const x = ds.skus.indexOf('X')
    const y = ds.skus.indexOf('Y')
    // d 4 + 6 = 10; variance 2^2 + 3^2 = 13; service max(0.95, 0.98); class min(B, A) = A; stock 10 + 2 + 5 = 17.
    expect(ds.d[x]).toBe(10)
    expect(ds.var_d[x]).toBe(13)
    expect(ds.service_level[x]).toBe(0.98)
    expect(ds.abc[x]).toBe(0)
    expect(ds.stock[x]).toBe(17)
    expect(ds.children[x]).toBe(2)
    expect(ds.path[x * HORIZON_DAYS]).toBe(10)
    expect(ds.path[x * HORIZON_DAYS + HORIZON_DAYS - 1]).toBe(10)
    expect([ds.d[y], ds.var_d[y], ds.abc[y], ds.children[y]]).toEqual([1, 1, 2, 1])
  })

  it('takes a daily-fed child\'s per-cycle service level back to its weekly target', () => {
    const b = new DownstreamBuilder(HORIZON_DAYS)
    // 0.95 a week is 0.95^(1/7) = 0.992700 a daily cycle; the DC protects the week's 0.95, not 0.9927.
    b.add([child('X', 1, 1, Math.pow(0.95, 1 / 7), 'A', 0, 0, 'transfer')], [])
    expect(b.build().service_level[0]).toBeCloseTo(0.95, 9)
  })

  it('puts a child planned without a forecast (a new item on its prior) into the path at its rate', () => {
    const b = new DownstreamBuilder(HORIZON_DAYS)
    b.add([child('NEW', 2.5, 1, 0.95, 'C', 0, 0), child('X', 4, 2, 0.95, 'B', 0, 0)], [flat('X', 4)])
    const ds = b.build()
    const k = ds.skus.indexOf('NEW')
    expect(ds.path[k * HORIZON_DAYS]).toBe(2.5)
    expect(ds.path[k * HORIZON_DAYS + HORIZON_DAYS - 1]).toBe(2.5)
    // A child with a path is not counted twice.
    expect(ds.path[ds.skus.indexOf('X') * HORIZON_DAYS]).toBe(4)
  })

  it('takes the children\'s stock off the first days of the path', () => {
    // 17 units against 10 a day: day 0 fully served, day 1 by 7 (3 left for the DC), then all 10.
    expect(Array.from(pathNetOfStock(Float64Array.from([10, 10, 10, 10]), 17))).toEqual([0, 3, 10, 10])
    expect(Array.from(pathNetOfStock(Float64Array.from([10, 10]), 0))).toEqual([10, 10])
    expect(Array.from(pathNetOfStock(Float64Array.from([10, 10]), 500))).toEqual([0, 0])
  })

  it('gives a DC with no sales of its own a reorder point and an order from its children\'s demand', () => {
    const block: SeriesBlock = {
      start_date: '2026-06-01', history_days: HISTORY_DAYS, skus: [], channels: [], demand: new Float64Array(0), censored: new Uint8Array(0), downstream: twoStores(),
    }
    const dcState: SkuState = {
      sku: 'X', category: 'C', supplier: 'SUP', unit_price: 10, unit_cost: 6, case_pack: 1, moq: 0, season_end: null,
      on_hand: 30, reserved: 0, on_order: 0, receipts: [], lead_time_days: 5, sd_lead_time_days: 1, lead_time_source: 'supplier',
    }
    const plans = planLocation(block, [], new Map([['X', dcState]]))
    const x = plans.find((p) => p.sku === 'X')!
    // Protection P = L + 1 (the nightly run) = 6: mean 60, variance P sd^2 + d^2 sdL^2 = 6 x 13 +
    // 100 x 1 = 178. Demand in units with a mean under 100: the count quantile (policy.ts), NB(r =
    // 3600 / 118 = 30.51, p = 60 / 178): P(X <= 90) = 0.9815 is the first >= 0.98, so k = 90,
    // ROP = 89 (the normal would say 60 + 2.0537 x 13.342 = 87.40), SS = 29;
    // S = ROP + 10 x 7 (weekly supplier orders) = 159; Q = 159 - 30 = 129.
    expect(x.model).toBe(DOWNSTREAM_MODEL)
    expect(x.d).toBe(10)
    expect(x.sd_d).toBeCloseTo(Math.sqrt(13), 9)
    expect(x.service_level).toBe(0.98)
    expect(x.abc).toBe('A')
    expect(x.safety_stock).toBeCloseTo(29, 9)
    expect(x.reorder_point).toBeCloseTo(89, 9)
    expect(x.order_up_to).toBeCloseTo(159, 9)
    expect(x.recommended_order_qty).toBe(129)
    // Y has no DC stock record: still planned, on the children's demand.
    expect(plans.find((p) => p.sku === 'Y')!.d).toBe(1)
  })
})

describe('review period', () => {
  it('is a day for a location its DC feeds and a week for supplier orders, in the recompute and the incremental path alike', () => {
    expect(reviewPeriodFor('transfer')).toBe(TRANSFER_REVIEW_PERIOD_DAYS)
    expect(reviewPeriodFor('supplier')).toBe(REVIEW_PERIOD_DAYS)
    const H = HISTORY_DAYS
    const block: SeriesBlock = { start_date: '2026-06-01', history_days: H, skus: ['S'], channels: ['store'], demand: new Float64Array(H).fill(4), censored: new Uint8Array(H) }
    const state: SkuState = {
      sku: 'S', category: 'C', supplier: 'SUP', unit_price: 10, unit_cost: 6, case_pack: 1, moq: 0, season_end: null,
      on_hand: 1, reserved: 0, on_order: 0, receipts: [], lead_time_days: 1, sd_lead_time_days: 0, lead_time_source: 'transfer',
    }
    const forecasts = [{ sku: 'S', channel: 'store', model: 'm', model_version: 'v', mean: new Float32Array(HORIZON_DAYS).fill(4), lower: new Float32Array(HORIZON_DAYS), upper: new Float32Array(HORIZON_DAYS), d: 4, sd_d: 2, segment: '', promo_applied: false }]
    const [p] = planLocation(block, forecasts as never, new Map([['S', state]]))
    // S = ROP + d x 1 for a transfer-fed store.
    expect(p.order_up_to - p.reorder_point).toBeCloseTo(4, 9)
    const moved = refreshPlan({ ...p, season_end: null }, { on_hand: 0, reserved: 0, on_order: 0, receipts: [] }, new Float64Array(HORIZON_DAYS).fill(4), '2026-06-01')
    expect(moved.order_up_to - moved.reorder_point).toBeCloseTo(4, 9)
  })
})
