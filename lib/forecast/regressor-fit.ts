/**
 * Learning the regressor coefficients from observations (regressor-observations.ts): a Poisson
 * regression with a ridge toward a prior, solved by projected Newton steps (regressors.ts header,
 * step 2), and the pooled hierarchy global -> group -> series (step 3).
 */
import { compressRegressorObservations, concatRegressorObservations, type RegressorObservations } from './regressor-observations'

/** Coefficients are kept within +-MAX_ABS_COEF (exp(10) is already 22,000x). */
export const MAX_ABS_COEF = 10

export interface RegressorFitOptions {
  /** Coefficients the ridge pulls toward (default 0 = no effect). */
  prior?: ArrayLike<number>
  /** Ridge strength in baseline demand units (default 1). */
  ridge?: number
  /**
   * Per-coefficient bounds (NaN or missing = none), e.g. upper 0 on log(price / regular price):
   * demand cannot rise with the price, so a positive fit is confounding, not elasticity.
   */
  lower?: ArrayLike<number>
  upper?: ArrayLike<number>
  max_iter?: number
}

/** Solve A z = g for a symmetric positive definite K x K matrix (row-major), in place in z. */
function solveSpd(A: Float64Array, g: Float64Array, k: number, z: Float64Array): void {
  // Cholesky A = L L^T.
  const L = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j]
      for (let p = 0; p < j; p++) s -= L[i * k + p] * L[j * k + p]
      if (i === j) L[i * k + i] = Math.sqrt(Math.max(s, 1e-12))
      else L[i * k + j] = s / L[j * k + j]
    }
  }
  for (let i = 0; i < k; i++) {
    let s = g[i]
    for (let p = 0; p < i; p++) s -= L[i * k + p] * z[p]
    z[i] = s / L[i * k + i]
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i]
    for (let p = i + 1; p < k; p++) s -= L[p * k + i] * z[p]
    z[i] = s / L[i * k + i]
  }
}


/**
 * Poisson regression with offset log(baseline) and a ridge toward the prior (regressors.ts header, step 2).
 * Returns the coefficients (length k). With no observations it returns the prior.
 */
export function fitRegressorCoefs(observations: RegressorObservations, opts: RegressorFitOptions = {}): Float64Array {
  const obs = compressRegressorObservations(observations)
  const k = obs.k
  const prior = new Float64Array(k)
  if (opts.prior !== undefined) for (let j = 0; j < k; j++) prior[j] = opts.prior[j] ?? 0
  const lambda = Math.max(1e-9, opts.ridge ?? 1)
  const maxIter = opts.max_iter ?? 50
  const lo = new Float64Array(k).fill(-MAX_ABS_COEF)
  const hi = new Float64Array(k).fill(MAX_ABS_COEF)
  for (let j = 0; j < k; j++) {
    const l = opts.lower?.[j]
    const u = opts.upper?.[j]
    if (l !== undefined && l === l) lo[j] = Math.max(lo[j], l)
    if (u !== undefined && u === u) hi[j] = Math.min(hi[j], u)
  }
  const beta = prior.slice()
  for (let j = 0; j < k; j++) beta[j] = Math.max(lo[j], Math.min(hi[j], beta[j]))
  const g = new Float64Array(k)
  const H = new Float64Array(k * k)
  const step = new Float64Array(k)
  const m = obs.actual.length
  const { x, actual, baseline } = obs
  for (let it = 0; it < maxIter; it++) {
    for (let j = 0; j < k; j++) g[j] = -lambda * (beta[j] - prior[j])
    H.fill(0)
    for (let j = 0; j < k; j++) H[j * k + j] = lambda
    for (let i = 0; i < m; i++) {
      const b = baseline[i]
      if (!(b > 0 && b < Infinity) || !(actual[i] >= 0 && actual[i] < Infinity)) continue
      let eta = 0
      for (let j = 0; j < k; j++) eta += x[i * k + j] * beta[j]
      const mu = b * Math.exp(Math.min(eta, 30))
      const r = actual[i] - mu
      for (let j = 0; j < k; j++) {
        const xj = x[i * k + j]
        if (xj === 0) continue
        g[j] += xj * r
        for (let l = 0; l <= j; l++) H[j * k + l] += mu * xj * x[i * k + l]
      }
    }
    for (let j = 0; j < k; j++) for (let l = j + 1; l < k; l++) H[j * k + l] = H[l * k + j]
    solveSpd(H, g, k, step)
    let maxStep = 0
    for (let j = 0; j < k; j++) maxStep = Math.max(maxStep, Math.abs(step[j]))
    // Damp long steps (far from the optimum the quadratic model overshoots on exp()).
    const scale = maxStep > 1 ? 1 / maxStep : 1
    // Projected Newton: a coefficient that leaves its box is put back on the bound.
    let moved = 0
    for (let j = 0; j < k; j++) {
      const b = Math.max(lo[j], Math.min(hi[j], beta[j] + scale * step[j]))
      moved = Math.max(moved, Math.abs(b - beta[j]))
      beta[j] = b
    }
    if (moved < 1e-9) break
  }
  return beta
}

export interface RegressorHierarchyOptions {
  global_ridge?: number
  group_ridge?: number
  /** Infinity = no per-series fit: each series takes its group's coefficients. */
  series_ridge?: number
  lower?: ArrayLike<number>
  upper?: ArrayLike<number>
}

export interface RegressorHierarchy {
  global: Float64Array
  /** Per group index. */
  groups: Float64Array[]
  /** Per series (same order as the observations passed in). */
  series: Float64Array[]
}

export const DEFAULT_GROUP_RIDGE = 200
/**
 * Default: no per-series fit (each series takes its group's coefficients). On the M5 back-test a
 * per-series fit with ridge 1000 changed WAPE by less than 0.001 and tripled the learning time.
 */
export const DEFAULT_SERIES_RIDGE = Infinity

/**
 * Pooled coefficients, global -> group -> series (regressors.ts header, step 3). `group[i]` is the group index
 * (0..n_groups - 1) of series i; a series outside 0..n_groups - 1 shrinks straight toward the global
 * coefficients.
 */
export function learnRegressorHierarchy(
  perSeries: readonly RegressorObservations[],
  group: ArrayLike<number>,
  n_groups: number,
  opts: RegressorHierarchyOptions = {},
): RegressorHierarchy {
  const k = perSeries[0]?.k ?? 0
  const bounds = { lower: opts.lower, upper: opts.upper }
  const global = fitRegressorCoefs(concatRegressorObservations(perSeries, k), { ...bounds, ridge: opts.global_ridge ?? 1 })
  const members: RegressorObservations[][] = Array.from({ length: n_groups }, () => [])
  perSeries.forEach((o, i) => {
    const gi = group[i]
    if (gi >= 0 && gi < n_groups) members[gi].push(o)
  })
  const groups = members.map((list) =>
    list.length === 0 ? global.slice() : fitRegressorCoefs(concatRegressorObservations(list, k), { ...bounds, prior: global, ridge: opts.group_ridge ?? DEFAULT_GROUP_RIDGE }),
  )
  const series = perSeries.map((o, i) => {
    const gi = group[i]
    const prior = gi >= 0 && gi < n_groups ? groups[gi] : global
    const ridge = opts.series_ridge ?? DEFAULT_SERIES_RIDGE
    return ridge === Infinity ? prior.slice() : fitRegressorCoefs(o, { ...bounds, prior, ridge })
  })
  return { global, groups, series }
}
