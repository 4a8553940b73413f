/**
 * Scoring and reference models for bench/forecast.ts: error totals by model x segment (WAPE, bias,
 * MASE as lib/forecast/metrics.ts defines them) and the AutoETS references from @bsull/augurs
 * (bench only: never in lib/); the tables are printed by forecast-score.ts.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { initSync as initEts, AutoETS } from '@bsull/augurs/ets'
import { initSync as initMstl, MSTL } from '@bsull/augurs/mstl'
import { accumulateErrors, emptyTotals, wapeFromTotals, type ErrorTotals } from '@/lib/forecast/metrics'
import { seasonalNaiveInSample } from '@/lib/forecast/seasonal-naive'
import type { DemandSegment } from '@/lib/forecast/classify'

export const SEGMENTS: readonly DemandSegment[] = ['fast', 'slow', 'intermittent']

/** One model's errors on one segment. */
export interface Cell {
  totals: ErrorTotals
  /** Sum of per-series MASE over series with a defined scale, and their count. */
  maseSum: number
  maseN: number
  series: number
  ms: number
}

const newCell = (): Cell => ({ totals: emptyTotals(), maseSum: 0, maseN: 0, series: 0, ms: 0 })

/** Scores of several models, by segment and overall ('all'). */
export class Scoreboard {
  readonly cells = new Map<string, Map<string, Cell>>()
  readonly order: string[] = []

  private cell(model: string, seg: string): Cell {
    let m = this.cells.get(model)
    if (m === undefined) {
      this.cells.set(model, (m = new Map()))
      this.order.push(model)
    }
    let c = m.get(seg)
    if (c === undefined) m.set(seg, (c = newCell()))
    return c
  }

  /**
   * Add one series: actual A and forecast F over the horizon, the MASE scale (in-sample seasonal
   * naive MAE of the history) and the time the model spent on it.
   */
  add(model: string, segment: DemandSegment, actual: Float64Array, forecast: ArrayLike<number>, scale: number, ms: number): void {
    const f = forecast instanceof Float64Array ? forecast : Float64Array.from(forecast)
    for (const seg of [segment, 'all']) {
      const c = this.cell(model, seg)
      const before = c.totals.abs_error
      const n0 = c.totals.n
      accumulateErrors(c.totals, actual, f)
      if (scale > 0) {
        c.maseSum += (c.totals.abs_error - before) / (c.totals.n - n0) / scale
        c.maseN++
      }
      c.series++
      c.ms += ms
    }
  }

  get(model: string, seg = 'all'): Cell | undefined {
    return this.cells.get(model)?.get(seg)
  }

  wape(model: string, seg = 'all'): number {
    const c = this.get(model, seg)
    return c === undefined ? NaN : wapeFromTotals(c.totals)
  }

  msPerSeries(model: string): number {
    const c = this.get(model)
    return c === undefined || c.series === 0 ? NaN : c.ms / c.series
  }
}

/** MASE scale of a history: in-sample mean |y_t - y_{t-7}| over pairs of clean days. */
export function maseScale(history: Float64Array, skip: Uint8Array): number {
  return seasonalNaiveInSample(history, skip, 0, history.length).mae
}

// ---------------------------------------------------------------------------- AutoETS (augurs)

let augursReady = false

/** Load the augurs ETS and MSTL WASM modules synchronously from node_modules (Node has no fetch of file URLs). */
export function initAugurs(): void {
  if (augursReady) return
  const require = createRequire(import.meta.url)
  const etsJs = require.resolve('@bsull/augurs/ets')
  initEts({ module: readFileSync(etsJs.replace(/ets\.js$/, 'ets_bg.wasm')) })
  initMstl({ module: readFileSync(etsJs.replace(/ets\.js$/, 'mstl_bg.wasm')) })
  augursReady = true
}

/**
 * Fill censored days (unknown demand) with the last clean value of the same weekday, so the
 * references, which cannot skip days, see no fake zeros; leading unknown days are dropped.
 */
export function imputeForReference(y: Float64Array, skip: Uint8Array): Float64Array {
  let first = 0
  while (first < y.length && skip[first] !== 0) first++
  const out = y.slice(first)
  for (let t = 0; t < out.length; t++) {
    if (skip[first + t] === 0) continue
    let v = NaN
    for (let b = t - 7; b >= 0 && Number.isNaN(v); b -= 7) if (skip[first + b] === 0) v = out[b]
    out[t] = Number.isNaN(v) ? (t > 0 ? out[t - 1] : 0) : v
  }
  return out
}

const clamp0 = (p: number[]) => Float64Array.from(p, (v) => (v > 0 && v < Infinity ? v : 0))

/** Mean of the last 28 values: the fallback when a reference cannot fit a series (all zeros). */
function fallback(y: Float64Array, horizon: number): Float64Array {
  const k = Math.min(28, y.length)
  let s = 0
  for (let t = y.length - k; t < y.length; t++) s += y[t]
  return new Float64Array(horizon).fill(k > 0 ? s / k : 0)
}

/** augurs AutoETS over the non-seasonal family ("ZZN": augurs 0.10 has no seasonal ETS models). */
export function autoEts(y: Float64Array, horizon: number): Float64Array {
  try {
    const m = new AutoETS(7, 'ZZN')
    try {
      m.fit(y)
      return clamp0(m.predict(horizon).point)
    } finally {
      m.free()
    }
  } catch {
    return fallback(y, horizon)
  }
}

/** augurs MSTL with weekly period and an AutoETS trend: the seasonal ETS-family reference. */
export function mstlAutoEts(y: Float64Array, horizon: number): Float64Array {
  try {
    const m = MSTL.ets([7])
    try {
      m.fit(y)
      return clamp0(m.predict(horizon).point)
    } finally {
      m.free()
    }
  } catch {
    return fallback(y, horizon)
  }
}
