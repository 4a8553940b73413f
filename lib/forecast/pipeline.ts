/**
 * The full forecasting pipeline over many series at once (bench:forecast's "ours"): learn the pooled
 * effects once (promotion uplift by category, covariate coefficients global -> group, group
 * totals and their forecasts for the pooled level, each on its members' share-weighted covariate
 * factors: pooling.ts groupFactor / memberPooledPath), then call forecastSeries per series with its
 * covariates, yearly index and pooled path. Learning uses the history only (days before the cutoff n);
 * the yearly indexes are built by the caller (yearly-index.ts yearlyIndex over groupTotals).
 */
import { forecastSeries } from './select'
import { DEFAULT_MAX_HISTORY_DAYS, type ForecastOptions, type ForecastResult } from './select-types'
import { buildSkipMask } from './series'
import { DEFAULT_SHARE_DAYS, groupFactor, groupTotal, memberPooledPath, poolShare, type GroupTotal } from './pooling'
import { concatPromoObservations, learnPromoEffects, promoObservationsFromSeries, type PromoEffects } from './promo'
import { covariateFactors, type RegressorInput } from './regressors'
import { regressorObservations } from './regressor-observations'
import { learnRegressorHierarchy, type RegressorHierarchy, type RegressorHierarchyOptions } from './regressor-fit'

export interface PipelineSeries {
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
  /** Yearly index over [0, n + horizon) (yearly-index.ts yearlyIndex; shared by a group), applied with coefficient 1. */
  yearly?: Float64Array
  /** Group whose total gives the pooled level (pooling.ts), e.g. the SKU over one channel's locations; -1 = none. */
  pool_group?: number
}

export interface PipelineOptions {
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

export interface PipelineRun {
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
export function seriesSkip(s: PipelineSeries, n: number): Uint8Array {
  return buildSkipMask(s.demand, s.censored, s.discount?.subarray(0, n))
}

/** Daily totals of groups of series (pooling.ts groupTotal: volume-weighted scale-up over unknown days). */
export function groupTotals(series: readonly PipelineSeries[], group: (i: number) => number, n_groups: number, n: number): GroupTotal[] {
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

/** The covariate coefficients runPipeline learns (global -> group -> series); null without covariates. */
export function learnCoefficients(series: readonly PipelineSeries[], o: PipelineOptions, skips = series.map((s) => seriesSkip(s, o.n))): RegressorHierarchy | null {
  const { n } = o
  const useYearly = o.yearly !== false
  if (o.regressors === false || !series.some((s) => (s.covariates?.length ?? 0) > 0)) return null
  const obs = series.map((s, i) =>
    regressorObservations(s.demand, skips[i], (s.covariates ?? []).map((c) => c.subarray(0, n)), {
      offset_factor: useYearly ? s.yearly : undefined,
      from: Math.max(0, n - (o.learn_days ?? 730)),
      to: n,
    }),
  )
  return learnRegressorHierarchy(obs, series.map((s) => s.reg_group ?? -1), o.n_reg_groups ?? 0, o.hierarchy)
}

export function runPipeline(series: readonly PipelineSeries[], o: PipelineOptions): PipelineRun {
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
  const hier = learnCoefficients(series, o, skips)
  const coefs = hier?.series ?? null
  const learnMs = performance.now() - t0

  // Pooled level (pooling.ts): each group total is forecast with its day factor, the share-weighted
  // mean of its members' covariate x yearly factors (groupFactor), and each member gets its share of
  // that forecast with the group's factor swapped for its own (memberPooledPath).
  const t2 = performance.now()
  const nPg = o.pooled === false ? 0 : (o.n_pool_groups ?? 0)
  const pooled: (Float64Array | undefined)[] = new Array(series.length).fill(undefined)
  if (nPg > 0) {
    const gid = (i: number) => {
      const g = series[i].pool_group ?? -1
      return g >= 0 && g < nPg ? g : -1
    }
    const totals = groupTotals(series, gid, nPg, n)
    const members: number[][] = Array.from({ length: nPg }, () => [])
    series.forEach((_, i) => {
      if (gid(i) >= 0) members[gid(i)].push(i)
    })
    const shares = new Float64Array(series.length)
    for (const list of members) {
      if (list.length < 2) continue
      const g = gid(list[0])
      for (const i of list) shares[i] = poolShare(series[i].demand, skips[i], totals[g].total, totals[g].clean, n - DEFAULT_SHARE_DAYS, n)
    }
    // Member factors over the days forecastSeries reads: the last max_history_days and the horizon,
    // days [from, n + H), stored from index 0.
    const from = Math.max(0, n - (o.forecast?.max_history_days ?? DEFAULT_MAX_HISTORY_DAYS))
    const len = n + H - from
    const memberFactor = (i: number): Float64Array | undefined => {
      const s = series[i]
      const x: Float64Array[] = []
      const b: number[] = []
      if (coefs !== null) {
        for (const c of s.covariates ?? []) x.push(c.subarray(from))
        b.push(...coefs[i])
      }
      const ly = useYearly && s.yearly !== undefined ? logYearly.get(s.yearly) : undefined
      if (ly !== undefined) {
        x.push(ly.subarray(from))
        b.push(1)
      }
      return b.length > 0 ? covariateFactors(x, b, 0, len, new Float64Array(len)) : undefined
    }
    members.forEach((list, g) => {
      if (list.length < 2) return
      const f = list.map(memberFactor)
      const withFactors = f.every((v) => v !== undefined)
      let regressors: RegressorInput | undefined
      let gFuture: Float64Array | undefined
      if (withFactors) {
        const gf = groupFactor(f as Float64Array[], list.map((i) => shares[i]), 0, len)
        const logHistory = new Float64Array(n) // log 1 = 0 before `from` (not read)
        for (let t = from; t < n; t++) logHistory[t] = Math.log(gf[t - from])
        const logFuture = Float64Array.from(gf.subarray(n - from), Math.log)
        regressors = { history: [logHistory], future: [logFuture], coef: [1] }
        gFuture = gf.subarray(n - from)
      }
      const forecast = forecastSeries(
        { demand: totals[g].total, censored: Uint8Array.from(totals[g].clean, (c) => 1 - c), regressors },
        { ...o.forecast, horizon: H },
      ).mean
      list.forEach((i, j) => (pooled[i] = memberPooledPath(forecast, shares[i], withFactors ? f[j]?.subarray(n - from) : undefined, gFuture)))
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

/**
 * The price coefficient and the yearly indexes learned together, by fixed-point iteration:
 * `build(b)` makes the series with yearly indexes from demand divided by the price factor
 * exp(b x_price) (yearlyIndex over groupTotals of the deflated demand), then the global
 * coefficient of covariate `price_index` is learned against them, until it moves by less than
 * `tol` or after `max_iter` learnings. Why: markdowns of seasonal items recur at about the same
 * time each year, and an index built from raw demand takes part of their uplift for season: on the
 * simulator the coefficient learned against it came out at half the true markdown elasticity
 * (-0.65 vs -1.31; with this iteration -1.36). Where markdowns recur on exactly the same days
 * every year the index cannot tell them from season and the iteration stops short of the truth
 * (pipeline.test.ts). Start from the last run's coefficient (`start`): a few iterations suffice.
 */
export function learnPriceWithSeason<T>(
  build: (price_coef: number) => T,
  seriesOf: (t: T) => readonly PipelineSeries[],
  o: PipelineOptions,
  price_index: number,
  start = 0,
  max_iter = 8,
  tol = 0.02,
): { setup: T; price_coef: number; iterations: number } {
  let b = start
  let setup = build(b)
  let it = 0
  while (it < max_iter) {
    it++
    const next = learnCoefficients(seriesOf(setup), o)?.global[price_index] ?? 0
    const done = Math.abs(next - b) < tol
    b = next
    if (done) break
    setup = build(b)
  }
  return { setup, price_coef: b, iterations: it }
}
