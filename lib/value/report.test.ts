import { describe, expect, it } from 'vitest'
import { ZERO_TOTALS, assembleReport, periodDays, previousPeriod, type ReportInputs, type RunTotals } from './report'

const t = (over: Partial<RunTotals>): RunTotals => ({ ...ZERO_TOTALS, ...over })
const get = (r: ReturnType<typeof assembleReport>, key: string) => r.figures.find((f) => f.key === key)!

const SETTLEMENTS_NONE: ReportInputs['settlements'] = {
  current: [], previous: [], daily: [], calibration: { settled: 0, estimated_total: 0, settled_total: 0, ratio: null, mean_abs_error: null }, transfer_cost: { current: 0, previous: 0 },
}

describe('periods', () => {
  it('counts both ends and takes the equal period just before', () => {
    expect(periodDays('2026-03-01', '2026-03-10')).toBe(10)
    expect(previousPeriod('2026-03-01', '2026-03-10')).toEqual({ from: '2026-02-19', to: '2026-02-28' })
    expect(previousPeriod('2026-01-01', '2026-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' })
    expect(previousPeriod('2026-05-05', '2026-05-05')).toEqual({ from: '2026-05-04', to: '2026-05-04' })
  })
})

describe('assembleReport on simulation, worked by hand (10 days)', () => {
  // StockPulse: cost = 200 + 13.7 + 10 + 30 + 40 + 0 = 293.7; baseline: 400 + 17.12 + 60 + 20 = 497.12.
  const sp = t({ demand: 1000, sold: 950, lost: 50, revenue: 9500, cogs: 5700, lost_margin: 200, inventory_units: 3000, inventory_cost: 20_000, carrying_cost: 13.7, expedite_cost: 10, transfer_cost: 30, markdown_cost: 40 })
  const base = t({ demand: 1000, sold: 900, lost: 100, revenue: 9000, cogs: 5400, lost_margin: 400, inventory_units: 4000, inventory_cost: 25_000, carrying_cost: 17.12, markdown_cost: 60, writeoff_cost: 20 })
  const inp: ReportInputs = {
    from: '2026-03-01', to: '2026-03-10', currency: 'EUR', carrying_rate: 0.25, generated_at: '2026-03-11T08:00:00.000Z', scope: ['N1', 'N2'],
    sim: {
      current: {
        stockpulse: sp, baseline: base,
        by_use_case: [
          // replenishment: baseline 300 + 12 = 312, StockPulse 150 + 10 = 160: 152 measured.
          { use_case: 'replenishment', stockpulse: t({ lost: 30, lost_margin: 150, carrying_cost: 10, inventory_cost: 15_000 }), baseline: t({ lost: 70, lost_margin: 300, carrying_cost: 12, inventory_cost: 18_000 }) },
          // transfers: baseline 100 + 5.12 = 105.12, StockPulse 50 + 3.7 + 30 = 83.7: 21.42 measured, for 30 of transfer cost.
          { use_case: 'transfers', stockpulse: t({ lost: 20, lost_margin: 50, carrying_cost: 3.7, transfer_cost: 30 }), baseline: t({ lost: 30, lost_margin: 100, carrying_cost: 5.12 }) },
        ],
        cycles: { stockpulse: { cycles: 20, stockout_cycles: 1 }, baseline: { cycles: 16, stockout_cycles: 4 } },
      },
      previous: {
        stockpulse: t({ demand: 800, sold: 720, lost: 80, lost_margin: 100 }), baseline: t({ lost_margin: 150 }),
        by_use_case: [], cycles: { stockpulse: { cycles: 10, stockout_cycles: 5 }, baseline: { cycles: 0, stockout_cycles: 0 } },
      },
      daily: [{ date: '2026-03-01', stockpulse: { cost: 30, lost_margin: 20, inventory_cost: 2000 }, baseline: { cost: 50, lost_margin: 40, inventory_cost: 2500 } }],
    },
    sales: { current: { units: 0, revenue: 0, cogs: 0 }, previous: { units: 0, revenue: 0, cogs: 0 } },
    plan: { on_hand_units: 500, on_hand_cost: 4000, on_order_cost: 1000, forecast_daily_units: 50, markdown_exposure: 120 },
    settlements: { ...SETTLEMENTS_NONE, current: [{ use_case: 'transfers', decisions: 4, estimated_value: 100, settled_value: 80, settled: 3 }] },
    rates: [],
  }
  const r = assembleReport(inp)

  it('says what it is: basis, period, previous period, currency, scope', () => {
    expect(r).toMatchObject({ basis: 'simulation', from: '2026-03-01', to: '2026-03-10', previous: { from: '2026-02-19', to: '2026-02-28' }, currency: 'EUR', scope: ['N1', 'N2'] })
  })
  it('value = baseline cost - StockPulse cost: 497.12 - 293.7 = 203.42; previous 150 - 100 = 50', () => {
    expect(get(r, 'value')).toMatchObject({ value: 203.42, baseline: null, previous: 50 })
  })
  it('service levels: fill 950/1000 against 900/1000, cycle 19/20 against 12/16; previous 720/800 and 5/10', () => {
    expect(get(r, 'fill_rate')).toMatchObject({ value: 0.95, baseline: 0.9, previous: 0.9 })
    expect(get(r, 'cycle_service_level')).toMatchObject({ value: 0.95, baseline: 0.75, previous: 0.5 })
  })
  it('lost sales, inventory, turns, days of supply, GMROI', () => {
    expect(get(r, 'lost_units')).toMatchObject({ value: 50, baseline: 100, previous: 80 })
    expect(get(r, 'lost_margin')).toMatchObject({ value: 200, baseline: 400, previous: 100 })
    // 20,000 / 10 days = 2,000; 25,000 / 10 = 2,500.
    expect(get(r, 'avg_inventory_cost')).toMatchObject({ value: 2000, baseline: 2500 })
    // 5,700 x 365 / 10 / 2,000 = 104.025; 5,400 x 36.5 / 2,500 = 78.84.
    expect(get(r, 'inventory_turns')).toMatchObject({ value: 104.025, baseline: 78.84 })
    // 300 units a day on hand / 100 demanded a day = 3; baseline 400 / 100 = 4.
    expect(get(r, 'days_of_supply')).toMatchObject({ value: 3, baseline: 4 })
    // (9,500 - 5,700) / 2,000 = 1.9; (9,000 - 5,400) / 2,500 = 1.44.
    expect(get(r, 'gmroi')).toMatchObject({ value: 1.9, baseline: 1.44 })
    expect(get(r, 'carrying_cost')).toMatchObject({ value: 13.7, baseline: 17.12 })
    expect(get(r, 'markdown_cost')).toMatchObject({ value: 40, baseline: 60 })
  })
  it('plan figures: working capital 4,000 + 1,000, markdown exposure 120; no baseline', () => {
    expect(get(r, 'working_capital')).toMatchObject({ value: 5000, baseline: null, previous: null })
    expect(get(r, 'markdown_exposure')).toMatchObject({ value: 120, baseline: null })
  })
  it('transfer efficiency: 21.42 measured / 30 of transfer cost = 0.714', () => {
    expect(get(r, 'transfer_efficiency').value).toBe(0.714)
  })
  it('use cases: measured per use case, settlements beside; they and the unattributed rest add up to the total', () => {
    const byCase = Object.fromEntries(r.use_cases.map((u) => [u.use_case, u]))
    expect(r.use_cases).toHaveLength(6)
    expect(byCase.replenishment.measured_value).toBe(152)
    // Its share of the average inventory at cost: 15,000 / 10 days and 18,000 / 10.
    expect(byCase.replenishment.inventory_cost).toEqual({ stockpulse: 1500, baseline: 1800 })
    expect(byCase.transfers).toMatchObject({ measured_value: 21.42, decisions: 4, estimated_value: 100, settled_value: 80, settled: 3, lost_units: { stockpulse: 20, baseline: 30 } })
    expect(byCase.markdown.measured_value).toBe(0)
    expect(r.unattributed_value).toBe(30)
    const sum = r.use_cases.reduce((a, u) => a + u.measured_value!, 0) + r.unattributed_value!
    expect(sum).toBeCloseTo(get(r, 'value').value!, 6)
  })
  it('daily: value = baseline cost - StockPulse cost (50 - 30), both runs beside', () => {
    expect(r.daily).toEqual([{ date: '2026-03-01', value: 20, lost_margin: 20, baseline_lost_margin: 40, inventory_cost: 2000, baseline_inventory_cost: 2500 }])
  })
  it('every figure carries its definition', () => {
    for (const f of r.figures) expect(f.definition.length).toBeGreaterThan(30)
  })
})

describe('assembleReport on real data, worked by hand (10 days)', () => {
  const inp: ReportInputs = {
    from: '2026-03-01', to: '2026-03-10', currency: 'GBP', carrying_rate: 0.25, generated_at: '2026-03-11T08:00:00.000Z', scope: 'all', sim: null,
    sales: { current: { units: 400, revenue: 1600, cogs: 1000 }, previous: { units: 300, revenue: 1200, cogs: 800 } },
    plan: { on_hand_units: 500, on_hand_cost: 4000, on_order_cost: 1000, forecast_daily_units: 50, markdown_exposure: 0 },
    settlements: {
      current: [{ use_case: 'transfers', decisions: 3, estimated_value: 100, settled_value: 90, settled: 3 }, { use_case: 'replenishment', decisions: 5, estimated_value: 150, settled_value: 110, settled: 4 }],
      previous: [{ use_case: 'replenishment', decisions: 2, estimated_value: 60, settled_value: 50, settled: 2 }],
      daily: [{ date: '2026-03-02', estimated: 40, settled: 35 }],
      calibration: { settled: 7, estimated_total: 250, settled_total: 200, ratio: 0.8, mean_abs_error: 7.1 },
      transfer_cost: { current: 30, previous: 0 },
    },
    rates: [],
  }
  const r = assembleReport(inp)
  it('has no baseline, and value is the settled total (90 + 110; previous 50)', () => {
    expect(r.basis).toBe('real')
    expect(r.figures.every((f) => f.baseline === null)).toBe(true)
    expect(get(r, 'value')).toMatchObject({ value: 200, previous: 50 })
    expect(r.unattributed_value).toBeNull()
  })
  it('turns 1,000 x 36.5 / 4,000 = 9.125; GMROI 600 / 4,000 = 0.15; carrying 4,000 x 0.25 x 10 / 365 = 27.40', () => {
    expect(get(r, 'inventory_turns').value).toBe(9.125)
    expect(get(r, 'gmroi').value).toBe(0.15)
    expect(get(r, 'carrying_cost').value).toBe(27.4)
    expect(get(r, 'days_of_supply').value).toBe(10)
    expect(get(r, 'working_capital').value).toBe(5000)
  })
  it('transfer efficiency 90 settled / 30 cost = 3; no lost-sales figures without demand', () => {
    expect(get(r, 'transfer_efficiency')).toMatchObject({ value: 3, previous: null })
    expect(get(r, 'fill_rate').value).toBeNull()
    expect(get(r, 'lost_units').value).toBeNull()
  })
  it('use cases carry estimates and settlements, no measured value', () => {
    const t = r.use_cases.find((u) => u.use_case === 'transfers')!
    expect(t).toMatchObject({ decisions: 3, measured_value: null, estimated_value: 100, settled_value: 90, lost_units: null })
    expect(r.daily).toEqual([{ date: '2026-03-02', value: 35, lost_margin: 0, baseline_lost_margin: null, inventory_cost: 0, baseline_inventory_cost: null }])
    expect(r.calibration.ratio).toBe(0.8)
  })
})
