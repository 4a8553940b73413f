/**
 * bench:forecast, external signals on the simulator: the weather and local-event effects learned
 * from the product-visible history on the recompute's path (lib/planning/signals.ts: the cells each
 * 112-day run keeps, learned from with the `external_signal` events the simulator emitted) against
 * the simulator's truth by category, and what multiplying ours' forecast by the factor the recompute
 * applies (locationFactors) does to WAPE over the rolling origins.
 *
 * Called from forecast-sim-run.ts; on its own (recovery table only, quick):
 *   node --import tsx bench/forecast-signals.ts [--seed 42] [--days 730] [--skus 400] [--stores 10]
 */
import { fileURLToPath } from 'node:url'
import { Scoreboard } from './forecast-eval'
import { H, printRollingTable, type Scored } from './forecast-score'
import { buildSimFull, type SimFullData } from './forecast-sim'
import type { LearnedSignals, LocationSignals } from '@/lib/forecast/external-signals'
import { effectOf } from '@/lib/forecast/external-signals-apply'
import { HISTORY_DAYS, type SeriesBlock } from '@/lib/planning/compute'
import { SIGNAL_LOOKBACK_DAYS, SIGNAL_WINDOW, blockCells, learnSignalState, locationFactors, type SignalState } from '@/lib/planning/signals'

const DAY_MS = 86_400_000
/** lib/sim/demand-signals.ts: a local event multiplies demand by 1.15 + U[0, 0.5): mean 1.40. */
const TRUE_EVENT = 1.15 + 0.4995 / 2

export interface SignalSetup {
  state: SignalState
  learned: LearnedSignals
  signals: (LocationSignals | null)[]
  ms: number
}

/**
 * Learn the signal effects from what the product knew before origin n, as the recompute does
 * (lib/planning/signals.ts): daily runs each keep the cells of their 112-day window (blockCells, the
 * days whose baseline window lies inside it), the run at n learns from the last two years of them
 * and the signal events (learnSignalState). Here the windows step by 84 days back from n - 1, which
 * keeps every day once, as the daily runs would (each day's last write wins there).
 */
export function signalSetup(full: SimFullData, n: number, fromTruth = false): SignalSetup | null {
  const sg = full.signals
  if (!sg) return null
  const t0 = performance.now()
  const simStartMs = Date.parse(`${full.start}T00:00:00Z`)
  const stateStart = n - SIGNAL_LOOKBACK_DAYS
  const byLocation = new Map<number, number[]>()
  full.series.forEach((s, i) => {
    const list = byLocation.get(s.location)
    if (list) list.push(i)
    else byLocation.set(s.location, [i])
  })
  const cells = new Map<string, { category: string; location: string; offsets: number[]; units: number[]; base: number[] }>()
  for (let end = n - 1; end - HISTORY_DAYS >= 0; end -= HISTORY_DAYS - 2 * SIGNAL_WINDOW) {
    const from = end - HISTORY_DAYS
    for (const [l, idx] of byLocation) {
      const block = simBlock(full, idx, from, end, fromTruth)
      for (const r of blockCells(block)) {
        const key = `${r.category}\0${l}`
        let cell = cells.get(key)
        if (!cell) cells.set(key, (cell = { category: r.category, location: sg.locations[l], offsets: [], units: [], base: [] }))
        cell.offsets.push(from + r.offset - stateStart)
        cell.units.push(r.units)
        cell.base.push(r.base)
      }
    }
  }
  const cutoff = simStartMs + n * DAY_MS
  const state = learnSignalState(
    [...cells.values()],
    sg.events.filter((e) => Date.parse(e.ts) < cutoff),
    { startMs: simStartMs + stateStart * DAY_MS, n: SIGNAL_LOOKBACK_DAYS, horizon: H, categories: full.categories, locations: sg.locations },
  )
  if (!state.learned) return null
  return { state, learned: state.learned, signals: state.signals, ms: performance.now() - t0 }
}

/** A location's series over days [from, to) as the recompute packs them (promotion days as spans). */
function simBlock(full: SimFullData, idx: readonly number[], from: number, to: number, fromTruth: boolean): SeriesBlock {
  const days = to - from
  const demand = new Float64Array(idx.length * days)
  const censored = new Uint8Array(idx.length * days)
  const spans = { series: [] as number[], from: [] as number[], to: [] as number[], depth: [] as number[] }
  idx.forEach((i, k) => {
    const s = full.series[i]
    demand.set((fromTruth ? s.truth : s.sales).subarray(from, to), k * days)
    if (!fromTruth) censored.set(s.censored.subarray(from, to), k * days)
    for (let t = 0; t < days; t++) {
      const d = s.discount[from + t]
      if (d > 0) {
        spans.series.push(k)
        spans.from.push(t)
        spans.to.push(t)
        spans.depth.push(d)
      }
    }
  })
  return {
    start_date: '',
    history_days: days,
    skus: idx.map((i) => String(full.series[i].sku)),
    channels: idx.map((i) => full.series[i].channel),
    demand,
    censored,
    category: Int32Array.from(idx, (i) => full.series[i].category),
    categories: full.categories,
    promos: { series: Int32Array.from(spans.series), from: Int32Array.from(spans.from), to: Int32Array.from(spans.to), depth: Float64Array.from(spans.depth) },
  }
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
    const sg = full.signals as NonNullable<SimFullData['signals']>
    // The factors the recompute puts on each location's categories (locationFactors), by location.
    const cache = new Map<number, Float64Array | undefined>()
    const one = new Float64Array(H).fill(1)
    for (const i of sample) {
      const s = full.series[i]
      if (!cache.has(s.location)) cache.set(s.location, locationFactors(st.state, sg.locations[s.location], full.categories, H)?.factors)
      const all = cache.get(s.location)
      const f = all ? all.subarray(s.category * H, (s.category + 1) * H) : one
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
