/**
 * "Ours as the recompute runs it", for bench/forecast.ts: the production planning code
 * (lib/planning/compute.ts `forecastBlock`) on blocks packed the way jobs/recompute/run.ts packs
 * them: per location, the last HISTORY_DAYS days, censored days, promotion spans from the known
 * discounts (history and announced forecast days; every stockout day censored, as toBlock marks
 * them), a category per series, and the seasonal factor
 * (yearly index and calendar days) from the category x channel totals before the window
 * (lib/planning/seasonality.ts, as the recompute reads them from category_daily), and the pooled
 * level (lib/planning/pooled-level.ts): each sku x channel's window summed over the locations that
 * sold it, as planning-inputs.ts poolTotals reads it, forecast once and blended into its members'
 * forecasts. Not the price covariate that `runPipeline` (lib/forecast/pipeline.ts) adds: the
 * recompute does not have it, and this line of the table says what that costs.
 */
import { forecastBlock, HISTORY_DAYS, HORIZON_DAYS, type SeriesBlock } from '@/lib/planning/compute'
import { forecastGroupTotals, PooledTotals } from '@/lib/planning/pooled-level'
import type { PromoSpans } from '@/lib/planning/promotions'
import { seasonKey, seasonPathsOf, seasonalLogs } from '@/lib/planning/seasonality'

export interface RecomputeSeries {
  location: string | number
  /** The item: series of one sku x channel at several locations form a pooled group. */
  sku: string | number
  channel: string
  category: number
  /** History, days [0, n). */
  demand: Float64Array
  censored: Uint8Array
  /** Promotion depth over [0, n + horizon), when known. */
  discount?: Float64Array
}

/** `startMs`: the UTC midnight of day 0 (the calendar days are dated from it). */
export function recomputeForecasts(series: readonly RecomputeSeries[], n: number, nCategories: number, startMs: number): { forecasts: Float32Array[]; ms: number } {
  const H = Math.min(HISTORY_DAYS, n)
  const from = n - H
  const byLocation = new Map<string | number, number[]>()
  series.forEach((s, i) => {
    let list = byLocation.get(s.location)
    if (!list) byLocation.set(s.location, (list = []))
    list.push(i)
  })
  const out: Float32Array[] = new Array(series.length)
  const t0 = performance.now()
  // Category x channel totals over every day before the window, as category_daily holds them.
  const key = (s: RecomputeSeries) => seasonKey(String(s.category), s.channel)
  const totals = new Map<string, Float64Array>()
  for (const s of series) {
    let t = totals.get(key(s))
    if (!t) totals.set(key(s), (t = new Float64Array(from)))
    for (let d = 0; d < from; d++) t[d] += s.demand[d]
  }
  const season = seasonalLogs(totals, from, H + HORIZON_DAYS, startMs)
  const pooled = pooledTotals(series, n, H, key, season)
  for (const idx of byLocation.values()) {
    const demand = new Float64Array(idx.length * H)
    const censored = new Uint8Array(idx.length * H)
    const spans = new SpanList()
    idx.forEach((i, k) => {
      const s = series[i]
      demand.set(s.demand.subarray(from, n), k * H)
      censored.set(s.censored.subarray(from, n), k * H)
      if (s.discount) spans.add(k, s.discount, from, Math.min(s.discount.length, n + HORIZON_DAYS))
    })
    const block: SeriesBlock = {
      start_date: '2000-01-01',
      history_days: H,
      skus: idx.map((i) => String(i)),
      channels: idx.map((i) => series[i].channel),
      demand,
      censored,
      category: Int32Array.from(idx, (i) => series[i].category),
      categories: Array.from({ length: nCategories }, (_, c) => String(c)),
      season: seasonPathsOf(idx.map((i) => key(series[i])), season),
      promos: spans.take(),
      pooled: pooled.levelFor(idx.map((i) => ({ sku: String(series[i].sku), channel: series[i].channel }))),
    }
    forecastBlock(block).forEach((f, k) => {
      out[idx[k]] = f.mean
    })
  }
  return { forecasts: out, ms: performance.now() - t0 }
}

/** Promotion spans as promotion windows: runs of one depth, offsets from the block's first day `from`. */
class SpanList {
  private readonly s: number[] = []
  private readonly f: number[] = []
  private readonly t: number[] = []
  private readonly d: number[] = []

  add(k: number, d: ArrayLike<number>, from: number, end: number): void {
    for (let t = from; t < end; t++) {
      if (!(d[t] > 0)) continue
      let u = t
      while (u + 1 < end && d[u + 1] === d[t]) u++
      this.s.push(k)
      this.f.push(t - from)
      this.t.push(u - from)
      this.d.push(d[t])
      t = u
    }
  }

  take(): PromoSpans {
    return { series: Int32Array.from(this.s), from: Int32Array.from(this.f), to: Int32Array.from(this.t), depth: Float64Array.from(this.d) }
  }
}

/**
 * The run's sku x channel totals over the window, as the recompute reads them (planning-inputs.ts
 * poolTotals: units summed over the locations that sold in the window; a member that is its whole
 * group is not pooled, pooled-level.ts), with the promotion days of any member, and their forecasts.
 */
function pooledTotals(series: readonly RecomputeSeries[], n: number, H: number, seasonKeyOf: (s: RecomputeSeries) => string, season: Map<string, Float64Array>): PooledTotals {
  const from = n - H
  const byGroup = new Map<string, number[]>()
  series.forEach((s, i) => {
    let sold = false
    for (let t = from; t < n && !sold; t++) sold = s.demand[t] > 0
    if (!sold) return
    const g = `${s.sku}\u0001${s.channel}`
    let list = byGroup.get(g)
    if (!list) byGroup.set(g, (list = []))
    list.push(i)
  })
  const groups = [...byGroup.values()]
  const demand = new Float64Array(groups.length * H)
  const spans = new SpanList()
  groups.forEach((members, g) => {
    const promo = new Float64Array(n)
    for (const i of members) {
      const s = series[i]
      for (let t = from; t < n; t++) demand[g * H + t - from] += s.demand[t]
      if (s.discount) for (let t = from; t < n; t++) promo[t] = Math.max(promo[t], s.discount[t])
    }
    spans.add(g, promo, from, n)
  })
  const block: SeriesBlock = {
    start_date: '2000-01-01',
    history_days: H,
    skus: groups.map((m) => String(series[m[0]].sku)),
    channels: groups.map((m) => series[m[0]].channel),
    demand,
    censored: new Uint8Array(groups.length * H),
    season: seasonPathsOf(groups.map((m) => seasonKeyOf(series[m[0]])), season),
    promos: spans.take(),
  }
  return new PooledTotals(block, forecastGroupTotals(block, HORIZON_DAYS), HORIZON_DAYS)
}
