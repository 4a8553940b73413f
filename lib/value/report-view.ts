/**
 * How /reports/value says a ValueReport: a figure against its baseline or previous period (the
 * change, and whether it is better), and the report as the tables its CSV exports hold. Pure.
 */
import { formatFigure } from '@/lib/kpis/format'
import { spreadsheetRow } from '@/lib/csv-safe'
import type { ReportFigure, ValueReport } from './report-types'

export interface Change {
  /** value − other, in the figure's unit (percentage points for percents). */
  delta: number
  /** delta / |other|, when other is not 0. */
  relative: number | null
  verdict: 'better' | 'worse' | 'same' | null
  /** "+£1,234 (+12.3%)", "−4.4 pts", "no change". */
  text: string
}

const EPS = 1e-9

/** The change from `other` to `value`; null when either is missing. */
export function changeOf(fig: Pick<ReportFigure, 'unit' | 'better'>, value: number | null, other: number | null, currency: string): Change | null {
  if (value === null || other === null || !Number.isFinite(value) || !Number.isFinite(other)) return null
  const delta = value - other
  const relative = Math.abs(other) > EPS ? delta / Math.abs(other) : null
  if (Math.abs(delta) < EPS) return { delta: 0, relative: 0, verdict: fig.better ? 'same' : null, text: 'no change' }
  const sign = delta > 0 ? '+' : '−'
  const abs = Math.abs(delta)
  const amount = fig.unit === 'percent' ? `${(abs * 100).toFixed(1)} pts` : formatFigure(abs, fig.unit, currency).short
  const rel = fig.unit !== 'percent' && relative !== null ? ` (${sign}${Math.abs(relative * 100).toFixed(1)}%)` : ''
  const verdict = !fig.better ? null : (delta > 0) === (fig.better === 'higher') ? 'better' : 'worse'
  return { delta, relative, verdict, text: `${sign}${amount}${rel}` }
}

export interface ReportTable {
  /** File-name part: value-report-<name>.csv */
  name: string
  title: string
  header: string[]
  rows: (string | number)[][]
}

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : v)

/** The report as tables: figures, value by use case, daily, rates, calibration. Money in `report.currency`; percents as fractions. */
export function reportTables(r: ValueReport): ReportTable[] {
  return [
    {
      name: 'figures',
      title: 'Figures',
      header: ['key', 'label', 'unit', 'value', 'baseline', 'previous', 'definition'],
      rows: r.figures.map((f) => [f.key, f.label, f.unit === 'currency' ? r.currency : f.unit, cell(f.value), cell(f.baseline), cell(f.previous), f.definition]),
    },
    {
      name: 'use-cases',
      title: 'Value by use case',
      header: ['use_case', 'label', 'decisions', 'settled', 'measured_value', 'estimated_value', 'settled_value', 'lost_units_stockpulse', 'lost_units_baseline', 'lost_margin_stockpulse', 'lost_margin_baseline', 'inventory_cost_stockpulse', 'inventory_cost_baseline'],
      rows: r.use_cases.map((u) => [
        u.use_case, u.label, u.decisions, u.settled, cell(u.measured_value), u.estimated_value, u.settled_value,
        cell(u.lost_units?.stockpulse), cell(u.lost_units?.baseline), cell(u.lost_margin?.stockpulse), cell(u.lost_margin?.baseline), cell(u.inventory_cost?.stockpulse), cell(u.inventory_cost?.baseline),
      ]),
    },
    {
      name: 'daily',
      title: 'Daily',
      header: ['date', 'value', 'lost_margin', 'baseline_lost_margin', 'inventory_cost', 'baseline_inventory_cost'],
      rows: r.daily.map((d) => [d.date, d.value, d.lost_margin, cell(d.baseline_lost_margin), d.inventory_cost, cell(d.baseline_inventory_cost)]),
    },
    {
      name: 'rates',
      title: 'Acceptance and override rates',
      header: ['by', 'key', 'label', 'decided', 'accepted', 'modified', 'rejected', 'acceptance_rate', 'override_rate', 'value_accepted', 'value_overridden'],
      rows: r.rates.map((x) => [x.by, x.key, x.label, x.decided, x.accepted, x.modified, x.rejected, cell(x.acceptance_rate), cell(x.override_rate), x.value_accepted, x.value_overridden]),
    },
    {
      name: 'calibration',
      title: 'Calibration',
      header: ['settled', 'estimated_total', 'settled_total', 'ratio', 'mean_abs_error'],
      rows: [[r.calibration.settled, r.calibration.estimated_total, r.calibration.settled_total, cell(r.calibration.ratio), cell(r.calibration.mean_abs_error)]],
    },
  ]
}

/** One table as a CSV file a person opens in a spreadsheet, its filters on the first lines as comments. */
export function tableCsv(r: Pick<ValueReport, 'from' | 'to' | 'currency' | 'basis'>, t: ReportTable): string {
  const head = `# StockPulse value report, ${t.title}: ${r.from} to ${r.to} (UTC days, inclusive), currency ${r.currency}, basis ${r.basis}\n`
  return head + spreadsheetRow(t.header) + t.rows.map((row) => spreadsheetRow(row)).join('')
}

/** A use case's headline value: measured in simulation, settled on real data. */
export const headlineValue = (r: Pick<ValueReport, 'basis'>, u: { measured_value: number | null; settled_value: number }) =>
  r.basis === 'simulation' && u.measured_value !== null ? u.measured_value : u.settled_value
