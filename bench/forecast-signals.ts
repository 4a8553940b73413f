/**
 * bench:forecast, external signals on the simulator: the weather and local-event effects learned
 * from the product-visible history (lib/forecast/external-signals.ts, from the `external_signal`
 * events the simulator emitted) against the simulator's truth by category, and what multiplying
 * ours' forecast by the learned factor does to WAPE over the rolling origins (the pipeline itself is
 * not changed: the factor is applied after it, as the recompute would).
 *
 * Called from forecast-sim-run.ts; on its own (recovery table only, quick):
 *   node --import tsx bench/forecast-signals.ts [--seed 42] [--days 730] [--skus 400] [--stores 10]
 */
import { fileURLToPath } from 'node:url'
import { Scoreboard } from './forecast-eval'
import { H, printRollingTable, type Scored } from './forecast-score'
import { buildSimFull, type SimFullData } from './forecast-sim'
import { learnSignalEffects, type LearnedSignals, type LocationSignals } from '@/lib/forecast/external-signals'
import { effectOf, signalDays, signalFactors } from '@/lib/forecast/external-signals-apply'

const DAY_MS = 86_400_000
/** lib/sim/demand-signals.ts: a local event multiplies demand by 1.15 + U[0, 0.5): mean 1.40. */
const TRUE_EVENT = 1.15 + 0.4995 / 2

export interface SignalSetup {
  learned: LearnedSignals
  signals: (LocationSignals | null)[]
  ms: number
}

/** Learn the signal effects from what the product knew before origin n. */
export function signalSetup(full: SimFullData, n: number, fromTruth = false): SignalSetup | null {
  const sg = full.signals
  if (!sg) return null
  const t0 = performance.now()
  const startMs = Date.parse(`${full.start}T00:00:00Z`)
  const cutoff = startMs + n * DAY_MS
  const signals = signalDays(
    sg.events.filter((e) => Date.parse(e.ts) < cutoff),
    sg.locations,
    startMs,
    n + H,
  )
  const learned = learnSignalEffects(
    full.series.map((s) =>
      fromTruth
        ? { category: s.category, location: s.location, demand: s.truth.subarray(0, n), discount: s.discount.subarray(0, n) }
        : { category: s.category, location: s.location, demand: s.sales.subarray(0, n), censored: s.censored.subarray(0, n), discount: s.discount.subarray(0, n) },
    ),
    { n, n_categories: full.categories.length, locations: signals, startMs },
  )
  return { learned, signals, ms: performance.now() - t0 }
}

/** A markdown table of records (columns from the first row's keys). */
export function printRecords(title: string, rows: readonly Record<string, string>[]): void {
  if (rows.length === 0) return
  const head = Object.keys(rows[0])
  const w = head.map((h) => Math.max(h.length, ...rows.map((r) => (r[h] ?? '').length)))
  const line = (r: string[]) => `| ${r.map((v, i) => (i === 0 ? v.padEnd(w[i]) : v.padStart(w[i]))).join(' | ')} |`
  console.log(`\n${title}`)
  console.log(line(head))
  console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`)
  for (const r of rows) console.log(line(head.map((h) => r[h] ?? '')))
}

const pct = (b: number) => (Number.isFinite(b) ? `${(100 * (Math.exp(b) - 1)) >= 0 ? '+' : ''}${(100 * (Math.exp(b) - 1)).toFixed(1)}%` : '-')
const pp = (a: number, b: number) => `${(100 * (Math.exp(a) - Math.exp(b))).toFixed(1)} pp`

/** Learned vs true effect by category: temperature (per degree C above normal), rain, local events. */
export function printSignalRecovery(full: SimFullData, st: SignalSetup, n: number): void {
  const sg = full.signals as NonNullable<SimFullData['signals']>
  const m = st.learned
  const stores = sg.location_kind.flatMap((k, l) => (k === 'store' && st.signals[l] ? [l] : []))
  const dark = sg.location_kind.flatMap((k, l) => (k === 'dark_store' && st.signals[l] ? [l] : []))
  const meanOver = (c: number, k: number, locs: number[]) => (locs.length ? locs.reduce((a, l) => a + effectOf(m, c, l, k), 0) / locs.length : NaN)
  const rainStore = Math.log(1 - 0.07 * sg.weather_effect)
  const rainDark = Math.log(1 + 0.05 * sg.weather_effect)
  const rows = full.categories.map((name, c) => {
    const t = m.category[c][0]
    const truth = sg.temp_effect[c]
    return {
      category: name,
      'temp: learned /degC': pct(t.effect),
      'raw (+-se)': `${pct(t.raw)} (${(100 * t.se).toFixed(2)})`,
      'true /degC': pct(truth),
      'temp error': pp(t.effect, truth),
      'rain, stores': `${pct(meanOver(c, 1, stores))} vs ${pct(rainStore)}`,
      'rain, dark store': dark.length ? `${pct(meanOver(c, 1, dark))} vs ${pct(rainDark)}` : '-',
      'rain, category (se)': `${pct(m.category[c][1].effect)} (${(100 * m.category[c][1].se).toFixed(1)})`,
      'local event (se)': `${pct(m.category[c][2].effect)} (${(100 * m.category[c][2].se).toFixed(1)}) vs ${pct(Math.log(TRUE_EVENT))}`,
    }
  })
  const maxErr = Math.max(...full.categories.map((_, c) => Math.abs(Math.exp(m.category[c][0].effect) - Math.exp(sg.temp_effect[c]))))
  printRecords(`Simulator: weather and local-event effects learned from history before ${new Date(Date.parse(`${full.start}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)} vs the simulator's truth, by category (learned vs true; learning ${(st.ms / 1000).toFixed(1)} s)`, rows)
  console.log(
    `temperature effect: largest error ${(100 * maxErr).toFixed(2)} pp per degree C; anomaly persistence (autocorrelation by lag) ${m.persistence.map((r) => r.toFixed(2)).join(', ') || 'none'}`,
  )
}

/** Per origin: ours and ours x the learned signal factor, scored on the same sample. */
export class SignalScoring {
  readonly boards: Scoreboard[] = []

  add(full: SimFullData, st: SignalSetup, n: number, items: readonly Scored[], ours: readonly Float64Array[], sample: readonly number[]): void {
    const board = new Scoreboard()
    const cache = new Map<number, Float64Array>()
    const nLoc = st.learned.n_locations
    for (const i of sample) {
      const s = full.series[i]
      const key = s.category * nLoc + s.location
      let f = cache.get(key)
      if (!f) cache.set(key, (f = signalFactors(st.learned, st.signals[s.location], s.category, s.location, n, H).factor))
      const it = items[i]
      board.add('ours', it.segment, it.actual, ours[i], it.scale, 0)
      board.add('ours_signals', it.segment, it.actual, Float64Array.from(ours[i], (v, h) => v * (f as Float64Array)[h]), it.scale, 0)
      // The first week only: where a signal is known (events announced, the weather's persistence).
      const w = 7
      board.add('ours_w1', it.segment, it.actual.subarray(0, w), ours[i].subarray(0, w), it.scale, 0)
      board.add('ours_signals_w1', it.segment, it.actual.subarray(0, w), Float64Array.from(ours[i].subarray(0, w), (v, h) => v * (f as Float64Array)[h]), it.scale, 0)
    }
    this.boards.push(board)
  }

  print(): void {
    if (this.boards.length === 0) return
    printRollingTable(
      `Simulator: ours with and without the learned external-signal factor (applied after the pipeline), mean over ${this.boards.length} origins and the last window`,
      [...this.boards].reverse(),
      ['ours', 'ours_signals', 'ours_w1', 'ours_signals_w1'],
      { ours: 'ours (28 days)', ours_signals: 'ours x signals (28 days)', ours_w1: 'ours (days 1-7)', ours_signals_w1: 'ours x signals (days 1-7)' },
    )
  }
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const full = buildSimFull({
    seed: Number(arg('seed', '42')),
    start: arg('start', '2024-01-01'),
    days: Number(arg('days', '730')),
    horizon: H,
    scale: { skus: Number(arg('skus', '400')), stores: Number(arg('stores', '10')), customers: 2000 },
  })
  console.log(`simulated ${full.days} days in ${(full.ms / 1000).toFixed(1)} s; ${full.series.length} series; ${full.signals?.events.length} signal events`)
  const n = full.days - H
  const st = signalSetup(full, n)
  if (st) printSignalRecovery(full, st, n)
  // The same learning on the true demand (no stockouts, no ship-from-store sales): the estimator's own error.
  if (process.argv.includes('--truth')) {
    const tr = signalSetup(full, n, true)
    if (tr) printSignalRecovery(full, tr, n)
  }
}
