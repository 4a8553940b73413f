/**
 * "Ours as the recompute runs it", for bench/forecast.ts: the production planning code
 * (lib/planning/compute.ts `forecastBlock`) on blocks packed the way jobs/recompute/run.ts packs
 * them: per location, the last HISTORY_DAYS days, censored days, promotion spans from the known
 * discounts (history and announced forecast days; a stockout day that still sold is not censored,
 * as toBlock marks them), a category per series, and the seasonal factor
 * (yearly index and calendar days) from the category x channel totals before the window
 * (lib/planning/seasonality.ts, as the recompute reads them from category_daily). Not the pooled
 * level or the price covariate that `runPipeline` (lib/forecast/pipeline.ts) adds: the recompute does not have
 * those, and this line of the table says what that costs.
 */
import { forecastBlock, HISTORY_DAYS, HORIZON_DAYS, type SeriesBlock } from '@/lib/planning/compute'
import { seasonKey, seasonPathsOf, seasonalLogs } from '@/lib/planning/seasonality'

export interface RecomputeSeries {
  location: string | number
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
  for (const idx of byLocation.values()) {
    const demand = new Float64Array(idx.length * H)
    const censored = new Uint8Array(idx.length * H)
    const spans = { series: [] as number[], from: [] as number[], to: [] as number[], depth: [] as number[] }
    idx.forEach((i, k) => {
      const s = series[i]
      demand.set(s.demand.subarray(from, n), k * H)
      // As toBlock (jobs/recompute/run.ts) marks them: a stockout day that still sold is kept.
      for (let t = from; t < n; t++) censored[k * H + t - from] = s.censored[t] === 1 && s.demand[t] === 0 ? 1 : 0
      const d = s.discount
      if (!d) return
      // Runs of one depth, as promotion windows: offsets from the block's first day.
      const end = Math.min(d.length, n + HORIZON_DAYS)
      for (let t = from; t < end; t++) {
        if (!(d[t] > 0)) continue
        let u = t
        while (u + 1 < end && d[u + 1] === d[t]) u++
        spans.series.push(k)
        spans.from.push(t - from)
        spans.to.push(u - from)
        spans.depth.push(d[t])
        t = u
      }
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
      promos: { series: Int32Array.from(spans.series), from: Int32Array.from(spans.from), to: Int32Array.from(spans.to), depth: Float64Array.from(spans.depth) },
    }
    forecastBlock(block).forEach((f, k) => {
      out[idx[k]] = f.mean
    })
  }
  return { forecasts: out, ms: performance.now() - t0 }
}
