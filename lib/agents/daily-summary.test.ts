import { describe, expect, it } from 'vitest'
import { AGENT, RULES, decideDailySummary, fmtDay, type DailySummaryInput } from './daily-summary'

// Worked day, Thu 2026-12-10 against the day before:
//   units 1,234 / 1,175 - 1 = +5.02 % -> "+5.0%"; revenue 12,340 / 12,500 - 1 = -1.28 % -> "-1.3%"
//   at risk 14 - 11 = +3; expected lost margin 4,560 / 4,000 - 1 = +14.0 %
//   in-stock 96.2 % - 95.8 % = +0.4 pts; markdown exposure 1,200 / 1,250 - 1 = -4.0 %
//   alerts opened 3 + 2 = 5, cleared 1, decided 0; top risks by value: ACME 1,500, SKU-A 1,200, SKU-B 800
const worked: DailySummaryInput = {
  date: '2026-12-10',
  currency_symbol: '£',
  today: { units: 1234, revenue: 12340, at_risk: 14, expected_lost_margin: 4560, in_stock_rate: 0.962, markdown_exposure: 1200 },
  yesterday: { units: 1175, revenue: 12500, at_risk: 11, expected_lost_margin: 4000, in_stock_rate: 0.958, markdown_exposure: 1250 },
  alerts: { opened: { stockout_risk: 3, supplier_delay: 2 }, cleared: { low_stock: 1 }, decided: {} },
  top_risks: [
    { type: 'stockout_risk', sku: 'SKU-B', location: 'S02', value_at_risk: 800 },
    { type: 'supplier_delay', sku: '', location: '', supplier: 'ACME', value_at_risk: 1500 },
    { type: 'stockout_risk', sku: 'SKU-A', location: 'S01', value_at_risk: 1200 },
    { type: 'low_stock', sku: 'SKU-C', location: 'S03', value_at_risk: 50 },
  ],
}

describe('daily summary', () => {
  it('writes the worked day', () => {
    const s = decideDailySummary(worked)
    expect(s.date).toBe('2026-12-10')
    expect(s.headline).toBe('Thu 10 Dec 2026: £12,340 revenue (-1.3%), 14 SKU-locations at risk (+3), 5 alerts opened')
    expect(s.paragraphs).toEqual([
      'Sales: 1,234 units (+5.0%) and £12,340 revenue (-1.3%) against the previous day.',
      'Stock: 14 SKU-locations at risk of a stock-out, 3 more than the previous day, with £4,560 of expected lost margin (+14.0%). ' +
        'In-stock rate 96.2% (+0.4 pts). Markdown exposure £1,200 (-4.0%).',
      'Alerts: 5 alerts opened (stockout risk 3, supplier delay 2), 1 alert cleared (low stock 1) and no alerts decided.',
      'Top 3 risks: 1. supplier ACME, supplier delay, £1,500 at risk; 2. SKU-A at S01, stockout risk, £1,200 at risk; 3. SKU-B at S02, stockout risk, £800 at risk.',
    ])
    expect(s.figures.units.change).toBeCloseTo(0.050213, 6)
    expect(s.figures.at_risk).toEqual({ today: 14, yesterday: 11, change: 3, change_kind: 'difference' })
    expect(s.figures.in_stock_rate.change).toBeCloseTo(0.004, 12)
    expect(s.figures.alerts).toEqual({ opened: 5, cleared: 1, decided: 0 })
  })

  it('writes singulars, and leaves out changes without a previous day', () => {
    const s = decideDailySummary({
      date: '2026-12-01',
      currency_symbol: '€',
      today: { units: 1, revenue: 9.5, at_risk: 1, expected_lost_margin: 0, in_stock_rate: 1, markdown_exposure: 0 },
      yesterday: null,
      alerts: { opened: { stockout_risk: 1 }, cleared: {}, decided: {} },
      top_risks: [{ type: 'stockout_risk', sku: 'SKU-A', location: 'S01', value_at_risk: 40 }],
    })
    expect(s.headline).toBe('Tue 1 Dec 2026: €10 revenue, 1 SKU-location at risk, 1 alert opened')
    expect(s.paragraphs).toEqual([
      'Sales: 1 unit and €10 revenue; no figures for the previous day to compare with.',
      'Stock: 1 SKU-location at risk of a stock-out, with €0 of expected lost margin. In-stock rate 100.0%. Markdown exposure €0.',
      'Alerts: 1 alert opened (stockout risk 1), no alerts cleared and no alerts decided.',
      'Top risk: 1. SKU-A at S01, stockout risk, €40 at risk.',
    ])
    expect(s.figures.units).toEqual({ today: 1, yesterday: null, change: null, change_kind: 'relative' })
  })

  it('says fewer, unchanged, and skips a change from zero', () => {
    const base = { ...worked, yesterday: { ...worked.yesterday!, units: 0, at_risk: 16, in_stock_rate: 0.962 }, top_risks: [] }
    const fewer = decideDailySummary(base)
    expect(fewer.headline).toBe('Thu 10 Dec 2026: £12,340 revenue (-1.3%), 14 SKU-locations at risk (-2), 5 alerts opened')
    expect(fewer.paragraphs[0]).toBe('Sales: 1,234 units and £12,340 revenue (-1.3%) against the previous day.')
    expect(fewer.paragraphs[1]).toContain('14 SKU-locations at risk of a stock-out, 2 fewer than the previous day,')
    expect(fewer.paragraphs[1]).toContain('In-stock rate 96.2% (0.0 pts).')
    expect(fewer.paragraphs[3]).toBe('No open risks at the end of the day.')
    const same = decideDailySummary({ ...base, yesterday: { ...base.yesterday, at_risk: 14 } })
    expect(same.headline).toContain('14 SKU-locations at risk (unchanged)')
    expect(same.paragraphs[1]).toContain('at risk of a stock-out, as many as the previous day,')
  })

  it('orders the alert breakdown by count, then by alert type', () => {
    const s = decideDailySummary({ ...worked, alerts: { opened: { phantom_inventory: 2, stockout_risk: 2, shrink_spike: 4 }, cleared: {}, decided: { stale_data: 1 } } })
    expect(s.paragraphs[2]).toBe('Alerts: 8 alerts opened (shrink spike 4, stockout risk 2, phantom inventory 2), no alerts cleared and 1 alert decided (stale data 1).')
  })

  it('formats days and raises no alert', () => {
    expect(fmtDay('2024-02-29')).toBe('Thu 29 Feb 2024')
    expect(fmtDay('not a day')).toBe('not a day')
    expect(AGENT.alert_types).toEqual([])
    expect(RULES).toEqual({})
  })
})
