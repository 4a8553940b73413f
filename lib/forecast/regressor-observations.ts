/**
 * The (actual, baseline, covariates) pairs the regressor coefficients are learned from: built per
 * series (regressors.ts header, step 1), concatenated across series, and compressed (identical
 * 0/1 rows merged, exact for the Poisson fit in regressor-fit.ts).
 */
import { DEFAULT_MIN_INFORMATIVE_FACTOR } from './regressors'

/** Days per week. A local constant on purpose (see select.ts). */
const WEEK = 7

export const DEFAULT_BASELINE_HALF_WINDOW = 28
/** Reference days needed around a day for its baseline. */
export const MIN_BASELINE_DAYS = 7
/** Pseudo-days per weekday pulling the baseline's weekday factors toward 1. */
const WEEKDAY_PSEUDO_DAYS = 8

export interface RegressorObservations {
  /** Covariates per row. */
  k: number
  /** Row-major: row i is x[i * k .. i * k + k). */
  x: Float64Array
  actual: Float64Array
  baseline: Float64Array
}

export interface RegressorObservationOptions {
  /** Days [from, to) of the series to learn from (default: all). */
  from?: number
  to?: number
  /** Reference days within +-half_window of a day make its baseline (default 28). */
  half_window?: number
  /**
   * Factor of covariates whose coefficients are fixed (e.g. the yearly index): divided out of the
   * reference days before averaging and multiplied back into each baseline. Days where it is below
   * min_informative_factor are left out.
   */
  offset_factor?: Float64Array
  min_informative_factor?: number
  /**
   * A run of L clean zero days is left out when a run that long has probability below this under
   * the series' own share p of demand days, (1 - p)^L < zero_run_p (default 1e-3; 0 = keep all):
   * the shelf was probably empty (a stockout the data does not show), so the days say nothing
   * about the effects. On M5, price cuts on items being cleared out sat on such runs and made
   * demand look lower at the lower price.
   */
  zero_run_p?: number
}

export const DEFAULT_ZERO_RUN_P = 1e-3

/**
 * Mark (in place, skip[t] = 1 in `out`) the clean zero-demand runs of [from, to) longer than the
 * series' demand-day share makes likely: (1 - p)^L < max_p. Returns out.
 */
export function markImprobableZeroRuns(demand: Float64Array, skip: Uint8Array, from: number, to: number, max_p: number, out: Uint8Array): Uint8Array {
  let clean = 0
  let nz = 0
  for (let t = from; t < to; t++) {
    if (skip[t] !== 0 || !(demand[t] >= 0)) continue
    clean++
    if (demand[t] > 0) nz++
  }
  if (!(max_p > 0) || nz === 0 || nz === clean) return out
  const p = nz / clean
  const minRun = Math.ceil(Math.log(max_p) / Math.log(1 - p))
  let runStart = -1
  let runLen = 0
  const close = (end: number) => {
    if (runLen >= minRun) for (let u = runStart; u < end; u++) if (skip[u] === 0) out[u] = 1
    runStart = -1
    runLen = 0
  }
  for (let t = from; t < to; t++) {
    if (skip[t] !== 0) continue
    if (demand[t] === 0) {
      if (runStart < 0) runStart = t
      runLen++
    } else close(t)
  }
  close(to)
  return out
}

/** Finite value of a covariate on day t (0 beyond its end or when not finite). */
function cov(x: Float64Array, t: number): number {
  const v = t < x.length ? x[t] : 0
  return v > -Infinity && v < Infinity ? v : 0
}

/**
 * (actual, baseline, x) pairs of one series for learning (the regressors.ts header, step 1). Days that
 * are skipped (stockout, promotion: pass the forecast's skip mask), whose baseline has fewer than
 * MIN_BASELINE_DAYS reference days, or whose baseline is 0 are left out.
 */
export function regressorObservations(
  demand: Float64Array,
  skip: Uint8Array,
  covariates: readonly Float64Array[],
  opts: RegressorObservationOptions = {},
): RegressorObservations {
  const k = covariates.length
  const from = Math.max(0, opts.from ?? 0)
  const to = Math.min(demand.length, opts.to ?? demand.length)
  const W = Math.max(1, Math.floor(opts.half_window ?? DEFAULT_BASELINE_HALF_WINDOW))
  const off = opts.offset_factor
  const minF = opts.min_informative_factor ?? DEFAULT_MIN_INFORMATIVE_FACTOR
  const len = Math.max(0, to - from)
  const zp = opts.zero_run_p ?? DEFAULT_ZERO_RUN_P
  if (zp > 0) skip = markImprobableZeroRuns(demand, skip, from, to, zp, skip.slice())
  // usable: 0 skip, 1 reference day, 2 covariate day
  const kind = new Uint8Array(len)
  const adj = new Float64Array(len)
  const slotSum = new Float64Array(WEEK)
  const slotCnt = new Float64Array(WEEK)
  let refSum = 0
  let refCnt = 0
  for (let i = 0; i < len; i++) {
    const t = from + i
    const y = demand[t]
    if (skip[t] !== 0 || !(y >= 0 && y < Infinity)) continue
    let a = y
    if (off !== undefined) {
      const f = t < off.length ? off[t] : 1
      if (!(f >= minF && f < Infinity)) continue
      a = y / f
    }
    adj[i] = a
    let any = false
    for (let j = 0; j < k; j++) if (cov(covariates[j], t) !== 0) any = true
    kind[i] = any ? 2 : 1
    if (!any) {
      slotSum[t % WEEK] += a
      slotCnt[t % WEEK]++
      refSum += a
      refCnt++
    }
  }
  const mu = refCnt > 0 ? refSum / refCnt : 0
  const wf = new Float64Array(WEEK).fill(1)
  if (mu > 0) {
    let avg = 0
    for (let j = 0; j < WEEK; j++) {
      const r = slotCnt[j] > 0 ? slotSum[j] / slotCnt[j] / mu : 1
      wf[j] = (slotCnt[j] * r + WEEKDAY_PSEUDO_DAYS) / (slotCnt[j] + WEEKDAY_PSEUDO_DAYS)
      avg += wf[j] / WEEK
    }
    for (let j = 0; j < WEEK; j++) wf[j] /= avg
  }
  // Prefix sums of weekday-adjusted reference demand and of reference-day counts.
  const ps = new Float64Array(len + 1)
  const pc = new Float64Array(len + 1)
  let m = 0
  for (let i = 0; i < len; i++) {
    const ref = kind[i] === 1
    ps[i + 1] = ps[i] + (ref ? adj[i] / wf[(from + i) % WEEK] : 0)
    pc[i + 1] = pc[i] + (ref ? 1 : 0)
    if (kind[i] === 2) m++
  }
  const x = new Float64Array(m * k)
  const actual = new Float64Array(m)
  const baseline = new Float64Array(m)
  let r = 0
  for (let i = 0; i < len; i++) {
    if (kind[i] !== 2) continue
    const t = from + i
    const lo = Math.max(0, i - W)
    const hi = Math.min(len, i + W + 1)
    const c = pc[hi] - pc[lo]
    if (c < MIN_BASELINE_DAYS) continue
    let b = ((ps[hi] - ps[lo]) / c) * wf[t % WEEK]
    if (off !== undefined) b *= t < off.length ? off[t] : 1
    if (!(b > 0 && b < Infinity)) continue
    for (let j = 0; j < k; j++) x[r * k + j] = cov(covariates[j], t)
    actual[r] = demand[t]
    baseline[r] = b
    r++
  }
  return r === m ? { k, x, actual, baseline } : { k, x: x.slice(0, r * k), actual: actual.slice(0, r), baseline: baseline.slice(0, r) }
}

/** Concatenate observations (same k) from many series. */
export function concatRegressorObservations(parts: readonly RegressorObservations[], k = parts[0]?.k ?? 0): RegressorObservations {
  let m = 0
  for (const p of parts) {
    if (p.k !== k) throw new RangeError(`covariate count ${p.k} != ${k}`)
    m += p.actual.length
  }
  const out: RegressorObservations = { k, x: new Float64Array(m * k), actual: new Float64Array(m), baseline: new Float64Array(m) }
  let o = 0
  for (const p of parts) {
    out.x.set(p.x, o * k)
    out.actual.set(p.actual, o)
    out.baseline.set(p.baseline, o)
    o += p.actual.length
  }
  return out
}

/**
 * Merge rows whose covariates are all 0 or 1 and identical: the Poisson log-likelihood depends on
 * such rows only through sum actual and sum baseline (y eta - b e^eta added over equal eta), so
 * the fit is unchanged and a Newton pass costs O(distinct patterns) instead of O(days). Rows with
 * other values (a price ratio) are kept as they are. Returns obs itself when nothing merges.
 */
export function compressRegressorObservations(obs: RegressorObservations): RegressorObservations {
  const k = obs.k
  const m = obs.actual.length
  if (k > 30 || m === 0) return obs
  const slot = new Map<number, number>()
  const keep = new Int32Array(m) // -2: dropped (the fit ignores it), -1: merged into a pattern row, else its own row
  let patterns = 0
  let others = 0
  for (let i = 0; i < m; i++) {
    const a = obs.actual[i]
    const b = obs.baseline[i]
    if (!(b > 0 && b < Infinity) || !(a >= 0 && a < Infinity)) {
      keep[i] = -2
      continue
    }
    let mask = 0
    let binary = true
    for (let j = 0; j < k; j++) {
      const v = obs.x[i * k + j]
      if (v === 1) mask |= 1 << j
      else if (v !== 0) {
        binary = false
        break
      }
    }
    if (!binary) {
      keep[i] = others++
      continue
    }
    keep[i] = -1
    if (!slot.has(mask)) slot.set(mask, patterns++)
  }
  const rows = patterns + others
  if (rows >= m) return obs // nothing merged or dropped
  const out: RegressorObservations = { k, x: new Float64Array(rows * k), actual: new Float64Array(rows), baseline: new Float64Array(rows) }
  for (const [mask, r] of slot) for (let j = 0; j < k; j++) out.x[r * k + j] = (mask >>> j) & 1
  for (let i = 0; i < m; i++) {
    if (keep[i] === -2) continue
    let r: number
    if (keep[i] >= 0) {
      r = patterns + keep[i]
      for (let j = 0; j < k; j++) out.x[r * k + j] = obs.x[i * k + j]
    } else {
      let mask = 0
      for (let j = 0; j < k; j++) if (obs.x[i * k + j] === 1) mask |= 1 << j
      r = slot.get(mask) as number
    }
    out.actual[r] += obs.actual[i]
    out.baseline[r] += obs.baseline[i]
  }
  return out
}
