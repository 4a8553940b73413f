/**
 * The first half of learning external-signal effects (external-signals.ts): per category x location,
 * the daily units Y(t) over the series with a clean day and the sum of those series' baselines B(t)
 * (see the model in external-signals.ts). The learning then only needs these two arrays per cell,
 * so they can be kept as state from earlier runs (the recompute: jobs/recompute/signals.ts) instead
 * of re-reading years of per-series history. Pure.
 */
import { buildSkipMask } from './series'

/** One series' history, as the cells read it. */
export interface CellSeries {
  category: number
  location: number
  /** Demand (sales) history, days [0, n). */
  demand: Float64Array
  censored?: Uint8Array
  /** Promotion depth per day (promotion days and their dip are left out). */
  discount?: Float64Array
}

/** A category x location's days: units sold over the clean series, and their baselines (0 where none). */
export interface CellHistory {
  category: number
  location: number
  /** Days [0, n). */
  units: Float64Array
  base: Float64Array
}

/** Per-series baseline (see external-signals.ts): NaN on days with fewer than w / 2 clean days in the window. */
function seriesBaseline(y: Float64Array, skip: Uint8Array, n: number, wd: Float64Array, w: number): Float64Array {
  // Prefix sums of de-weekdayed clean demand and of clean-day counts.
  const ps = new Float64Array(n + 1)
  const pc = new Float64Array(n + 1)
  for (let t = 0; t < n; t++) {
    const ok = skip[t] === 0
    ps[t + 1] = ps[t] + (ok ? y[t] / wd[t % 7] : 0)
    pc[t + 1] = pc[t] + (ok ? 1 : 0)
  }
  const out = new Float64Array(n).fill(NaN)
  const sum = (a: number, b: number, p: Float64Array) => (b > a ? p[b] - p[a] : 0)
  for (let t = 0; t < n; t++) {
    const lo = Math.max(0, t - w)
    const hi = Math.min(n, t + w + 1)
    const cLo = Math.max(lo, t - 1)
    const cHi = Math.min(hi, t + 2)
    const s = sum(lo, hi, ps) - sum(cLo, cHi, ps)
    const c = sum(lo, hi, pc) - sum(cLo, cHi, pc)
    if (c >= w / 2) out[t] = (s / c) * wd[t % 7]
  }
  return out
}

/**
 * Y and B per category x location over days [0, n) (baseline window +-w days). Cells whose clean days
 * sold nothing are left out.
 */
export function aggregateCells(series: readonly CellSeries[], n: number, w = 14): CellHistory[] {
  const cells = new Map<string, CellSeries[]>()
  for (const s of series) {
    if (s.category < 0) continue
    const key = `${s.category}:${s.location}`
    const list = cells.get(key)
    if (list) list.push(s)
    else cells.set(key, [s])
  }
  const out: CellHistory[] = []
  for (const list of cells.values()) {
    const skips = list.map((s) => buildSkipMask(s.demand.subarray(0, n), s.censored, s.discount).slice(0, n))
    // Weekday index of the cell over clean days.
    const wsum = new Float64Array(7)
    const wcnt = new Float64Array(7)
    list.forEach((s, i) => {
      for (let t = 0; t < n; t++) if (skips[i][t] === 0) {
          wsum[t % 7] += s.demand[t]
          wcnt[t % 7]++
        }
    })
    const wmean = Array.from(wsum, (v, d) => (wcnt[d] > 0 ? v / wcnt[d] : 0))
    const overall = wmean.reduce((a, b) => a + b, 0) / 7
    if (!(overall > 0)) continue
    const wd = Float64Array.from(wmean, (v) => Math.max(0.05, v / overall))
    const units = new Float64Array(n)
    const base = new Float64Array(n)
    list.forEach((s, i) => {
      const skip = skips[i]
      const b = seriesBaseline(s.demand, skip, n, wd, w)
      for (let t = 0; t < n; t++) {
        if (skip[t] !== 0 || Number.isNaN(b[t])) continue
        units[t] += s.demand[t]
        base[t] += b[t]
      }
    })
    out.push({ category: list[0].category, location: list[0].location, units, base })
  }
  return out
}
