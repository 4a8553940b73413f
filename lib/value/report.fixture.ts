/**
 * A realistic ValueReport (and the decisions behind it) for the page's unit tests and for looking
 * at the page before the API serves real ones. Not served by any route. The figures add up: the
 * daily values sum to the value figure (the use cases' measured values plus the unattributed value), the use cases' lost margin and decisions sum
 * to the report's figures, the rates' rows sum per dimension. Built by code from a seeded series so
 * that this stays true when a number here changes.
 */
import { USE_CASES, USE_CASE_LABELS, type UseCase } from './use-cases'
import type { ReportFigure, UseCaseValue, ValueReport } from './report-types'
import { REPORT_FIGURES, type FigureKey } from './definitions'
import type { ValueDecisionsBody } from './api-schemas'

type Decision = ValueDecisionsBody['decisions'][number]

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

function build(): { report: ValueReport; decisions: Decision[] } {
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
  const decisions: Decision[] = []
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
      if (val !== null) {
        const decided = Date.parse(`${FROM}T08:00:00Z`) + Math.floor(next() * (DAYS - 7) * 86_400_000)
        const sold = val > 0
        decisions.push({
          action_id: `act-${u.slice(0, 3)}-${String(i + 1).padStart(4, '0')}`,
          alert_id: `alr-${ui}${String(i + 1).padStart(5, '0')}`,
          kind: u === 'markdown' ? 'markdown' : u === 'transfers' ? 'transfer' : u === 'supplier_delay' ? 'expedite' : u === 'replenishment' ? 'purchase_order' : 'reallocate',
          use_case: u,
          sku: `SKU-${String(1000 + Math.floor(next() * 400)).padStart(5, '0')}`,
          location: `S${String(1 + Math.floor(next() * 24)).padStart(3, '0')}`,
          decided_at: new Date(decided).toISOString(),
          approved_by: i % 3 === 0 ? 'Paula Planner' : 'rule v1',
          estimated_value: est,
          settled_value: val,
          outcome: sold ? (u === 'markdown' || u === 'transfers' ? 'units_sold' : 'stockout_prevented') : 'stockout_not_threatened',
          status: 'confirmed',
        })
      }
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
  // Value on pair-days no decision touched (a cheaper baseline day, say): the use cases and this add up to the total.
  const unattributed = -1_240.5
  const totalValue = r2(measuredTotal + unattributed)
  daily[DAYS - 1].value = r2(daily[DAYS - 1].value + totalValue - r2(sum(daily.map((d) => d.value))))

  const decided = sum(use_cases.map((u) => u.decisions))
  const lostUnits = sum(use_cases.map((u) => u.lost_units!.stockpulse))
  const baseLostUnits = sum(use_cases.map((u) => u.lost_units!.baseline))
  const cogs = 4_310_000
  const baseCogs = 4_290_000
  const margin = 2_180_000
  const fig = (key: FigureKey, value: number | null, baseline: number | null, previous: number | null): ReportFigure => ({ ...REPORT_FIGURES[key], value, baseline, previous })
  const turns = (c: number, inv: number) => r2((c / inv) * (365 / DAYS))
  const carrying = (inv: number) => r2((inv * CARRYING_RATE * DAYS) / 365)
  const figures: ReportFigure[] = [
    fig('value', totalValue, null, r2(totalValue * 0.87)),
    fig('fill_rate', 0.9712, 0.9268, 0.9655),
    fig('cycle_service_level', 0.948, 0.871, 0.941),
    fig('lost_units', lostUnits, baseLostUnits, Math.round(lostUnits * 1.09)),
    fig('lost_margin', r2(totals.lost), r2(totals.baseLost), r2(totals.lost * 1.11)),
    fig('avg_inventory_cost', r2(totals.inv), r2(totals.baseInv), r2(totals.inv * 1.02)),
    fig('inventory_turns', turns(cogs, totals.inv), turns(baseCogs, totals.baseInv), r2(turns(cogs, totals.inv) * 0.97)),
    fig('days_of_supply', 21.4, 24.9, 22.1),
    fig('carrying_cost', carrying(totals.inv), carrying(totals.baseInv), carrying(totals.inv * 1.02)),
    fig('markdown_cost', 12_650, 15_390, 13_200),
    fig('markdown_exposure', 38_420, 51_870, 41_030),
    fig('transfer_efficiency', 4.6, null, 4.1),
    fig('working_capital', 1_402_300, 1_528_900, 1_436_800),
    fig('gmroi', r2(margin / totals.inv), r2((margin - (totals.baseLost - totals.lost)) / totals.baseInv), r2((margin / totals.inv) * 0.96)),
  ]
  const settledDecisions = decisions
  const settledEst = sum(settledDecisions.map((d) => d.estimated_value))
  const settledTotal = sum(settledDecisions.map((d) => d.settled_value ?? 0))
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
    unattributed_value: unattributed,
    daily,
    rates: buildRates(decided),
    calibration: {
      settled: settledDecisions.length,
      estimated_total: r2(settledEst),
      settled_total: r2(settledTotal),
      ratio: r2(settledTotal / settledEst),
      mean_abs_error: r2(sum(settledDecisions.map((d) => Math.abs(d.estimated_value - (d.settled_value ?? 0)))) / settledDecisions.length),
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

const built = build()
export const VALUE_REPORT_FIXTURE: ValueReport = built.report
export const VALUE_DECISIONS_FIXTURE: Decision[] = built.decisions
