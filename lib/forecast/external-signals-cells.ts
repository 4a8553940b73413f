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

/**
 * Per-series baseline (see external-signals.ts) into `out`: NaN on days with fewer than w / 2 clean
 * days in the window. `ps`, `pc`: scratch of length n + 1 (prefix sums of de-weekdayed clean demand
 * and of clean-day counts). Tight loops and reused buffers: the recompute runs this for every series
 * of every location (bench:forecast-scale: 500,000 series), on the main thread.
 */
function seriesBaseline(y: Float64Array, skip: Uint8Array, n: number, wd: Float64Array, w: number, ps: Float64Array, pc: Float64Array, out: Float64Array): void {
  ps[0] = 0
  pc[0] = 0
  for (let t = 0; t < n; t++) {
    const ok = skip[t] === 0
    ps[t + 1] = ps[t] + (ok ? y[t] / wd[t % 7] : 0)
    pc[t + 1] = pc[t] + (ok ? 1 : 0)
  }
  for (let t = 0; t < n; t++) {
    const lo = t - w > 0 ? t - w : 0
    const hi = t + w + 1 < n ? t + w + 1 : n
    // The day and its neighbours [t - 1, t + 2) are left out of the day's own baseline.
    const cLo = t - 1 > lo ? t - 1 : lo
    const cHi = t + 2 < hi ? t + 2 : hi
    const s = ps[hi] - ps[lo] - (cHi > cLo ? ps[cHi] - ps[cLo] : 0)
    const c = pc[hi] - pc[lo] - (cHi > cLo ? pc[cHi] - pc[cLo] : 0)
    out[t] = c >= w / 2 ? (s / c) * wd[t % 7] : NaN
  }
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
  const ps = new Float64Array(n + 1)
  const pc = new Float64Array(n + 1)
  const b = new Float64Array(n)
  for (const list of cells.values()) {
    const skips = list.map((s) => buildSkipMask(s.demand.subarray(0, n), s.censored, s.discount).slice(0, n))
    // Weekday index of the cell over clean days.
    const wsum = new Float64Array(7)
    const wcnt = new Float64Array(7)
    for (let i = 0; i < list.length; i++) {
      const y = list[i].demand
      const skip = skips[i]
      for (let t = 0; t < n; t++) {
        if (skip[t] !== 0) continue
        wsum[t % 7] += y[t]
        wcnt[t % 7]++
      }
    }
    const wmean = Array.from(wsum, (v, d) => (wcnt[d] > 0 ? v / wcnt[d] : 0))
    const overall = wmean.reduce((a, c) => a + c, 0) / 7
    if (!(overall > 0)) continue
    const wd = Float64Array.from(wmean, (v) => Math.max(0.05, v / overall))
    const units = new Float64Array(n)
    const base = new Float64Array(n)
    for (let i = 0; i < list.length; i++) {
      const y = list[i].demand
      const skip = skips[i]
      seriesBaseline(y, skip, n, wd, w, ps, pc, b)
      for (let t = 0; t < n; t++) {
        if (skip[t] !== 0 || b[t] !== b[t]) continue // b[t] !== b[t]: NaN, too few clean days
        units[t] += y[t]
        base[t] += b[t]
      }
    }
    out.push({ category: list[0].category, location: list[0].location, units, base })
  }
  return out
}
