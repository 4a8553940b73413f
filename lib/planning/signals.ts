/**
 * External signals (weather, local events) in the recompute: what it keeps, learns and applies.
 * Pure; the I/O is jobs/recompute/signals.ts. The model is lib/forecast/external-signals.ts.
 *
 * Where learning gets its history: a weather effect needs a year or more of days (the temperature
 * normal is fitted per location over the year, and a few degrees' effect on a category needs many
 * hot and cold days), while a run reads 112 days per location. Re-reading two years of sales per
 * series, or a pre-pass summing category x location days in ClickHouse, would cost a 500k-series run
 * seconds of its 60 and would not know which days were clean (stockouts, promotions). So, as the
 * seasonality state does (category_daily), each full run keeps per category x location and day the
 * units and baseline sums of its own window (blockCells, from the block it reads anyway, with its
 * clean-day masks), written to `signal_cells` at the end; the next run learns from all of them
 * (learnSignalState: a few hundred cells x two years, milliseconds) and the weather and events it
 * reads from raw_external_signals (one row per location and day). A first run on a deployment
 * finds no state: it fills it once from the history before learning (jobs/recompute/signals-backfill.ts:
 * past 112-day windows stepping back by SIGNAL_STEP_DAYS, backfillWindowEnds, their cells taken by
 * blockCells as a run's own), so a deployment with history learns the effects on its first run.
 *
 * Forecast days: external-signals-apply.ts signalFactors decides them: announced local events on
 * their days; a temperature reading known ahead on its day; after the last reading, the anomaly
 * decayed by its persistence (days 1-3 in the simulator), then the normal, which the seasonal
 * index already carries (factor 1); rain only where known.
 */
import { learnFromCells, type CellHistory, type LearnedSignals, type LocationSignals } from '@/lib/forecast/external-signals'
import { aggregateCells, type CellSeries } from '@/lib/forecast/external-signals-cells'
import { signalDays, signalDrivers, signalFactors, type SignalDriver, type SignalEvent } from '@/lib/forecast/external-signals-apply'
import { HISTORY_DAYS, type SeriesBlock, type SeriesForecast } from './compute'
import { discountPaths } from './promotions'

/** Half-width of the baseline window (days), and the days of state learned from (two years). */
export const SIGNAL_WINDOW = 14
export const SIGNAL_LOOKBACK_DAYS = 2 * 364
/** Days between the ends of two windows whose kept cells (blockCells) meet without overlapping: 84. */
export const SIGNAL_STEP_DAYS = HISTORY_DAYS - 2 * SIGNAL_WINDOW

/**
 * A first run's backfill (jobs/recompute/signals-backfill.ts): the ends, in days before the first
 * forecast day, of the 112-day windows whose kept cells cover the lookback once each, newest first:
 * 0, 84, ..., 672 for two years (the window ending 672 days back keeps days 687 to 770 back).
 */
export function backfillWindowEnds(lookback = SIGNAL_LOOKBACK_DAYS): number[] {
  const ends: number[] = []
  for (let end = 0; end + SIGNAL_WINDOW < lookback; end += SIGNAL_STEP_DAYS) ends.push(end)
  return ends
}

/** A signal that moves a day's forecast by less than this is not reported. */
export const DRIVER_MIN_CHANGE = 0.02

/** A block with the factor its signals put on each category's forecast days. */
export type SignalBlock = SeriesBlock & {
  /** Per category code (block.categories), horizon factors, index c * horizon + h; absent: none moved. */
  signal_factors?: Float64Array
}

/** One category's day at a location, as the state keeps it (`offset` days from the block's first day). */
export interface CellRow {
  category: string
  offset: number
  units: number
  base: number
}

/**
 * The cells of a block's window to keep: per category and day, units and baselines over the clean
 * series (aggregateCells), only on days whose +-w baseline window lies inside the block.
 */
export function blockCells(block: SeriesBlock, w = SIGNAL_WINDOW): CellRow[] {
  if (!block.category || !block.categories) return []
  const H = block.history_days
  const discounts = block.promos ? discountPaths(block.promos, H) : undefined
  const series: CellSeries[] = block.skus.map((_, i) => ({
    category: block.category![i],
    location: 0,
    demand: block.demand.subarray(i * H, (i + 1) * H),
    censored: block.censored.subarray(i * H, (i + 1) * H),
    discount: discounts?.get(i)?.subarray(0, H),
  }))
  const out: CellRow[] = []
  for (const cell of aggregateCells(series, H, w)) {
    for (let t = w; t < H - w; t++) {
      if (cell.base[t] > 0) out.push({ category: block.categories[cell.category], offset: t, units: cell.units[t], base: cell.base[t] })
    }
  }
  return out
}

/** What a run learned: effects by category x location, and each location's signals over [0, n + horizon). */
export interface SignalState {
  categories: string[]
  locations: string[]
  /** Null when there was no state to learn from (a first run). */
  learned: LearnedSignals | null
  signals: (LocationSignals | null)[]
  /** Days of history (day n is the first forecast day); day 0 is startMs. */
  n: number
  startMs: number
}

/**
 * Learn from the kept cells (per category x location, days as offsets from startMs in [0, n)) and the signal
 * events, for forecasts starting on day n. `categories` / `locations`: the first indexes (optional).
 */
export function learnSignalState(
  cells: readonly { category: string; location: string; offsets: ArrayLike<number>; units: ArrayLike<number>; base: ArrayLike<number> }[],
  events: readonly SignalEvent[],
  o: { startMs: number; n: number; horizon: number; categories?: readonly string[]; locations?: readonly string[] },
): SignalState {
  // Indexes in order of appearance, after any given (a bench keeps its own order).
  const categories = [...(o.categories ?? [])]
  const locations = [...(o.locations ?? [])]
  const catIdx = new Map(categories.map((c, i) => [c, i]))
  const locIdx = new Map(locations.map((l, i) => [l, i]))
  const index = (m: Map<string, number>, list: string[], k: string) => {
    let i = m.get(k)
    if (i === undefined) {
      m.set(k, (i = list.length))
      list.push(k)
    }
    return i
  }
  for (const e of events) index(locIdx, locations, e.location)
  const byCell = new Map<string, CellHistory>()
  for (const r of cells) {
    const c = index(catIdx, categories, r.category)
    const l = index(locIdx, locations, r.location)
    const key = `${c}:${l}`
    let cell = byCell.get(key)
    if (!cell) byCell.set(key, (cell = { category: c, location: l, units: new Float64Array(o.n), base: new Float64Array(o.n) }))
    for (let k = 0; k < r.offsets.length; k++) {
      const t = r.offsets[k]
      if (t < 0 || t >= o.n) continue
      cell.units[t] = r.units[k]
      cell.base[t] = r.base[k]
    }
  }
  const signals = signalDays(events, locations, o.startMs, o.n + o.horizon)
  const learned = byCell.size
    ? learnFromCells([...byCell.values()], { n: o.n, n_categories: categories.length, locations: signals, startMs: o.startMs, window: SIGNAL_WINDOW })
    : null
  return { categories, locations, learned, signals, n: o.n, startMs: o.startMs }
}

/**
 * The factors a location's signals put on each of the block's categories over `horizon` days, and
 * the drivers (days and signals that moved a category's forecast by DRIVER_MIN_CHANGE or more).
 * Undefined when nothing moves.
 */
export function locationFactors(
  st: SignalState,
  location: string,
  categories: readonly string[],
  horizon: number,
): { factors: Float64Array; drivers: Map<string, SignalDriver[]> } | undefined {
  const m = st.learned
  const l = st.locations.indexOf(location)
  if (!m || l < 0 || !st.signals[l]) return undefined
  const factors = new Float64Array(categories.length * horizon).fill(1)
  const drivers = new Map<string, SignalDriver[]>()
  let moved = false
  categories.forEach((name, i) => {
    const c = st.categories.indexOf(name)
    if (c < 0) return
    const f = signalFactors(m, st.signals[l], c, l, st.n, horizon)
    if (!f.factor.some((v) => Math.abs(v - 1) > 1e-9)) return
    factors.set(f.factor, i * horizon)
    moved = true
    const d = signalDrivers(f, DRIVER_MIN_CHANGE)
    if (d.length) drivers.set(name, d.sort((a, b) => a.day - b.day || a.signal.localeCompare(b.signal)))
  })
  return moved ? { factors, drivers } : undefined
}

/**
 * The block's signal factors on its forecasts, in place: mean, lower and upper scaled day by day
 * (the interval keeps its shape relative to the mean), d the new path's mean and sd_d in proportion,
 * so the policies (safety stock, reorder point) plan on the moved demand.
 */
export function applySignalFactors(block: SignalBlock, forecasts: SeriesForecast[]): SeriesForecast[] {
  const fs = block.signal_factors
  if (!fs || !block.category) return forecasts
  forecasts.forEach((f, i) => {
    const c = block.category![i]
    const hz = f.mean.length
    if (c < 0 || (c + 1) * hz > fs.length) return
    let sum = 0
    for (let h = 0; h < hz; h++) {
      const k = fs[c * hz + h]
      f.mean[h] *= k
      f.lower[h] *= k
      f.upper[h] *= k
      sum += f.mean[h]
    }
    const d = sum / hz
    if (f.d > 0) f.sd_d *= d / f.d
    f.d = d
  })
  return forecasts
}
