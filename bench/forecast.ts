/**
 * bench:forecast — forecast accuracy and cost, on the simulator's ground truth and on M5, judged
 * over rolling origins.
 *
 *   node --import tsx bench/forecast.ts [--m5 <dir>] [--no-sim] [--no-m5] [--sample 300] [--origins 10]
 *        [--no-refs] [--seed 42] [--sim-start 2024-01-01] [--sim-days 730] [--sim-skus 400] [--sim-stores 10]
 *
 * Every figure is the mean over `--origins` (default 10) rolling 28-day origins, each forecast from
 * the days before it only (--no-refs: without the augurs references, for a quick look); the last
 * window is the first origin and is shown on its own too. Models
 * are scored by demand class (lib/forecast/classify.ts, on each origin's history) on a sample of
 * `--sample` series (every k-th; M5's 280 series are all taken), which bounds the run time: the
 * augurs references cost ~30 ms a series each.
 * 1. Simulator: ~2 years simulated in-process once; per selling SKU x location the product-visible
 *    history (sales, stockouts from snapshots, promotions, markdown prices; bench/forecast-sim.ts)
 *    cut at each origin and scored against the TRUE unconstrained demand.
 * 2. M5 (../shared/data/m5, read in place) with prices, SNAP days and calendar events
 *    (bench/forecast-m5.ts).
 * 3. Per-series cost of forecastSeries (the hot path of the 500,000-series recompute).
 * The simulator run also prints the weather and local-event effects learned from its `external_signal`
 * events against its truth by category, and ours x that factor (bench/forecast-signals.ts).
 *
 * Runs: forecast-sim-run.ts (1), forecast-m5-run.ts (2), scored by forecast-score.ts; the hot
 * path (3) is below.
 *
 * Models: ours = lib/forecast as the full pipeline runs it (lib/forecast/pipeline.ts); ours as the
 * recompute runs it (bench/forecast-recompute.ts); seasonal naive (censored days skipped); the
 * 28-day moving average (mean of the last 28 known days); AutoETS from @bsull/augurs (bench only),
 * which in augurs 0.10 has no seasonal ETS models, so both its non-seasonal AutoETS ("ZZN") and
 * its seasonal ETS-family model, MSTL(7) with an AutoETS trend, are shown; the targets compare
 * with the best of the two and the moving average. References get the last 730 days with unknown
 * days imputed (bench/forecast-eval.ts).
 */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { printTable } from './lib'
import { initAugurs } from './forecast-eval'
import { runM5 } from './forecast-m5-run'
import { H } from './forecast-score'
import { runSim } from './forecast-sim-run'
import { forecastSeries } from '@/lib/forecast/select'
import { MODEL_VERSION } from '@/lib/forecast/version'

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def
}
const flag = (name: string) => process.argv.includes(`--${name}`)

// ------------------------------------------------------------------------------------- hot path

function hotPath(): void {
  // 730 days of a weekly-patterned, noisy series with a third of days carrying covariates.
  const n = 730
  const count = 2000
  let seed = 7
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
  const series = Array.from({ length: count }, (_, i) => {
    const level = 0.2 + (i % 50)
    return Float64Array.from({ length: n }, (_, t) => Math.max(0, Math.round(level * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 7)) * (0.5 + rnd()))))
  })
  const censored = new Uint8Array(n)
  const covs = Array.from({ length: 7 }, (_, k) => Float64Array.from({ length: n + H }, (_, t) => ((t + k) % 3 === 0 ? 1 : 0)))
  const reg = { history: covs.map((c) => c.subarray(0, n)), future: covs.map((c) => c.subarray(n)), coef: [0.06, -0.01, -0.03, -0.05, 0.02, 1.3, 1] }
  const pooled = new Float64Array(H).fill(5)
  const variants: [string, (y: Float64Array) => void][] = [
    ['forecastSeries, no covariates', (y) => forecastSeries({ demand: y, censored })],
    ['forecastSeries + 7 covariates', (y) => forecastSeries({ demand: y, censored, regressors: reg })],
    ['forecastSeries + 7 covariates + pooled level', (y) => forecastSeries({ demand: y, censored, regressors: reg, pooled_mean: pooled })],
  ]
  const best = new Map<string, number>()
  for (let rep = 0; rep < 5; rep++) {
    for (const [name, fn] of variants) {
      const t0 = performance.now()
      for (const y of series) fn(y)
      const us = ((performance.now() - t0) * 1000) / count
      best.set(name, Math.min(best.get(name) ?? Infinity, us))
    }
  }
  const full = best.get(variants[2][0]) as number
  printTable(`Hot path: forecastSeries on ${count} series of ${n} days, ${H}-day horizon (best of 5; machine load ${os.loadavg()[0].toFixed(1)})`, [
    ...variants.map(([name]) => ({ metric: name, value: `${(best.get(name) as number).toFixed(1)} us/series`, target: '< 100 us', ok: (best.get(name) as number) < 100 })),
    { metric: '500,000 series on 2 cores (forecast step only)', value: `${((full * 500_000) / 2 / 1e6).toFixed(1)} s` },
  ])
}

// ------------------------------------------------------------------------------------------ main

function main(): void {
  const t0 = performance.now()
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  console.log(`bench:forecast  model ${MODEL_VERSION}  node ${process.version}  ${os.cpus().length} cpus  load ${os.loadavg()[0].toFixed(1)}`)
  initAugurs()
  if (!flag('no-sim')) {
    runSim({
      seed: Number(arg('seed', '42')),
      start: arg('sim-start', '2024-01-01'),
      days: Number(arg('sim-days', '730')),
      skus: Number(arg('sim-skus', '400')),
      stores: Number(arg('sim-stores', '10')),
      sample: Number(arg('sample', '300')),
      origins: Number(arg('origins', '10')),
      refs: !flag('no-refs'),
    })
  }
  if (!flag('no-m5')) runM5(path.resolve(root, arg('m5', '../shared/data/m5')), Number(arg('origins', '10')), Number(arg('sample', '300')), !flag('no-refs'))
  hotPath()
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

main()
