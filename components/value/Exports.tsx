'use client'
import { useState } from 'react'
import type { ValueReport } from '@/lib/value/report-types'
import { sectionCsv, type CsvSection } from '@/lib/value/report-view'
import type { Period } from '@/lib/value/period'
import { downloadExport, saveBlob } from './api'

const BUTTON = 'rounded border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800'

/** One table of the report as a CSV file (with the filters it was made with), written from the report on the page as the API writes it. */
export function CsvButton({ report, table }: { report: ValueReport; table: CsvSection }) {
  const slug = table.toLowerCase().replace(/ /g, '-')
  return (
    <button
      type="button"
      data-testid={`csv-${slug}`}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      onClick={() => saveBlob(new Blob([sectionCsv(report, table)], { type: 'text/csv;charset=utf-8' }), `value-report-${slug}-${report.from}-to-${report.to}.csv`)}
      aria-label={`Download ${table} as CSV`}
    >
      CSV
    </button>
  )
}

/** The whole report as CSV (every table) and as PDF, from the API with the period on the page. */
export function ExportBar({ period }: { period: Period }) {
  const [busy, setBusy] = useState<'csv' | 'pdf' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = async (kind: 'csv' | 'pdf') => {
    setBusy(kind)
    setError(null)
    setError(await downloadExport(kind, period))
    setBusy(null)
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="exports">
      <span className="text-sm text-slate-600 dark:text-slate-300">Export this period:</span>
      <button type="button" className={BUTTON} data-testid="export-csv" disabled={busy !== null} onClick={() => run('csv')}>
        {busy === 'csv' ? 'Preparing CSV…' : 'CSV, all tables'}
      </button>
      <button type="button" className={BUTTON} data-testid="export-pdf" disabled={busy !== null} onClick={() => run('pdf')}>
        {busy === 'pdf' ? 'Preparing PDF…' : 'PDF'}
      </button>
      {error && (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-400">
          ⚠ Export failed: {error}
        </p>
      )}
    </div>
  )
}
