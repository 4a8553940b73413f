/**
 * Settling one executed decision (DESIGN.md "Value by use case"; docs/value-settlement.md): its
 * estimate at decision time (the action's `value`) against what happened at its pair when its
 * horizon ended, in the same measure and units as the estimate (money, config CURRENCY). Pure: the
 * settlement job (jobs/settle.ts) reads what happened and calls `horizonEnd` then `settleAction`.
 *
 * Days are UTC days (YYYY-MM-DD). "The pair" is the action's SKU at its location (for a transfer,
 * the destination).
 */
import type { ActionRecord } from '@/lib/actions/types'
import type { UseCase } from './use-cases'
import type { ActionSettlement, SettlementOutcome } from './types'

/** No horizon is longer than this many days past its start (arrival, or the decision for a markdown). */
export const HORIZON_CAP_DAYS = 28
/** A reorder whose supplier promise is unknown is expected this many days after the decision. */
export const DEFAULT_LEAD_DAYS = 7

const DAY_MS = 86_400_000
export const dayOf = (iso: string): string => iso.slice(0, 10)
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)
const round2 = (x: number) => Math.round(x * 100) / 100

/** What the horizon of an action depends on beyond the action itself. */
export interface HorizonContext {
  /** Day the action's units were expected at the pair: the PO's promise (reorder, expedite as restated), the transfer's expected arrival. */
  arrival?: string | null
  /** Mean units sold per day at the pair before the decision: how many days of cover an order buys. */
  daily_demand?: number
  /** The product's season end (markdown). */
  season_end?: string | null
}

/**
 * The last day of an action's horizon:
 * - reorder, expedite: the expected arrival (else decision + DEFAULT_LEAD_DAYS) plus the days of
 *   cover the units buy (quantity / daily demand, rounded up), the cover capped at HORIZON_CAP_DAYS;
 * - transfer: the expected arrival (else the decision day) + HORIZON_CAP_DAYS;
 *   reallocate: the decision day + HORIZON_CAP_DAYS (the units are already there);
 * - markdown: the season end, or decision + HORIZON_CAP_DAYS, whichever comes first (a season end
 *   on or before the decision day: decision + HORIZON_CAP_DAYS).
 */
export function horizonEnd(a: Pick<ActionRecord, 'kind' | 'created_at' | 'quantity'>, ctx: HorizonContext = {}): string {
  const decided = dayOf(a.created_at)
  const arrival = ctx.arrival && ctx.arrival >= decided ? ctx.arrival : null
  switch (a.kind) {
    case 'reorder':
    case 'expedite': {
      const at = arrival ?? addDays(decided, DEFAULT_LEAD_DAYS)
      const d = ctx.daily_demand ?? 0
      const cover = d > 0 ? Math.min(HORIZON_CAP_DAYS, Math.ceil(a.quantity / d)) : HORIZON_CAP_DAYS
      return addDays(at, Math.max(0, cover))
    }
    case 'transfer':
      return addDays(arrival ?? decided, HORIZON_CAP_DAYS)
    case 'reallocate':
      return addDays(decided, HORIZON_CAP_DAYS)
    case 'markdown': {
      const cap = addDays(decided, HORIZON_CAP_DAYS)
      return ctx.season_end && ctx.season_end > decided && ctx.season_end < cap ? ctx.season_end : cap
    }
  }
}

/** One day at the pair in the horizon. */
export interface PairDay {
  date: string
  /** Units sold that day (all channels). */
  sold: number
  /** Sales value that day (units x the price they sold at); 0 when unknown. */
  revenue: number
  /** End-of-day on hand from the last stock snapshot or count that day; null when none was sent. */
  on_hand: number | null
}

/** What happened at the pair over the horizon, as the settlement job read it. */
export interface PairOutcome {
  /** Every day from the decision day to the horizon end, inclusive, in order. */
  days: PairDay[]
  /** On hand at the end of the day before the decision; null when unknown. */
  opening_on_hand: number | null
  /** The action's own units arriving at the pair (PO receipts of its order, its transfer's arrival), by day. */
  received: { date: string; units: number }[]
  /** Expedite: the day the expedited units were promised before the expedite (they would have come then). */
  counterfactual_arrival?: string | null
  /** Regular shelf price and unit cost of the SKU (master data). */
  price: number
  unit_cost: number
  /** Markdown: units per day sold at the pair before the decision, at full price. */
  baseline_daily_units?: number
}

export interface SettleContext {
  use_case: UseCase
  horizon_end: string
  settled_at: string
}

type Action = Pick<ActionRecord, 'action_id' | 'alert_id' | 'kind' | 'sku' | 'location' | 'created_at' | 'quantity' | 'cost' | 'value' | 'status' | 'price'>

/** Actions that never took effect: the receiver refused them or the last delivery try failed. */
export const NOT_EXECUTED_STATUSES: readonly string[] = ['dead']

/**
 * End-of-day on hand for every day: the snapshot where one was sent, else the previous day's
 * carried by that day's sales and the action's receipts (nothing else moved). The opening is the
 * day before the decision; unknown, it is worked back from the first snapshot. Null when the
 * horizon has no stock figure at all.
 */
export function onHandSeries(o: PairOutcome): { opening: number; eod: number[] } | null {
  const recv = receivedByDay(o)
  let opening = o.opening_on_hand
  if (opening === null) {
    const first = o.days.findIndex((d) => d.on_hand !== null)
    if (first < 0) return null
    let x = o.days[first].on_hand as number
    for (let i = first; i >= 0; i--) x = x + o.days[i].sold - recv[i]
    opening = Math.max(0, x)
  }
  const eod: number[] = []
  let prev = opening
  o.days.forEach((d, i) => {
    const v = d.on_hand ?? Math.max(0, prev - d.sold + recv[i])
    eod.push(v)
    prev = v
  })
  return { opening, eod }
}

function receivedByDay(o: PairOutcome): number[] {
  return o.days.map((d) => o.received.filter((r) => r.date === d.date).reduce((s, r) => s + r.units, 0))
}

/** Margin per unit sold in the horizon: the realised price (revenue / units) when there were sales, else the shelf price, less unit cost; never below 0. */
export function unitMargin(o: PairOutcome): number {
  const units = o.days.reduce((s, d) => s + d.sold, 0)
  const revenue = o.days.reduce((s, d) => s + d.revenue, 0)
  const price = units > 0 && revenue > 0 ? revenue / units : o.price
  return Math.max(0, price - o.unit_cost)
}

/**
 * Stock protection (reorder, expedite): the pair's days replayed without the action's units. Each
 * day, other stock moved by (on hand - on hand yesterday + sold - the action's units received);
 * without the action, stock starts the same, moves the same, and sells what it has: the day's
 * sales it could not cover would have been lost. For an expedite the units still come, at their
 * earlier promise. Returns the units the action protected (sold that would not have been, at most
 * the units it brought), and whether the pair reached zero on hand after they arrived anyway.
 */
export function protectedUnits(o: PairOutcome): { protected: number; received: number; stockout_anyway: boolean; min_on_hand: number } | null {
  const series = onHandSeries(o)
  if (!series) return null
  const recv = receivedByDay(o)
  const received = recv.reduce((s, x) => s + x, 0)
  const firstArrival = recv.findIndex((x) => x > 0)
  let cf = series.opening
  let prev = series.opening
  let lost = 0
  let anyway = false
  let minOnHand = Infinity
  o.days.forEach((d, i) => {
    const other = series.eod[i] - prev + d.sold - recv[i]
    prev = series.eod[i]
    const late = o.counterfactual_arrival && d.date === o.counterfactual_arrival ? received : 0
    const available = Math.max(0, cf + other + late)
    const sold = Math.min(d.sold, available)
    lost += d.sold - sold
    cf = available - sold
    if (firstArrival >= 0 && i >= firstArrival) {
      minOnHand = Math.min(minOnHand, series.eod[i])
      if (series.eod[i] <= 0) anyway = true
    }
  })
  if (firstArrival < 0) {
    for (const v of series.eod) minOnHand = Math.min(minOnHand, v)
    anyway = series.eod.some((v) => v <= 0)
  }
  return { protected: Math.min(received, lost), received, stockout_anyway: anyway, min_on_hand: Number.isFinite(minOnHand) ? minOnHand : 0 }
}

/**
 * Moved units sold (transfer, reallocate): of the units the action brought (a transfer's arrival;
 * a reallocation's quantity, there from the decision day), those no longer on hand at the horizon's
 * end, counting the moved units as the last to sell: min(moved, on hand at the end) are unsold,
 * and no more can have sold than the pair sold from their arrival.
 */
export function movedUnitsSold(o: PairOutcome, moved: number, from: number): number {
  const series = onHandSeries(o)
  const end = series ? series.eod[series.eod.length - 1] : 0
  const soldSince = o.days.slice(Math.max(0, from)).reduce((s, d) => s + d.sold, 0)
  return Math.max(0, Math.min(moved - Math.min(moved, end), soldSince))
}

/**
 * The settlement of one action. Rules (in the estimate's measure, money):
 * - dead (never took effect): not_executed, 0.
 * - reorder, expedite: margin protected = unit margin x protected units (`protectedUnits`).
 *   Outcome: stockout_not_prevented when the pair ran out after the units arrived (or, none
 *   arriving, at all) - the value is then only what the units sold before it; stockout_prevented
 *   when units were protected; else stockout_not_threatened (0).
 * - transfer: unit margin x moved units sold at the destination (`movedUnitsSold`) - the transfer
 *   cost; reallocate: the same with the reallocated quantity there from the decision day.
 *   Outcome units_sold when any sold, else units_unsold.
 * - markdown: margin at the marked price of the units sold in the horizon, less the margin the
 *   full price would have made on the units expected at it (the pre-decision daily rate x the
 *   horizon's days, at most the opening on hand): sold x (marked - cost) - expected x (price - cost).
 *   Outcome units_sold when any sold, else units_unsold.
 */
export function settleAction(a: Action, o: PairOutcome | null, ctx: SettleContext): ActionSettlement {
  const base = {
    action_id: a.action_id, alert_id: a.alert_id, use_case: ctx.use_case, kind: a.kind, sku: a.sku, location: a.location,
    decided_at: a.created_at, horizon_end: ctx.horizon_end, estimated_value: a.value, settled_at: ctx.settled_at,
  }
  const done = (settled_value: number, outcome: SettlementOutcome, detail: string): ActionSettlement => ({ ...base, settled_value: round2(settled_value), outcome, detail })
  if (NOT_EXECUTED_STATUSES.includes(a.status)) return done(0, 'not_executed', `not executed (${a.status})`)
  if (!o) return done(0, 'stockout_not_threatened', 'no sales or stock figures in the horizon')
  const n = (x: number) => String(round2(x))
  const margin = unitMargin(o)
  switch (a.kind) {
    case 'reorder':
    case 'expedite': {
      const p = protectedUnits(o)
      if (!p) return done(0, 'stockout_not_threatened', 'no stock figure in the horizon')
      const v = margin * p.protected
      const outcome: SettlementOutcome = p.stockout_anyway ? 'stockout_not_prevented' : p.protected > 0 ? 'stockout_prevented' : 'stockout_not_threatened'
      return done(v, outcome, `received ${n(p.received)} units; ${n(p.protected)} sold that stock without them could not cover, at ${n(margin)} margin each; on hand fell to ${n(p.min_on_hand)}`)
    }
    case 'transfer':
    case 'reallocate': {
      const recv = receivedByDay(o)
      const moved = a.kind === 'reallocate' ? a.quantity : recv.reduce((s, x) => s + x, 0)
      const from = a.kind === 'reallocate' ? 0 : recv.findIndex((x) => x > 0)
      const sold = from < 0 ? 0 : movedUnitsSold(o, moved, from)
      return done(margin * sold - a.cost, sold > 0 ? 'units_sold' : 'units_unsold', `${a.kind === 'transfer' ? 'received' : 'reallocated'} ${n(moved)} units; ${n(sold)} sold by ${ctx.horizon_end} at ${n(margin)} margin each; cost ${n(a.cost)}`)
    }
    case 'markdown': {
      const marked = a.price ?? o.price
      const sold = o.days.reduce((s, d) => s + d.sold, 0)
      const opening = onHandSeries(o)?.opening ?? Infinity
      const expected = Math.min(opening, (o.baseline_daily_units ?? 0) * o.days.length)
      const v = sold * (marked - o.unit_cost) - expected * (o.price - o.unit_cost)
      return done(v, sold > 0 ? 'units_sold' : 'units_unsold', `sold ${n(sold)} units at ${n(marked)} in ${o.days.length} days; ${n(expected)} expected at ${n(o.price)}; unit cost ${n(o.unit_cost)}`)
    }
  }
}

/** The days of a horizon from the decision day to its end, inclusive. */
export function horizonDays(decidedAt: string, end: string): string[] {
  const start = dayOf(decidedAt)
  const n = Math.max(0, daysBetween(start, end))
  return Array.from({ length: n + 1 }, (_, i) => addDays(start, i))
}
