/**
 * bench:forecast's scoring, shared by its simulator and M5 runs (forecast-sim-run.ts,
 * forecast-m5-run.ts): ours and seasonal naive on every series, the augurs references on a sample,
 * the recompute's own forecasts, and the cost lines.
 */
import { printTable } from './lib'
import type { OursRun } from './forecast-ours'
import { recomputeForecasts, type RecomputeSeries } from './forecast-recompute'
import { autoEts, imputeForReference, mstlAutoEts, type Scoreboard } from './forecast-eval'
import { seasonalNaiveForecast } from '@/lib/forecast/seasonal-naive'
import { classifyDemand, type DemandSegment } from '@/lib/forecast/classify'

/** The forecast horizon scored, in days. */
export const H = 28
const REF_DAYS = 730
const SEGMENT_DAYS = 392

export const LABELS: Record<string, string> = {
  ours: 'ours',
  recompute: 'ours as the recompute runs it',
  snaive: 'seasonal naive',
  ours_s: 'ours (sample)',
  snaive_s: 'seasonal naive (sample)',
  autoets: 'AutoETS (augurs ZZN)',
  mstl: 'MSTL(7)+AutoETS (augurs)',
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`
export const f3 = (x: number) => x.toFixed(3)

export type Row = { metric: string; value: string; target?: string; ok?: boolean }

/** Everything the scoring needs about one series. */
export interface Scored {
  history: Float64Array
  /** Days the references and snaive treat as unknown (censored). */
  unknown: Uint8Array
  actual: Float64Array
  segment: DemandSegment
  scale: number
}

export function segmentOf(history: Float64Array, skip: Uint8Array): DemandSegment {
  const n = history.length
  return classifyDemand(history, skip, undefined, Math.max(0, n - SEGMENT_DAYS), n).segment
}

export interface RefRun {
  autoMs: number
  mstlMs: number
  /** Forecasts per series index (sample only for the references). */
  forecasts: Map<string, Map<number, ArrayLike<number>>>
}

/**
 * Score ours and seasonal naive on every series, and the augurs references on a sample (with ours
 * and seasonal naive again on the same sample when it is not the whole set).
 */
export function scoreAll(board: Scoreboard, items: Scored[], ours: OursRun, sample: number[], yearlyMs = 0): RefRun {
  const forecasts = new Map<string, Map<number, ArrayLike<number>>>([
    ['ours', new Map()],
    ['snaive', new Map()],
    ['autoets', new Map()],
    ['mstl', new Map()],
  ])
  const shared = (ours.learnMs + ours.poolMs + yearlyMs) / items.length
  items.forEach((s, i) => {
    board.add('ours', s.segment, s.actual, ours.forecasts[i], s.scale, ours.ms[i] + shared)
    const t0 = performance.now()
    const f = seasonalNaiveForecast(s.history, s.unknown, s.history.length, H)
    board.add('snaive', s.segment, s.actual, f, s.scale, performance.now() - t0)
    forecasts.get('ours')?.set(i, ours.forecasts[i])
    forecasts.get('snaive')?.set(i, f)
  })
  let autoMs = 0
  let mstlMs = 0
  for (const i of sample) {
    const s = items[i]
    const n = s.history.length
    const from = Math.max(0, n - REF_DAYS)
    const ref = imputeForReference(s.history.subarray(from), s.unknown.subarray(from))
    if (sample.length < items.length) {
      board.add('ours_s', s.segment, s.actual, ours.forecasts[i], s.scale, ours.ms[i] + shared)
      board.add('snaive_s', s.segment, s.actual, seasonalNaiveForecast(s.history, s.unknown, n, H), s.scale, 0)
    }
    let t0 = performance.now()
    const a = autoEts(ref, H)
    let dt = performance.now() - t0
    autoMs += dt
    board.add('autoets', s.segment, s.actual, a, s.scale, dt)
    forecasts.get('autoets')?.set(i, a)
    t0 = performance.now()
    const m = mstlAutoEts(ref, H)
    dt = performance.now() - t0
    mstlMs += dt
    board.add('mstl', s.segment, s.actual, m, s.scale, dt)
    forecasts.get('mstl')?.set(i, m)
  }
  return { autoMs: autoMs / Math.max(1, sample.length), mstlMs: mstlMs / Math.max(1, sample.length), forecasts }
}

/** Score the recompute's own forecasts (forecast-recompute.ts) on every series. */
export function scoreRecompute(board: Scoreboard, items: Scored[], series: RecomputeSeries[], n: number, nCategories: number, startMs: number): void {
  const r = recomputeForecasts(series, n, nCategories, startMs)
  items.forEach((s, i) => board.add('recompute', s.segment, s.actual, r.forecasts[i], s.scale, r.ms / items.length))
}

export function costLines(title: string, ours: OursRun, n: number, refs: RefRun, yearlyMs: number) {
  let fc = 0
  for (const v of ours.ms) fc += v
  const shared = ours.learnMs + ours.poolMs + yearlyMs
  const per = (fc + shared) / n
  printTable(title, [
    { metric: 'ours: forecastSeries per series', value: `${((fc / n) * 1000).toFixed(1)} us` },
    { metric: 'ours: pooled learning (yearly index, promo, coefficients) + group forecasts, per series', value: `${((shared / n) * 1000).toFixed(1)} us` },
    { metric: 'ours: total per series', value: `${(per * 1000).toFixed(1)} us` },
    { metric: 'AutoETS (ZZN) per series', value: `${refs.autoMs.toFixed(1)} ms` },
    { metric: 'MSTL+AutoETS per series', value: `${refs.mstlMs.toFixed(1)} ms` },
    { metric: 'cost ratio ours / AutoETS', value: `1 : ${Math.round(refs.autoMs / per)}`, target: '< 1 (a fraction)', ok: per < refs.autoMs },
    { metric: 'cost ratio ours / MSTL+AutoETS', value: `1 : ${Math.round(refs.mstlMs / per)}` },
  ])
}
