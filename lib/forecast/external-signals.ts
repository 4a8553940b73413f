/**
 * External signals (weather, local events) as a multiplicative demand factor, learned from history
 * by category x location, with pooling across locations and shrinkage to zero where the data show
 * no effect. Pure: the caller turns `external_signal` events into per-day arrays per location
 * (signalDays in external-signals-apply.ts) and applies the factor to a baseline forecast
 * (signalFactors, same file).
 *
 * Model, per category c and location l, on the days t of the history:
 *
 *   Y_cl(t) ~ quasi-Poisson, mean B_cl(t) x exp(b0 + b_temp a_l(t) + b_rain (r_l(t) - mean) + b_event (e_l(t) - mean))
 *
 * - Y_cl(t): units of the category sold at the location that day, over the series with a clean day
 *   (not censored by a stockout, not a promotion or its dip: lib/forecast/series.ts buildSkipMask);
 * - B_cl(t): the same series' baseline that day: each series' mean over the clean days of a centred
 *   window of +-14 days (the day and its neighbours left out, so the day's own weather is not in its
 *   baseline), de-weekdayed by the category x location weekday index and put back on day t's weekday.
 *   The baseline carries season, trend and level, so the regression only sees day-to-day departures;
 * - a_l(t): temperature anomaly, degrees above the location's normal for the day of year (a yearly
 *   harmonic fitted to the location's own temperature history: demand already follows the season
 *   through the forecast's yearly index, so only the departure from normal carries new information);
 * - r_l(t): 1 on rain days; e_l(t): 1 on days a local event runs at the location.
 *
 * Covariates are centred on their history means, so the factor is 1 on an average day: the baseline
 * forecast was fitted to history, which already holds the average weather and the average share of
 * event days.
 *
 * Pooling: per signal, each location's deviation shared by all categories is estimated first and
 * shrunk towards 0 (locationDeviations); then per category and signal, the location estimates less
 * those deviations are combined by random effects (DerSimonian-Laird); the category estimate is shrunk towards zero by max(0, 1 - (2/z)^4) (zero below
 * |z| = 2, nearly untouched at large |z|), and each location's estimate towards the category's by its
 * precision relative to the between-location spread tau^2. A category with no true effect comes out
 * at 0, not at its noise.
 */
import { SIGNALS } from './signal-names'
import { aggregateCells, type CellHistory, type CellSeries } from './external-signals-cells'
import { fitPoisson, poolRandomEffects, shrinkToZero, solve, type CellDays } from './external-signals-fit'

export { fitPoisson, poolRandomEffects, shrinkToZero } from './external-signals-fit'
export type { CellHistory } from './external-signals-cells'

export { SIGNALS, type SignalName } from './signal-names'
const K = SIGNALS.length
const DAY_MS = 86_400_000

/** Per-day signals at one location, days [0, n + horizon) (history, then any known future days). */
export interface LocationSignals {
  /** Temperature in degrees C (NaN when unknown: no weather reading that day). */
  tempC: Float64Array
  /** 1 rain, 0 dry, NaN unknown. */
  rain: Float64Array
  /** Attendance of the local events running that day (0 when none). */
  event: Float64Array
}

/** A series' history (promotion days and their dip, and censored days, are left out of the learning). */
export type SignalSeries = CellSeries

export interface SignalOptions {
  /** History length (days [0, n)). */
  n: number
  n_categories: number
  /** Signals per location index (null: the location has none, e.g. a web shop). */
  locations: readonly (LocationSignals | null)[]
  /** UTC midnight of day 0 (fixes the day of year of the temperature normal). */
  startMs: number
  /** Half-width of the baseline window (default 14). */
  window?: number
  /** |z| below which a category effect is zero (default 2). */
  z?: number
}

export interface PooledEffect {
  /** Effect after shrinkage (log scale; per degree C for temp_anomaly). */
  effect: number
  /** Random-effects estimate before shrinkage, its standard error and the between-location sd. */
  raw: number
  se: number
  tau: number
  /** Locations that contributed. */
  locations: number
}

export interface LearnedSignals {
  n: number
  n_categories: number
  n_locations: number
  startMs: number
  /** Shrunk effect per category x location x signal, index (c * n_locations + l) * 3 + k; NaN when not learned there. */
  effect: Float64Array
  /** Per category, per signal (SIGNALS order). */
  category: PooledEffect[][]
  /** History mean of each signal per location (index l * 3 + k), the centring of the factor. */
  mean: Float64Array
  /** Temperature normal per location: [a, cos, sin, cos2, sin2] of the yearly harmonic, or null. */
  normal: (Float64Array | null)[]
  /** Autocorrelation of the temperature anomaly at lags 1.. (pooled over locations; 0 once not significant). */
  persistence: number[]
}

/** Day-of-year angle of day t (2 pi t / 365.25 from 1 January). */
function yearAngle(startMs: number, t: number): number {
  const ms = startMs + t * DAY_MS
  const y0 = Date.UTC(new Date(ms).getUTCFullYear(), 0, 1)
  return (2 * Math.PI * ((ms - y0) / DAY_MS)) / 365.25
}

/**
 * The temperature normal of a location: least squares of tempC on a yearly harmonic (two with >= 600
 * known days, one with >= 300); with less, the mean of the known days (null when none).
 */
export function fitNormal(tempC: Float64Array, n: number, startMs: number): Float64Array | null {
  const cols = (t: number, h: number) => {
    const a = yearAngle(startMs, t)
    return h === 2 ? [1, Math.cos(a), Math.sin(a), Math.cos(2 * a), Math.sin(2 * a)] : h === 1 ? [1, Math.cos(a), Math.sin(a)] : [1]
  }
  let known = 0
  for (let t = 0; t < n; t++) if (!Number.isNaN(tempC[t])) known++
  if (known === 0) return null
  const h = known >= 600 ? 2 : known >= 300 ? 1 : 0
  const p = 1 + 2 * h
  const xtx = new Float64Array(p * p)
  const xty = new Float64Array(p)
  for (let t = 0; t < n; t++) {
    const y = tempC[t]
    if (Number.isNaN(y)) continue
    const x = cols(t, h)
    for (let i = 0; i < p; i++) {
      xty[i] += x[i] * y
      for (let j = 0; j < p; j++) xtx[i * p + j] += x[i] * x[j]
    }
  }
  const b = solve(xtx, xty, p)
  const out = new Float64Array(5)
  if (b) out.set(b)
  return out
}

export function normalAt(normal: Float64Array, startMs: number, t: number): number {
  const a = yearAngle(startMs, t)
  return normal[0] + normal[1] * Math.cos(a) + normal[2] * Math.sin(a) + normal[3] * Math.cos(2 * a) + normal[4] * Math.sin(2 * a)
}

/** Temperature anomaly per day [0, length): tempC - normal (NaN where tempC is unknown). */
export function anomalies(tempC: Float64Array, normal: Float64Array | null, startMs: number): Float64Array {
  const out = new Float64Array(tempC.length).fill(NaN)
  if (!normal) return out
  for (let t = 0; t < tempC.length; t++) if (!Number.isNaN(tempC[t])) out[t] = tempC[t] - normalAt(normal, startMs, t)
  return out
}

/**
 * Lag autocorrelations (1..maxLag) of the anomalies pooled over locations, cut at the first one below
 * 2 / sqrt(days): nearby locations share their weather, so the days, not the location-days, are the
 * independent draws.
 */
export function persistenceOf(anoms: readonly Float64Array[], n: number, maxLag = 7): number[] {
  const out: number[] = []
  let v = 0
  let cnt = 0
  for (const a of anoms) {
    for (let t = 0; t < n; t++) {
      if (Number.isNaN(a[t])) continue
      v += a[t] * a[t]
      cnt++
    }
  }
  if (cnt < 30 || v <= 0) return out
  v /= cnt
  for (let lag = 1; lag <= maxLag; lag++) {
    let c = 0
    let m = 0
    for (const a of anoms) {
      for (let t = lag; t < n; t++) {
        if (Number.isNaN(a[t]) || Number.isNaN(a[t - lag])) continue
        c += a[t] * a[t - lag]
        m++
      }
    }
    const r = m > 0 ? c / m / v : 0
    if (m < 30 || Math.abs(r) < 2 / Math.sqrt(n - lag)) break
    out.push(r)
  }
  return out
}

/** Learn the signals' effects (see the header) from the series' histories. */
export function learnSignalEffects(series: readonly SignalSeries[], o: SignalOptions): LearnedSignals {
  return learnFromCells(aggregateCells(series, o.n, o.window ?? 14), o)
}

/**
 * Learn the signals' effects from per category x location days (aggregateCells, or the same kept
 * as state by the recompute): the covariates, the per-cell fits, pooling and shrinkage.
 */
export function learnFromCells(cells: readonly CellHistory[], o: SignalOptions): LearnedSignals {
  const { n, n_categories: nCat } = o
  const nLoc = o.locations.length
  const z0 = o.z ?? 2
  const normal = o.locations.map((s) => (s ? fitNormal(s.tempC, n, o.startMs) : null))
  const anoms = o.locations.map((s, l) => (s ? anomalies(s.tempC.subarray(0, n), normal[l], o.startMs) : null))
  const persistence = persistenceOf(anoms.filter((a): a is Float64Array => a !== null), n)
  // Covariates per location and day (NaN when the day's weather is unknown), and their means.
  const mean = new Float64Array(nLoc * K).fill(NaN)
  const cov: (Float64Array[] | null)[] = o.locations.map((s, l) => {
    const a = anoms[l]
    if (!s || !a) return null
    const rain = Float64Array.from(s.rain.subarray(0, n))
    const ev = Float64Array.from(s.event.subarray(0, n), (v) => (v > 0 ? 1 : 0))
    const cols = [a, rain, ev]
    for (let k = 0; k < K; k++) {
      let sm = 0
      let c = 0
      for (let t = 0; t < n; t++) if (!Number.isNaN(a[t]) && !Number.isNaN(rain[t])) {
          sm += cols[k][t]
          c++
        }
      mean[l * K + k] = c > 0 ? sm / c : NaN
    }
    return cols
  })
  const est: number[][][] = Array.from({ length: nCat }, () => Array.from({ length: K }, () => new Array<number>(nLoc).fill(NaN)))
  const ses: number[][][] = Array.from({ length: nCat }, () => Array.from({ length: K }, () => new Array<number>(nLoc).fill(Infinity)))
  for (const cell of cells) {
    const { category: c, location: l, units: Y, base: B } = cell
    const cols = cov[l]
    if (!cols || c < 0 || c >= nCat) continue
    const d: CellDays = { y: [], base: [], x: [[], [], []] }
    for (let t = 0; t < n; t++) {
      if (!(B[t] > 0) || Number.isNaN(cols[0][t]) || Number.isNaN(cols[1][t])) continue
      // A day far off its baseline on a sizeable volume is a closure or a data fault, not weather.
      if (B[t] >= 5 && (Y[t] < 0.2 * B[t] || Y[t] > 5 * B[t])) continue
      d.y.push(Y[t])
      d.base.push(B[t])
      for (let k = 0; k < K; k++) d.x[k].push(cols[k][t] - mean[l * K + k])
    }
    const fit = fitPoisson(d)
    if (!fit) continue
    for (let k = 0; k < K; k++) {
      est[c][k][l] = fit.coef[k]
      ses[c][k][l] = fit.se[k]
    }
  }
  const locDev = locationDeviations(est, ses, nLoc)
  const effect = new Float64Array(nCat * nLoc * K).fill(NaN)
  const category: PooledEffect[][] = []
  for (let c = 0; c < nCat; c++) {
    const row: PooledEffect[] = []
    for (let k = 0; k < K; k++) {
      // The category's estimates with the locations' shared deviations taken out.
      const own = est[c][k].map((b, l) => b - locDev[k][l])
      const pool = poolRandomEffects(own, ses[c][k])
      if (!pool) {
        row.push({ effect: 0, raw: NaN, se: Infinity, tau: 0, locations: 0 })
        continue
      }
      const shrunk = shrinkToZero(pool.mean, pool.se, z0)
      let used = 0
      for (let l = 0; l < nLoc; l++) {
        const b = own[l]
        const s = ses[c][k][l]
        if (Number.isNaN(b)) continue
        // A location whose estimate has no information (e.g. no event days) takes the category's.
        const wl = Number.isFinite(s) && pool.tau2 > 0 ? pool.tau2 / (pool.tau2 + s * s) : 0
        effect[(c * nLoc + l) * K + k] = shrunk + locDev[k][l] + wl * (b - pool.mean)
        if (Number.isFinite(s)) used++
      }
      row.push({ effect: shrunk, raw: pool.mean, se: pool.se, tau: Math.sqrt(pool.tau2), locations: used })
    }
    category.push(row)
  }
  return { n, n_categories: nCat, n_locations: nLoc, startMs: o.startMs, effect, category, mean, normal, persistence }
}

/**
 * Per signal and location, the deviation from the category effects that the location shares across
 * categories (rain sends shoppers from a store to a dark store's deliveries, whatever they buy): the
 * precision-weighted mean over categories of (location estimate - category estimate), shrunk towards
 * 0 by its precision relative to the spread of the deviations across locations (random effects).
 */
function locationDeviations(est: number[][][], ses: number[][][], nLoc: number): Float64Array[] {
  return Array.from({ length: K }, (_, k) => {
    const dev = new Float64Array(nLoc)
    const devSe = new Array<number>(nLoc).fill(Infinity)
    const means = est.map((e, c) => poolRandomEffects(e[k], ses[c][k]))
    for (let l = 0; l < nLoc; l++) {
      let sw = 0
      let swd = 0
      est.forEach((e, c) => {
        const p = means[c]
        const s = ses[c][k][l]
        if (!p || !Number.isFinite(s) || Number.isNaN(e[k][l])) return
        const w = 1 / (s * s + p.tau2)
        sw += w
        swd += w * (e[k][l] - p.mean)
      })
      if (sw > 0) {
        dev[l] = swd / sw
        devSe[l] = 1 / Math.sqrt(sw)
      }
    }
    const spread = poolRandomEffects(Array.from(dev), devSe)
    const tau2 = spread?.tau2 ?? 0
    for (let l = 0; l < nLoc; l++) dev[l] = Number.isFinite(devSe[l]) && tau2 > 0 ? (dev[l] * tau2) / (tau2 + devSe[l] * devSe[l]) : 0
    return dev
  })
}
