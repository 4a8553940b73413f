/**
 * The value report as CSV (GET /api/v1/reports/value with Accept: text/csv): every table of the
 * report, one after another, each under a line naming it and a header line, separated by an empty
 * line; the filters the report was made with come first. Cells are written by lib/csv-safe.ts (a
 * person opens this in a spreadsheet: nothing in it may run as a formula). Empty cell: no figure.
 */
import { spreadsheetRow } from '@/lib/csv-safe'
import type { ValueReport } from './report-types'

type Cell = string | number | null | undefined
const row = (cells: Cell[]) => spreadsheetRow(cells.map((c) => (c === null || c === undefined ? '' : c)))

/** The table names, in the order they are written (a reader splits the file on them). */
export const CSV_SECTIONS = ['Filters', 'Figures', 'Use cases', 'Daily', 'Decision rates', 'Calibration'] as const

export function scopeText(scope: ValueReport['scope']): string {
  return scope === 'all' ? 'all locations' : `locations ${scope.join(' ')}`
}

export function reportCsv(r: ValueReport): string {
  const out: string[] = []
  const section = (name: (typeof CSV_SECTIONS)[number], header: string[], rows: Cell[][]) => {
    if (out.length) out.push('\n')
    out.push(row([name]), row(header), ...rows.map(row))
  }
  section('Filters', ['filter', 'value'], [
    ['from', r.from], ['to', r.to], ['previous_from', r.previous.from], ['previous_to', r.previous.to],
    ['basis', r.basis], ['scope', scopeText(r.scope)], ['currency', r.currency], ['generated_at', r.generated_at],
  ])
  section('Figures', ['key', 'label', 'unit', 'value', 'baseline', 'previous', 'definition'], r.figures.map((f) => [f.key, f.label, f.unit, f.value, f.baseline, f.previous, f.definition]))
  section(
    'Use cases',
    ['use_case', 'label', 'decisions', 'measured_value', 'estimated_value', 'settled_value', 'settled', 'lost_units', 'baseline_lost_units', 'lost_margin', 'baseline_lost_margin', 'inventory_cost', 'baseline_inventory_cost'],
    [
      ...r.use_cases.map((u) => [
        u.use_case, u.label, u.decisions, u.measured_value, u.estimated_value, u.settled_value, u.settled,
        u.lost_units?.stockpulse, u.lost_units?.baseline, u.lost_margin?.stockpulse, u.lost_margin?.baseline, u.inventory_cost?.stockpulse, u.inventory_cost?.baseline,
      ]),
      ...(r.unattributed_value !== undefined && r.unattributed_value !== null ? [['unattributed', 'Not attributed to a decision', 0, r.unattributed_value]] : []),
    ],
  )
  section('Daily', ['date', 'value', 'lost_margin', 'baseline_lost_margin', 'inventory_cost', 'baseline_inventory_cost'], r.daily.map((d) => [d.date, d.value, d.lost_margin, d.baseline_lost_margin, d.inventory_cost, d.baseline_inventory_cost]))
  section(
    'Decision rates',
    ['by', 'key', 'label', 'decided', 'accepted', 'modified', 'rejected', 'acceptance_rate', 'override_rate', 'value_accepted', 'value_overridden'],
    r.rates.map((x) => [x.by, x.key, x.label, x.decided, x.accepted, x.modified, x.rejected, x.acceptance_rate, x.override_rate, x.value_accepted, x.value_overridden]),
  )
  const c = r.calibration
  section('Calibration', ['settled', 'estimated_total', 'settled_total', 'ratio', 'mean_abs_error'], [[c.settled, c.estimated_total, c.settled_total, c.ratio, c.mean_abs_error]])
  return out.join('')
}

/** The tables of a CSV written by reportCsv, by name: header and rows of cells (for tests and tools that read it back). */
export function splitCsvSections(records: string[][]): Record<string, { header: string[]; rows: string[][] }> {
  const out: Record<string, { header: string[]; rows: string[][] }> = {}
  let current: { header: string[]; rows: string[][] } | undefined
  let expectHeader = false
  for (const rec of records) {
    if (rec.length === 1 && rec[0] === '') {
      current = undefined
      continue
    }
    if (!current && rec.length === 1) {
      current = { header: [], rows: [] }
      out[rec[0]] = current
      expectHeader = true
    } else if (current && expectHeader) {
      current.header = rec
      expectHeader = false
    } else if (current) current.rows.push(rec)
  }
  return out
}
