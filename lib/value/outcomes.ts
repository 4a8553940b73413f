/**
 * What one simulated day cost and earned, per SKU-location (docs/value.md "Outcomes"): the
 * figures of `PairDayOutcome` (types.ts) before attribution, from the day's ground truth and
 * events and the events of the actions applied that day. Pure; the simulator's value recorder
 * (server/sim-value.ts) and bench:value call it for both runs of the same demand.
 *
 * Every carried selling pair gets a row; every carried DC pair too (demand 0: it holds stock and
 * is charged for it). Money is at the day's shelf price and the SKU's unit cost:
 *
 *   revenue        sold x shelf price           cogs     sold x unit cost
 *   lost_margin    lost x max(0, shelf price - unit cost): a lost sale below cost loses no margin
 *   inventory      physical on hand at the end of the day (less what an action shipped out after
 *                  the simulation's end-of-day figure), in units and at unit cost; stock on order
 *                  or in transit is in neither run's figure
 *   carrying_cost  inventory at cost x carrying rate / 365
 *   transfer_cost  every transfer shipped that day, the baseline's own DC -> store transfers and
 *                  StockPulse's alike, at the agents' transfer cost model (lib/agents/transfers.ts
 *                  fixed + per unit), charged once, to the receiving pair on the day it ships
 *   expedite_cost  an expedited PO (an action restating a PO's promise) at the stockout agent's
 *                  fee: EXPEDITE_FEE_SHARE x units x unit cost (lib/agents/stockout-risk.ts),
 *                  charged to the PO's pair on the day it was expedited
 *   markdown_cost  (regular - shelf price) x units sold, when the shelf is below regular
 *                  (markdowns and promotions)
 *   writeoff_cost  recorded shrink (inventory_movement kind shrink) and unrecorded losses (the
 *                  truth's phantom inventory of mechanism unrecorded_loss) at unit cost
 *   receipts       1 when a PO receipt (units > 0) or a transfer in arrived at the pair
 */
import type { Event } from '@/lib/events/schema'
import { EXPEDITE_FEE_SHARE } from '@/lib/agents/stockout-risk'
import { DEFAULT_TRANSFER_COST, transferCost, type TransferCostModel } from '@/lib/agents/transfers'
import type { GroundTruth } from '@/lib/sim/types'
import type { World } from '@/lib/sim/world'
import type { PairDayOutcome } from './types'

/** A pair-day's figures before it is given a run and a use case. */
export type PairDayFigures = Omit<PairDayOutcome, 'policy' | 'use_case' | 'weight'>

export interface SimDayInput {
  truth: GroundTruth
  /** The day's events (DayResult.events). */
  events: readonly Event[]
  /** Events of the actions applied during the day (after the day was simulated). */
  actionEvents?: readonly Event[]
}

export interface OutcomeOptions {
  /** Annual carrying rate (config CARRYING_RATE). */
  carryingRate: number
  transferCost?: TransferCostModel
  /** Expedite fee as a share of the expedited units at cost. */
  expediteFeeShare?: number
}

const indexes = new WeakMap<World, { locs: Map<string, number>; skus: Map<string, number> }>()
/** Ids to indexes that answer undefined for an id the world does not have (World's own look-ups throw). */
function indexOf(world: World) {
  let ix = indexes.get(world)
  if (!ix) {
    ix = { locs: new Map(world.locations.map((l) => [l.id, l.index])), skus: new Map(world.products.map((p) => [p.id, p.index])) }
    indexes.set(world, ix)
  }
  return ix
}

/** The figures of every carried pair of one simulated day. */
export function dayOutcomes(world: World, day: SimDayInput, opts: OutcomeOptions): PairDayFigures[] {
  const { truth } = day
  const nSku = world.skuCount
  const n = world.pairCount
  const tc = opts.transferCost ?? DEFAULT_TRANSFER_COST
  const feeShare = opts.expediteFeeShare ?? EXPEDITE_FEE_SHARE
  const shippedOut = new Float64Array(n)
  const transfer = new Float64Array(n)
  const expediteUnits = new Float64Array(n)
  const writeoffUnits = new Float64Array(n)
  const received = new Uint8Array(n)
  const { locs, skus } = indexOf(world)
  const pairOf = (sku: string, location: string): number => {
    const l = locs.get(location)
    const s = skus.get(sku)
    return l === undefined || s === undefined ? -1 : l * nSku + s
  }
  const read = (e: Event, fromAction: boolean) => {
    switch (e.type) {
      case 'inventory_movement': {
        const p = pairOf(e.sku, e.location)
        if (p < 0) return
        if (e.kind === 'shrink') writeoffUnits[p] += e.qty
        else if (e.kind === 'transfer_in' && e.qty > 0) received[p] = 1
        // The truth's end-of-day stock was taken before the day's actions: what they shipped is gone.
        else if (e.kind === 'transfer_out' && fromAction) shippedOut[p] += e.qty
        return
      }
      case 'po_receipt': {
        if (!e.sku || !e.location) return
        const p = pairOf(e.sku, e.location)
        if (p >= 0 && e.qty > 0) received[p] = 1
        return
      }
      case 'transfer': {
        const p = pairOf(e.sku, e.to)
        if (p >= 0 && e.qty > 0) transfer[p] += transferCost(e.qty, tc)
        return
      }
      case 'purchase_order': {
        // An action's purchase_order ordered before it was sent restates a PO's promise: an expedite.
        if (!fromAction || !(Date.parse(e.ordered_at) < Date.parse(e.ts))) return
        const p = pairOf(e.sku, e.location)
        if (p >= 0) expediteUnits[p] += e.qty
        return
      }
      default:
        return
    }
  }
  for (const e of day.events) read(e, false)
  for (const e of day.actionEvents ?? []) read(e, true)
  for (const a of truth.anomalies) {
    if (a.kind !== 'phantom_inventory' || a.mechanism !== 'unrecorded_loss') continue
    const p = pairOf(a.sku, a.location)
    if (p >= 0) writeoffUnits[p] += a.magnitude
  }

  const daily = opts.carryingRate / 365
  const rows: PairDayFigures[] = []
  for (const loc of world.locations) {
    const selling = loc.channel !== null
    for (let s = 0; s < nSku; s++) {
      const i = loc.index * nSku + s
      if (!world.carried[i]) continue
      const p = world.products[s]
      const cost = p.unitCost
      const demand = selling ? truth.demand[i] : 0
      const sold = selling ? truth.sold[i] : 0
      const lost = demand - sold
      const price = truth.shelfPrice?.[i] || p.price
      const regular = truth.regularPrice?.[s] || p.price
      const units = Math.max(0, truth.physicalOnHand[i] - shippedOut[i])
      const inventoryCost = units * cost
      rows.push({
        date: truth.date,
        sku: p.id,
        location: loc.id,
        demand,
        sold,
        lost,
        revenue: sold * price,
        cogs: sold * cost,
        lost_margin: lost * Math.max(0, price - cost),
        inventory_units: units,
        inventory_cost: inventoryCost,
        carrying_cost: inventoryCost * daily,
        expedite_cost: feeShare * expediteUnits[i] * cost,
        transfer_cost: transfer[i],
        markdown_cost: price < regular ? (regular - price) * sold : 0,
        writeoff_cost: writeoffUnits[i] * cost,
        receipts: received[i],
      })
    }
  }
  return rows
}

/** Sum of each figure over rows (weighted by `weight` when the rows carry one): for checks and totals. */
export function sumFigures(rows: readonly (PairDayFigures & { weight?: number })[]): Record<FigureName, number> {
  const out = Object.fromEntries(FIGURES.map((f) => [f, 0])) as Record<FigureName, number>
  for (const r of rows) {
    const w = r.weight ?? 1
    for (const f of FIGURES) out[f] += w * r[f]
  }
  return out
}

/** The additive figures of a pair-day, in the table's column order. */
export const FIGURES = [
  'demand', 'sold', 'lost', 'revenue', 'cogs', 'lost_margin', 'inventory_units', 'inventory_cost', 'carrying_cost', 'expedite_cost', 'transfer_cost',
  'markdown_cost', 'writeoff_cost', 'receipts',
] as const
export type FigureName = (typeof FIGURES)[number]
