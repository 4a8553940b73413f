/**
 * The statistics under external-signals.ts: a small linear solver, quasi-Poisson regression with an
 * offset (IRLS), random-effects pooling (DerSimonian-Laird) and shrinkage towards zero by significance.
 */
/** Solve a p x p symmetric system (Gaussian elimination with partial pivoting); null when singular. */
export function solve(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const m = Float64Array.from(a)
  const x = Float64Array.from(b)
  for (let i = 0; i < p; i++) {
    let piv = i
    for (let r = i + 1; r < p; r++) if (Math.abs(m[r * p + i]) > Math.abs(m[piv * p + i])) piv = r
    if (Math.abs(m[piv * p + i]) < 1e-12) return null
    if (piv !== i) {
      for (let c = 0; c < p; c++) [m[i * p + c], m[piv * p + c]] = [m[piv * p + c], m[i * p + c]]
      ;[x[i], x[piv]] = [x[piv], x[i]]
    }
    for (let r = 0; r < p; r++) {
      if (r === i) continue
      const f = m[r * p + i] / m[i * p + i]
      if (f === 0) continue
      for (let c = i; c < p; c++) m[r * p + c] -= f * m[i * p + c]
      x[r] -= f * x[i]
    }
  }
  for (let i = 0; i < p; i++) x[i] /= m[i * p + i]
  return x
}

/** One category x location's aggregated days: sales Y, baseline B, and the covariates. */
export interface CellDays {
  y: number[]
  base: number[]
  x: number[][]
}

/**
 * Quasi-Poisson regression of y on the covariates with offset log(base) and an intercept (IRLS).
 * Returns the coefficients of the covariates and their standard errors (dispersion >= 1); a
 * covariate that never varies gets coefficient 0 and se Infinity.
 */
export function fitPoisson(d: CellDays): { coef: number[]; se: number[] } | null {
  const nx = d.x.length
  const active = d.x.map((col) => {
    let lo = Infinity
    let hi = -Infinity
    for (const v of col) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    return hi - lo > 1e-9
  })
  const idx = active.flatMap((a, i) => (a ? [i] : []))
  const p = 1 + idx.length
  const N = d.y.length
  if (N < p + 20) return null
  let sy = 0
  let sb = 0
  for (let t = 0; t < N; t++) {
    sy += d.y[t]
    sb += d.base[t]
  }
  if (!(sy > 0 && sb > 0)) return null
  const beta = new Float64Array(p)
  beta[0] = Math.log(sy / sb)
  const row = new Float64Array(p)
  let info = new Float64Array(p * p)
  for (let iter = 0; iter < 30; iter++) {
    info = new Float64Array(p * p)
    const score = new Float64Array(p)
    for (let t = 0; t < N; t++) {
      row[0] = 1
      for (let j = 0; j < idx.length; j++) row[j + 1] = d.x[idx[j]][t]
      let eta = 0
      for (let j = 0; j < p; j++) eta += row[j] * beta[j]
      const mu = d.base[t] * Math.exp(Math.max(-20, Math.min(20, eta)))
      for (let i = 0; i < p; i++) {
        score[i] += row[i] * (d.y[t] - mu)
        for (let j = 0; j < p; j++) info[i * p + j] += row[i] * row[j] * mu
      }
    }
    const step = solve(info, score, p)
    if (!step) return null
    let mx = 0
    for (let j = 0; j < p; j++) {
      const s = Math.max(-1, Math.min(1, step[j]))
      beta[j] += s
      mx = Math.max(mx, Math.abs(s))
    }
    if (mx < 1e-8) break
  }
  // Pearson dispersion.
  let chi = 0
  for (let t = 0; t < N; t++) {
    let eta = beta[0]
    for (let j = 0; j < idx.length; j++) eta += d.x[idx[j]][t] * beta[j + 1]
    const mu = d.base[t] * Math.exp(eta)
    if (mu > 0) chi += ((d.y[t] - mu) * (d.y[t] - mu)) / mu
  }
  const phi = Math.max(1, chi / (N - p))
  const coef = new Array<number>(nx).fill(0)
  const se = new Array<number>(nx).fill(Infinity)
  for (let j = 0; j < idx.length; j++) {
    const e = new Float64Array(p)
    e[j + 1] = 1
    const col = solve(info, e, p)
    if (!col || !(col[j + 1] > 0)) continue
    coef[idx[j]] = beta[j + 1]
    se[idx[j]] = Math.sqrt(phi * col[j + 1])
  }
  return { coef, se }
}

/** Random-effects pooling (DerSimonian-Laird) of per-location estimates. */
export function poolRandomEffects(est: readonly number[], se: readonly number[]): { mean: number; se: number; tau2: number } | null {
  const ok = est.flatMap((b, i) => (Number.isFinite(b) && se[i] > 0 && Number.isFinite(se[i]) ? [i] : []))
  if (ok.length === 0) return null
  let sw = 0
  let sw2 = 0
  let swb = 0
  for (const i of ok) {
    const w = 1 / (se[i] * se[i])
    sw += w
    sw2 += w * w
    swb += w * est[i]
  }
  const fe = swb / sw
  let q = 0
  for (const i of ok) q += ((est[i] - fe) * (est[i] - fe)) / (se[i] * se[i])
  const tau2 = ok.length > 1 ? Math.max(0, (q - (ok.length - 1)) / (sw - sw2 / sw)) : 0
  let rw = 0
  let rwb = 0
  for (const i of ok) {
    const w = 1 / (se[i] * se[i] + tau2)
    rw += w
    rwb += w * est[i]
  }
  return { mean: rwb / rw, se: 1 / Math.sqrt(rw), tau2 }
}

/**
 * Shrink towards zero by significance: b x max(0, 1 - (z0 / z)^4): zero below |z| = z0, 80% kept at
 * 1.5 z0, 97% at 2.5 z0 (the square of James-Stein's factor would cost a clear effect a sixth of
 * itself at |z| = 5).
 */
export function shrinkToZero(b: number, se: number, z0: number): number {
  if (!(se > 0) || !Number.isFinite(se)) return 0
  const r = (z0 * se) / b
  const keep = 1 - r * r * r * r
  return keep > 0 ? b * keep : 0
}
