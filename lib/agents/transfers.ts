/**
 * Mandate: transfers agent.
 * - Trigger: after the planning write of a region (full recompute), per sku, and when a location's
 *   stock moves enough to change its position against its reorder point.
 * - Inputs: per sku, every location of one region (kind, parent DC, on hand, reserved, position,
 *   d, sd_d, lead time, reorder point, order-up-to, days of cover, stockout probability, unit cost
 *   and price, days since last sale) from inventory_policies and the locations master; a transfer
 *   cost model (DEFAULT_TRANSFER_COST unless the deployment sets one).
 * - Raises: 'transfer_opportunity', on the receiving scope (sku, receiving location).
 * - Recommends: 'transfer' (from_location = the donor).
 * - Without a person: yes, an approval rule may let a transfer run (stock stays in the company;
 *   the cost is the transfer cost), e.g. below a value limit and at a confidence floor.
 *
 * Surplus of a location = sellable stock above its order-up-to level, min(on hand - reserved,
 * position - order-up-to); all sellable stock when the item has not sold there for AGING_DAYS.
 * Deficit of a non-DC location at risk (stockout probability >= STOCKOUT_RISK_THRESHOLD or
 * position <= reorder point) = order-up-to - position. DCs give but do not receive (a DC reorders
 * from its supplier). A store whose parent DC has stock is fed by its DC (dcTransferFor, which
 * the stockout-risk agent recommends), so it is not offered lateral transfers.
 *
 * Benefit of moving q units from donor i to receiver j = expected lost margin avoided at j over
 * its lead time, ELM_j(pos_j) - ELM_j(pos_j + q), minus the expected lost margin it adds at i,
 * ELM_i(pos_i - q) - ELM_i(pos_i) (lib/policy/risk.ts). Cost = fixed + per_unit q. For each pair q
 * is the best whole number in [1, min(surplus_i, deficit_j)]: benefit - per_unit q is concave in q
 * (ELM is convex in position), so q* is the last unit whose marginal net is positive (binary
 * search). A pair is kept only when benefit > cost. Pairs are then chosen by maximum-weight
 * assignment (Hungarian algorithm, `munkres`, rectangular) on the net benefits: at most one
 * transfer per donor and per receiver (one open alert per receiving scope), maximising the total
 * of benefit - cost, not first match.
 */
import munkres from 'munkres'
import type { AgentFinding, AlertType, HysteresisRule } from '@/lib/alerts/types'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import { expectedLostMargin } from '@/lib/policy/risk'
import { forecastConfidence, money, pct, round2, stockoutSeverity, units, type AgentDescriptor } from './stock-shared'

export const AGENT = {
  name: 'transfers',
  model_version: 'transfers-1.0.0',
  alert_types: ['transfer_opportunity'],
  actions: ['transfer'],
  may_run_without_person: true,
} as const satisfies AgentDescriptor

/** Cost of one transfer: a fixed cost (pick, pack, truck slot) plus a cost per unit moved, money. */
export interface TransferCostModel {
  fixed: number
  per_unit: number
}
/** Defaults until a deployment sets its own (in its currency). */
export const DEFAULT_TRANSFER_COST: TransferCostModel = { fixed: 15, per_unit: 0.25 }
/** Days without a sale after which a location's whole sellable stock counts as surplus. */
export const AGING_DAYS = 45

/**
 * Signal = benefit / cost of the transfer (margin protected per unit of cost, capped at 100).
 * Pairs exist only when benefit > cost (signal > 1 = clear); an alert opens at 1.25 after two
 * consecutive evaluations (stock positions are noisy) and clears below 1 after two.
 */
export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  transfer_opportunity: { open: 1.25, clear: 1, open_after: 2, clear_after: 2 },
}

export type LocationKind = 'store' | 'dc' | 'dark_store' | 'ecom_node'

export interface TransferNode {
  location: string
  kind: LocationKind
  /** The DC that feeds this location, null for a DC or a location without one. */
  parent_dc: string | null
  on_hand: number
  reserved?: number
  position: number
  d: number
  sd_d: number
  lead_time_days: number
  sd_lead_time_days: number
  reorder_point: number
  order_up_to: number
  days_of_cover: number
  stockout_probability: number
  unit_cost: number
  unit_price: number
  /** Days since the item last sold here; null or absent when unknown. */
  days_since_last_sale?: number | null
  /** Days of sales history behind d (confidence). */
  history_days?: number
  case_pack?: number
}

export interface TransferInput {
  sku: string
  /** Every location of one region carrying the sku. */
  nodes: readonly TransferNode[]
  cost?: TransferCostModel
}

/** Sellable on hand: on hand - reserved, floored at 0. */
const sellable = (n: Pick<TransferNode, 'on_hand' | 'reserved'>) => Math.max(0, n.on_hand - (n.reserved ?? 0))

export const isAging = (n: Pick<TransferNode, 'days_since_last_sale'>) => n.days_since_last_sale != null && n.days_since_last_sale >= AGING_DAYS

/** Whole units a location can give: all sellable stock when aging, else its stock above order-up-to. */
export function surplusOf(n: TransferNode): number {
  if (isAging(n)) return Math.floor(sellable(n))
  return Math.max(0, Math.floor(Math.min(sellable(n), n.position - n.order_up_to)))
}

/** Whole units a non-DC location at risk needs to reach its order-up-to level; 0 when not at risk. */
export function deficitOf(n: TransferNode): number {
  if (n.kind === 'dc' || isAging(n)) return 0
  const atRisk = n.stockout_probability >= STOCKOUT_RISK_THRESHOLD || n.position <= n.reorder_point
  return atRisk ? Math.max(0, Math.ceil(n.order_up_to - n.position - 1e-9)) : 0
}

const margin = (n: TransferNode) => Math.max(0, n.unit_price - n.unit_cost)
const elmAt = (n: TransferNode, position: number) =>
  expectedLostMargin({ position, d: n.d, sd_d: n.sd_d, lead_time_days: n.lead_time_days, sd_lead_time_days: n.sd_lead_time_days }, margin(n))

export interface PairPlan {
  quantity: number
  /** Margin protected at the receiver minus margin put at risk at the donor, money. */
  benefit: number
  /** fixed + per_unit x quantity. */
  cost: number
  /** benefit - cost (> 0). */
  net: number
}

/**
 * The best transfer from donor to receiver, or null when no quantity has benefit > cost.
 * Example (transfers.test.ts): receiver d 10, sd_d 3, L 4, sd_L 1, position 20, margin 2.5; a
 * donor without demand and 30 surplus; cost 15 + 0.25/unit: each unit is worth about
 * 2.5 P(D_LT > position) > 0.25 up to position 50, so q = 30, benefit ELM(20) - ELM(50) =
 * 50.51 - 3.16 = 47.35, cost 22.50. At 1.50 a unit it stops at q = 17 (P(D_LT > 37) < 0.6 beyond).
 */
export function pairPlan(donor: TransferNode, receiver: TransferNode, cost: TransferCostModel = DEFAULT_TRANSFER_COST, qmax = Math.min(surplusOf(donor), deficitOf(receiver))): PairPlan | null {
  if (!(qmax >= 1) || donor.location === receiver.location) return null
  const r0 = elmAt(receiver, receiver.position)
  const d0 = elmAt(donor, donor.position)
  const f = (q: number) => r0 - elmAt(receiver, receiver.position + q) - (elmAt(donor, donor.position - q) - d0) - cost.per_unit * q
  // Marginal net f(q) - f(q-1) is non-increasing: the last q with a positive marginal maximises f.
  let lo = 0
  let hi = Math.floor(qmax)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (f(mid) - f(mid - 1) > 1e-9) lo = mid
    else hi = mid - 1
  }
  if (lo === 0) return null
  const net = f(lo) - cost.fixed
  if (!(net > 0)) return null
  return { quantity: lo, benefit: net + cost.fixed + cost.per_unit * lo, cost: cost.fixed + cost.per_unit * lo, net }
}

/**
 * Maximum-total assignment of rows (donors) to columns (receivers) on a net-benefit matrix: at most
 * one column per row and one row per column, only pairs with net > 0, maximising the sum of nets.
 * Entries <= 0 (or NaN, no pair) are clamped to 0 and the complete rectangular assignment of the
 * clamped matrix is solved with munkres (as a cost matrix, negated); dropping its zero pairs gives
 * a partial assignment with the same total, and any partial assignment extends to a complete one
 * of no smaller clamped total, so the result is optimal among partial assignments.
 */
export function assignMaxNet(net: readonly (readonly number[])[]): [number, number][] {
  const rows = net.length
  const cols = rows > 0 ? net[0].length : 0
  if (rows === 0 || cols === 0) return []
  const cost = net.map((row) => row.map((v) => (v > 0 ? -v : 0)))
  return munkres(cost)
    .filter(([i, j]) => net[i][j] > 0)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
}

/**
 * The DC transfer for a DC-fed location that needs stock: up to its order-up-to level, in whole
 * case packs when the DC can spare them, else the units the DC can spare. The DC can spare its
 * sellable stock less `keep` (units it holds back, 0 by default: a DC's stock is there to feed its
 * locations). Null when nothing is needed or the DC has nothing to spare.
 * Example: position 10, order-up-to 47, pack 12, DC on hand 100: need 37 -> 4 packs = 48 from DC.
 */
export function dcTransferFor(
  store: { position: number; order_up_to: number; case_pack?: number },
  dc: { location: string; on_hand: number; reserved?: number; keep?: number },
): { from_location: string; quantity: number } | null {
  const need = store.order_up_to - store.position
  if (!(need > 1e-9)) return null
  const spare = Math.floor(Math.max(0, dc.on_hand - (dc.reserved ?? 0) - (dc.keep ?? 0)))
  if (spare <= 0) return null
  const pack = store.case_pack && store.case_pack > 0 ? store.case_pack : 1
  const want = pack * Math.ceil(need / pack - 1e-9)
  return { from_location: dc.location, quantity: Math.min(want, spare) }
}

/**
 * A DC's stock is there to feed its locations first: its order-up-to grows by what the locations it
 * feeds (of those given, for one sku) need to reach theirs, so only stock beyond that is a surplus.
 * Example: DC order-up-to 0, on hand 150; a store it feeds at position 2, order-up-to 179: the DC's
 * order-up-to becomes 177 and it has no surplus (the worker applies this before decideTransfers).
 */
export function withDcNeeds(nodes: readonly TransferNode[]): TransferNode[] {
  const need = new Map<string, number>()
  for (const n of nodes) if (n.parent_dc) need.set(n.parent_dc, (need.get(n.parent_dc) ?? 0) + Math.max(0, n.order_up_to - n.position))
  return nodes.map((n) => (n.kind === 'dc' && need.get(n.location) ? { ...n, order_up_to: n.order_up_to + need.get(n.location)! } : n))
}

/** The dcTransferFor cost under a cost model (what the stockout-risk card shows as the cost). */
export const transferCost = (quantity: number, cost: TransferCostModel = DEFAULT_TRANSFER_COST) => cost.fixed + cost.per_unit * quantity

/**
 * Transfers for one sku within one region: receivers (deficit > 0, not fed by a DC with stock)
 * against donors (surplus > 0), the best quantity per pair, then the maximum-net assignment.
 * One finding per transfer, on the receiving scope, sorted by net benefit (largest first).
 */
export function decideTransfers(input: TransferInput): AgentFinding[] {
  const cost = input.cost ?? DEFAULT_TRANSFER_COST
  const byLocation = new Map(input.nodes.map((n) => [n.location, n]))
  const donors = input.nodes.filter((n) => surplusOf(n) > 0)
  const receivers = input.nodes.filter((n) => {
    if (deficitOf(n) <= 0) return false
    const dc = n.parent_dc ? byLocation.get(n.parent_dc) : undefined
    return !(dc && dcTransferFor(n, dc))
  })
  if (donors.length === 0 || receivers.length === 0) return []
  const plans = donors.map((dn) => receivers.map((rc) => pairPlan(dn, rc, cost)))
  const net = plans.map((row) => row.map((p) => (p ? p.net : 0)))
  return assignMaxNet(net)
    .map(([i, j]) => finding(input.sku, donors[i], receivers[j], plans[i][j]!))
    .sort((a, b) => b.recommendation.value - b.recommendation.cost - (a.recommendation.value - a.recommendation.cost))
}

function finding(sku: string, donor: TransferNode, receiver: TransferNode, plan: PairPlan): AgentFinding {
  const q = plan.quantity
  const signal = Math.min(100, plan.cost > 0 ? plan.benefit / plan.cost : 100)
  const source = isAging(donor)
    ? `${donor.location} has not sold it for ${donor.days_since_last_sale} days and holds ${units(sellable(donor))} units`
    : `${donor.location} holds ${units(surplusOf(donor))} units above its order-up-to level of ${units(round2(donor.order_up_to))}`
  const why =
    `${receiver.location} has a ${pct(receiver.stockout_probability)} stockout risk (position ${units(receiver.position)} against a reorder point of ${units(round2(receiver.reorder_point))}) ` +
    `while ${source}; moving ${q} units protects ${money(plan.benefit)} of margin for ${money(plan.cost)} of transfer cost.`
  return {
    type: 'transfer_opportunity',
    scope: { sku, location: receiver.location, channel: '', supplier: '' },
    signal,
    severity: stockoutSeverity(receiver.stockout_probability, receiver.days_of_cover, receiver.lead_time_days),
    value_at_risk: round2(elmAt(receiver, receiver.position)),
    why,
    recommendation: {
      action: 'transfer',
      quantity: q,
      from_location: donor.location,
      cost: round2(plan.cost),
      value: round2(plan.benefit),
      summary: `Move ${q} units from ${donor.location} to ${receiver.location}`,
    },
    confidence: forecastConfidence(receiver),
    agent: AGENT.name,
    model_version: AGENT.model_version,
    chart: {
      x: [donor.location, receiver.location],
      series: [
        { name: 'on hand now', values: [donor.on_hand, receiver.on_hand], unit: 'units' },
        { name: 'after the transfer', values: [donor.on_hand - q, receiver.on_hand + q], unit: 'units' },
        { name: 'order-up-to', values: [round2(donor.order_up_to), round2(receiver.order_up_to)], unit: 'units' },
      ],
    },
  }
}
