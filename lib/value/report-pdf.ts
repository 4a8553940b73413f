/**
 * The value report as a PDF (GET /api/v1/reports/value.pdf), drawn with pdfkit from the same
 * ValueReport the JSON answers.
 *
 * Why pdfkit and not printing /reports/value with Chromium: a production server (npm start, a
 * container) has no browser, and Chromium is here only for the end-to-end tests; a headless
 * browser costs 100-300 MB and a second or more to start per request, against the report's
 * one-second target, and needs a signed-in session to render the page. pdfkit is pure JavaScript,
 * draws in memory in milliseconds with the PDF standard fonts (nothing to embed), and paginates
 * exactly where we say: long tables break between rows and repeat their header row on each page.
 * pdfmake would do as well, at twice the weight, for a layout this simple.
 *
 * Printed: the filters the report was made with (period, previous period, basis, scope, currency,
 * generated at), the figures with baseline and previous, the use cases, the decision rates, the
 * calibration, the daily series and every figure's definition. Text in the standard fonts is
 * WinAnsi: money is written with its symbol when that is in it (£, €, $, ¥), else with the code.
 */
import PDFDocument from 'pdfkit'
import type { ReportFigure, ValueReport } from './report-types'
import { scopeText } from './report-csv'

const MARGIN = 40
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'
const ROW_H = 15
const INK = '#1f2937'
const MUTED = '#6b7280'
const RULE = '#d1d5db'
const HEAD_BG = '#eef2f7'

type Align = 'left' | 'right'
interface Column {
  title: string
  width: number
  align?: Align
}

const WIN_ANSI_SAFE = /^[\x20-\x7e\u00a0-\u00ff\u20ac]*$/

/** Built once per options: building an Intl.NumberFormat costs far more than using one (lib/kpis/format.ts says the same). */
const formatters = new Map<string, Intl.NumberFormat>()
function nf(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(opts)
  let f = formatters.get(key)
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-GB', opts)))
  return f
}

/** Money as the report's currency writes it, with the code instead of a symbol the standard fonts lack. */
export function moneyText(v: number | null | undefined, currency: string, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-'
  const s = nf({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)
  return WIN_ANSI_SAFE.test(s) ? s : `${currency} ${num(v, digits)}`
}

const num = (v: number, digits: number) => nf({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v === 0 ? 0 : v)

/** A figure as the PDF prints it. */
export function figureText(v: number | null | undefined, unit: ReportFigure['unit'], currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-'
  switch (unit) {
    case 'currency':
      return moneyText(v, currency)
    case 'percent':
      return `${num(v * 100, 1)}%`
    case 'days':
      return `${num(v, 1)} d`
    case 'ratio':
      return num(v, 2)
    default:
      return num(v, 0)
  }
}

/** StockPulse against the baseline: relative, "better" said in words so colour is never alone. */
function versus(f: ReportFigure): string {
  if (f.value === null || f.baseline === null || f.baseline === 0) return '-'
  const change = f.value / f.baseline - 1
  return `${change >= 0 ? '+' : ''}${num(change * 100, 1)}%`
}

class Writer {
  readonly doc: PDFKit.PDFDocument
  y: number
  constructor() {
    this.doc = new PDFDocument({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: 'StockPulse value report', Creator: 'StockPulse' } })
    this.y = MARGIN
  }
  get width() {
    return this.doc.page.width - 2 * MARGIN
  }
  get bottom() {
    return this.doc.page.height - MARGIN - 14 // room for the footer
  }
  newPage() {
    this.doc.addPage()
    this.y = MARGIN
  }
  ensure(h: number) {
    if (this.y + h > this.bottom) this.newPage()
  }
  /** Text cut to `width` with an ellipsis (a table cell never wraps). */
  fit(text: string, width: number): string {
    if (this.doc.widthOfString(text) <= width) return text
    let t = text
    while (t.length > 1 && this.doc.widthOfString(`${t}...`) > width) t = t.slice(0, -1)
    return `${t}...`
  }
  heading(text: string, note?: string) {
    this.ensure(ROW_H * 4)
    this.y += 8
    this.doc.font(BOLD).fontSize(12).fillColor(INK).text(text, MARGIN, this.y, { lineBreak: false })
    this.y += 16
    if (note) {
      this.doc.font(FONT).fontSize(8).fillColor(MUTED)
      const h = this.doc.heightOfString(note, { width: this.width })
      this.doc.text(note, MARGIN, this.y, { width: this.width })
      this.y += h + 4
    }
  }
  private row(cells: string[], cols: Column[], bold: boolean, bg?: string) {
    const d = this.doc
    d.font(bold ? BOLD : FONT).fontSize(8)
    // A header cell wraps (its row grows); a body cell is cut to fit.
    const h = bold ? Math.max(ROW_H, ...cols.map((c, i) => d.heightOfString(cells[i] ?? '', { width: c.width - 6 }) + 7)) : ROW_H
    if (bg) d.rect(MARGIN, this.y, this.width, h).fill(bg)
    d.fillColor(INK)
    let x = MARGIN
    cols.forEach((c, i) => {
      if (bold) d.text(cells[i] ?? '', x + 3, this.y + 4, { width: c.width - 6, align: c.align ?? 'left' })
      else {
        // Placed by hand, without pdfkit's line wrapper: ten times faster on a year of daily rows.
        const text = this.fit(cells[i] ?? '', c.width - 6)
        const left = c.align === 'right' ? x + c.width - 3 - d.widthOfString(text) : x + 3
        d.text(text, left, this.y + 4, { lineBreak: false })
      }
      x += c.width
    })
    d.moveTo(MARGIN, this.y + h).lineTo(MARGIN + this.width, this.y + h).lineWidth(0.5).strokeColor(RULE).stroke()
    this.y += h
  }
  /** A table that breaks between rows onto new pages, its header row repeated on each. */
  table(cols: Column[], rows: string[][]) {
    const scale = this.width / cols.reduce((a, c) => a + c.width, 0)
    const scaled = cols.map((c) => ({ ...c, width: c.width * scale }))
    this.ensure(ROW_H * 3)
    this.row(scaled.map((c) => c.title), scaled, true, HEAD_BG)
    for (const r of rows) {
      if (this.y + ROW_H > this.bottom) {
        this.newPage()
        this.row(scaled.map((c) => c.title), scaled, true, HEAD_BG)
      }
      this.row(r, scaled, false)
    }
  }
  footer(generatedAt: string) {
    const range = this.doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i)
      // Below the bottom margin: without this pdfkit would start a new page for the footer.
      this.doc.page.margins.bottom = 0
      const y = this.doc.page.height - MARGIN
      this.doc.font(FONT).fontSize(7).fillColor(MUTED)
      this.doc.text(`StockPulse value report, generated ${generatedAt}`, MARGIN, y, { lineBreak: false, width: this.width / 2 })
      this.doc.text(`page ${i + 1} of ${range.count}`, MARGIN + this.width / 2, y, { lineBreak: false, width: this.width / 2, align: 'right' })
    }
  }
}

const R: Align = 'right'

/** The report as PDF bytes. */
export function reportPdf(r: ValueReport): Promise<Buffer> {
  const w = new Writer()
  const d = w.doc
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    d.on('data', (c: Buffer) => chunks.push(c))
    d.on('end', () => resolve(Buffer.concat(chunks)))
    d.on('error', reject)
  })
  const money = (v: number | null | undefined) => moneyText(v, r.currency)

  d.font(BOLD).fontSize(18).fillColor(INK).text('Value report', MARGIN, w.y, { lineBreak: false })
  w.y += 26
  // The filters it was made with.
  const filters: [string, string][] = [
    ['Period', `${r.from} to ${r.to} (UTC days, both included)`],
    ['Previous period', `${r.previous.from} to ${r.previous.to}`],
    ['Basis', r.basis === 'simulation' ? 'simulation: StockPulse against the baseline static min-max policy on the same demand' : 'real data: estimates at decision time and their settlements (no baseline)'],
    ['Scope', scopeText(r.scope)],
    ['Currency', r.currency],
    ['Generated at', r.generated_at],
  ]
  for (const [k, v] of filters) {
    d.font(BOLD).fontSize(9).fillColor(MUTED).text(k, MARGIN, w.y, { width: 100, lineBreak: false })
    d.font(FONT).fontSize(9).fillColor(INK).text(w.fit(v, w.width - 100), MARGIN + 100, w.y, { width: w.width - 100, lineBreak: false })
    w.y += 13
  }

  w.heading('Figures', 'Baseline: the same period and demand under the baseline policy (simulation only). Previous: the period of equal length just before. Definitions at the end.')
  w.table(
    [{ title: 'Figure', width: 190 }, { title: 'Value', width: 80, align: R }, { title: 'Baseline', width: 80, align: R }, { title: 'vs baseline', width: 60, align: R }, { title: 'Previous', width: 80, align: R }],
    r.figures.map((f) => [f.label, figureText(f.value, f.unit, r.currency), figureText(f.baseline, f.unit, r.currency), versus(f), figureText(f.previous, f.unit, r.currency)]),
  )

  w.heading('Value by use case', r.basis === 'simulation'
    ? `Measured: baseline cost - StockPulse cost on the pair-days attributed to the use case.${r.unattributed_value != null ? ` Not attributed to a decision: ${money(r.unattributed_value)}.` : ''}`
    : 'Estimated at decision time; settled against what happened when the horizon ended.')
  w.table(
    [
      { title: 'Use case', width: 110 }, { title: 'Decisions', width: 55, align: R }, { title: 'Measured', width: 75, align: R }, { title: 'Estimated', width: 75, align: R },
      { title: 'Settled', width: 75, align: R }, { title: 'Settled n', width: 50, align: R }, { title: 'Lost units', width: 60, align: R }, { title: 'Baseline lost', width: 65, align: R },
    ],
    r.use_cases.map((u) => [
      u.label, num(u.decisions, 0), money(u.measured_value), money(u.estimated_value), money(u.settled_value), num(u.settled, 0),
      u.lost_units ? num(u.lost_units.stockpulse, 0) : '-', u.lost_units ? num(u.lost_units.baseline, 0) : '-',
    ]),
  )

  w.heading('Acceptance and override rates', 'Acceptance = approved unchanged / decided; override = modified or rejected / decided. Value: settled value of the accepted and of the overridden decisions.')
  const pct = (v: number | null) => (v === null ? '-' : `${num(v * 100, 1)}%`)
  w.table(
    [
      { title: 'By', width: 40 }, { title: 'Who', width: 80 }, { title: 'Decided', width: 45, align: R }, { title: 'Accepted', width: 50, align: R }, { title: 'Modified', width: 48, align: R },
      { title: 'Rejected', width: 48, align: R }, { title: 'Acceptance', width: 58, align: R }, { title: 'Override', width: 50, align: R }, { title: 'Value accepted', width: 55, align: R }, { title: 'Value overridden', width: 60, align: R },
    ],
    r.rates.length
      ? r.rates.map((x) => [x.by, x.label, num(x.decided, 0), num(x.accepted, 0), num(x.modified, 0), num(x.rejected, 0), pct(x.acceptance_rate), pct(x.override_rate), money(x.value_accepted), money(x.value_overridden)])
      : [['', 'no decisions in the period', '', '', '', '', '', '', '', '']],
  )

  const c = r.calibration
  w.heading('Estimates against settlements', `${num(c.settled, 0)} decisions settled: estimated ${money(c.estimated_total)}, settled ${money(c.settled_total)}; ratio ${c.ratio === null ? '-' : num(c.ratio, 2)}, mean absolute error ${c.mean_abs_error === null ? '-' : moneyText(c.mean_abs_error, r.currency, 2)}.`)

  w.heading('Daily', r.basis === 'simulation' ? 'Value measured per day, lost margin and inventory at cost of both runs.' : 'Value settled per day of decision.')
  w.table(
    [{ title: 'Date', width: 80 }, { title: 'Value', width: 80, align: R }, { title: 'Lost margin', width: 80, align: R }, { title: 'Baseline lost margin', width: 95, align: R }, { title: 'Inventory at cost', width: 90, align: R }, { title: 'Baseline inventory', width: 90, align: R }],
    r.daily.map((x) => [x.date, money(x.value), money(x.lost_margin), money(x.baseline_lost_margin), money(x.inventory_cost), money(x.baseline_inventory_cost)]),
  )

  w.heading('Definitions')
  for (const f of r.figures) {
    const text = `${f.label}: ${f.definition}`
    d.font(FONT).fontSize(8)
    const h = d.heightOfString(text, { width: w.width })
    w.ensure(h + 4)
    d.fillColor(INK).text(text, MARGIN, w.y, { width: w.width })
    w.y += h + 4
  }
  w.footer(r.generated_at)
  d.end()
  return done
}
