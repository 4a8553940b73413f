/**
 * Mandate: stockout-risk agent.
 * - Trigger: every planning write of a sku x location (the full recompute and refreshPlan, the
 *   incremental path when stock moves).
 * - Inputs: that pair's inventory_policies row (PolicyRow), its open purchase orders (po_lifecycle:
 *   ordered - received > 0, with expected and promised dates), what is on its way to the shelf by
 *   date (POs and transfers in transit), the location's business day, and for a DC-fed location
 *   its parent DC's stock of the sku.
 * - Raises: 'stockout_risk' (its signal, riskSignal, >= STOCKOUT_RISK_THRESHOLD: the chance the
 *   shelf runs out before an order placed now could land, counting stock on order as it lands and
 *   demand as a count) and, where StockPulse places the routine orders (REPLENISHMENT_RUN=
 *   stockpulse), 'low_stock' (position <= reorder point: the replenishment run's trigger; the
 *   worker suppresses it while a stock-out alert for the scope awaits a person). Where the
 *   retailer's own system places them, low stock raises no card (lowStockSignal says why).
 * - Recommends: 'expedite' (an open PO lands after the projected stock-out or beyond the lead time),
 *   else 'transfer' from the parent DC (a DC-fed location whose DC has stock; 'investigate' when
 *   the DC has none: the DC's own order restocks it), else 'reorder' up to the order-up-to level in
 *   case packs and at least the MOQ, else 'investigate'.
 * - Without a person: a reorder or a DC transfer may run under an approval rule (value limit,
 *   confidence floor); an expedite never does (it costs a fee and a conversation with the supplier).
 *
 * Contract with hygiene: a finding is returned whenever its signal is at or above its rule's clear
 * threshold (so an open alert stays open between clear and open); no finding for a type means its
 * signal is below clear for the scope.
 */
import type { AgentFinding, AlertType, HysteresisRule, Recommendation, Severity, WhyChart } from '@/lib/alerts/types'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import type { ReplenishmentRun } from '@/lib/config'
import { recommendedOrderQuantity } from '@/lib/policy/policy'
import { expectedLostMargin, timedStockoutProbability, type LeadTimeDemandInput } from '@/lib/policy/risk'
import { addDays, casesNote, daysBetween, forecastConfidence, money, pct, round2, stockoutSeverity, units, type AgentDescriptor } from './stock-shared'
import { dcTransferFor, transferCost, type TransferCostModel } from './transfers'

export const AGENT = {
  name: 'stockout-risk',
  model_version: 'stockout-risk-1.0.0',
  alert_types: ['stockout_risk', 'low_stock'],
  actions: ['reorder', 'expedite', 'transfer', 'investigate'],
  may_run_without_person: true,
} as const satisfies AgentDescriptor

/** Stockout risk clears at 0.6 x its open threshold: 0.3 opens, below 0.18 clears. */
export const STOCKOUT_CLEAR_SHARE = 0.6
/** Expedite fee as a share of the PO's value at cost (no carrier rates are known: an assumption). */
export const EXPEDITE_FEE_SHARE = 0.1
/**
 * Orders and transfers leave once a day (the evening replenishment run), so what is decided now
 * lands one review period plus the lead time from now: the window the timed risk looks over.
 */
export const REVIEW_PERIOD_DAYS = 1
/**
 * A transfer or order that ran a day and a half ago and left the condition standing (cut short by
 * the DC's stock, refused by the receiver, sold through on landing) re-arms its scope, so the next
 * run can act again: holding it until the condition cleared starved such shelves for days
 * (bench:value, seed 42). A day and a half covers a transfer's landing (about 1.3 days after the
 * 00:15 run) and a planner's approval at 08:00 looked at by the next night's run but one.
 */
export const REARM_AFTER_ACTION_DAYS = 1.5
/** Longest chart, days. */
export const MAX_CHART_DAYS = 90

/**
 * - stockout_risk: signal = stockout probability; opens at 0.3 at once (one evaluation: a risk is
 *   acted on promptly), clears below 0.18 after two evaluations (stock moves make it noisy).
 * - low_stock (StockPulse's own replenishment run only): signal = (reorder point - position) /
 *   max(reorder point, 1), >= 0 when position <= reorder point; opens at the first evaluation
 *   (nobody else will order), clears once the position is 10% of the reorder point above it.
 */
export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  stockout_risk: { open: STOCKOUT_RISK_THRESHOLD, clear: round2(STOCKOUT_CLEAR_SHARE * STOCKOUT_RISK_THRESHOLD), open_after: 1, clear_after: 2, rearm_after_action_days: REARM_AFTER_ACTION_DAYS },
  low_stock: { open: 0, clear: -0.1, open_after: 1, clear_after: 1, per_day: true, rearm_after_action_days: REARM_AFTER_ACTION_DAYS },
}

/** The inventory_policies columns this agent reads (005_planning.sql). Dates are YYYY-MM-DD. */
export interface PolicyRow {
  sku: string
  location: string
  category: string
  supplier: string
  /** Forecast model behind d (confidence: 'new_item_prior', 'no_history'). */
  model?: string
  d: number
  sd_d: number
  lead_time_days: number
  sd_lead_time_days: number
  reorder_point: number
  order_up_to: number
  recommended_order_qty: number
  case_pack: number
  moq: number
  on_hand: number
  on_order: number
  position: number
  unit_price: number
  unit_cost: number
  stockout_probability: number
  days_of_cover: number
  expected_lost_margin: number
  projected_stockout_date: string | null
}

/** An open purchase order of the pair: qty still to arrive (ordered - received). */
export interface OpenPo {
  po_id: string
  qty: number
  /** Expected arrival when known (supplier update, ASN), else null: the promised date applies. */
  expected_date: string | null
  promised_date: string
}

export interface StockoutRiskInput {
  row: PolicyRow
  open_pos: readonly OpenPo[]
  /** The location's business day, YYYY-MM-DD. */
  today: string
  /** For a DC-fed location: its parent DC's stock of the sku. */
  parent_dc?: { location: string; on_hand: number; reserved?: number; keep?: number } | null
  /** Days of sales history behind d (confidence); unknown -> from row.model. */
  history_days?: number
  /**
   * Stock on its way (open POs at their promised or expected date, transfers in transit at their
   * expected date): when given, the risk also asks whether the shelf lasts until it lands
   * (riskSignal). Omitted: the design formula alone.
   */
  receipts?: readonly { date: string; qty: number }[]
  transfer_cost?: TransferCostModel
  /**
   * Who places the routine orders (config replenishmentRun; default 'retailer'). 'stockpulse': low
   * stock is the replenishment trigger (lowStockSignal), judged at any stockout risk; the worker
   * suppresses it only while a stock-out alert for the scope awaits a person. 'retailer': no low stock.
   */
  run?: ReplenishmentRun
}

const arrival = (po: OpenPo) => (po.expected_date ?? po.promised_date).slice(0, 10)
const margin = (r: PolicyRow) => Math.max(0, r.unit_price - r.unit_cost)
const ltd = (r: PolicyRow, position: number): LeadTimeDemandInput => ({
  position, d: r.d, sd_d: r.sd_d, lead_time_days: r.lead_time_days, sd_lead_time_days: r.sd_lead_time_days,
})
/** Margin protected by adding q units to the position: ELM(position) - ELM(position + q). */
const protectedMargin = (r: PolicyRow, q: number) => expectedLostMargin(ltd(r, r.position), margin(r)) - expectedLostMargin(ltd(r, r.position + q), margin(r))

/**
 * The open PO worth expediting: one that lands after the projected stock-out date, or (without a
 * projected date) after today + lead time, so a new order would come sooner; the earliest such.
 */
export function expediteCandidate(row: PolicyRow, open_pos: readonly OpenPo[], today: string): OpenPo | null {
  const limit = row.projected_stockout_date ?? addDays(today, Math.ceil(row.lead_time_days))
  const late = open_pos.filter((po) => po.qty > 0 && arrival(po) > today && arrival(po) > limit)
  late.sort((a, b) => (arrival(a) < arrival(b) ? -1 : arrival(a) > arrival(b) ? 1 : a.po_id < b.po_id ? -1 : 1))
  return late[0] ?? null
}

/**
 * The recommendation, in order: expedite a late PO; a DC transfer for a DC-fed location whose DC
 * has stock; a reorder to the order-up-to level (recommendedOrderQuantity; when the position is
 * above the reorder point but the alert stands, sized as if at it); investigate when nothing
 * is needed by the position's arithmetic.
 */
export function recommendFor(input: StockoutRiskInput): Recommendation {
  const { row, today } = input
  const po = expediteCandidate(row, input.open_pos, today)
  if (po) {
    const from = row.projected_stockout_date ?? addDays(today, Math.ceil(row.lead_time_days))
    const gap = Math.max(0, daysBetween(from, arrival(po)))
    const saved = Math.min(po.qty, Math.max(0, row.d) * gap)
    const when = row.projected_stockout_date ? `the projected stock-out on ${row.projected_stockout_date}` : `the ${units(row.lead_time_days)}-day lead time`
    return {
      action: 'expedite',
      quantity: po.qty,
      cost: round2(EXPEDITE_FEE_SHARE * po.qty * row.unit_cost),
      value: round2(saved * margin(row)),
      summary: `Expedite ${po.po_id} (${units(po.qty)} units${row.supplier ? ` from ${row.supplier}` : ''}, due ${arrival(po)}, ${gap} days after ${when})`,
    }
  }
  if (input.parent_dc) {
    const t = dcTransferFor(row, input.parent_dc)
    if (t) {
      return {
        action: 'transfer',
        quantity: t.quantity,
        from_location: t.from_location,
        cost: round2(transferCost(t.quantity, input.transfer_cost)),
        value: round2(protectedMargin(row, t.quantity)),
        summary: `Transfer ${t.quantity} units${casesNote(t.quantity, row.case_pack)} from ${t.from_location}`,
      }
    }
    // The DC has none to spare. A supplier order straight to this location would land no sooner
    // than the DC's own (the DC is planned on its locations' demand and its card orders for it),
    // in MOQ lots, and while it is on order this location's position would stand above its reorder
    // point, so the DC's stock, when it lands, would not be sent here (bench:value, seed 42: a
    // quarter of the units StockPulse lost were on shelves waiting a week for such an order).
    if (row.order_up_to - row.position > 1e-9) {
      return {
        action: 'investigate',
        quantity: 0,
        cost: 0,
        value: 0,
        summary: `${input.parent_dc.location} has none to send: its own order restocks it, and the transfer follows from there`,
      }
    }
  }
  const q = recommendedOrderQuantity(row.position, Math.max(row.reorder_point, row.position), row.order_up_to, row.case_pack, row.moq)
  if (q > 0) {
    return {
      action: 'reorder',
      quantity: q,
      cost: round2(q * row.unit_cost),
      value: round2(protectedMargin(row, q)),
      summary: `Order ${q} units${casesNote(q, row.case_pack)}${row.supplier ? ` from ${row.supplier}` : ''}`,
    }
  }
  return { action: 'investigate', quantity: 0, cost: 0, value: 0, summary: 'Check the stock figures and open orders: the position already reaches the order-up-to level' }
}

/**
 * Projected on hand over the lead time (at most MAX_CHART_DAYS), day 0 = today = on hand now:
 * on hand less d a day, floored at 0 (lost sales), plus open POs as they arrive (overdue ones on day
 * 0), against the reorder point.
 */
export function projectionChart(row: PolicyRow, open_pos: readonly OpenPo[], today: string): WhyChart {
  const h = Math.min(MAX_CHART_DAYS, Math.max(1, Math.ceil(row.lead_time_days)))
  const x: string[] = []
  const values: number[] = []
  // Shelves do not go below zero: demand on an empty shelf is lost, not owed, so each day's level
  // is floored at 0 before that day's receipts land.
  let level = Math.max(0, row.on_hand)
  for (let t = 0; t <= h; t++) {
    const day = addDays(today, t)
    if (t > 0) level = Math.max(0, level - Math.max(0, row.d))
    for (const po of open_pos) if (po.qty > 0 && (t === 0 ? arrival(po) <= day : arrival(po) === day)) level += po.qty
    x.push(day)
    values.push(round2(level))
  }
  return { x, series: [{ name: 'projected on hand', values, unit: 'units' }], refs: [{ name: 'reorder point', value: round2(row.reorder_point) }] }
}

/**
 * low_stock signal: (reorder point - position) / max(reorder point, 1) where StockPulse is the
 * replenishment run ('stockpulse'): the run's own trigger, the position (which counts what is on
 * its way) against the reorder point, so a store its DC feeds daily can get tonight's transfer
 * while yesterday's is still on the road.
 * Where the retailer's own system places the routine orders ('retailer'), always -1: a card per
 * pair below StockPulse's reorder point is the retailer's routine order, not an exception. Its
 * min-max sits below StockPulse's point on many pairs, so each replenishment cycle re-opened the
 * card until its order went out: 170 of 228.5 new alerts per planner a day (bench:agents, 21
 * sweeps), as each change that raised reorder points added slow sellers. Where the retailer's
 * policy leaves a real risk, the stockout-risk alert says so; the gap between the two policies
 * is a parameter to change (GET /api/v1/policies has each pair's point), not a card each cycle.
 */
export const lowStockSignal = (row: Pick<PolicyRow, 'reorder_point' | 'position'>, run: ReplenishmentRun = 'retailer') =>
  run === 'retailer' ? -1 : (row.reorder_point - row.position) / Math.max(row.reorder_point, 1)

export interface RiskSignal {
  /** What the alert opens and clears on: the timed probability when receipts are known, else the design one. */
  p: number
  /** The design formula's probability (the board's figure), position against lead-time demand. */
  design: number
  /** The shelf against demand until each receipt lands (timedStockoutProbability); null without receipts. */
  timed: number | null
}

/**
 * The stockout-risk signal of a pair. The design formula counts stock on order as if it were on
 * the shelf, and takes demand as normal: measured against the simulator (bench:agents), most
 * stockouts it missed were shelves that ran dry while a transfer or PO was on its way, and most
 * of its false alarms were slow sellers whose normal P(demand > 0) is twice the real one. So the
 * alert opens and clears on the timed probability (lib/policy/risk.ts), and the card says both
 * figures when they differ; the board's stockout-risk tile keeps the design figure.
 */
export function riskSignal(row: Pick<PolicyRow, 'stockout_probability' | 'position' | 'on_order' | 'd' | 'sd_d' | 'lead_time_days' | 'sd_lead_time_days'>, receipts: StockoutRiskInput['receipts'], today: string): RiskSignal {
  const design = row.stockout_probability
  if (!receipts) return { p: design, design, timed: null }
  const timed = timedStockoutProbability({
    available: row.position - row.on_order, d: row.d, sd_d: row.sd_d, lead_time_days: row.lead_time_days + REVIEW_PERIOD_DAYS, sd_lead_time_days: row.sd_lead_time_days,
    receipts: receipts.map((r) => ({ days: daysBetween(today, r.date.slice(0, 10)), qty: r.qty })),
  })
  return { p: timed, design, timed }
}

/**
 * The decision for one sku x location: [] when neither condition holds (at or above its clear
 * threshold), else the stockout_risk finding and/or the low_stock finding.
 * Severity of stockout_risk: stockoutSeverity (critical p >= 0.8 and cover < L; high p >= 0.6 or
 * cover < L; medium p >= 0.45; else low). low_stock is 'low', or 'medium' when cover < L.
 * value_at_risk = the row's expected lost margin over the lead time.
 */
export function decideStockoutRisk(input: StockoutRiskInput): AgentFinding[] {
  const { row, today } = input
  const risk = riskSignal(row, input.receipts, today)
  const p = risk.p
  const rules = RULES as Required<Pick<typeof RULES, 'stockout_risk' | 'low_stock'>>
  const out: AgentFinding[] = []
  const run = input.run ?? 'retailer'
  const lowSignal = lowStockSignal(row, run)
  const wantRisk = p >= rules.stockout_risk.clear
  const wantLow = row.reorder_point > 0 && lowSignal >= rules.low_stock.clear
  if (!wantRisk && !wantLow) return out
  const recommendation = recommendFor(input)
  const chart = projectionChart(row, input.open_pos, today)
  const confidence = forecastConfidence({ d: row.d, sd_d: row.sd_d, history_days: input.history_days, model: row.model })
  const base = {
    scope: { sku: row.sku, location: row.location, channel: '', supplier: '' },
    value_at_risk: round2(row.expected_lost_margin),
    recommendation,
    confidence,
    agent: AGENT.name,
    model_version: AGENT.model_version,
    chart,
  }
  const L = units(round2(row.lead_time_days))
  const window = risk.timed === null ? `the ${L}-day lead time` : `${units(round2(row.lead_time_days + REVIEW_PERIOD_DAYS))} days (the ${L}-day lead time after the next daily run)`
  const cover = Number.isFinite(row.days_of_cover) && row.days_of_cover < 9999 ? `${units(round2(row.days_of_cover))} days of cover` : 'no demand to cover'
  if (wantRisk) {
    const runOut = row.projected_stockout_date ? `, projected to run out on ${row.projected_stockout_date}` : ''
    const onTheWay = [...(input.receipts ?? [])].filter((r) => r.qty > 0 && r.date.slice(0, 10) > today).sort((a, b) => (a.date < b.date ? -1 : 1))
    const timedWhy =
      risk.timed !== null && risk.timed - risk.design >= 0.05 && onTheWay.length
        ? `Stockout probability ${pct(p)} within ${window}: ${units(round2(row.position - row.on_order))} units available must last until the ${units(onTheWay[0].qty)} on the way land on ${onTheWay[0].date.slice(0, 10)} ` +
          `at ${units(round2(row.d))}/day (counting everything on order as if it were here, the board's figure, it would be ${pct(risk.design)}); expected lost margin ${money(row.expected_lost_margin)}.`
        : null
    const designNote = risk.timed !== null && Math.abs(risk.timed - risk.design) >= 0.05 && !timedWhy ? ` (the board's normal-demand figure: ${pct(risk.design)})` : ''
    out.push({
      ...base,
      type: 'stockout_risk',
      signal: p,
      severity: stockoutSeverity(p, row.days_of_cover, row.lead_time_days),
      why:
        timedWhy ??
        `Stockout probability ${pct(p)} within ${window}: position ${units(round2(row.position))} units (on hand ${units(row.on_hand)}, on order ${units(row.on_order)}) ` +
        `against a reorder point of ${units(round2(row.reorder_point))}, ${cover} at ${units(round2(row.d))}/day${runOut}${designNote}; expected lost margin ${money(row.expected_lost_margin)}.`,
    })
  }
  if (wantLow) {
    const severity: Severity = row.days_of_cover < row.lead_time_days ? 'medium' : 'low'
    out.push({
      ...base,
      type: 'low_stock',
      signal: lowSignal,
      severity,
      why:
        `Position ${units(round2(row.position))} units is ${row.position <= row.reorder_point ? 'at or below' : 'just above'} the reorder point of ${units(round2(row.reorder_point))} ` +
        `(${cover}; stockout probability ${pct(p)} within ${window}): due an order up to ${units(round2(row.order_up_to))} units, the replenishment run's trigger.`,
    })
  }
  return out
}
