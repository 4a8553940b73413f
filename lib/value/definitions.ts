/**
 * The executive value report's figures: the one place that says what each one means (label, unit,
 * the definition shown on hover, DESIGN.md "The numbers the product stands behind") and the
 * formula that makes it. lib/value/report.ts assembles the report from these; the page, the CSV
 * and the PDF print the same labels and definitions. Pure: no I/O. Every formula has a hand-worked
 * test in definitions.test.ts.
 */
import type { ReportFigure } from './report-types'

export type FigureUnit = ReportFigure['unit']

export interface FigureDefinition {
  key: string
  label: string
  unit: FigureUnit
  definition: string
}

const def = (key: string, label: string, unit: FigureUnit, definition: string): FigureDefinition => ({ key, label, unit, definition })

/** Every figure of the report, in the order it shows them. */
export const REPORT_FIGURES = {
  value: def('value', 'Value delivered', 'currency',
    'Simulation: the baseline run\'s cost minus StockPulse\'s on the same demand (lost margin + carrying + expedite + transfer + markdown + write-offs). Real data: the settled value of executed decisions whose horizon ended (margin protected or cost avoided, against what happened).'),
  fill_rate: def('fill_rate', 'Fill rate (beta service level)', 'percent',
    'Beta service level: units served from stock / units demanded over the period. Counts units, not cycles.'),
  cycle_service_level: def('cycle_service_level', 'Cycle service level (alpha)', 'percent',
    'Alpha service level: share of replenishment cycles (from one receipt of stock at a SKU-location to the next, cut at the period\'s edges; only cycles with demand) in which the SKU-location never turned demand away. Counts cycles, not units.'),
  lost_units: def('lost_units', 'Lost sales (units)', 'units',
    'Units demanded and not served because the shelf was empty (demand - sold), over the period.'),
  lost_margin: def('lost_margin', 'Lost sales (margin)', 'currency',
    'Margin of the lost units at the day\'s shelf price: lost units x (price - unit cost), over the period.'),
  avg_inventory_cost: def('avg_inventory_cost', 'Average inventory at cost', 'currency',
    'Inventory on hand at unit cost, averaged over the days of the period (sum of the daily inventory at cost / days). On real data, without a daily history, the latest plan\'s inventory at cost stands in for the average (as the board\'s turns do).'),
  inventory_turns: def('inventory_turns', 'Inventory turns', 'ratio',
    'COGS over the period / average inventory at cost, annualised (x 365 / days in the period).'),
  days_of_supply: def('days_of_supply', 'Days of supply', 'days',
    'On hand / daily demand: average units on hand over the period / average units demanded per day (the forecast\'s role: demand the stock must cover).'),
  carrying_cost: def('carrying_cost', 'Carrying cost', 'currency',
    'Cost of holding the inventory: inventory at cost x the annual carrying rate (setting CARRYING_RATE) / 365, summed over the days of the period.'),
  markdown_cost: def('markdown_cost', 'Markdown cost', 'currency',
    'Margin given away by markdowns: (regular price - shelf price) x units sold below the regular price, over the period.'),
  markdown_exposure: def('markdown_exposure', 'Markdown exposure', 'currency',
    'For SKU-locations past their sell-by window: projected units left at season end (on hand + on order - forecast demand to season end) x (current price - expected clearance price), as the latest plan says.'),
  transfer_efficiency: def('transfer_efficiency', 'Transfer efficiency', 'ratio',
    'Value moved per unit of transfer cost: the value of the transfers use case (measured in simulation, settled on real data) / the cost of the transfers shipped.'),
  working_capital: def('working_capital', 'Working capital tied up', 'currency',
    'Inventory at cost + on order at cost (open purchase orders and transfers in), as the latest plan says.'),
  gmroi: def('gmroi', 'GMROI', 'ratio',
    'Gross margin return on inventory: gross margin over the period (revenue - COGS) / average inventory at cost.'),
} as const satisfies Record<string, FigureDefinition>

export type FigureKey = keyof typeof REPORT_FIGURES
export const FIGURE_KEYS = Object.keys(REPORT_FIGURES) as FigureKey[]

/**
 * Which way each figure improves, so a comparison can say "better" or "worse": less lost, less
 * tied up and less given away is better; more served, turned and returned is better. Days of
 * supply: fewer days at the same or better service is the aim (the "inventory down at the
 * same service level"), so lower reads as better; the fill rate beside it says whether service held.
 */
export const FIGURE_BETTER: Record<FigureKey, 'higher' | 'lower'> = {
  value: 'higher',
  fill_rate: 'higher',
  cycle_service_level: 'higher',
  lost_units: 'lower',
  lost_margin: 'lower',
  avg_inventory_cost: 'lower',
  inventory_turns: 'higher',
  days_of_supply: 'lower',
  carrying_cost: 'lower',
  markdown_cost: 'lower',
  markdown_exposure: 'lower',
  transfer_efficiency: 'higher',
  working_capital: 'lower',
  gmroi: 'higher',
}

/** The definitions of the report's other tables (use cases, rates, calibration), for the CSV, the PDF and the page's hover. */
export const REPORT_COLUMNS = {
  measured_value: 'Simulation: baseline cost minus StockPulse cost on the pair-days attributed to the use case (lost margin + carrying + expedite + transfer + markdown + write-offs).',
  estimated_value: 'Sum of the executed decisions\' estimates at decision time (margin protected, cost avoided).',
  settled_value: 'Sum of the settled values of the decisions whose horizon ended: the same measure, from what actually happened.',
  acceptance_rate: 'Approved unchanged / decided (approved + modified + rejected).',
  override_rate: 'Recommendations whose executed quantity differs from the recommended one, or that were rejected / decided.',
  calibration_ratio: 'Settled total / estimated total of the settled decisions: 1 means the estimates were right on average.',
  mean_abs_error: 'Mean of |settled - estimated| over the settled decisions.',
} as const

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null)

/** Beta service level: units served / units demanded (null without demand). */
export const fillRate = (sold: number, demand: number) => ratio(sold, demand)

/** Alpha service level: cycles without a stockout / cycles (null without a cycle). */
export const cycleServiceLevel = (cycles: number, stockoutCycles: number) => (cycles > 0 ? (cycles - stockoutCycles) / cycles : null)

/** Average inventory at cost from the sum of the daily inventory at cost over `days` days. */
export const averageInventory = (inventoryCostDaySum: number, days: number) => ratio(inventoryCostDaySum, days)

/** COGS of `days` days annualised / average inventory at cost. */
export const inventoryTurns = (cogs: number, avgInventoryCost: number | null, days: number) =>
  avgInventoryCost === null || days <= 0 ? null : ratio((cogs * 365) / days, avgInventoryCost)

/** Units on hand / units demanded per day. */
export const daysOfSupply = (onHandUnits: number, dailyDemand: number) => ratio(onHandUnits, dailyDemand)

/** Carrying cost of an average inventory at cost held `days` days at `annualRate`. */
export const carryingCost = (avgInventoryCost: number, annualRate: number, days: number) => (avgInventoryCost * annualRate * days) / 365

/** Value moved per unit of transfer cost. */
export const transferEfficiency = (valueMoved: number, transferCost: number) => ratio(valueMoved, transferCost)

/** Inventory at cost + on order at cost. */
export const workingCapital = (inventoryCost: number, onOrderCost: number) => inventoryCost + onOrderCost

/** Gross margin (revenue - COGS) / average inventory at cost. */
export const gmroi = (revenue: number, cogs: number, avgInventoryCost: number | null) => (avgInventoryCost === null ? null : ratio(revenue - cogs, avgInventoryCost))

/** What a run cost on the same demand: the figure value is measured by (baseline cost - StockPulse cost). */
export const policyCost = (o: { lost_margin: number; carrying_cost: number; expedite_cost: number; transfer_cost: number; markdown_cost: number; writeoff_cost: number }) =>
  o.lost_margin + o.carrying_cost + o.expedite_cost + o.transfer_cost + o.markdown_cost + o.writeoff_cost
