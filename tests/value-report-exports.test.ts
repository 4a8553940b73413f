/**
 * The value report's CSV and PDF (lib/value/report-csv.ts, report-pdf.ts) from one assembled
 * report with a year of daily rows: the CSV parses back into the same tables and figures, with
 * nothing a spreadsheet would run; the PDF prints its filters, every table, and repeats the daily
 * table's header on each page it runs over.
 */
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { assembleReport, ZERO_TOTALS, type RunTotals } from '@/lib/value/report'
import { reportCsv, splitCsvSections } from '@/lib/value/report-csv'
import { reportPdf } from '@/lib/value/report-pdf'
import { pdfText } from './helpers/pdf-text'

const t = (o: Partial<RunTotals>): RunTotals => ({ ...ZERO_TOTALS, ...o })
const DAY = 86_400_000
const daily = Array.from({ length: 365 }, (_, i) => ({
  date: new Date(Date.UTC(2026, 0, 1) + i * DAY).toISOString().slice(0, 10),
  stockpulse: { cost: 100, lost_margin: 40, inventory_cost: 20_000 },
  baseline: { cost: 180 + i, lost_margin: 90, inventory_cost: 23_000 },
}))
const report = assembleReport({
  from: '2026-01-01', to: '2026-12-31', currency: 'EUR', carrying_rate: 0.25, generated_at: '2027-01-01T08:00:00.000Z', scope: ['N1', 'N2'],
  sim: {
    current: {
      stockpulse: t({ demand: 100_000, sold: 97_000, lost: 3000, revenue: 900_000, cogs: 500_000, lost_margin: 12_000, inventory_units: 3_650_000, inventory_cost: 36_500_000, carrying_cost: 25_000 }),
      baseline: t({ demand: 100_000, sold: 93_000, lost: 7000, revenue: 860_000, cogs: 480_000, lost_margin: 30_000, inventory_units: 4_000_000, inventory_cost: 40_000_000, carrying_cost: 27_400 }),
      by_use_case: [{ use_case: 'replenishment', stockpulse: t({ lost: 2000, lost_margin: 8000 }), baseline: t({ lost: 5000, lost_margin: 20_000 }) }],
      cycles: { stockpulse: { cycles: 4000, stockout_cycles: 150 }, baseline: { cycles: 3000, stockout_cycles: 400 } },
    },
    previous: null,
    daily,
  },
  sales: { current: { units: 0, revenue: 0, cogs: 0 }, previous: { units: 0, revenue: 0, cogs: 0 } },
  plan: { on_hand_units: 50_000, on_hand_cost: 100_000, on_order_cost: 20_000, forecast_daily_units: 3000, markdown_exposure: 1500 },
  settlements: {
    current: [], previous: [], daily: [], calibration: { settled: 0, estimated_total: 0, settled_total: 0, ratio: null, mean_abs_error: null }, transfer_cost: { current: 0, previous: 0 },
  },
  rates: [{ by: 'planner', key: 'u1', label: '=HYPERLINK("http://x","click")', decided: 2, accepted: 1, modified: 1, rejected: 0, acceptance_rate: 0.5, override_rate: 0.5, value_accepted: 10, value_overridden: -5 }],
})

describe('value report CSV', () => {
  const csv = reportCsv(report)
  const tables = splitCsvSections(parse(csv, { relax_column_count: true, skip_empty_lines: false }) as string[][])

  it('has every table, under its name and a header line, the filters first', () => {
    expect(Object.keys(tables)).toEqual(['Filters', 'Figures', 'Use cases', 'Daily', 'Decision rates', 'Calibration'])
    expect(csv.startsWith('Filters\nfilter,value\nfrom,2026-01-01\nto,2026-12-31\nprevious_from,2025-01-01\nprevious_to,2025-12-31\nbasis,simulation\nscope,locations N1 N2\ncurrency,EUR\n')).toBe(true)
    expect(tables.Daily.rows).toHaveLength(365)
    expect(tables['Use cases'].rows.map((r) => r[0])).toContain('unattributed')
  })
  it('parses back to the same figures', () => {
    const h = tables.Figures.header
    for (const f of report.figures) {
      const row = tables.Figures.rows.find((r) => r[0] === f.key)!
      for (const col of ['value', 'baseline', 'previous'] as const) expect(row[h.indexOf(col)]).toBe(f[col] === null ? '' : String(f[col]))
    }
  })
  it('writes nothing a spreadsheet would run', () => {
    const planner = tables['Decision rates'].rows[0]
    expect(planner[2]).toBe(`'=HYPERLINK("http://x","click")`)
    expect(planner[10]).toBe('-5') // a plain negative number stays a number
  })
})

describe('value report PDF', () => {
  it('prints the filters, every table, and repeats the header of a long table on each page', async () => {
    const pdf = await reportPdf(report)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdfText(pdf)
    for (const s of ['Value report', 'Period', '2026-01-01 to 2026-12-31', 'Previous period', '2025-01-01 to 2025-12-31', 'Basis', 'simulation', 'Scope', 'locations N1 N2', 'Currency', 'EUR', 'Generated at', '2027-01-01T08:00:00.000Z']) {
      expect(text).toContain(s)
    }
    for (const s of ['Figures', 'Fill rate (beta service level)', 'Cycle service level (alpha)', 'Value by use case', 'Replenishment', 'Acceptance and override rates', 'Daily', '2026-12-31', 'Definitions']) expect(text).toContain(s)
    // Fill rate 97.0% against the baseline's 93.0%.
    expect(text).toMatch(/97\.0%\n93\.0%/)
    const pages = Number(/page 1 of (\d+)/.exec(text)?.[1])
    expect(pages).toBeGreaterThan(3)
    // The daily table runs over several pages: its header ("Baseline inventory") on each of them.
    expect(text.match(/Baseline inventory/g)!.length).toBeGreaterThanOrEqual(pages - 2)
  })
})
