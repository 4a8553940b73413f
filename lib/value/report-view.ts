/**
 * How /reports/value says a ValueReport: a figure against its baseline or previous period (the
 * change, and whether it is better), and one table of the report's CSV on its own. Pure.
 */
import { formatFigure } from '@/lib/kpis/format'
import type { ReportFigure, ValueReport } from './report-types'
import { FIGURE_BETTER, type FigureKey } from './definitions'
import { CSV_SECTIONS, reportCsv } from './report-csv'

export interface Change {
  /** value − other, in the figure's unit (percentage points for percents). */
  delta: number
  /** delta / |other|, when other is not 0. */
  relative: number | null
  verdict: 'better' | 'worse' | 'same' | null
  /** "+£1,234 (+12.3%)", "−4.4 pts", "no change". */
  text: string
  /** For a narrow tile: the share ("+12.3%"), points for percents ("−4.4 pts"), the amount when there is no share. */
  short: string
}

const EPS = 1e-9

/** Which way a figure improves (lib/value/definitions.ts), or undefined for a key it does not know. */
export const betterOf = (key: string): 'higher' | 'lower' | undefined => FIGURE_BETTER[key as FigureKey]

/** The change from `other` to `value`; null when either is missing. */
export function changeOf(fig: Pick<ReportFigure, 'unit'> & { better?: 'higher' | 'lower' }, value: number | null, other: number | null, currency: string): Change | null {
  if (value === null || other === null || !Number.isFinite(value) || !Number.isFinite(other)) return null
  const delta = value - other
  const relative = Math.abs(other) > EPS ? delta / Math.abs(other) : null
  if (Math.abs(delta) < EPS) return { delta: 0, relative: 0, verdict: fig.better ? 'same' : null, text: 'no change', short: 'no change' }
  const sign = delta > 0 ? '+' : '−'
  const abs = Math.abs(delta)
  const amount = fig.unit === 'percent' ? `${(abs * 100).toFixed(1)} pts` : formatFigure(abs, fig.unit, currency).short
  const rel = fig.unit !== 'percent' && relative !== null ? ` (${sign}${Math.abs(relative * 100).toFixed(1)}%)` : ''
  const verdict = !fig.better ? null : (delta > 0) === (fig.better === 'higher') ? 'better' : 'worse'
  const short = fig.unit === 'percent' || relative === null ? `${sign}${amount}` : `${sign}${Math.abs(relative * 100).toFixed(1)}%`
  return { delta, relative, verdict, text: `${sign}${amount}${rel}`, short }
}

export type CsvSection = Exclude<(typeof CSV_SECTIONS)[number], 'Filters'>

/**
 * One table of the report's CSV (lib/value/report-csv.ts, the API's own) on its own: the Filters
 * table, then that table, written exactly as the whole file writes them.
 */
export function sectionCsv(r: ValueReport, section: CsvSection): string {
  // reportCsv separates its tables with an empty line; a table's first line is its name alone.
  const tables = reportCsv(r).split('\n\n')
  const named = (name: string) => tables.find((t) => t.split('\n', 1)[0] === name)
  return [named('Filters'), named(section)].filter((t): t is string => t !== undefined).map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('\n')
}

/** A use case's headline value: measured in simulation, settled on real data. */
export const headlineValue = (r: Pick<ValueReport, 'basis'>, u: { measured_value: number | null; settled_value: number }) =>
  r.basis === 'simulation' && u.measured_value !== null ? u.measured_value : u.settled_value
