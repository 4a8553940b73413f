/**
 * Intermittent demand: Croston with the Syntetos-Boylan approximation (SBA), and TSB
 * (Teunter, Syntetos & Babai 2011). Both forecast a flat demand rate per day.
 *
 * Croston-SBA, smoothing constant alpha, over clean days only (q counts clean days since the last
 * demand, including the current one):
 *   first demand y at q:  z = y, p = q                      (classic initialisation)
 *   later demand y at q:  z += alpha (y - z), p += alpha (q - p)
 *   forecast              F = (1 - alpha / 2) z / p         (SBA removes Croston's upward bias)
 *
 * TSB, constants alpha (size) and beta (probability), over clean days only:
 *   first demand y at q:  z = y, pr = 1 / q
 *   later days:           demand: z += alpha (y - z), pr += beta (1 - pr); no demand: pr -= beta pr
 *   forecast              F = pr z                           (decays toward 0 when sales stop: obsolescence)
 *
 * Skipped days (stockouts, promotions) are dropped from the series, not read as zero: the rate is
 * per in-stock day. Before any demand both forecast 0.
 *
 * Interval: daily demand of an intermittent item is mostly 0 with occasional units, so the one-step
 * residual sd sigma (from in-sample errors) is the day's spread; it widens slowly with the horizon
 * as the rate estimate ages: sd_h = sigma sqrt(1 + (h - 1) c^2) with c = alpha (Croston) or beta
 * (TSB). The lower bound floors at 0, which is what the 10% quantile of such a day usually is.
 */
/** Days per week. A local constant on purpose: compiled to CommonJS (tsx, the benches) an imported
 * binding is read through a getter on every use, which costs several times the loop body. */
const WEEK = 7

export interface CrostonState {
  alpha: number
  z: number
  p: number
  q: number
  started: boolean
  next: number
  sse: number
  n: number
}

export const DEFAULT_CROSTON_ALPHA = 0.1

export function initCroston(from: number, alpha = DEFAULT_CROSTON_ALPHA): CrostonState {
  return { alpha, z: 0, p: 1, q: 0, started: false, next: from, sse: 0, n: 0 }
}

/** SBA forecast (1 - alpha / 2) z / p; 0 before the first demand. */
export function crostonSbaRate(st: CrostonState): number {
  return st.started ? ((1 - st.alpha / 2) * st.z) / st.p : 0
}

/** Run Croston over days [st.next, to), in place; in-sample errors are against the SBA forecast. */
export function updateCroston(st: CrostonState, demand: Float64Array, skip: Uint8Array, to: number): void {
  const a = st.alpha
  let { z, p, q, started, sse, n } = st
  let f = started ? ((1 - a / 2) * z) / p : 0
  for (let t = st.next; t < to; t++) {
    if (skip[t] !== 0) continue
    const y = demand[t]
    const e = y - f
    sse += e * e
    n++
    q++
    if (y > 0) {
      if (started) {
        z += a * (y - z)
        p += a * (q - p)
      } else {
        z = y
        p = q
        started = true
      }
      q = 0
      f = ((1 - a / 2) * z) / p
    }
  }
  st.z = z
  st.p = p
  st.q = q
  st.started = started
  st.sse = sse
  st.n = n
  if (to > st.next) st.next = to
}

export interface TsbState {
  alpha: number
  beta: number
  z: number
  pr: number
  q: number
  started: boolean
  next: number
  sse: number
  n: number
}

export const DEFAULT_TSB_ALPHA = 0.1
export const DEFAULT_TSB_BETA = 0.1

export function initTsb(from: number, alpha = DEFAULT_TSB_ALPHA, beta = DEFAULT_TSB_BETA): TsbState {
  return { alpha, beta, z: 0, pr: 0, q: 0, started: false, next: from, sse: 0, n: 0 }
}

/** TSB forecast pr * z; 0 before the first demand. */
export function tsbRate(st: TsbState): number {
  return st.started ? st.pr * st.z : 0
}

/** Run TSB over days [st.next, to), in place. */
export function updateTsb(st: TsbState, demand: Float64Array, skip: Uint8Array, to: number): void {
  const a = st.alpha
  const b = st.beta
  let { z, pr, q, started, sse, n } = st
  for (let t = st.next; t < to; t++) {
    if (skip[t] !== 0) continue
    const y = demand[t]
    const e = y - (started ? pr * z : 0)
    sse += e * e
    n++
    if (started) {
      if (y > 0) {
        z += a * (y - z)
        pr += b * (1 - pr)
      } else pr -= b * pr
    } else {
      q++
      if (y > 0) {
        z = y
        pr = 1 / q
        started = true
      }
    }
  }
  st.z = z
  st.pr = pr
  st.q = q
  st.started = started
  st.sse = sse
  st.n = n
  if (to > st.next) st.next = to
}

/** sd_h = sigma sqrt(1 + (h - 1) c^2) for h = 1..horizon. */
export function flatRateSdPath(sigma: number, c: number, horizon: number, out: Float64Array = new Float64Array(horizon)): Float64Array {
  for (let h = 1; h <= horizon; h++) out[h - 1] = sigma * Math.sqrt(1 + (h - 1) * c * c)
  return out
}

/** Scratch reused across calls (synchronous code, one module instance per thread). */
const PROFILE_SUM = new Float64Array(WEEK)
const PROFILE_CNT = new Float64Array(WEEK)

/** Pseudo-count that pulls a weekday factor toward 1 (8 days = 8 weeks of that weekday). */
export const WEEKDAY_SHRINK_DAYS = 8

/**
 * Multiplicative weekday profile over clean days in [from, to), to spread a flat rate over the week:
 *   r_j = (mean on weekday slot j) / (overall mean),   w_j = (c_j r_j + k) / (c_j + k)
 * with c_j clean days in slot j and k = WEEKDAY_SHRINK_DAYS, then rescaled so the 7 factors average 1.
 * All ones when there is no demand.
 */
export function weekdayProfile(demand: Float64Array, skip: Uint8Array, from: number, to: number, out: Float64Array = new Float64Array(WEEK)): Float64Array {
  const sum = PROFILE_SUM.fill(0)
  const cnt = PROFILE_CNT.fill(0)
  let total = 0
  let count = 0
  let j = from % WEEK
  for (let t = from; t < to; t++) {
    if (skip[t] === 0) {
      sum[j] += demand[t]
      cnt[j]++
      total += demand[t]
      count++
    }
    j = j === WEEK - 1 ? 0 : j + 1
  }
  const mu = count > 0 ? total / count : 0
  if (!(mu > 0)) return out.fill(1)
  let avg = 0
  for (let k = 0; k < WEEK; k++) {
    const r = cnt[k] > 0 ? sum[k] / cnt[k] / mu : 1
    out[k] = (cnt[k] * r + WEEKDAY_SHRINK_DAYS) / (cnt[k] + WEEKDAY_SHRINK_DAYS)
    avg += out[k] / WEEK
  }
  for (let k = 0; k < WEEK; k++) out[k] /= avg
  return out
}
