/**
 * bench:forecast's scoring, shared by its simulator and M5 runs (forecast-sim-run.ts,
 * forecast-m5-run.ts): every model on one origin's sample (scoreOrigin), the mean over rolling
 * origins (meanOverOrigins, printRollingTable), the 28-day moving average reference, and the cost
 * lines.
 */
import { printTable } from './lib'
import type { PipelineRun } from '@/lib/forecast/pipeline'
import { autoEts, imputeForReference, mstlAutoEts, Scoreboard, SEGMENTS } from './forecast-eval'
import { biasFromTotals, wapeFromTotals } from '@/lib/forecast/metrics'
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
  ma28: '28-day moving average',
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

/**
 * 28-day moving average: the mean of the last `window` known days before n (unknown = censored
 * days are skipped, going further back as needed), flat over the horizon; 0 with no known day.
 */
export function movingAverageForecast(history: Float64Array, unknown: Uint8Array, n: number, horizon: number, window = 28): Float64Array {
  let sum = 0
  let c = 0
  for (let t = n - 1; t >= 0 && c < window; t--) {
    if (unknown[t] !== 0 || !(history[t] >= 0)) continue
    sum += history[t]
    c++
  }
  return new Float64Array(horizon).fill(c > 0 ? sum / c : 0)
}

/** Every `step`-th index so that at most `size` of `count` are taken (all when size >= count). */
export function sampleIndexes(count: number, size: number): number[] {
  const step = Math.max(1, Math.floor(count / Math.max(1, size)))
  const out: number[] = []
  for (let i = 0; i < count && out.length < size; i += step) out.push(i)
  return out
}

/** One origin's forecasts by model (same indexes as the items); models absent are not scored. */
export interface OriginForecasts {
  ours: ArrayLike<ArrayLike<number>>
  recompute?: ArrayLike<ArrayLike<number>>
  /** Wall time of the whole ours / recompute run, spread over its series. */
  oursMs?: number
  recomputeMs?: number
}

/**
 * Score one origin on the sample: ours (and the recompute's forecasts), seasonal naive, the 28-day
 * moving average and the augurs references (last REF_DAYS days, unknown days imputed; not with
 * refs = false, a quicker run for development).
 */
export function scoreOrigin(items: Scored[], f: OriginForecasts, sample: readonly number[], refs = true): Scoreboard {
  const board = new Scoreboard()
  const oursMs = (f.oursMs ?? 0) / Math.max(1, items.length)
  const recMs = (f.recomputeMs ?? 0) / Math.max(1, items.length)
  for (const i of sample) {
    const s = items[i]
    const n = s.history.length
    board.add('ours', s.segment, s.actual, f.ours[i], s.scale, oursMs)
    if (f.recompute !== undefined) board.add('recompute', s.segment, s.actual, f.recompute[i], s.scale, recMs)
    let t0 = performance.now()
    const sn = seasonalNaiveForecast(s.history, s.unknown, n, H)
    board.add('snaive', s.segment, s.actual, sn, s.scale, performance.now() - t0)
    t0 = performance.now()
    const ma = movingAverageForecast(s.history, s.unknown, n, H)
    board.add('ma28', s.segment, s.actual, ma, s.scale, performance.now() - t0)
    if (!refs) continue
    const from = Math.max(0, n - REF_DAYS)
    const ref = imputeForReference(s.history.subarray(from), s.unknown.subarray(from))
    t0 = performance.now()
    const a = autoEts(ref, H)
    board.add('autoets', s.segment, s.actual, a, s.scale, performance.now() - t0)
    t0 = performance.now()
    const m = mstlAutoEts(ref, H)
    board.add('mstl', s.segment, s.actual, m, s.scale, performance.now() - t0)
  }
  return board
}

/** A model's figures on one segment averaged over origins (each origin's WAPE, bias, MASE taken once). */
export interface OriginMean {
  wape: number
  bias: number
  mase: number
  /** Series scored, summed over origins. */
  series: number
  /** Origins with a defined WAPE for this model and segment. */
  origins: number
}

/**
 * Mean over origins of the per-origin WAPE, bias and MASE of `model` on `seg` ('all' = every
 * segment). An origin where the figure is undefined (no actual demand, no series) is left out of
 * that figure's mean; NaN when no origin has it.
 */
export function meanOverOrigins(boards: readonly Scoreboard[], model: string, seg = 'all'): OriginMean {
  let w = 0
  let b = 0
  let m = 0
  let nw = 0
  let nm = 0
  let series = 0
  for (const board of boards) {
    const c = board.get(model, seg)
    if (c === undefined || c.series === 0) continue
    series += c.series
    const wv = wapeFromTotals(c.totals)
    const bv = biasFromTotals(c.totals)
    if (Number.isFinite(wv) && Number.isFinite(bv)) {
      w += wv
      b += bv
      nw++
    }
    if (c.maseN > 0) {
      m += c.maseSum / c.maseN
      nm++
    }
  }
  return { wape: nw > 0 ? w / nw : NaN, bias: nw > 0 ? b / nw : NaN, mase: nm > 0 ? m / nm : NaN, series, origins: nw }
}

const sgn = (x: number) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(3) : 'n/a')
const fx = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a')

/**
 * rows = model x segment: WAPE, bias and MASE as the mean over the origins, then the same for the
 * last window (boards[0]); series = per origin on average.
 */
export function printRollingTable(title: string, boards: readonly Scoreboard[], models: readonly string[], labels: Record<string, string> = LABELS): void {
  const rows: string[][] = []
  for (const model of models) {
    for (const seg of [...SEGMENTS, 'all']) {
      const r = meanOverOrigins(boards, model, seg)
      if (r.series === 0) continue
      const l = meanOverOrigins(boards.slice(0, 1), model, seg)
      rows.push([labels[model] ?? model, seg, fx(r.wape), sgn(r.bias), fx(r.mase), fx(l.wape), sgn(l.bias), fx(l.mase), (r.series / boards.length).toFixed(0)])
    }
  }
  const head = ['model', 'segment', 'WAPE', 'bias', 'MASE', 'last WAPE', 'last bias', 'last MASE', 'series']
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r: string[]) => `| ${r.map((v, i) => (i < 2 ? v.padEnd(w[i]) : v.padStart(w[i]))).join(' | ')} |`
  console.log(`\n${title}`)
  console.log(line(head))
  console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`)
  let last = ''
  for (const r of rows) {
    if (last !== '' && r[0] !== last) console.log(`|${w.map((x) => ' '.repeat(x + 2)).join('|')}|`)
    console.log(line(r))
    last = r[0]
  }
}

/** Series per origin a demand class needs for its bias to be judged against the target. */
export const MIN_BIAS_SERIES = 20

/**
 * The targets over rolling origins: ours vs the better of AutoETS (best of the two augurs models)
 * and the 28-day moving average, ours vs seasonal naive, and bias by segment within +-max_bias.
 */
export function rollingTargetRows(
  boards: readonly Scoreboard[],
  model: string,
  o: { vs_best_ref?: number; vs_snaive?: number; max_bias?: number; judge_best_ref?: boolean },
): Row[] {
  const label = LABELS[model] ?? model
  const w = meanOverOrigins(boards, model).wape
  const rows: Row[] = []
  if (o.vs_best_ref !== undefined) {
    const refs = ['autoets', 'mstl', 'ma28'].map((m) => ({ m, w: meanOverOrigins(boards, m).wape })).filter((r) => Number.isFinite(r.w))
    const best = refs.reduce((a, b) => (b.w < a.w ? b : a), { m: 'n/a', w: Infinity })
    rows.push({
      metric: `${label} vs the best of AutoETS, MSTL+AutoETS, MA28 (${LABELS[best.m] ?? best.m})`,
      value: `${f3(w)} vs ${f3(best.w)}: ${pct(w / best.w - 1)}`,
      target: o.judge_best_ref === false ? '' : `<= ${pct(o.vs_best_ref - 1)}`,
      ok: o.judge_best_ref === false ? undefined : w <= o.vs_best_ref * best.w,
    })
  }
  if (o.vs_snaive !== undefined) {
    const z = meanOverOrigins(boards, 'snaive').wape
    rows.push({ metric: `${label} / seasonal naive`, value: `${f3(w)} / ${f3(z)} = ${f3(w / z)}`, target: `<= ${o.vs_snaive}`, ok: w <= o.vs_snaive * z })
  }
  if (o.max_bias !== undefined) {
    for (const seg of SEGMENTS) {
      const m = meanOverOrigins(boards, model, seg)
      if (!Number.isFinite(m.bias)) continue
      // A class of a handful of series (M5's 'slow': one) has a bias, not a target.
      const perOrigin = m.series / Math.max(1, m.origins)
      const judged = perOrigin >= MIN_BIAS_SERIES
      rows.push({
        metric: `${label} bias, ${seg} (${perOrigin.toFixed(0)} series per origin)`,
        value: sgn(m.bias),
        target: judged ? `within +-${pct(o.max_bias)}` : `(< ${MIN_BIAS_SERIES} series)`,
        ok: judged ? Math.abs(m.bias) <= o.max_bias : undefined,
      })
    }
  }
  return rows
}

/** Per-origin WAPE line of each model. */
export function originRows(boards: readonly Scoreboard[], labels: readonly string[], models: readonly string[]): Row[] {
  return boards.map((b, k) => ({
    metric: labels[k],
    value: models.map((m) => `${m} ${f3(b.wape(m))}`).join('  '),
  }))
}

export function costLines(title: string, ours: PipelineRun, n: number, board: Scoreboard, yearlyMs: number) {
  let fc = 0
  for (const v of ours.ms) fc += v
  const shared = ours.learnMs + ours.poolMs + yearlyMs
  const per = (fc + shared) / n
  const autoMs = board.msPerSeries('autoets')
  const mstlMs = board.msPerSeries('mstl')
  printTable(title, [
    { metric: 'ours: forecastSeries per series', value: `${((fc / n) * 1000).toFixed(1)} us` },
    { metric: 'ours: pooled learning (yearly index, promo, coefficients) + group forecasts, per series', value: `${((shared / n) * 1000).toFixed(1)} us` },
    { metric: 'ours: total per series', value: `${(per * 1000).toFixed(1)} us` },
    { metric: 'AutoETS (ZZN) per series', value: `${autoMs.toFixed(1)} ms` },
    { metric: 'MSTL+AutoETS per series', value: `${mstlMs.toFixed(1)} ms` },
    { metric: 'cost ratio ours / AutoETS', value: `1 : ${Math.round(autoMs / per)}`, target: '< 1 (a fraction)', ok: per < autoMs },
    { metric: 'cost ratio ours / MSTL+AutoETS', value: `1 : ${Math.round(mstlMs / per)}` },
  ])
}
