/**
 * The executive value report (lib/value/report-types.ts) assembled from what the queries read:
 * the simulation's two runs of the same demand (`{truth_db}.value_daily`), the product's own plan
 * (inventory, on order, markdown exposure now), sales, and the decisions' estimates and
 * settlements. Pure: the figures' formulas and words are lib/value/definitions.ts's.
 *
 * basis 'simulation': every run figure is StockPulse's run with the baseline's (static min-max on
 * the same demand) beside it. basis 'real': no counterfactual, so no baseline; value is what the
 * settled decisions were worth; the inventory of the latest plan stands in for the period's
 * average (as the board's turns do), so inventory figures have no previous period.
 */
import { REPORT_FIGURES, averageInventory, carryingCost, cycleServiceLevel, daysOfSupply, fillRate, gmroi, inventoryTurns, policyCost, transferEfficiency, workingCapital, type FigureKey } from './definitions'
import type { DecisionRateRow, ReportFigure, UseCaseValue, ValueReport } from './report-types'
import { USE_CASES, USE_CASE_LABELS, type UseCase } from './use-cases'
import type { PairDayOutcome } from './types'

const DAY = 86_400_000

/**
 * Sums of one run's rows over a period (each figure already weighted: sum(weight * figure)); the
 * inventory figures are sums over the days of the inventory on hand: / days = the average.
 */
export type RunTotals = Pick<
  PairDayOutcome,
  'demand' | 'sold' | 'lost' | 'revenue' | 'cogs' | 'lost_margin' | 'inventory_units' | 'inventory_cost' | 'carrying_cost' | 'expedite_cost' | 'transfer_cost' | 'markdown_cost' | 'writeoff_cost'
>

export const ZERO_TOTALS: RunTotals = {
  demand: 0, sold: 0, lost: 0, revenue: 0, cogs: 0, lost_margin: 0, inventory_units: 0, inventory_cost: 0,
  carrying_cost: 0, expedite_cost: 0, transfer_cost: 0, markdown_cost: 0, writeoff_cost: 0,
}

export interface Cycles {
  cycles: number
  stockout_cycles: number
}

/** One period of the simulation: both runs' totals, by use case, and their replenishment cycles. */
export interface SimPeriod {
  stockpulse: RunTotals
  baseline: RunTotals
  by_use_case: { use_case: string; stockpulse: RunTotals; baseline: RunTotals }[]
  cycles: { stockpulse: Cycles; baseline: Cycles }
}

export interface SimDay {
  date: string
  stockpulse: { cost: number; lost_margin: number; inventory_cost: number }
  baseline: { cost: number; lost_margin: number; inventory_cost: number }
}

/** Sales of a period on real data (sales_daily at the products' unit cost). */
export interface SalesPeriod {
  units: number
  revenue: number
  cogs: number
}

/** The latest plan (inventory_policies): what is on hand and on order now. */
export interface PlanNow {
  on_hand_units: number
  on_hand_cost: number
  on_order_cost: number
  forecast_daily_units: number
  markdown_exposure: number
}

export interface SettlementByUseCase {
  use_case: string
  decisions: number
  estimated_value: number
  settled_value: number
  settled: number
}

export interface ReportInputs {
  from: string
  to: string
  currency: string
  carrying_rate: number
  generated_at: string
  scope: 'all' | string[]
  /** Both periods of the simulation, when value_daily has rows for the current one. */
  sim: { current: SimPeriod; previous: SimPeriod | null; daily: SimDay[] } | null
  sales: { current: SalesPeriod; previous: SalesPeriod }
  plan: PlanNow | null
  settlements: {
    current: SettlementByUseCase[]
    previous: SettlementByUseCase[]
    daily: { date: string; estimated: number; settled: number }[]
    calibration: ValueReport['calibration']
    /** Cost of the transfers executed in each period (real data's transfer efficiency). */
    transfer_cost: { current: number; previous: number }
  }
  rates: DecisionRateRow[]
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Days from `from` to `to`, both included. */
export const periodDays = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1

/** The period of equal length that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = periodDays(from, to)
  const start = Date.parse(from)
  return { from: isoDay(start - days * DAY), to: isoDay(start - DAY) }
}

const round = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits)
const DIGITS: Record<ReportFigure['unit'], number> = { currency: 2, units: 2, count: 0, percent: 4, ratio: 3, days: 1 }

function figure(key: FigureKey, value: number | null, baseline: number | null, previous: number | null): ReportFigure {
  const d = REPORT_FIGURES[key]
  const n = DIGITS[d.unit]
  return { key: d.key, label: d.label, unit: d.unit, definition: d.definition, value: round(value, n), baseline: round(baseline, n), previous: round(previous, n) }
}

/** The run figures of one run's totals over `days` days (null where a denominator is 0). */
export function runFigures(t: RunTotals, cycles: Cycles, days: number) {
  const avgCost = averageInventory(t.inventory_cost, days)
  return {
    fill_rate: fillRate(t.sold, t.demand),
    cycle_service_level: cycleServiceLevel(cycles.cycles, cycles.stockout_cycles),
    lost_units: t.lost,
    lost_margin: t.lost_margin,
    avg_inventory_cost: avgCost,
    inventory_turns: inventoryTurns(t.cogs, avgCost, days),
    days_of_supply: days > 0 ? daysOfSupply(t.inventory_units / days, t.demand / days) : null,
    carrying_cost: t.carrying_cost,
    markdown_cost: t.markdown_cost,
    gmroi: gmroi(t.revenue, t.cogs, avgCost),
  }
}

const RUN_KEYS = ['fill_rate', 'cycle_service_level', 'lost_units', 'lost_margin', 'avg_inventory_cost', 'inventory_turns', 'days_of_supply', 'carrying_cost', 'markdown_cost', 'gmroi'] as const

const measured = (u: { stockpulse: RunTotals; baseline: RunTotals }) => policyCost(u.baseline) - policyCost(u.stockpulse)
const transfersOf = (p: SimPeriod) => p.by_use_case.find((u) => u.use_case === 'transfers')

function simFigures(inp: ReportInputs, sim: NonNullable<ReportInputs['sim']>, days: number): ReportFigure[] {
  const cur = runFigures(sim.current.stockpulse, sim.current.cycles.stockpulse, days)
  const base = runFigures(sim.current.baseline, sim.current.cycles.baseline, days)
  const prev = sim.previous ? runFigures(sim.previous.stockpulse, sim.previous.cycles.stockpulse, days) : null
  const value = measured(sim.current)
  const prevValue = sim.previous ? measured(sim.previous) : null
  const tEff = (p: SimPeriod | null) => {
    const t = p ? transfersOf(p) : undefined
    return t ? transferEfficiency(measured(t), t.stockpulse.transfer_cost) : null
  }
  return [
    figure('value', value, null, prevValue),
    ...RUN_KEYS.map((k) => figure(k, cur[k], base[k], prev ? prev[k] : null)),
    figure('markdown_exposure', inp.plan?.markdown_exposure ?? null, null, null),
    figure('transfer_efficiency', tEff(sim.current), null, tEff(sim.previous)),
    figure('working_capital', inp.plan ? workingCapital(inp.plan.on_hand_cost, inp.plan.on_order_cost) : null, null, null),
  ]
}

function realFigures(inp: ReportInputs, days: number): ReportFigure[] {
  const { sales, plan, settlements: s } = inp
  const settled = (rows: SettlementByUseCase[]) => rows.reduce((a, r) => a + r.settled_value, 0)
  const transfers = (rows: SettlementByUseCase[]) => rows.find((r) => r.use_case === 'transfers')?.settled_value ?? 0
  const inv = plan ? plan.on_hand_cost : null
  return [
    figure('value', settled(s.current), null, settled(s.previous)),
    figure('fill_rate', null, null, null),
    figure('cycle_service_level', null, null, null),
    figure('lost_units', null, null, null),
    figure('lost_margin', null, null, null),
    figure('avg_inventory_cost', inv, null, null),
    figure('inventory_turns', inventoryTurns(sales.current.cogs, inv, days), null, null),
    figure('days_of_supply', plan ? daysOfSupply(plan.on_hand_units, plan.forecast_daily_units) : null, null, null),
    figure('carrying_cost', inv === null ? null : carryingCost(inv, inp.carrying_rate, days), null, null),
    figure('markdown_cost', null, null, null),
    figure('gmroi', gmroi(sales.current.revenue, sales.current.cogs, inv), null, null),
    figure('markdown_exposure', plan?.markdown_exposure ?? null, null, null),
    figure('transfer_efficiency', transferEfficiency(transfers(s.current), s.transfer_cost.current), null, transferEfficiency(transfers(s.previous), s.transfer_cost.previous)),
    figure('working_capital', plan ? workingCapital(plan.on_hand_cost, plan.on_order_cost) : null, null, null),
  ]
}

const money = (v: number) => Math.round(v * 100) / 100

/** Per use case; its inventory is its share of the average inventory at cost (its day-sum / the period's days: the shares add up to the figure). */
function valueByUseCase(inp: ReportInputs, days: number): UseCaseValue[] {
  return USE_CASES.map((uc: UseCase): UseCaseValue => {
    const s = inp.settlements.current.find((r) => r.use_case === uc)
    const sim = inp.sim ? (inp.sim.current.by_use_case.find((r) => r.use_case === uc) ?? { use_case: uc, stockpulse: ZERO_TOTALS, baseline: ZERO_TOTALS }) : null
    return {
      use_case: uc,
      label: USE_CASE_LABELS[uc],
      decisions: s?.decisions ?? 0,
      measured_value: sim ? money(measured(sim)) : null,
      estimated_value: money(s?.estimated_value ?? 0),
      settled_value: money(s?.settled_value ?? 0),
      settled: s?.settled ?? 0,
      lost_units: sim ? { stockpulse: money(sim.stockpulse.lost), baseline: money(sim.baseline.lost) } : null,
      lost_margin: sim ? { stockpulse: money(sim.stockpulse.lost_margin), baseline: money(sim.baseline.lost_margin) } : null,
      inventory_cost: sim ? { stockpulse: money(averageInventory(sim.stockpulse.inventory_cost, days) ?? 0), baseline: money(averageInventory(sim.baseline.inventory_cost, days) ?? 0) } : null,
    }
  })
}

/** The report, from what the queries read (the caller decides the basis by passing `sim` or not). */
export function assembleReport(inp: ReportInputs): ValueReport {
  const days = periodDays(inp.from, inp.to)
  const basis = inp.sim ? 'simulation' : 'real'
  const figures = inp.sim ? simFigures(inp, inp.sim, days) : realFigures(inp, days)
  const uses = valueByUseCase(inp, days)
  const total = figures.find((f) => f.key === 'value')?.value ?? null
  const attributed = uses.reduce((a, u) => a + (u.measured_value ?? 0), 0)
  const daily: ValueReport['daily'] = inp.sim
    ? inp.sim.daily.map((d) => ({
        date: d.date,
        value: money(d.baseline.cost - d.stockpulse.cost),
        lost_margin: money(d.stockpulse.lost_margin),
        baseline_lost_margin: money(d.baseline.lost_margin),
        inventory_cost: money(d.stockpulse.inventory_cost),
        baseline_inventory_cost: money(d.baseline.inventory_cost),
      }))
    : inp.settlements.daily.map((d) => ({ date: d.date, value: money(d.settled), lost_margin: 0, baseline_lost_margin: null, inventory_cost: 0, baseline_inventory_cost: null }))
  return {
    from: inp.from,
    to: inp.to,
    previous: previousPeriod(inp.from, inp.to),
    currency: inp.currency,
    basis,
    generated_at: inp.generated_at,
    scope: inp.scope,
    figures,
    use_cases: uses,
    unattributed_value: basis === 'simulation' && total !== null ? money(total - attributed) : null,
    daily,
    rates: inp.rates,
    calibration: inp.settlements.calibration,
  }
}
