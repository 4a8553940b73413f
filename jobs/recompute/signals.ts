/**
 * External signals in the full recompute (the model: lib/forecast/external-signals.ts; what is kept,
 * learned and applied, and why learning reads state: lib/planning/signals.ts). run.ts calls:
 * - `RecomputeSignals.load` before the locations: reads the kept cells (signal_cells, two years
 *   before the window's end) and the weather and events, and learns the effects; when no cell is
 *   kept there (a fresh deployment), first fills them once from history (signals-backfill.ts);
 * - `prepare` on each location's block as it is read: sets the factor on its categories' forecast
 *   days (the worker applies it, compute-worker.ts);
 * - `keep` with the window's cells the worker computed from the block (blockCells, on the compute
 *   thread: the main thread is the run's busiest, bench:forecast-scale);
 * - `write` at the end: the notes of what moved (forecast_signals, matched to forecasts by run_id)
 *   and, after a full run, the window's cells for the next run.
 */
import type { ClickHouse } from '@/lib/clickhouse/client'
import { backfillSignalCells, type MakePacker, type SignalBackfill } from './signals-backfill'
import { signalCells, signalEvents } from '@/lib/clickhouse/queries/signals'
import type { SignalDriver, SignalEvent } from '@/lib/forecast/external-signals-apply'
import { HISTORY_DAYS, HORIZON_DAYS } from '@/lib/planning/compute'
import { SIGNAL_LOOKBACK_DAYS, learnSignalState, locationFactors, type CellRow, type SignalBlock, type SignalState } from '@/lib/planning/signals'

const DAY_MS = 86_400_000
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
/** Local events announced up to this long before they start still reach the history's first day. */
const ANNOUNCE_DAYS = 31

export interface SignalStats {
  /** Reading the state and the events, and learning (ms). */
  load_ms: number
  /** Cells learned from, and the category x location forecasts a signal moved. */
  cells: number
  moved: number
  /** The one-off fill of an empty state from history (load_ms includes it); absent when state was kept. */
  backfill?: SignalBackfill
}

export class RecomputeSignals {
  readonly stats: SignalStats
  private readonly cells = new Map<string, CellRow[]>()
  private readonly notes: { location: string; category: string; drivers: SignalDriver[] }[] = []

  private constructor(
    private readonly state: SignalState,
    private readonly todayMs: number,
    stats: SignalStats,
  ) {
    this.stats = stats
  }

  /**
   * Learn from the state before `todayMs` (the first forecast day, a UTC midnight). With `pack`
   * (run.ts's block packing), an empty state is filled from history first (signals-backfill.ts).
   */
  static async load(ch: ClickHouse, todayMs: number, pack?: MakePacker): Promise<RecomputeSignals> {
    const t = Date.now()
    const client = ch.heavy
    const startMs = todayMs - SIGNAL_LOOKBACK_DAYS * DAY_MS
    const range = { from: day(startMs), to: day(todayMs) }
    let backfill: SignalBackfill | undefined
    const [first, rows] = await Promise.all([
      signalCells(client, range),
      signalEvents(client, { from: day(startMs - ANNOUNCE_DAYS * DAY_MS), to: day(todayMs + HORIZON_DAYS * DAY_MS) }),
    ])
    let cells = first
    if (!cells.length && pack) {
      backfill = await backfillSignalCells(ch, todayMs, pack)
      if (backfill.cells) cells = await signalCells(client, range)
    }
    const events: SignalEvent[] = rows.map((r) => ({ ts: new Date(r.ms).toISOString(), location: r.location, kind: r.kind, value: r.value, tags: r.tags }))
    const state = learnSignalState(cells, events, { startMs, n: SIGNAL_LOOKBACK_DAYS, horizon: HORIZON_DAYS })
    return new RecomputeSignals(state, todayMs, { load_ms: Date.now() - t, cells: cells.length, moved: 0, ...(backfill && { backfill }) })
  }

  /** A location's block as read: its categories' factors set. */
  prepare(location: string, block: SignalBlock): void {
    if (!block.categories) return
    const f = locationFactors(this.state, location, block.categories, HORIZON_DAYS)
    if (!f) return
    block.signal_factors = f.factors
    for (const [category, drivers] of f.drivers) this.notes.push({ location, category, drivers })
    this.stats.moved += f.drivers.size
  }

  /** A location's window cells (blockCells of its block), for the state a full run writes. */
  keep(location: string, cells: CellRow[]): void {
    this.cells.set(location, cells)
  }

  /** The notes of this run and, after a full run (`full`), the window's cells. */
  async write(ch: ClickHouse, runId: string, full: boolean): Promise<void> {
    const at = new Date().toISOString()
    const start = day(this.todayMs)
    await ch.insertCompact(
      'bulk',
      'forecast_signals',
      ['run_id', 'location', 'category', 'start_date', 'signal', 'day', 'change', 'value', 'computed_at'],
      this.notes.map((n) => [runId, n.location, n.category, start, n.drivers.map((d) => d.signal), n.drivers.map((d) => d.day), n.drivers.map((d) => d.change), n.drivers.map((d) => d.value), at]),
    )
    if (!full) return
    const from = this.todayMs - HISTORY_DAYS * DAY_MS
    const rows: unknown[][] = []
    for (const [location, cells] of this.cells) for (const c of cells) rows.push([c.category, location, day(from + c.offset * DAY_MS), c.units, c.base, at])
    await ch.insertCompact('bulk', 'signal_cells', ['category', 'location', 'day', 'units', 'base', 'computed_at'], rows)
  }
}
