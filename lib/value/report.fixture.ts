/**
 * A realistic ValueReport (and the decisions behind it) for the page's unit tests and for looking
 * at the page before the API serves real ones. Not served by any route. The figures add up: the
 * daily values sum to the use cases' measured values, the use cases' lost margin and decisions sum
 * to the report's figures, the rates' rows sum per dimension. Built by code from a seeded series so
 * that this stays true when a number here changes.
 */
import { USE_CASES, USE_CASE_LABELS, type UseCase } from './use-cases'
import type { ReportFigure, UseCaseValue, ValueDecisionRow, ValueReport } from './report-types'

const DAYS = 28
const FROM = '2026-11-09'
const CARRYING_RATE = 0.25

/** Deterministic noise in [0, 1): a small LCG, so the fixture is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}
const r2 = (n: number) => Math.round(n * 100) / 100
const dayOf = (from: string, i: number) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)

/** Each use case's share of the daily differences, its decisions and the other costs it avoided (expedite, transfer, markdown, write-offs). */
const SHARE: Record<UseCase, { margin: number; inventory: number; decisions: number; other: number; settledShare: number; estimateBias: number }> = {
  replenishment: { margin: 0.46, inventory: 0.5, decisions: 412, other: 1_850, settledShare: 0.82, estimateBias: 1.08 },
  transfers: { margin: 0.18, inventory: 0.22, decisions: 131, other: -640, settledShare: 0.76, estimateBias: 1.15 },
  channel_allocation: { margin: 0.1, inventory: 0.05, decisions: 57, other: 220, settledShare: 0.7, estimateBias: 0.94 },
  supplier_delay: { margin: 0.14, inventory: 0.03, decisions: 38, other: -910, settledShare: 0.84, estimateBias: 1.21 },
  promotions: { margin: 0.08, inventory: 0.05, decisions: 24, other: 310, settledShare: 0.58, estimateBias: 1.02 },
  markdown: { margin: 0.04, inventory: 0.15, decisions: 46, other: 2_740, settledShare: 0.91, estimateBias: 0.88 },
}

function buildDaily() {
  const next = rng(16)
  return Array.from({ length: DAYS }, (_, i) => {
    const weekly = 1 + 0.25 * Math.sin((2 * Math.PI * i) / 7)
    const baseline_lost_margin = r2(3_900 * weekly * (0.85 + 0.3 * next()))
    const lost_margin = r2(baseline_lost_margin * (0.34 + 0.12 * next()))
    const baseline_inventory_cost = r2(1_265_000 + 18_000 * Math.sin(i / 4) + 9_000 * next())
    const inventory_cost = r2(baseline_inventory_cost * (0.9 + 0.03 * next()))
    return { date: dayOf(FROM, i), lost_margin, baseline_lost_margin, inventory_cost, baseline_inventory_cost }
  })
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

function build(): { report: ValueReport; decisions: FixtureDecision[] } {
  const days = buildDaily()
  const otherTotal = sum(USE_CASES.map((u) => SHARE[u].other))
  const daily = days.map((d) => {
    const carrying = ((d.baseline_inventory_cost - d.inventory_cost) * CARRYING_RATE) / 365
    return { ...d, value: r2(d.baseline_lost_margin - d.lost_margin + carrying + otherTotal / DAYS) }
  })
  const totals = {
    lost: sum(daily.map((d) => d.lost_margin)),
    baseLost: sum(daily.map((d) => d.baseline_lost_margin)),
    inv: sum(daily.map((d) => d.inventory_cost)) / DAYS,
    baseInv: sum(daily.map((d) => d.baseline_inventory_cost)) / DAYS,
    value: sum(daily.map((d) => d.value)),
  }
  const next = rng(7)
  const decisions: FixtureDecision[] = []
  const use_cases: UseCaseValue[] = USE_CASES.map((u, ui) => {
    const s = SHARE[u]
    const lostMargin = { stockpulse: r2(totals.lost * s.margin), baseline: r2(totals.baseLost * s.margin) }
    const inventory = { stockpulse: r2(totals.inv * s.inventory), baseline: r2(totals.baseInv * s.inventory) }
    const carrying = ((inventory.baseline - inventory.stockpulse) * CARRYING_RATE * DAYS) / 365
    const measured = r2(lostMargin.baseline - lostMargin.stockpulse + carrying + s.other)
    const settled = Math.round(s.decisions * s.settledShare)
    let estimated = 0
    let settledValue = 0
    for (let i = 0; i < s.decisions; i++) {
      const est = r2((measured / s.decisions) * s.estimateBias * (0.4 + 1.2 * next()))
      const isSettled = i < settled
      const val = isSettled ? r2(est / s.estimateBias + (next() - 0.5) * 0.3 * Math.abs(est)) : null
      estimated += est
      settledValue += val ?? 0
      decisions.push({
        action_id: `act-${u.slice(0, 3)}-${String(i + 1).padStart(4, '0')}`,
        alert_id: `alr-${ui}${String(i + 1).padStart(5, '0')}`,
        kind: u === 'markdown' ? 'markdown' : u === 'transfers' ? 'transfer' : u === 'supplier_delay' ? 'expedite' : u === 'replenishment' ? 'purchase_order' : 'reallocate',
        use_case: u,
        sku: `SKU-${String(1000 + Math.floor(next() * 400)).padStart(5, '0')}`,
        location: `S${String(1 + Math.floor(next() * 24)).padStart(3, '0')}`,
        decided_at: new Date(Date.parse(`${FROM}T08:00:00Z`) + Math.floor(next() * DAYS * 86_400_000)).toISOString(),
        approved_by: i % 5 === 0 ? 'approval rule v3' : ['Priya Planner', 'Omar Ops', 'Paula Planner'][i % 3],
        estimated_value: est,
        settled_value: val,
        outcome: isSettled ? (val! > 0 ? (u === 'markdown' || u === 'transfers' ? 'units_sold' : 'stockout_prevented') : 'stockout_not_threatened') : null,
        status: 'confirmed',
      })
    }
    return {
      use_case: u,
      label: USE_CASE_LABELS[u],
      decisions: s.decisions,
      measured_value: measured,
      estimated_value: r2(estimated),
      settled_value: r2(settledValue),
      settled,
      lost_units: { stockpulse: Math.round(lostMargin.stockpulse / 6.4), baseline: Math.round(lostMargin.baseline / 6.4) },
      lost_margin: lostMargin,
      inventory_cost: inventory,
    }
  })
  // The daily values are the measured values' days: make the last day take the rounding.
  const measuredTotal = r2(sum(use_cases.map((u) => u.measured_value!)))
  daily[DAYS - 1].value = r2(daily[DAYS - 1].value + measuredTotal - r2(sum(daily.map((d) => d.value))))

  const decided = sum(use_cases.map((u) => u.decisions))
  const lostUnits = sum(use_cases.map((u) => u.lost_units!.stockpulse))
  const baseLostUnits = sum(use_cases.map((u) => u.lost_units!.baseline))
  const cogs = 4_310_000
  const baseCogs = 4_290_000
  const margin = 2_180_000
  const fig = (f: Omit<ReportFigure, 'previous'> & { previous: number | null }): ReportFigure => f
  const figures: ReportFigure[] = [
    fig({ key: 'value_total', label: 'Value measured', unit: 'currency', better: 'higher', definition: 'Baseline cost minus StockPulse cost on the same demand: lost margin + carrying + expedite + transfer + markdown + write-offs, summed over the use cases.', value: measuredTotal, baseline: null, previous: r2(measuredTotal * 0.87) }),
    fig({ key: 'fill_rate', label: 'Fill rate (β)', unit: 'percent', better: 'higher', definition: 'Fill rate (beta) = units served from stock / units demanded, all SKU-locations, over the period.', value: 0.9712, baseline: 0.9268, previous: 0.9655 }),
    fig({ key: 'cycle_service_level', label: 'Cycle service level (α)', unit: 'percent', better: 'higher', definition: 'Cycle service level (alpha) = replenishment cycles without a stockout / all cycles, cycles counted between receipts.', value: 0.948, baseline: 0.871, previous: 0.941 }),
    fig({ key: 'lost_sales_units', label: 'Lost sales', unit: 'units', better: 'lower', definition: 'Units demanded and not served from stock (demand − sold), summed over SKU-location-days.', value: lostUnits, baseline: baseLostUnits, previous: Math.round(lostUnits * 1.09) }),
    fig({ key: 'lost_margin', label: 'Lost margin', unit: 'currency', better: 'lower', definition: 'Margin of the lost units at the day’s shelf price: lost × (price − unit cost).', value: r2(totals.lost), baseline: r2(totals.baseLost), previous: r2(totals.lost * 1.11) }),
    fig({ key: 'inventory_cost', label: 'Average inventory at cost', unit: 'currency', better: 'lower', definition: 'Mean over the days of the period of physical on hand × unit cost at the end of each day.', value: r2(totals.inv), baseline: r2(totals.baseInv), previous: r2(totals.inv * 1.02) }),
    fig({ key: 'inventory_turns', label: 'Inventory turns', unit: 'ratio', better: 'higher', definition: 'COGS over the period / average inventory at cost, annualised (× 365 / days).', value: r2((cogs / totals.inv) * (365 / DAYS)), baseline: r2((baseCogs / totals.baseInv) * (365 / DAYS)), previous: r2((cogs / totals.inv) * (365 / DAYS) * 0.97) }),
    fig({ key: 'days_of_supply', label: 'Days of supply', unit: 'days', better: 'lower', definition: 'On hand / forecast daily demand, at the end of the period, all SKU-locations.', value: 21.4, baseline: 24.9, previous: 22.1 }),
    fig({ key: 'carrying_cost', label: 'Carrying cost', unit: 'currency', better: 'lower', definition: 'Inventory at cost × annual carrying rate (25%) / 365, summed over the days.', value: r2((totals.inv * CARRYING_RATE * DAYS) / 365), baseline: r2((totals.baseInv * CARRYING_RATE * DAYS) / 365), previous: r2((totals.inv * 1.02 * CARRYING_RATE * DAYS) / 365) }),
    fig({ key: 'markdown_exposure', label: 'Markdown exposure', unit: 'currency', better: 'lower', definition: 'SKU-locations past their sell-by window: projected units left at season end × (current price − expected clearance price).', value: 38_420, baseline: 51_870, previous: 41_030 }),
    fig({ key: 'markdown_cost', label: 'Markdown cost', unit: 'currency', better: 'lower', definition: 'Regular price minus shelf price, times units sold below regular: the margin given away.', value: 12_650, baseline: 15_390, previous: 13_200 }),
    fig({ key: 'transfer_efficiency', label: 'Transfer efficiency', unit: 'ratio', better: 'higher', definition: 'Value moved per unit of transfer cost: settled value of executed transfers / their transfer cost.', value: 4.6, baseline: null, previous: 4.1 }),
    fig({ key: 'working_capital', label: 'Working capital in stock', unit: 'currency', better: 'lower', definition: 'Inventory at cost on hand and on order at the end of the period.', value: 1_402_300, baseline: 1_528_900, previous: 1_436_800 }),
    fig({ key: 'gmroi', label: 'GMROI', unit: 'ratio', better: 'higher', definition: 'Gross margin over the period / average inventory at cost.', value: r2(margin / totals.inv), baseline: r2((margin - (totals.baseLost - totals.lost)) / totals.baseInv), previous: r2((margin / totals.inv) * 0.96) }),
    fig({ key: 'decisions', label: 'Decisions executed', unit: 'count', better: undefined, definition: 'Executed recommendations in the period, by a person or by an approval rule.', value: decided, baseline: null, previous: Math.round(decided * 0.92) }),
  ]
  const settledDecisions = decisions.filter((d) => d.settled_value !== null)
  const settledEst = sum(settledDecisions.map((d) => d.estimated_value))
  const settledTotal = sum(settledDecisions.map((d) => d.settled_value!))
  const report: ValueReport = {
    from: FROM,
    to: dayOf(FROM, DAYS - 1),
    previous: { from: dayOf(FROM, -DAYS), to: dayOf(FROM, -1) },
    currency: 'GBP',
    basis: 'simulation',
    generated_at: '2026-12-07T03:05:00.000Z',
    scope: 'all',
    figures,
    use_cases,
    daily,
    rates: buildRates(decided),
    calibration: {
      settled: settledDecisions.length,
      estimated_total: r2(settledEst),
      settled_total: r2(settledTotal),
      ratio: r2(settledTotal / settledEst),
      mean_abs_error: r2(sum(settledDecisions.map((d) => Math.abs(d.estimated_value - d.settled_value!))) / settledDecisions.length),
    },
  }
  return { report, decisions }
}

/** Rates by agent, category and planner; each dimension's rows sum to the decided total. */
function buildRates(decided: number): ValueReport['rates'] {
  const dims: Record<'agent' | 'category' | 'planner', [string, string, number][]> = {
    agent: [['stockout', 'Stockout agent', 0.52], ['transfer', 'Transfer agent', 0.2], ['markdown', 'Markdown agent', 0.07], ['supplier', 'Supplier agent', 0.06], ['channel', 'Channel agent', 0.15]],
    category: [['grocery', 'Grocery', 0.41], ['apparel', 'Apparel', 0.24], ['electronics', 'Electronics', 0.2], ['home', 'Home', 0.15]],
    planner: [['u-planner', 'Priya Planner', 0.47], ['u-ops', 'Omar Ops', 0.33], ['u-planner2', 'Paula Planner', 0.2]],
  }
  const next = rng(3)
  return (Object.keys(dims) as (keyof typeof dims)[]).flatMap((by) => {
    let left = decided
    return dims[by].map(([key, label, share], i, all) => {
      const n = i === all.length - 1 ? left : Math.round(decided * share)
      left -= n
      const rejected = Math.round(n * (0.04 + 0.06 * next()))
      const modified = Math.round(n * (0.08 + 0.1 * next()))
      const accepted = n - rejected - modified
      return {
        by, key, label, decided: n, accepted, modified, rejected,
        acceptance_rate: n ? accepted / n : null,
        override_rate: n ? (modified + rejected) / n : null,
        value_accepted: r2(accepted * (48 + 20 * next())),
        value_overridden: r2(modified * (30 + 25 * next())),
      }
    })
  })
}

type FixtureDecision = ValueDecisionRow

const built = build()
export const VALUE_REPORT_FIXTURE: ValueReport = built.report
export const VALUE_DECISIONS_FIXTURE: ValueDecisionRow[] = built.decisions
