/**
 * "Our forecast" as the production pipeline would run it, for bench/forecast.ts: learn the pooled
 * effects once (promotion uplift by category, covariate coefficients global -> group, group
 * totals and their forecasts for the pooled level), then call forecastSeries per series with its
 * covariates, yearly index and pooled path. Learning uses the history only (days before the cutoff n);
 * the yearly indexes are built by the caller (regressors.ts yearlyIndex over groupTotals).
 */
import { forecastSeries, type ForecastOptions, type ForecastResult } from '@/lib/forecast/select'
import { buildSkipMask } from '@/lib/forecast/series'
import { DEFAULT_SHARE_DAYS, groupTotal, poolShare, type GroupTotal } from '@/lib/forecast/pooling'
import { concatPromoObservations, learnPromoEffects, promoObservationsFromSeries, type PromoEffects } from '@/lib/forecast/promo'
import {
  learnRegressorHierarchy, regressorObservations, type RegressorHierarchyOptions, type RegressorInput,
} from '@/lib/forecast/regressors'

export interface OursSeries {
  /** History, days [0, n). */
  demand: Float64Array
  censored: Uint8Array
  /** Promotion depth over [0, n + horizon) (known future promotions after n). */
  discount?: Float64Array
  category?: number
  /** Covariates with learned coefficients, each over [0, n + horizon). */
  covariates?: Float64Array[]
  /** Group for pooling the covariate coefficients. */
  reg_group?: number
  /** Yearly index over [0, n + horizon) (regressors.ts yearlyIndex; shared by a group), applied with coefficient 1. */
  yearly?: Float64Array
  /** Group whose total gives the pooled level (pooling.ts), e.g. the SKU over one channel's locations; -1 = none. */
  pool_group?: number
}

export interface OursOptions {
  n: number
  horizon: number
  n_categories?: number
  n_reg_groups?: number
  /** Use the covariates (default true when given). */
  regressors?: boolean
  /** Use the yearly index (default true when given). */
  yearly?: boolean
  hierarchy?: RegressorHierarchyOptions
  forecast?: ForecastOptions
  /** Days of history the coefficients are learned from (default 730). */
  learn_days?: number
  n_pool_groups?: number
  /** Use the pooled level (default true when groups are given). */
  pooled?: boolean
}

export interface OursRun {
  forecasts: Float64Array[]
  results: ForecastResult[]
  /** Pooled learning wall time (promo effects, coefficients). */
  learnMs: number
  /** Group totals, their forecasts and the members' shares. */
  poolMs: number
  /** forecastSeries time per series. */
  ms: Float64Array
  coef: { global: Float64Array | null; groups: Float64Array[] }
}

/** Skip mask of a series as forecastSeries builds it (censored, promotion and dip days). */
export function seriesSkip(s: OursSeries, n: number): Uint8Array {
  return buildSkipMask(s.demand, s.censored, s.discount?.subarray(0, n))
}

/** Daily totals of groups of series (pooling.ts groupTotal: volume-weighted scale-up over unknown days). */
export function groupTotals(series: readonly OursSeries[], group: (i: number) => number, n_groups: number, n: number): GroupTotal[] {
  const demand: Float64Array[][] = Array.from({ length: n_groups }, () => [])
  const skip: Uint8Array[][] = Array.from({ length: n_groups }, () => [])
  series.forEach((s, i) => {
    const g = group(i)
    if (g < 0 || g >= n_groups) return
    demand[g].push(s.demand)
    skip[g].push(seriesSkip(s, n))
  })
  return demand.map((d, g) => groupTotal(d, skip[g], n))
}

export function runOurs(series: readonly OursSeries[], o: OursOptions): OursRun {
  const { n, horizon: H } = o
  const t0 = performance.now()
  const skips = series.map((s) => seriesSkip(s, n))

  // Promotion uplift by category (promo.ts), when there are promotions.
  let promo: PromoEffects | undefined
  if (series.some((s) => s.discount !== undefined)) {
    const obs = series.map((s) => promoObservationsFromSeries(s.category ?? -1, s.demand, s.discount?.subarray(0, n) ?? new Float64Array(n), s.censored))
    promo = learnPromoEffects(concatPromoObservations(obs), { n_categories: o.n_categories ?? 0 })
  }

  const useYearly = o.yearly !== false
  const logYearly = new Map<Float64Array, Float64Array>()
  if (useYearly) for (const s of series) if (s.yearly !== undefined && !logYearly.has(s.yearly)) logYearly.set(s.yearly, Float64Array.from(s.yearly, Math.log))

  // Covariate coefficients, global -> group -> series.
  const useReg = o.regressors !== false && series.some((s) => (s.covariates?.length ?? 0) > 0)
  let coefs: Float64Array[] | null = null
  let hier: ReturnType<typeof learnRegressorHierarchy> | null = null
  if (useReg) {
    const obs = series.map((s, i) =>
      regressorObservations(s.demand, skips[i], (s.covariates ?? []).map((c) => c.subarray(0, n)), {
        offset_factor: useYearly ? s.yearly : undefined,
        from: Math.max(0, n - (o.learn_days ?? 730)),
        to: n,
      }),
    )
    hier = learnRegressorHierarchy(obs, series.map((s) => s.reg_group ?? -1), o.n_reg_groups ?? 0, o.hierarchy)
    coefs = hier.series
  }
  const learnMs = performance.now() - t0

  // Pooled level: forecast each group total (with the first member's covariates, the members' mean
  // coefficients and the shared yearly index) and give each member its share of it.
  const t2 = performance.now()
  const nPg = o.pooled === false ? 0 : (o.n_pool_groups ?? 0)
  const pooled: (Float64Array | undefined)[] = new Array(series.length).fill(undefined)
  if (nPg > 0) {
    const gid = (i: number) => series[i].pool_group ?? -1
    const totals = groupTotals(series, gid, nPg, n)
    const first = new Int32Array(nPg).fill(-1)
    const coefSum: Float64Array[] = []
    const count = new Float64Array(nPg)
    series.forEach((_, i) => {
      const g = gid(i)
      if (g < 0 || g >= nPg) return
      if (first[g] < 0) first[g] = i
      if (coefs !== null) {
        coefSum[g] ??= new Float64Array(coefs[i].length)
        for (let j = 0; j < coefs[i].length; j++) coefSum[g][j] += coefs[i][j]
      }
      count[g]++
    })
    const groupForecast = totals.map((g, k) => {
      if (first[k] < 0) return undefined
      const s0 = series[first[k]]
      const history: Float64Array[] = []
      const future: Float64Array[] = []
      const coef: number[] = []
      if (coefs !== null) {
        for (const c of s0.covariates ?? []) {
          history.push(c.subarray(0, n))
          future.push(c.subarray(n, n + H))
        }
        coef.push(...Array.from(coefSum[k], (v) => v / count[k]))
      }
      const ly = useYearly && s0.yearly !== undefined ? logYearly.get(s0.yearly) : undefined
      if (ly !== undefined) {
        history.push(ly.subarray(0, n))
        future.push(ly.subarray(n, n + H))
        coef.push(1)
      }
      return forecastSeries(
        { demand: g.total, censored: Uint8Array.from(g.clean, (c) => 1 - c), regressors: coef.length > 0 ? { history, future, coef } : undefined },
        { ...o.forecast, horizon: H },
      ).mean
    })
    series.forEach((s, i) => {
      const g = gid(i)
      const f = g >= 0 && g < nPg ? groupForecast[g] : undefined
      if (f === undefined || count[g] < 2) return
      const share = poolShare(s.demand, skips[i], totals[g].total, totals[g].clean, n - DEFAULT_SHARE_DAYS, n)
      pooled[i] = Float64Array.from(f, (v) => v * share)
    })
  }
  const poolMs = performance.now() - t2

  const forecasts: Float64Array[] = []
  const results: ForecastResult[] = []
  const ms = new Float64Array(series.length)
  series.forEach((s, i) => {
    const history: Float64Array[] = []
    const future: Float64Array[] = []
    const coef: number[] = []
    if (coefs !== null) {
      for (const c of s.covariates ?? []) {
        history.push(c.subarray(0, n))
        future.push(c.subarray(n, n + H))
      }
      coef.push(...coefs[i])
    }
    const ly = useYearly && s.yearly !== undefined ? logYearly.get(s.yearly) : undefined
    if (ly !== undefined) {
      history.push(ly.subarray(0, n))
      future.push(ly.subarray(n, n + H))
      coef.push(1)
    }
    const regressors: RegressorInput | undefined = coef.length > 0 ? { history, future, coef } : undefined
    const t1 = performance.now()
    const r = forecastSeries(
      {
        demand: s.demand,
        censored: s.censored,
        discount: s.discount?.subarray(0, n),
        future_discount: s.discount?.subarray(n, n + H),
        category: s.category,
        promo_effects: promo,
        regressors,
        pooled_mean: pooled[i],
      },
      { ...o.forecast, horizon: H },
    )
    ms[i] = performance.now() - t1
    forecasts.push(r.mean)
    results.push(r)
  })
  return { forecasts, results, learnMs, poolMs, ms, coef: { global: hier?.global ?? null, groups: hier?.groups ?? [] } }
}
