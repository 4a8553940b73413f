/**
 * Echelon demand: what the locations a DC feeds will ask of it. A DC sells (almost) nothing itself,
 * so a plan built on its own sales would never reorder; its demand is its children's forecasts,
 * summed per sku (d adds, variances add: the children's errors are taken as independent), with
 * their forecast paths summed for the run-out date. The DC protects its most demanding child, so it
 * takes the highest (weekly) service target and the best ABC class among them. What the children hold (on
 * hand and on order) serves their first days of demand before they ask the DC for more: markdown
 * exposure at the DC counts only the demand left after it. Pure, no I/O.
 */
import { weeklyServiceLevel, type AbcClass } from '@/lib/policy/service-targets'
import { reviewPeriodFor } from './review'

/** Per sku, the children's demand summed (typed arrays so it crosses to the planning worker cheaply). */
export interface Downstream {
  skus: string[]
  d: Float64Array
  var_d: Float64Array
  /** `horizon` values per sku: the children's forecast paths summed. */
  path: Float64Array
  horizon: number
  /** The highest weekly cycle service target among the children that carry the sku. */
  service_level: Float64Array
  /** The best ABC class among them, as a code (0 = A, 1 = B, 2 = C). */
  abc: Uint8Array
  /** The children's on hand + on order. */
  stock: Float64Array
  /** How many children carry the sku. */
  children: Uint16Array
}

const ABC: readonly AbcClass[] = ['A', 'B', 'C']

/** One child location's plan of a sku, as the downstream sum reads it. */
export interface ChildPlan {
  sku: string
  d: number
  sd_d: number
  /** The child's per-cycle service level (review.ts: a daily-fed store's is its weekly target ^ 1/7). */
  service_level: number
  /** How the child is replenished: its review period turns its service level back into the weekly target. */
  lead_time_source: string
  /** 'A' | 'B' | 'C' (anything else counts as C). */
  abc: string
  on_hand: number
  on_order: number
}

/** Sums the children of one DC as their plans arrive (any order; each child once). */
export class DownstreamBuilder {
  private readonly index = new Map<string, number>()
  private skus: string[] = []
  private d: number[] = []
  private varD: number[] = []
  private paths: Float64Array[] = []
  private service: number[] = []
  private abc: number[] = []
  private stock: number[] = []
  private count: number[] = []

  constructor(readonly horizon: number) {}

  private slot(sku: string): number {
    let k = this.index.get(sku)
    if (k === undefined) {
      k = this.skus.length
      this.index.set(sku, k)
      this.skus.push(sku)
      this.d.push(0)
      this.varD.push(0)
      this.paths.push(new Float64Array(this.horizon))
      this.service.push(0)
      this.abc.push(2)
      this.stock.push(0)
      this.count.push(0)
    }
    return k
  }

  /** A child's plans, and its forecast paths (one per sku x channel: they add into the sku's path). */
  add(plans: readonly ChildPlan[], paths: readonly { sku: string; mean: ArrayLike<number> }[]): void {
    for (const p of plans) {
      const k = this.slot(p.sku)
      this.d[k] += Math.max(0, p.d)
      this.varD[k] += Math.max(0, p.sd_d) ** 2
      const weekly = weeklyServiceLevel(p.service_level, reviewPeriodFor(p.lead_time_source))
      this.service[k] = Math.max(this.service[k], weekly)
      this.abc[k] = Math.min(this.abc[k], ABC.indexOf(p.abc as AbcClass) < 0 ? 2 : ABC.indexOf(p.abc as AbcClass))
      this.stock[k] += Math.max(0, p.on_hand) + Math.max(0, p.on_order)
      this.count[k]++
    }
    for (const f of paths) {
      const path = this.paths[this.slot(f.sku)]
      for (let h = 0; h < this.horizon; h++) path[h] += Math.max(0, Number(f.mean[Math.min(h, f.mean.length - 1)] ?? 0))
    }
  }

  get size(): number {
    return this.skus.length
  }

  build(): Downstream {
    const n = this.skus.length
    const path = new Float64Array(n * this.horizon)
    this.paths.forEach((p, k) => path.set(p, k * this.horizon))
    return {
      skus: [...this.skus],
      d: Float64Array.from(this.d),
      var_d: Float64Array.from(this.varD),
      path,
      horizon: this.horizon,
      service_level: Float64Array.from(this.service),
      abc: Uint8Array.from(this.abc),
      stock: Float64Array.from(this.stock),
      children: Uint16Array.from(this.count),
    }
  }
}

export const abcOfCode = (code: number): AbcClass => ABC[Math.min(2, Math.max(0, code))]

/**
 * The demand a DC's stock must still serve: the children's summed path with their own stock
 * taken off its first days (they sell what they hold before they ask the DC for more).
 */
export function pathNetOfStock(path: Float64Array, stock: number): Float64Array {
  const out = Float64Array.from(path)
  let left = Math.max(0, stock)
  for (let h = 0; h < out.length && left > 0; h++) {
    const used = Math.min(out[h], left)
    out[h] -= used
    left -= used
  }
  return out
}
