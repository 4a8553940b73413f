/**
 * A first run's external-signal state (`signal_cells`) from history. Daily full runs each keep the
 * cells of their 112-day window (jobs/recompute/signals.ts), so on a fresh deployment the state is
 * empty and no signal would move a forecast for weeks, although sales_daily may already hold a year
 * or more. When `RecomputeSignals.load` finds no cell in its two-year lookback, it calls this once,
 * before learning: past windows read as a run reads its own (seriesWindow, stockoutDays, the
 * promotions of the window through PromotionIndex, packed by run.ts toBlock), ending 0, 84, 168, ...
 * days before the first forecast day (backfillWindowEnds: their kept days meet without overlap),
 * each location's cells taken by the same pure code (blockCells: clean days, +-14-day baselines)
 * and written as that window's run would have written them. Newest window first; it stops at the
 * first window where no location sold anything (the history's start) or once `budgetMs` is spent,
 * keeping what it wrote (later runs add their own windows; a partial state still learns the
 * frequent effects, local events first).
 *
 * Cost: a run's reads and cell taking, once per window: about 0.47 s per location x window of
 * 10,000 series (0.26 s reading, 0.17 s blockCells; the next location's read overlaps). The demo's
 * year (16 locations x 500 SKUs, 6,154 series): 5 windows, 54,750 cells, 10.5 s, on a machine
 * loaded 5-8 deep. bench:forecast-scale with BENCH_SIGNAL_BACKFILL=on at 5 x 10,000 series and two
 * years: 9 windows in 17.6 s, so about 175 s at 500,000 series: too long even once, hence the
 * budget (SIGNAL_BACKFILL_BUDGET_MS, 60 s; a window started runs to its end, about 20 s there): at
 * that size the first run fills the newest 3-4 windows (250-340 days: enough for local events and
 * rain; temperature wants a year, which the daily runs then complete) and takes about two minutes. The bench itself keeps
 * pre-filling a synthetic state, so its timed run does not include this one-off.
 */
import type { ClickHouse } from '@/lib/clickhouse/client'
import { planningLocations, productAttrs, promotionWindows, seriesWindow, stockoutDays, type SeriesRow } from '@/lib/clickhouse/queries/planning-inputs'
import { HISTORY_DAYS, HORIZON_DAYS, type SeriesBlock } from '@/lib/planning/compute'
import { PromotionIndex, type PromoSpans } from '@/lib/planning/promotions'
import { SIGNAL_LOOKBACK_DAYS, backfillWindowEnds, blockCells } from '@/lib/planning/signals'

const DAY_MS = 86_400_000
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Default cap on the one-off (ms): past it, no further window is started. */
export const SIGNAL_BACKFILL_BUDGET_MS = 60_000

/** Product attributes as productAttrs reads them. */
type Attrs = Awaited<ReturnType<typeof productAttrs>>
/** A window's series, stockouts and promotion spans packed into a block with categories (run.ts toBlock). */
export type PackBlock = (rows: SeriesRow[], stockouts: { sku: string; days: number[] }[], startDate: string, promos: PromoSpans) => SeriesBlock
/** Makes the packer once the products are known (run.ts: its Catalogue over them). */
export type MakePacker = (attrs: Attrs) => PackBlock

export interface SignalBackfill {
  ms: number
  /** Windows read, cells written, and whether the budget stopped it before the lookback was covered. */
  windows: number
  cells: number
  truncated: boolean
}

/** Fill `signal_cells` for the lookback before `todayMs` (the first forecast day, a UTC midnight). */
export async function backfillSignalCells(ch: ClickHouse, todayMs: number, makePacker: MakePacker, budgetMs = SIGNAL_BACKFILL_BUDGET_MS): Promise<SignalBackfill> {
  const t0 = Date.now()
  const client = ch.heavy
  const lookbackFromMs = todayMs - SIGNAL_LOOKBACK_DAYS * DAY_MS
  const [locRows, attrs] = await Promise.all([planningLocations(client, { from: day(lookbackFromMs - HISTORY_DAYS * DAY_MS) }), productAttrs(client, {})])
  const pack = makePacker(attrs)
  const out: SignalBackfill = { ms: 0, windows: 0, cells: 0, truncated: false }
  for (const end of backfillWindowEnds()) {
    if (Date.now() - t0 > budgetMs) {
      out.truncated = true
      break
    }
    const toMs = todayMs - end * DAY_MS
    const fromMs = toMs - HISTORY_DAYS * DAY_MS
    const range = { from: day(fromMs), to: day(toMs) }
    const promotions = new PromotionIndex(await promotionWindows(client, { from: range.from, days: HISTORY_DAYS + HORIZON_DAYS }), HISTORY_DAYS + HORIZON_DAYS)
    const at = new Date().toISOString()
    let sold = false
    const rows: unknown[][] = []
    // One location read ahead while the current one's cells are taken.
    const read = (location: string) => {
      const p = Promise.all([seriesWindow(client, { location, ...range }), stockoutDays(client, { location, ...range })])
      p.catch(() => undefined) // awaited below; not left unhandled if the loop throws first
      return p
    }
    let next = locRows.length ? read(locRows[0].location) : undefined
    for (let i = 0; i < locRows.length; i++) {
      const [series, stockouts] = await next!
      next = i + 1 < locRows.length ? read(locRows[i + 1].location) : undefined
      if (!series.length) continue
      sold = true
      const location = locRows[i].location
      for (const c of blockCells(pack(series, stockouts, range.to, promotions.spansAt(location, series)))) {
        const cellMs = fromMs + c.offset * DAY_MS
        if (cellMs >= lookbackFromMs) rows.push([c.category, location, day(cellMs), c.units, c.base, at])
      }
    }
    if (!sold) break
    out.windows++
    out.cells += rows.length
    if (rows.length) await ch.insertCompact('bulk', 'signal_cells', ['category', 'location', 'day', 'units', 'base', 'computed_at'], rows)
  }
  out.ms = Date.now() - t0
  return out
}
