import { describe, expect, it } from 'vitest'
import { AGENT, RULES, decideStockoutRisk, expediteCandidate, lowStockSignal, projectionChart, recommendFor, type OpenPo, type PolicyRow } from './stockout-risk'
import { forecastConfidence, stockoutSeverity } from './stock-shared'

// Worked row: d 10, sd_d 3, L 4, sd_L 1 -> mu = 40, sigma = sqrt(4*9 + 100*1) = 11.661904.
// Service level 95%: z = 1.6449, SS = 19.18, ROP = 40 + 19.18 = 59.18, S = ROP + 7 d = 129.18.
// Position 30 (on hand 20 + on order 10): k = (30 - 40) / 11.661904 = -0.857493,
//   p = 1 - Phi(-0.857493) = Phi(0.857493) = 0.804414;
//   G(k) = phi(k) - k (1 - Phi(k)) = 0.276207 + 0.857493 * 0.804414 = 0.965986,
//   units short = 11.661904 * 0.965986 = 11.26524, margin 10 - 7.5 = 2.5 -> ELM = 28.1631.
// Days of cover = 20 / 10 = 2 (< L = 4). Stock runs out on day 1 (20 - 10 - 10 = 0): 2026-12-07.
const TODAY = '2026-12-06'
const row: PolicyRow = {
  sku: 'SKU1', location: 'S01', category: 'Snacks', supplier: 'ACME', model: 'ets_damped_additive',
  d: 10, sd_d: 3, lead_time_days: 4, sd_lead_time_days: 1,
  reorder_point: 59.18, order_up_to: 129.18, recommended_order_qty: 108, case_pack: 12, moq: 24,
  on_hand: 20, on_order: 10, position: 30, unit_price: 10, unit_cost: 7.5,
  stockout_probability: 0.804414, days_of_cover: 2, expected_lost_margin: 28.1631, projected_stockout_date: '2026-12-07',
}
const latePo: OpenPo = { po_id: 'PO-7', qty: 10, expected_date: '2026-12-12', promised_date: '2026-12-11' }

describe('stockout-risk: rules and descriptor', () => {
  it('opens at the board threshold and clears at 0.6 of it', () => {
    expect(RULES.stockout_risk).toEqual({ open: 0.3, clear: 0.18, open_after: 1, clear_after: 2, rearm_after_action_days: 1.5 })
    expect(RULES.low_stock!.clear).toBeLessThan(RULES.low_stock!.open)
    expect(AGENT.alert_types).toEqual(['stockout_risk', 'low_stock'])
  })
  it('opens low stock at the first evaluation: it is StockPulse\'s own replenishment run\'s trigger', () => {
    expect(RULES.low_stock).toMatchObject({ open: 0, clear: -0.1, open_after: 1, clear_after: 1 })
  })
})

describe('stockout-risk: severity and confidence', () => {
  it('bands severity by probability and days of cover against the lead time', () => {
    expect(stockoutSeverity(0.85, 2, 4)).toBe('critical')
    expect(stockoutSeverity(0.85, 5, 4)).toBe('high') // p >= 0.6 but cover >= L
    expect(stockoutSeverity(0.35, 3, 4)).toBe('high') // over the threshold and cover < L
    expect(stockoutSeverity(0.5, 5, 4)).toBe('medium')
    expect(stockoutSeverity(0.35, 5, 4)).toBe('low')
  })

  it('confidence = cv factor x history factor', () => {
    // cv 0.3 <= 0.5 -> 1; 28 days of history / 56 -> 0.5.
    expect(forecastConfidence({ d: 10, sd_d: 3, history_days: 28 })).toBe(0.5)
    // cv 1: 1 - 0.7 * 0.5 / 1.5 = 0.766667; no history_days, fitted model -> 1.
    expect(forecastConfidence({ d: 4, sd_d: 4 })).toBe(0.77)
    // cv 2.5 -> 0.3; new-item prior without history_days -> 0.5: 0.15.
    expect(forecastConfidence({ d: 2, sd_d: 5, model: 'new_item_prior' })).toBe(0.15)
    // 5 days of history: 5/56 = 0.089 floors at 0.25.
    expect(forecastConfidence({ d: 10, sd_d: 3, history_days: 5 })).toBe(0.25)
  })
})

describe('stockout-risk: the finding', () => {
  it('raises a critical stockout_risk with the figures in why', () => {
    const out = decideStockoutRisk({ row, open_pos: [], today: TODAY, history_days: 112 })
    expect(out.map((f) => f.type)).toEqual(['stockout_risk'])
    const f = out[0]
    expect(f.scope).toEqual({ sku: 'SKU1', location: 'S01', channel: '', supplier: '' })
    expect(f.signal).toBe(0.804414)
    expect(f.severity).toBe('critical')
    expect(f.value_at_risk).toBe(28.16)
    expect(f.confidence).toBe(1)
    expect(f.agent).toBe('stockout-risk')
    expect(f.why).toBe(
      'Stockout probability 80% within the 4-day lead time: position 30 units (on hand 20, on order 10) against a reorder point of 59.2, ' +
        '2 days of cover at 10/day, projected to run out on 2026-12-07; expected lost margin £28.16.',
    )
  })

  it('reorders up to the order-up-to level in case packs: need 99.18 -> 9 packs of 12 = 108', () => {
    const r = recommendFor({ row, open_pos: [], today: TODAY })
    expect(r.action).toBe('reorder')
    expect(r.quantity).toBe(108)
    expect(r.cost).toBe(810) // 108 x 7.5
    // Position 138 is 8.4 sigma above mu: ELM ~ 0, so the order protects the whole 28.16.
    expect(r.value).toBeCloseTo(28.16, 2)
    expect(r.summary).toBe('Order 108 units (9 cases of 12) from ACME')
  })

  it('expedites an open PO that lands after the projected stock-out', () => {
    // PO-7 expected 2026-12-12, stock-out 2026-12-07: gap 5 days, d x 5 = 50 >= qty 10 -> 10 units saved,
    // value 10 x 2.5 = 25; fee 10% x 10 x 7.5 = 7.5.
    const r = recommendFor({ row, open_pos: [latePo], today: TODAY })
    expect(r).toEqual({
      action: 'expedite', quantity: 10, cost: 7.5, value: 25,
      summary: 'Expedite PO-7 (10 units from ACME, due 2026-12-12, 5 days after the projected stock-out on 2026-12-07)',
    })
  })

  it('does not expedite a PO due before the stock-out; picks the earliest late PO; falls back to today + L', () => {
    const early: OpenPo = { po_id: 'PO-1', qty: 10, expected_date: null, promised_date: '2026-12-07' }
    expect(expediteCandidate(row, [early], TODAY)).toBeNull()
    const later: OpenPo = { po_id: 'PO-9', qty: 40, expected_date: '2026-12-20', promised_date: '2026-12-10' }
    expect(expediteCandidate(row, [later, latePo, early], TODAY)?.po_id).toBe('PO-7')
    // No projected date: the limit is today + 4 = 2026-12-10; PO-9 lands 2026-12-20, 10 days later:
    // min(40, 10 x 10) = 40 units x 2.5 = 100.
    const r = recommendFor({ row: { ...row, projected_stockout_date: null }, open_pos: [later], today: TODAY })
    expect(r.action).toBe('expedite')
    expect(r.quantity).toBe(40)
    expect(r.value).toBe(100)
  })

  it('a DC-fed store whose DC has stock gets a transfer from the DC, not a supplier order', () => {
    const r = recommendFor({ row, open_pos: [], today: TODAY, parent_dc: { location: 'DC1', on_hand: 500 } })
    // 108 units (9 packs); cost 15 + 0.25 x 108 = 42.
    expect(r).toMatchObject({ action: 'transfer', quantity: 108, from_location: 'DC1', cost: 42 })
    expect(r.summary).toBe('Transfer 108 units (9 cases of 12) from DC1')
    // DC with 50 on hand, 5 reserved: 45 to spare. Position 75: k = 35 / 11.661904 = 3.0012,
    // G(3.0012) = 0.000381 -> 0.00445 units short -> 0.011 margin: value 28.163 - 0.011 = 28.152.
    const part = recommendFor({ row, open_pos: [], today: TODAY, parent_dc: { location: 'DC1', on_hand: 50, reserved: 5 } })
    expect(part.quantity).toBe(45)
    expect(part.value).toBeCloseTo(28.15, 2)
    // A DC with nothing to spare: no supplier order to the store (it would land no sooner than the
    // DC's own, in MOQ lots, and keep the DC's stock from the store when it lands).
    const empty = recommendFor({ row, open_pos: [], today: TODAY, parent_dc: { location: 'DC1', on_hand: 0 } })
    expect(empty).toMatchObject({ action: 'investigate', quantity: 0, value: 0 })
    expect(empty.summary).toBe('DC1 has none to send: its own order restocks it, and the transfer follows from there')
    // Without a DC (supplier-fed), the same row orders from the supplier.
    expect(recommendFor({ row, open_pos: [], today: TODAY }).action).toBe('reorder')
  })
})

describe('stockout-risk: low stock and hysteresis band', () => {
  // Position 55 (on hand 55, nothing on order): k = 15 / 11.661904 = 1.286238, p = 0.099182 < 0.18.
  // low_stock signal = (59.18 - 55) / 59.18 = 0.070632; cover 4.5 >= L 4 -> 'low'.
  // Order: need 129.18 - 55 = 74.18 -> ceil(6.18) = 7 packs = 84.
  const low: PolicyRow = { ...row, on_hand: 55, on_order: 0, position: 55, stockout_probability: 0.099182, days_of_cover: 4.5, projected_stockout_date: '2026-12-10', expected_lost_margin: 0.5 }

  it('raises low_stock only, when under the risk threshold and at or below the reorder point, where StockPulse places routine orders', () => {
    const out = decideStockoutRisk({ row: low, open_pos: [], today: TODAY, run: 'stockpulse' })
    expect(out.map((f) => f.type)).toEqual(['low_stock'])
    expect(out[0].signal).toBeCloseTo(0.070632, 5)
    expect(out[0].severity).toBe('low')
    expect(out[0].recommendation).toMatchObject({ action: 'reorder', quantity: 84 })
    expect(out[0].why).toContain('due an order up to 129.2 units')
  })

  it('raises no low stock where the retailer places routine orders, however low the position (its order is not an exception)', () => {
    expect(lowStockSignal({ reorder_point: 59.18, position: 55 }, 'retailer')).toBe(-1)
    expect(lowStockSignal({ reorder_point: 59.18, position: 0 })).toBe(-1)
    expect(decideStockoutRisk({ row: low, open_pos: [], today: TODAY })).toEqual([])
    expect(decideStockoutRisk({ row: low, open_pos: [], today: TODAY, run: 'retailer' })).toEqual([])
  })

  it('returns both between the clear and open thresholds (hygiene keeps the right one)', () => {
    // Position 48: k = 8 / 11.661904 = 0.685994, p = 0.246357: >= 0.18 (clear), < 0.3 (open).
    const out = decideStockoutRisk({ row: { ...low, on_hand: 48, position: 48, stockout_probability: 0.246357 }, open_pos: [], today: TODAY, run: 'stockpulse' })
    expect(out.map((f) => f.type)).toEqual(['stockout_risk', 'low_stock'])
    expect(out[0].severity).toBe('low')
  })

  it('returns nothing well above the reorder point', () => {
    // Position 70: low signal (59.18 - 70) / 59.18 = -0.1828 < -0.1; p = 0.005.
    expect(lowStockSignal({ reorder_point: 59.18, position: 70 }, 'stockpulse')).toBeCloseTo(-0.182832, 5)
    expect(decideStockoutRisk({ row: { ...low, on_hand: 70, position: 70, stockout_probability: 0.005 }, open_pos: [], today: TODAY, run: 'stockpulse' })).toEqual([])
  })

  it('where StockPulse is the replenishment run, counts what is on its way in the position instead of standing down', () => {
    // The same position 55 = 45 on hand + 10 on order: (59.18 - 55) / 59.18 = 0.070632, a routine order is still due.
    expect(lowStockSignal({ reorder_point: 59.18, position: 55 }, 'stockpulse')).toBeCloseTo(0.070632, 5)
    const out = decideStockoutRisk({ row: { ...low, on_hand: 45, on_order: 10 }, open_pos: [], today: TODAY, run: 'stockpulse' })
    expect(out.map((f) => f.type)).toEqual(['low_stock'])
    // Need 129.18 - 55 = 74.18 -> 7 packs of 12 = 84, as without the order on its way.
    expect(out[0].recommendation).toMatchObject({ action: 'reorder', quantity: 84 })
  })

  it('where StockPulse is the replenishment run, judges low stock at any risk (the worker suppresses it while a stock-out alert awaits a person)', () => {
    // Position 40: p = 0.5 >= 0.3 and below the reorder point.
    const risky = { ...low, on_hand: 40, position: 40, stockout_probability: 0.5 }
    expect(decideStockoutRisk({ row: risky, open_pos: [], today: TODAY }).map((f) => f.type)).toEqual(['stockout_risk'])
    expect(decideStockoutRisk({ row: risky, open_pos: [], today: TODAY, run: 'stockpulse' }).map((f) => f.type)).toEqual(['stockout_risk', 'low_stock'])
  })

  it('raises no low_stock for an item without a reorder point (no demand)', () => {
    const dead = { ...low, d: 0, sd_d: 0, reorder_point: 0, order_up_to: 0, position: 0, on_hand: 0, stockout_probability: 0 }
    expect(decideStockoutRisk({ row: dead, open_pos: [], today: TODAY, run: 'stockpulse' })).toEqual([])
  })
})

describe('stockout-risk: chart', () => {
  it('projects on hand d per day over the lead time, adding POs on arrival, against the reorder point', () => {
    const po: OpenPo = { po_id: 'PO-2', qty: 10, expected_date: '2026-12-08', promised_date: '2026-12-08' }
    const c = projectionChart(row, [po, latePo], TODAY)
    expect(c.x).toEqual(['2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'])
    // 20, 10, 0 + 10 (PO lands 12-08), 0, 0 (floored: lost sales); PO-7 (12-12) is past the lead time.
    expect(c.series[0].values).toEqual([20, 10, 10, 0, 0])
    expect(c.refs).toEqual([{ name: 'reorder point', value: 59.18 }])
  })
})
