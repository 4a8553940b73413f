/**
 * bench:forecast on the simulator: ~2 years simulated in-process once, the product-visible history
 * of each selling SKU x location (forecast-sim.ts) cut at rolling 28-day origins (the last 28 days
 * first), each forecast from the days before it only and scored against the TRUE unconstrained
 * demand by demand class.
 */
import { printTable } from './lib'
import { buildSimFull, simAtOrigin, type SimFullData } from './forecast-sim'
import { groupTotals, learnPriceWithSeason, runPipeline, seriesSkip, type PipelineSeries } from '@/lib/forecast/pipeline'
import { recomputeForecasts, type RecomputeSeries } from './forecast-recompute'
import { maseScale, type Scoreboard } from './forecast-eval'
import { H, costLines, originRows, printRollingTable, rollingTargetRows, sampleIndexes, scoreOrigin, segmentOf, type Scored } from './forecast-score'
import { calendarFlags } from '@/lib/planning/calendar'
import { buildSkipMask } from '@/lib/forecast/series'
import { yearlyIndex } from '@/lib/forecast/yearly-index'
import { SignalScoring, printSignalRecovery, signalSetup } from './forecast-signals'
import { BiasByKnowledge } from './forecast-known'

const SIM_COVARIATES = ['log_rel_price', 'christmas_day', 'black_friday'] as const
/** Demand cannot rise with the price: the log relative price coefficient is bounded above by 0. */
export const SIM_BOUNDS = { upper: [0, NaN, NaN] }
/** Fixed-point iterations of the price coefficient and the yearly indexes: at the first origin, and at each later one (warm-started). */
const PRICE_ITER_FIRST = 8
const PRICE_ITER = 3
const MODELS = ['ours', 'recompute', 'snaive', 'ma28', 'autoets', 'mstl']

interface SimSetup {
  series: PipelineSeries[]
  items: Scored[]
  nCat: number
  nReg: number
  nPool: number
  /** Building the yearly indexes (pooled learning, counted in ours' cost). */
  yearlyMs: number
  /** The same series as the recompute packs them (forecast-recompute.ts). */
  recompute: RecomputeSeries[]
  /** UTC midnight of day 0. */
  startMs: number
}

/**
 * `priceCoef`: build the yearly indexes from demand with the price effect divided out (demand /
 * price_ratio^priceCoef), so a markdown that recurs at the same time each year is not read as season.
 */
const nRegGroups = (full: SimFullData) => full.categories.length * 2

export function simSetup(full: SimFullData, origin: number, priceCoef = 0): SimSetup & { n: number } {
  const data = simAtOrigin(full, origin)
  const { n, start } = data
  const nCat = data.categories.length
  const skuList = [...new Set(data.series.map((s) => s.sku))]
  const skuIdx = new Map(skuList.map((s, i) => [s, i]))
  // Pool by SKU x channel: the store channel pools the stores; other channels have one location each.
  const chans = [...new Set(data.series.map((s) => s.channel))]
  // The retail calendar the product knows (lib/planning/calendar.ts): Christmas Day, Black Friday.
  const total = n + H
  const startMs = Date.parse(`${start}T00:00:00Z`)
  const [christmas, blackFriday] = calendarFlags(startMs, total)
  // Coefficients pool by category x (physical store or online): a closed store sells ~nothing, a web shop half.
  const online = (ch: string) => (ch === 'ecommerce' || ch === 'marketplace' ? 1 : 0)
  const base: PipelineSeries[] = data.series.map((s) => ({
    demand: s.sales,
    censored: s.censored,
    discount: s.discount,
    category: s.category,
    covariates: [Float64Array.from(s.price_ratio, (r) => Math.log(r)), christmas, blackFriday],
    reg_group: s.category * 2 + online(s.channel),
    pool_group: (skuIdx.get(s.sku) as number) * chans.length + chans.indexOf(s.channel),
  }))
  // Yearly index: SKUs whose product master says lifecycle 'seasonal' follow their own chain-wide
  // curve (their season window recurs); the rest follow their category's (over non-seasonal SKUs).
  const ty = performance.now()
  const forYearly =
    priceCoef === 0 ? base : base.map((b) => ({ ...b, demand: Float64Array.from(b.demand, (y, t) => y / Math.exp(priceCoef * (b.covariates as Float64Array[])[0][t])) }))
  const ySku = groupTotals(forYearly, (i) => (data.series[i].seasonal ? (skuIdx.get(data.series[i].sku) as number) : -1), skuList.length, n).map((g) =>
    yearlyIndex(g.total, n, H, g.clean),
  )
  const yCat = groupTotals(forYearly, (i) => (data.series[i].seasonal ? -1 : data.series[i].category), nCat, n).map((g) => yearlyIndex(g.total, n, H, g.clean))
  const yearlyMs = performance.now() - ty
  const series = base.map((b, i) => {
    const s = data.series[i]
    return { ...b, yearly: s.seasonal ? ySku[skuIdx.get(s.sku) as number] : yCat[s.category] }
  })
  const items: Scored[] = data.series.map((s, i) => {
    const skip = seriesSkip(series[i], n)
    const unknown = buildSkipMask(s.sales, s.censored)
    return { history: s.sales, unknown, actual: s.truth, segment: segmentOf(s.sales, skip), scale: maseScale(s.sales, unknown) }
  })
  const recompute: RecomputeSeries[] = data.series.map((s) => ({ location: s.location, sku: s.sku, channel: s.channel, category: s.category, demand: s.sales, censored: s.censored, discount: s.discount }))
  return { series, items, nCat, nReg: nRegGroups(full), nPool: skuList.length * chans.length, yearlyMs, n, recompute, startMs }
}

export function runSim(opts: { seed: number; start: string; days: number; skus: number; stores: number; sample: number; origins: number; refs?: boolean }): void {
  const t0 = performance.now()
  console.log(`\n== Simulator: seed ${opts.seed}, ${opts.days} days from ${opts.start}, ${opts.skus} SKUs, ${opts.stores} stores ==`)
  const full = buildSimFull({ seed: opts.seed, start: opts.start, days: opts.days, horizon: H, scale: { skus: opts.skus, stores: opts.stores, customers: 2000 } })
  console.log(`simulated in ${(full.ms / 1000).toFixed(1)} s; ${full.series.length} selling SKU x location series; ${opts.origins} rolling ${H}-day origins scored against true demand`)
  const boards: Scoreboard[] = []
  const labels: string[] = []
  const startMs = Date.parse(`${opts.start}T00:00:00Z`)
  let sampleN = 0
  // Origins in calendar order, so the price coefficient carried from one to the next (as the
  // recompute would reuse yesterday's) never comes from the future.
  const ks: number[] = []
  for (let k = 1; k <= opts.origins && full.days - H * k >= 365; k++) ks.unshift(k)
  let priceB = 0
  const signalBoards = new SignalScoring()
  const byKnowledge = new BiasByKnowledge()
  for (const k of ks) {
    const origin = full.days - H * k
    // The yearly indexes are built from price-deflated demand and the price coefficient learned
    // against them (pipeline.ts learnPriceWithSeason), warm-started from the previous origin.
    const t1 = performance.now()
    const fp = learnPriceWithSeason(
      (b) => simSetup(full, origin, b),
      (st) => st.series,
      { n: origin, horizon: H, n_reg_groups: nRegGroups(full), hierarchy: SIM_BOUNDS },
      0,
      priceB,
      k === ks[0] ? PRICE_ITER_FIRST : PRICE_ITER,
    )
    priceB = fp.price_coef
    const setup = fp.setup
    const { series, items, n } = setup
    const ours = runPipeline(series, { n, horizon: H, n_categories: setup.nCat, n_reg_groups: setup.nReg, n_pool_groups: setup.nPool, hierarchy: SIM_BOUNDS })
    const oursMs = performance.now() - t1
    const rec = recomputeForecasts(setup.recompute, n, setup.nCat, setup.startMs)
    const sample = sampleIndexes(items.length, opts.sample)
    sampleN = sample.length
    const board = scoreOrigin(items, { ours: ours.forecasts, recompute: rec.forecasts, oursMs, recomputeMs: rec.ms }, sample, opts.refs)
    boards.push(board)
    byKnowledge.add(full, n, items.map((it) => it.segment), { ours: ours.forecasts, recompute: rec.forecasts }, sample)
    // External signals, learned at this origin and applied after the pipeline (forecast-signals.ts).
    const sig = signalSetup(full, n)
    if (sig) {
      signalBoards.add(full, sig, n, items, ours.forecasts, sample)
      if (k === 1) printSignalRecovery(full, sig, n)
    }
    const day = (d: number) => new Date(startMs + d * 86_400_000).toISOString().slice(0, 10)
    labels.push(`${day(n)}..${day(n + H - 1)}`)
    if (k === 1) {
      const g = ours.coef.global
      if (g !== null) console.log(`learned global coefficients (last origin): ${SIM_COVARIATES.map((c, j) => `${c} ${g[j] >= 0 ? '+' : ''}${g[j].toFixed(3)}`).join(', ')}`)
      console.log(`log_rel_price by category x (store, online): ${ours.coef.groups.map((c) => c[0].toFixed(2)).join(' ')}`)
      // The truth it should recover: the simulator's markdown elasticity, weighted by the true demand
      // on the history's markdown days.
      let wt = 0
      let we = 0
      full.series.forEach((f) => {
        for (let t = Math.max(0, n - 730); t < n; t++) {
          if (f.price_ratio[t] >= 1) continue
          wt += f.truth[t]
          we += f.truth[t] * f.markdown_elasticity
        }
      })
      console.log(`price coefficient learned ${ours.coef.global?.[0].toFixed(3)} vs the simulator's markdown elasticity ${(we / wt).toFixed(3)} (true-demand-weighted over markdown days)`)
      costLines('Simulator cost (last origin)', ours, items.length, board, setup.yearlyMs)
    }
  }
  boards.reverse()
  labels.reverse()
  printRollingTable(`Simulator: WAPE, bias, MASE against true demand by demand class, mean over ${boards.length} rolling ${H}-day origins and the last window (sample of ${sampleN} series)`, boards, MODELS)
  signalBoards.print()
  byKnowledge.print()
  printTable(`Simulator WAPE by ${H}-day origin`, originRows(boards, labels, MODELS))
  printTable(`Simulator targets (mean over ${boards.length} origins)`, [
    ...rollingTargetRows(boards, 'ours', { vs_snaive: 0.85, vs_best_ref: 0.9, judge_best_ref: false, max_bias: 0.05 }),
    ...rollingTargetRows(boards, 'recompute', { vs_snaive: 0.85 }),
  ])
  console.log(`Simulator run time ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}
