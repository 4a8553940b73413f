/**
 * bench:forecast on the simulator: ~2 years simulated in-process, the product-visible history of
 * each selling SKU x location (forecast-sim.ts), the last 28 days forecast and scored against the
 * TRUE unconstrained demand, then the same on other 28-day windows of the year.
 */
import { printTable } from './lib'
import { buildSimData } from './forecast-sim'
import { groupTotals, runOurs, seriesSkip, type OursSeries } from './forecast-ours'
import type { RecomputeSeries } from './forecast-recompute'
import { maseScale, printScoreTable, Scoreboard } from './forecast-eval'
import { H, LABELS, f3, pct, scoreAll, scoreRecompute, costLines, segmentOf, type Row, type Scored } from './forecast-score'
import { calendarFlags } from '@/lib/planning/calendar'
import { buildSkipMask } from '@/lib/forecast/series'
import { yearlyIndex } from '@/lib/forecast/yearly-index'
import { biasFromTotals } from '@/lib/forecast/metrics'

const SIM_COVARIATES = ['log_rel_price', 'christmas_day', 'black_friday'] as const
/** Demand cannot rise with the price: the log relative price coefficient is bounded above by 0. */
const SIM_BOUNDS = { upper: [0, NaN, NaN] }

interface SimSetup {
  series: OursSeries[]
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

function simSetup(seed: number, start: string, days: number, skus: number, stores: number): SimSetup & { ms: number; n: number } {
  const data = buildSimData({ seed, start, days, horizon: H, scale: { skus, stores, customers: 2000 } })
  const { n } = data
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
  const base: OursSeries[] = data.series.map((s) => ({
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
  const ySku = groupTotals(base, (i) => (data.series[i].seasonal ? (skuIdx.get(data.series[i].sku) as number) : -1), skuList.length, n).map((g) =>
    yearlyIndex(g.total, n, H, g.clean),
  )
  const yCat = groupTotals(base, (i) => (data.series[i].seasonal ? -1 : data.series[i].category), nCat, n).map((g) => yearlyIndex(g.total, n, H, g.clean))
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
  const recompute: RecomputeSeries[] = data.series.map((s) => ({ location: s.location, channel: s.channel, category: s.category, demand: s.sales, censored: s.censored, discount: s.discount }))
  return { series, items, nCat, nReg: nCat * 2, nPool: skuList.length * chans.length, yearlyMs, ms: data.ms, n, recompute, startMs }
}

export function runSim(opts: { seed: number; start: string; days: number; skus: number; stores: number; sample: number; windows: string[] }): void {
  console.log(`\n== Simulator: seed ${opts.seed}, ${opts.days} days from ${opts.start}, ${opts.skus} SKUs, ${opts.stores} stores ==`)
  const setup = simSetup(opts.seed, opts.start, opts.days, opts.skus, opts.stores)
  const { series, items, n } = setup
  console.log(`simulated in ${(setup.ms / 1000).toFixed(1)} s; ${series.length} selling SKU x location series; history ${n} days, scored on days ${n}..${n + H - 1} against true demand`)
  const ours = runOurs(series, { n, horizon: H, n_categories: setup.nCat, n_reg_groups: setup.nReg, n_pool_groups: setup.nPool, hierarchy: SIM_BOUNDS })
  const step = Math.max(1, Math.floor(items.length / opts.sample))
  const sample = items.map((_, i) => i).filter((i) => i % step === 0).slice(0, opts.sample)
  const board = new Scoreboard()
  const refs = scoreAll(board, items, ours, sample, setup.yearlyMs)
  scoreRecompute(board, items, setup.recompute, n, setup.nCat, setup.startMs)
  printScoreTable(`Simulator: WAPE, bias, MASE against true demand, last ${H} days (AutoETS on a sample of ${sample.length})`, board, LABELS)
  const g = ours.coef.global
  if (g !== null) console.log(`learned global coefficients: ${SIM_COVARIATES.map((c, j) => `${c} ${g[j] >= 0 ? '+' : ''}${g[j].toFixed(3)}`).join(', ')}`)
  const wOurs = board.wape('ours')
  const wNaive = board.wape('snaive')
  const rows: Row[] = [
    { metric: 'ours WAPE / seasonal-naive WAPE', value: `${f3(wOurs)} / ${f3(wNaive)} = ${f3(wOurs / wNaive)}`, target: '<= 0.85', ok: wOurs <= 0.85 * wNaive },
    {
      metric: 'ours as the recompute runs it / seasonal naive',
      value: `${f3(board.wape('recompute'))} / ${f3(wNaive)} = ${f3(board.wape('recompute') / wNaive)}`,
      target: '<= 0.85',
      ok: board.wape('recompute') <= 0.85 * wNaive,
    },
    { metric: 'ours vs AutoETS (sample)', value: `${f3(board.wape('ours_s'))} vs ${f3(board.wape('autoets'))}: ${pct(board.wape('ours_s') / board.wape('autoets') - 1)}` },
    { metric: 'ours vs MSTL+AutoETS (sample)', value: `${f3(board.wape('ours_s'))} vs ${f3(board.wape('mstl'))}: ${pct(board.wape('ours_s') / board.wape('mstl') - 1)}` },
  ]
  // The same comparison on other 28-day windows of the year (ours and seasonal naive only).
  for (const start of opts.windows) {
    const w = simSetup(opts.seed, start, opts.days, opts.skus, opts.stores)
    const r = runOurs(w.series, { n: w.n, horizon: H, n_categories: w.nCat, n_reg_groups: w.nReg, n_pool_groups: w.nPool, hierarchy: SIM_BOUNDS })
    const b = new Scoreboard()
    scoreAll(b, w.items, r, [])
    const a = b.wape('ours')
    const z = b.wape('snaive')
    const bias = biasFromTotals((b.get('ours') as NonNullable<ReturnType<Scoreboard['get']>>).totals)
    const from = new Date(Date.parse(`${start}T00:00:00Z`) + w.n * 86_400_000).toISOString().slice(0, 10)
    rows.push({ metric: `window from ${from}: ours / seasonal naive`, value: `${f3(a)} / ${f3(z)} = ${f3(a / z)} (ours bias ${bias >= 0 ? '+' : ''}${f3(bias)})`, target: '<= 0.85', ok: a <= 0.85 * z })
  }
  printTable('Simulator targets', rows)
  costLines('Simulator cost', ours, items.length, refs, setup.yearlyMs)
}
