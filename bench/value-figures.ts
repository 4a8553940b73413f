/**
 * bench:value's figures of one run (baseline or StockPulse), per use case and overall, summed from
 * the attributed pair-day outcomes (lib/value/outcomes.ts dayOutcomes, lib/value/attribution.ts
 * attribute: every figure weighted by its row's use-case weight).
 *
 *   fill rate       units sold / units demanded (selling pairs)
 *   lost sales      units demanded and not served, and their margin at the day's shelf price
 *   avg inventory   inventory at cost (physical, every carried pair including DCs), summed over
 *                   the days and divided by the days
 *   turns           COGS annualised (x 365 / days) / average inventory at cost
 *   carrying cost   sum of the days' inventory at cost x CARRYING_RATE / 365
 *   markdown cost   (regular - shelf price) x units sold below regular
 */
import type { PairDayOutcome } from '@/lib/value/types'
import { USE_CASES, type UseCase } from '@/lib/value/use-cases'

export interface Totals {
  demand: number
  sold: number
  lost: number
  lost_margin: number
  cogs: number
  /** Sum over days of inventory at cost. */
  inventory_cost: number
  carrying_cost: number
  markdown_cost: number
  transfer_cost: number
  expedite_cost: number
}

const KEYS = ['demand', 'sold', 'lost', 'lost_margin', 'cogs', 'inventory_cost', 'carrying_cost', 'markdown_cost', 'transfer_cost', 'expedite_cost'] as const
const zero = (): Totals => ({ demand: 0, sold: 0, lost: 0, lost_margin: 0, cogs: 0, inventory_cost: 0, carrying_cost: 0, markdown_cost: 0, transfer_cost: 0, expedite_cost: 0 })

export class RunFigures {
  readonly byUseCase = new Map<UseCase, Totals>(USE_CASES.map((u) => [u, zero()]))
  /** By the kind of location (store, dc, ...): where the units were lost and the stock sat. */
  readonly byKind = new Map<string, Totals>()
  readonly overall = zero()
  days = 0

  /** Add one day's attributed rows; `kindOf`, a location's kind (for byKind). */
  addDay(rows: readonly PairDayOutcome[], kindOf?: (location: string) => string) {
    this.days++
    for (const r of rows) {
      const u = this.byUseCase.get(r.use_case)!
      let kind: Totals | undefined
      if (kindOf) {
        const k = kindOf(r.location)
        kind = this.byKind.get(k)
        if (!kind) this.byKind.set(k, (kind = zero()))
      }
      for (const k of KEYS) {
        const v = r.weight * r[k]
        u[k] += v
        this.overall[k] += v
        if (kind) kind[k] += v
      }
    }
  }
}

/** The figures printed for one run and scope over `days` days. */
export function summary(x: Totals, days: number) {
  const avgInventory = days ? x.inventory_cost / days : 0
  return {
    fillRate: x.demand ? x.sold / x.demand : NaN,
    lost: x.lost,
    lostMargin: x.lost_margin,
    avgInventory,
    turns: avgInventory ? ((x.cogs / Math.max(1, days)) * 365) / avgInventory : NaN,
    carrying: x.carrying_cost,
    markdown: x.markdown_cost,
  }
}
