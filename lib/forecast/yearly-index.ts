/**
 * A pooled yearly seasonal index from a group's daily totals, fed to the forecasts as a
 * covariate (log Y, regressors.ts) so a series with too little history of its own still follows
 * its group's season.
 */

export interface YearlyIndexOptions {
  /** Days per seasonal year: 364 keeps weekdays aligned (default). */
  period?: number
  /** Centered moving average that removes the weekly cycle and noise (default 7 days). */
  smooth_days?: number
  /** Centered window of the level the index is relative to (default 364 days). */
  level_days?: number
  /** Clamp of the index (default [0.01, 20]). */
  min?: number
  max?: number
}

/**
 * Yearly seasonal index from a group's daily totals (e.g. one SKU summed over its locations, or a
 * category), for history days [0, n) and forecast days [n, n + horizon):
 *
 *   R(u) = MA_s(total)[u] / MA_L(total)[u]     centered means over clean days, s = smooth_days,
 *                                              L = level_days (truncated at the ends of the data)
 *   Y(t) = mean of R(t + j P) over every j != 0 with u = t + j P inside [0, n)   (P = period)
 *
 * so a forecast day uses the same season in earlier years, and a history day uses the other years
 * (never its own, which would explain away its own level). Where no year gives a value Y = 1.
 * R(u) is defined only when its whole smoothing window and at least a quarter of its level window
 * are clean. `clean` (1 = usable day, default all) marks days whose total is complete.
 * Feed log Y as a covariate with coefficient 1 (or learned).
 */
export function yearlyIndex(total: Float64Array, n: number, horizon: number, clean?: Uint8Array, opts: YearlyIndexOptions = {}): Float64Array {
  const P = Math.max(7, Math.floor(opts.period ?? 364))
  const s = Math.max(1, Math.floor(opts.smooth_days ?? 7))
  const Lw = Math.max(s, Math.floor(opts.level_days ?? 364))
  const lo = opts.min ?? 0.01
  const hi = opts.max ?? 20
  const m = Math.min(n, total.length)
  const ps = new Float64Array(m + 1)
  const pc = new Float64Array(m + 1)
  for (let t = 0; t < m; t++) {
    const v = total[t]
    const ok = (clean === undefined || clean[t] === 1) && v >= 0 && v < Infinity
    ps[t + 1] = ps[t] + (ok ? v : 0)
    pc[t + 1] = pc[t] + (ok ? 1 : 0)
  }
  const sh = Math.floor(s / 2)
  const lh = Math.floor(Lw / 2)
  const R = new Float64Array(m).fill(NaN)
  for (let u = sh; u + (s - sh) <= m; u++) {
    const a = u - sh
    const b = a + s
    if (pc[b] - pc[a] < s) continue
    const la = Math.max(0, u - lh)
    const lb = Math.min(m, u - lh + Lw)
    const c = pc[lb] - pc[la]
    if (c < Lw / 4) continue
    const level = (ps[lb] - ps[la]) / c
    if (!(level > 0)) continue
    R[u] = (ps[b] - ps[a]) / s / level
  }
  const out = new Float64Array(n + horizon)
  for (let t = 0; t < n + horizon; t++) {
    let sum = 0
    let cnt = 0
    for (let u = t - P; u >= 0; u -= P) {
      if (u < m && R[u] === R[u]) {
        sum += R[u]
        cnt++
      }
    }
    if (t < m) {
      for (let u = t + P; u < m; u += P) {
        if (R[u] === R[u]) {
          sum += R[u]
          cnt++
        }
      }
    }
    const y = cnt > 0 ? sum / cnt : 1
    out[t] = y < lo ? lo : y > hi ? hi : y
  }
  return out
}

