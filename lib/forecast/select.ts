/**
 * One call per series: classify, pick a model by holdout error, refit, forecast with intervals,
 * apply known covariates, the pooled level and the promotion effect. This is what the full
 * recompute runs 500,000 times.
 *
 * Per series:
 *   1. skip mask = censored | promotion | post-promotion dip | invalid days (series.ts);
 *   2. covariates (input.regressors, regressors.ts): the history is divided by each day's factor
 *      exp(sum b_k x_k), days with a factor below min_informative_factor are skipped, so the models
 *      below see "demand on a plain day at the regular price";
 *   3. fewer than min_history_days clean days -> 'new_item_prior' (category x location prior
 *      blended with what was seen, new-item.ts);
 *   4. otherwise hold out the last holdout_days (28), fit every candidate on the days before
 *      (the mean of ETS and TSB x weekday profile, ETS over its parameter grid, TSB x weekday
 *      profile, TSB, Croston-SBA; seasonal naive only on request, see CANDIDATE_MODELS), score each
 *      by MAE over the clean held-out days (same days for all, so the ranking is the WAPE ranking
 *      too). The first candidate is the incumbent; another one wins only with an MAE below
 *      (1 - selection_margin) x the incumbent's, the lowest such; ties go to the earlier candidate;
 *   5. refit the winner on all days. The recursions are sequential and initialised from the first
 *      weeks, so refitting with the same parameters equals continuing the training state through
 *      the held-out days: no second pass over the history;
 *   6. multiply the path by the covariate factors of the forecast days, blend in the pooled level
 *      (input.pooled_mean, pooling.ts), put back the demand the stockout days hid (the censored
 *      days' factor, censored.ts), then apply promotion uplift and dip (promo.ts).
 * Only the last max_history_days (392 = 56 weeks) feed the models: exponential smoothing with these
 * constants has forgotten anything older, and it halves the work on 2-year histories.
 *
 * Why the combination is the incumbent: a single 28-day holdout is a noisy judge. On the M5
 * back-test (6 rolling 28-day origins, no covariates) picking the lowest holdout MAE among ETS,
 * TSB-weekday, TSB and Croston gave WAPE 0.485 on average; always averaging ETS and TSB-weekday
 * gave 0.4735, and letting a challenger win only by a 25% margin kept that (0.4740) while still
 * switching series whose demand died out (TSB decays to 0, the mean of two would not). On the
 * simulator the three were within 0.1%.
 *
 * Intervals: central `level` (default 80%) band, lower = max(0, mean - z sd_h), upper = mean + z sd_h,
 * sd_h from the model's one-step residual sd growing with the horizon as each model's file says,
 * then scaled by the same covariate, pooled, censoring and promotion adjustments as the mean (the
 * pooled one moves the upper bound's distance by the square root of the level's ratio, as a count's
 * spread grows; the censoring one as censored.ts applyCensoringFactor says). Each step keeps lower <= mean <= upper.
 * Mean, lower and upper are never negative and never NaN.
 *
 * Why this method: the full recompute must do 500,000 series in a minute on 2 cores, about 240 us
 * a series for everything including I/O. AutoETS costs ~15 ms a series. Fixed-grid exponential
 * smoothing and Croston/TSB recursions over Float64Arrays, scored on one holdout, measured ~25 us
 * for a 730-day series on this machine (select + refit + 28-day forecast with intervals) and ~35 us
 * with 7 covariates and a pooled level (bench:forecast prints both). Over 10 rolling 28-day
 * origins (bench:forecast) the full pipeline (pipeline.ts) has WAPE 0.430 on M5: 22% below seasonal
 * naive, 8% below a 28-day moving average, 10% below augurs AutoETS; on the simulator's true demand
 * 0.651, 0.78x seasonal naive.
 *
 * Input, options, defaults and result: select-types.ts.
 */
import { buildSkipMask, countClean, fillInterval, DEFAULT_DIP_DAYS } from './series'
import { classifyDemand, DEFAULT_FAST_MIN_DAILY } from './classify'
import { fitEtsGrid, forecastEts, etsResidualSd, etsSdPath, updateEts, ETS_PARAM_GRID, type EtsParams } from './ets'
import {
  initCroston, updateCroston, crostonSbaRate, initTsb, updateTsb, tsbRate, flatRateSdPath, weekdayProfile,
} from './intermittent'
import { seasonalNaiveForecast, seasonalNaiveInSample, seasonalNaiveSd } from './seasonal-naive'
import { newItemRate } from './new-item'
import { applyPromoEffects, daysSinceLastPromo } from './promo'
import { MODEL_VERSION, type ModelName } from './version'
import { blendPooled, DEFAULT_POOLED_WEIGHT } from './pooling'
import { covariateFactors, deflateHistory, DEFAULT_MIN_INFORMATIVE_FACTOR } from './regressors'
import { applyCensoringFactor, censoredDemandRate, censoringFactor, CENSORING_WINDOW_DAYS, type CensoredRate } from './censored'
import { serviceLevelToZ } from '@/lib/policy/normal'
import {
  CANDIDATE_MODELS, DEFAULT_HOLDOUT_DAYS, DEFAULT_HORIZON, DEFAULT_LEVEL, DEFAULT_MAX_HISTORY_DAYS, DEFAULT_MIN_HISTORY_DAYS, DEFAULT_SELECTION_MARGIN,
  type ForecastInput, type ForecastOptions, type ForecastResult, type SelectableModel,
} from './select-types'

/** Days per week. A local constant on purpose: compiled to CommonJS (tsx, the benches) an imported
 * binding is read through a getter on every use, which costs several times the loop body. */
const WEEK = 7

/**
 * Scratch buffers reused across calls, grown on demand (synchronous code, one module instance per
 * worker thread, so no two calls share them at once). Allocating a typed array costs ~1 us; a
 * dozen per series would be a third of the budget.
 */
let SKIP = new Uint8Array(1024)
let PATH = new Float64Array(64)
let SD = new Float64Array(64)
let DEFLATED = new Float64Array(1024)
let FACTOR = new Float64Array(1024)
let FUTURE_FACTOR = new Float64Array(64)
let LOWER = new Float64Array(1024)
let NOISE = new Uint8Array(1024)
const WEEK_PROFILE = new Float64Array(WEEK)

const zCache = new Map<number, number>()
function zForLevel(level: number): number {
  let z = zCache.get(level)
  if (z === undefined) {
    z = serviceLevelToZ(0.5 + level / 2)
    zCache.set(level, z)
  }
  return z
}

/** MAE of a path against the clean days of demand[from, from + path.length). */
function holdoutMae(demand: Float64Array, skip: Uint8Array, from: number, path: Float64Array): number {
  let s = 0
  let c = 0
  for (let h = 0; h < path.length; h++) {
    const t = from + h
    if (skip[t] !== 0) continue
    s += Math.abs(demand[t] - path[h])
    c++
  }
  return c > 0 ? s / c : NaN
}

function flatMae(demand: Float64Array, skip: Uint8Array, from: number, to: number, rate: number, profile?: Float64Array): number {
  let s = 0
  let c = 0
  for (let t = from; t < to; t++) {
    if (skip[t] !== 0) continue
    s += Math.abs(demand[t] - (profile === undefined ? rate : rate * profile[t % WEEK]))
    c++
  }
  return c > 0 ? s / c : NaN
}

const finiteOr0 = (x: number) => (x >= 0 && x < Infinity ? x : 0)

/** Select, refit and forecast one series (see the file header). */
export function forecastSeries(input: ForecastInput, options: ForecastOptions = {}): ForecastResult {
  const horizon = Math.max(0, Math.floor(options.horizon ?? DEFAULT_HORIZON))
  const holdout = Math.max(0, Math.floor(options.holdout_days ?? DEFAULT_HOLDOUT_DAYS))
  const level = options.level ?? DEFAULT_LEVEL
  const minHistory = options.min_history_days ?? DEFAULT_MIN_HISTORY_DAYS
  const maxHistory = options.max_history_days ?? DEFAULT_MAX_HISTORY_DAYS
  const grid = options.ets_grid ?? ETS_PARAM_GRID
  const candidates = options.candidates !== undefined && options.candidates.length > 0 ? options.candidates : CANDIDATE_MODELS
  const margin = Math.min(1, Math.max(0, options.selection_margin ?? DEFAULT_SELECTION_MARGIN))
  const raw = input.demand
  const n = raw.length
  const dipDays = input.promo_effects?.dip_days ?? DEFAULT_DIP_DAYS
  if (SKIP.length < n) SKIP = new Uint8Array(Math.max(n, 2 * SKIP.length))
  if (PATH.length < Math.max(horizon, holdout)) PATH = new Float64Array(Math.max(horizon, holdout))
  if (SD.length < horizon) SD = new Float64Array(horizon)
  const skip = buildSkipMask(raw, input.censored, input.discount, dipDays, SKIP)
  const start = Math.max(0, n - maxHistory)
  // Covariate layer: the models see demand divided by the day's factor (regressors.ts).
  const reg = input.regressors
  let y = raw
  if (reg !== undefined) {
    if (DEFLATED.length < n) {
      DEFLATED = new Float64Array(Math.max(n, 2 * DEFLATED.length))
      FACTOR = new Float64Array(DEFLATED.length)
    }
    const minF = reg.min_informative_factor ?? DEFAULT_MIN_INFORMATIVE_FACTOR
    covariateFactors(reg.history, reg.coef, start, n, FACTOR)
    y = deflateHistory(raw, skip, FACTOR, start, n, minF, DEFLATED).subarray(0, n)
  }
  const profile = classifyDemand(y, skip, options.fast_min_daily ?? DEFAULT_FAST_MIN_DAILY, start, n)
  const z = zForLevel(level)

  // One allocation for the three output paths.
  const out = new Float64Array(3 * horizon)
  const mean = out.subarray(0, horizon)
  const lower = out.subarray(horizon, 2 * horizon)
  const upper = out.subarray(2 * horizon)
  const sd = SD.subarray(0, horizon)
  const scores: Partial<Record<ModelName, number>> = {}
  let model: ModelName
  let sigma = 0
  let etsParams: EtsParams | null = null

  if (profile.clean_days < minHistory) {
    if (reg !== undefined && start > 0) {
      covariateFactors(reg.history, reg.coef, 0, start, FACTOR)
      deflateHistory(raw, skip, FACTOR, 0, start, reg.min_informative_factor ?? DEFAULT_MIN_INFORMATIVE_FACTOR, y)
    }
    const est = newItemRate(y, skip, input.prior, 0, n)
    model = 'new_item_prior'
    mean.fill(est.rate)
    sd.fill(est.sd)
    sigma = est.sd
  } else {
    const single = candidates.length === 1
    const H = !single && n - start - holdout >= Math.max(minHistory, 2 * WEEK) && countClean(skip, n - holdout, n) > 0 ? holdout : 0
    const trainEnd = n - H
    // Fit only the candidates in play; each state is trained to trainEnd.
    const combo = candidates.includes('ets_tsb_weekday_mean')
    const ets = combo || candidates.includes('ets_damped_additive') ? fitEtsGrid(y, skip, start, trainEnd, grid) : null
    const cro = initCroston(start)
    if (candidates.includes('croston_sba')) updateCroston(cro, y, skip, trainEnd)
    const tsb = initTsb(start)
    if (combo || candidates.includes('tsb') || candidates.includes('tsb_weekday')) updateTsb(tsb, y, skip, trainEnd)
    const week = combo || candidates.includes('tsb_weekday') ? weekdayProfile(y, skip, start, trainEnd, WEEK_PROFILE) : WEEK_PROFILE

    if (single) {
      model = candidates[0]
    } else if (H > 0) {
      const scratch = PATH.subarray(0, H)
      for (const m of candidates) {
        if (m === 'ets_damped_additive') scores[m] = ets === null ? NaN : holdoutMae(y, skip, trainEnd, forecastEts(ets, H, scratch))
        else if (m === 'ets_tsb_weekday_mean') {
          if (ets === null) scores[m] = NaN
          else {
            forecastEts(ets, H, scratch)
            const rate = tsbRate(tsb)
            for (let h = 0; h < H; h++) scratch[h] = 0.5 * (scratch[h] + rate * week[(trainEnd + h) % WEEK])
            scores[m] = holdoutMae(y, skip, trainEnd, scratch)
          }
        }
        else if (m === 'tsb_weekday') scores[m] = flatMae(y, skip, trainEnd, n, tsbRate(tsb), week)
        else if (m === 'tsb') scores[m] = flatMae(y, skip, trainEnd, n, tsbRate(tsb))
        else if (m === 'croston_sba') scores[m] = flatMae(y, skip, trainEnd, n, crostonSbaRate(cro))
        else scores[m] = holdoutMae(y, skip, trainEnd, seasonalNaiveForecast(y, skip, trainEnd, H, scratch))
      }
      model = candidates[0]
      const incumbent = scores[model] as number
      let best = incumbent >= 0 ? incumbent * (1 - margin) : Infinity
      for (const m of candidates) {
        const s = scores[m] as number
        if (s < best) {
          best = s
          model = m
        }
      }
    } else {
      const preferred: SelectableModel = profile.segment === 'intermittent' ? 'tsb' : candidates[0]
      model = candidates.includes(preferred) ? preferred : candidates[0]
    }

    switch (model) {
      case 'ets_damped_additive': {
        if (ets === null) throw new Error('ETS chosen but not fitted')
        updateEts(ets, y, skip, n)
        forecastEts(ets, horizon, mean)
        sigma = etsResidualSd(ets)
        etsSdPath(ets, sigma, horizon, sd)
        etsParams = ets.params
        break
      }
      case 'ets_tsb_weekday_mean': {
        // Equal-weight mean of the two paths; sd = mean of their sds (the sd of an average is at
        // most the average sd, so the band is, if anything, a little wide).
        if (ets === null) throw new Error('ETS chosen but not fitted')
        updateEts(ets, y, skip, n)
        forecastEts(ets, horizon, mean)
        const sigmaEts = etsResidualSd(ets)
        etsSdPath(ets, sigmaEts, horizon, sd)
        etsParams = ets.params
        updateTsb(tsb, y, skip, n)
        const rate = tsbRate(tsb)
        const sigmaTsb = tsb.n > 0 ? Math.sqrt(tsb.sse / tsb.n) : 0
        weekdayProfile(y, skip, start, n, week)
        const tsbSd = flatRateSdPath(sigmaTsb, tsb.beta, horizon, PATH.subarray(0, horizon))
        for (let h = 0; h < horizon; h++) {
          const w = week[(n + h) % WEEK]
          mean[h] = 0.5 * (mean[h] + rate * w)
          sd[h] = 0.5 * (sd[h] + tsbSd[h] * w)
        }
        sigma = 0.5 * (sigmaEts + sigmaTsb)
        break
      }
      case 'croston_sba': {
        updateCroston(cro, y, skip, n)
        mean.fill(crostonSbaRate(cro))
        sigma = cro.n > 0 ? Math.sqrt(cro.sse / cro.n) : 0
        flatRateSdPath(sigma, cro.alpha, horizon, sd)
        break
      }
      case 'tsb':
      case 'tsb_weekday': {
        updateTsb(tsb, y, skip, n)
        const rate = tsbRate(tsb)
        sigma = tsb.n > 0 ? Math.sqrt(tsb.sse / tsb.n) : 0
        flatRateSdPath(sigma, tsb.beta, horizon, sd)
        if (model === 'tsb') mean.fill(rate)
        else {
          weekdayProfile(y, skip, start, n, week)
          for (let h = 0; h < horizon; h++) {
            const w = week[(n + h) % WEEK]
            mean[h] = rate * w
            sd[h] *= w
          }
        }
        break
      }
      default: {
        seasonalNaiveForecast(y, skip, n, horizon, mean)
        sigma = finiteOr0(seasonalNaiveInSample(y, skip, start, n).rmse)
        for (let h = 0; h < horizon; h++) sd[h] = seasonalNaiveSd(sigma, h + 1)
      }
    }
  }

  fillInterval(mean, sd, z, lower, upper)

  let regApplied = false
  // The forecast days' average covariate factor: what turns the models' scale back into units.
  let covariateAvg = 1
  if (reg !== undefined && horizon > 0) {
    if (FUTURE_FACTOR.length < horizon) FUTURE_FACTOR = new Float64Array(horizon)
    const f = covariateFactors(reg.future, reg.coef, 0, horizon, FUTURE_FACTOR)
    covariateAvg = 0
    for (let h = 0; h < horizon; h++) {
      const v = f[h]
      if (v !== 1) regApplied = true
      mean[h] *= v
      lower[h] *= v
      upper[h] *= v
      covariateAvg += v / horizon
    }
    // sigma was measured on the deflated scale: bring it back to demand units at the horizon's average factor.
    sigma *= covariateAvg
  }

  // The pooled path includes the covariates but not promotions: blend here, then apply the uplift.
  if (input.pooled_mean !== undefined) blendPooled(mean, lower, upper, input.pooled_mean, options.pooled_weight ?? DEFAULT_POOLED_WEIGHT)

  // Stockout days skipped above were the high-demand ones: put their demand back into the level
  // (censored.ts). After the pooled blend, because this location's pooled share is read on the
  // same clean days and is low for the same reason.
  const censoring = censoringFactor(censoredRate(input, raw, y, skip, start, n, dipDays), mean, horizon, covariateAvg)
  sigma *= applyCensoringFactor(mean, lower, upper, censoring, horizon)

  let promoApplied = false
  if (input.promo_effects !== undefined) {
    const since = daysSinceLastPromo(input.discount, n)
    const f = applyPromoEffects(mean, lower, upper, input.promo_effects, input.category ?? -1, input.future_discount, since)
    for (let h = 0; h < f.length; h++) if (f[h] !== 1) promoApplied = true
  }

  return {
    model,
    model_version: MODEL_VERSION,
    horizon,
    mean,
    lower,
    upper,
    level,
    residual_sd: finiteOr0(sigma),
    holdout_mae: scores,
    ets_params: etsParams,
    profile,
    promo_applied: promoApplied,
    regressors_applied: regApplied,
    censoring_factor: censoring,
  }
}

/**
 * censoredDemandRate for this series (null when its window has no stockout day): stockout days'
 * sales as lower bounds on the models' scale (sales / the day's covariate factor), and the days
 * skipped for another reason (promotion, dip, an uninformative covariate day) left out.
 */
function censoredRate(input: ForecastInput, raw: Float64Array, y: Float64Array, skip: Uint8Array, start: number, n: number, dipDays: number): CensoredRate | null {
  const cens = input.censored
  if (cens === undefined) return null
  const from = Math.max(start, n - CENSORING_WINDOW_DAYS)
  let any = false
  for (let t = from; t < Math.min(n, cens.length); t++) if (cens[t] === 1) {
    any = true
    break
  }
  if (!any) return null
  if (LOWER.length < n) {
    LOWER = new Float64Array(Math.max(n, 2 * LOWER.length))
    NOISE = new Uint8Array(LOWER.length)
  }
  // Days skipped for another reason than the stockout: invalid, promotion, the dip after one, an
  // uninformative covariate day (buildSkipMask's rules, over the window only).
  const noise = NOISE
  const disc = input.discount
  const reg = input.regressors
  const minF = reg?.min_informative_factor ?? DEFAULT_MIN_INFORMATIVE_FACTOR
  let dipEnd = 0
  for (let t = Math.max(0, from - dipDays); t < n; t++) {
    const promo = disc !== undefined && t < disc.length && disc[t] > 0
    if (promo) dipEnd = t + 1 + dipDays
    if (t < from) continue
    const f = reg !== undefined ? FACTOR[t] : 1
    const v = raw[t]
    noise[t] = promo || t < dipEnd || !(v >= 0 && v < Infinity) || !(f >= minF) ? 1 : 0
    LOWER[t] = v / f
  }
  return censoredDemandRate(y, LOWER, skip, cens, noise, from, n)
}
