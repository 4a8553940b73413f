// TEMP: stands in for lib/value/outcomes.ts and lib/value/attribution.ts (branch value-sim) until
// they land; the lead reconciles. Computed from the simulation's GroundTruth only.
/**
 * bench:value's figures of one run (baseline or StockPulse), per use case and overall, from each
 * evaluated day's ground truth: units demanded and sold, lost units and margin (at the regular
 * price less unit cost: shelf-price changes are the same in both runs), inventory at cost (physical
 * on hand at the end of the day, every location including DCs), COGS, carrying cost (inventory at
 * cost x CARRYING_RATE / 365 a day). Markdown cost is not in the ground truth (the shelf price of
 * each sale is not kept): the run that never marks down (StockPulse makes no markdown here) and the
 * baseline have the same markdowns, so it is printed as n/a until lib/value/outcomes.ts lands.
 *
 * Attribution: a pair-day belongs to the use case of the latest action that touched the pair (its
 * sku at the action's location, or at a transfer's source) on or before that day; a pair no action
 * touched belongs to replenishment (not ordering is replenishment's decision). Both runs' rows of a
 * pair-day take the StockPulse run's use case, so their difference is attributed where it arose.
 */
import type { GroundTruth } from '@/lib/sim'
import type { World } from '@/lib/sim'
import { USE_CASES, type UseCase } from '@/lib/value/use-cases'

export interface Totals {
  demand: number
  sold: number
  lost: number
  lostMargin: number
  cogs: number
  /** Sum over days of inventory at cost (divide by days for the average). */
  inventoryCostDays: number
  carrying: number
}

const zero = (): Totals => ({ demand: 0, sold: 0, lost: 0, lostMargin: 0, cogs: 0, inventoryCostDays: 0, carrying: 0 })

export class RunFigures {
  readonly byUseCase = new Map<UseCase, Totals>(USE_CASES.map((u) => [u, zero()]))
  readonly overall = zero()
  days = 0
  constructor(private readonly w: World, private readonly carryingRate: number) {}

  /** Add one day's truth, with each pair's use case (index into USE_CASES; replenishment when none). */
  addDay(t: GroundTruth, useCaseOf: Uint8Array) {
    const nSku = this.w.skuCount
    this.days++
    for (let i = 0; i < t.demand.length; i++) {
      const p = this.w.products[i % nSku]
      const demand = t.demand[i]
      const sold = t.sold[i]
      const onHand = Math.max(0, t.physicalOnHand[i])
      if (!demand && !sold && !onHand) continue
      const lost = Math.max(0, demand - sold)
      const inv = onHand * p.unitCost
      const u = this.byUseCase.get(USE_CASES[useCaseOf[i]])!
      for (const x of [u, this.overall]) {
        x.demand += demand
        x.sold += sold
        x.lost += lost
        x.lostMargin += lost * Math.max(0, p.price - p.unitCost)
        x.cogs += sold * p.unitCost
        x.inventoryCostDays += inv
        x.carrying += (inv * this.carryingRate) / 365
      }
    }
  }
}

/** The figures printed for one run and scope. */
export function summary(x: Totals, days: number) {
  const avgInventory = days ? x.inventoryCostDays / days : 0
  return {
    fillRate: x.demand ? x.sold / x.demand : NaN,
    lost: x.lost,
    lostMargin: x.lostMargin,
    avgInventory,
    turns: avgInventory ? ((x.cogs / Math.max(1, days)) * 365) / avgInventory : NaN,
    carrying: x.carrying,
  }
}
