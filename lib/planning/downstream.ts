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

/** One sku's running sums over the children. */
interface SkuSums {
  d: number
  varD: number
  path: Float64Array
  service: number
  abc: number
  stock: number
  children: number
}

/** Sums the children of one DC as their plans arrive (any order; each child once). */
export class DownstreamBuilder {
  private readonly sums = new Map<string, SkuSums>()

  constructor(readonly horizon: number) {}

  private of(sku: string): SkuSums {
    let x = this.sums.get(sku)
    if (!x) this.sums.set(sku, (x = { d: 0, varD: 0, path: new Float64Array(this.horizon), service: 0, abc: 2, stock: 0, children: 0 }))
    return x
  }

  /** A child's plans, and its forecast paths (one per sku x channel: they add into the sku's path). */
  add(plans: readonly ChildPlan[], paths: readonly { sku: string; mean: ArrayLike<number> }[]): void {
    for (const p of plans) {
      const x = this.of(p.sku)
      x.d += Math.max(0, p.d)
      x.varD += Math.max(0, p.sd_d) ** 2
      x.service = Math.max(x.service, weeklyServiceLevel(p.service_level, reviewPeriodFor(p.lead_time_source)))
      const code = ABC.indexOf(p.abc as AbcClass)
      x.abc = Math.min(x.abc, code < 0 ? 2 : code)
      x.stock += Math.max(0, p.on_hand) + Math.max(0, p.on_order)
      x.children++
    }
    const withPath = new Set<string>()
    for (const f of paths) {
      withPath.add(f.sku)
      const path = this.of(f.sku).path
      for (let h = 0; h < this.horizon; h++) path[h] += Math.max(0, Number(f.mean[Math.min(h, f.mean.length - 1)] ?? 0))
    }
    // A child planned without a forecast of its own (a new item on its category's prior) still
    // asks its DC for stock: its rate on every day of the path the DC's policy reads.
    for (const p of plans) {
      if (withPath.has(p.sku) || !(p.d > 0)) continue
      const path = this.of(p.sku).path
      for (let h = 0; h < this.horizon; h++) path[h] += p.d
    }
  }

  get size(): number {
    return this.sums.size
  }

  build(): Downstream {
    const all = [...this.sums.values()]
    const path = new Float64Array(all.length * this.horizon)
    all.forEach((x, k) => path.set(x.path, k * this.horizon))
    return {
      skus: [...this.sums.keys()],
      d: Float64Array.from(all, (x) => x.d),
      var_d: Float64Array.from(all, (x) => x.varD),
      path,
      horizon: this.horizon,
      service_level: Float64Array.from(all, (x) => x.service),
      abc: Uint8Array.from(all, (x) => x.abc),
      stock: Float64Array.from(all, (x) => x.stock),
      children: Uint16Array.from(all, (x) => x.children),
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
