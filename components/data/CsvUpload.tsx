'use client'
import { useRef, useState } from 'react'
import { useJobEvents } from './useJobEvents'
import { EVENT_TYPES } from '@/lib/events/schema'

interface Progress {
  id: string
  phase: 'receiving' | 'validating' | 'landing'
  bytesDone: number
  bytesTotal?: number
  rows: number
  rowsTotal?: number
  landed?: number
}

interface Summary {
  ok?: boolean
  rows?: number
  landed?: number
  duplicates?: number
  rejected?: number
  ms?: number
  error?: string
  errors?: { line: number; reason: string }[]
}

/** CSV upload (admins) with a progress bar fed by pushed job progress, then the summary or the bad rows. */
export function CsvUpload() {
  const [type, setType] = useState('sale')
  const [mode, setMode] = useState<'strict' | 'skip-bad'>('strict')
  const [file, setFile] = useState<File | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [summary, setSummary] = useState<Summary | null>(null)
  const [busy, setBusy] = useState(false)
  const uploadId = useRef('')

  useJobEvents<Progress>((p) => {
    if (p.id === `import:${uploadId.current}`) setProgress(p)
  })

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!file) return
    uploadId.current = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
    setBusy(true)
    setSummary(null)
    setProgress({ id: uploadId.current, phase: 'receiving', bytesDone: 0, bytesTotal: file.size, rows: 0 })
    try {
      const res = await fetch(`/api/v1/imports?type=${encodeURIComponent(type)}&mode=${mode}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-upload-id': uploadId.current },
        body: file,
      })
      const body = (await res.json()) as Summary
      setSummary(res.ok ? body : { ...body, ok: false, error: body.error ?? `import answered ${res.status}` })
    } catch (err) {
      setSummary({ ok: false, error: err instanceof Error ? err.message : String(err) })
    } finally {
      setBusy(false)
    }
  }

  const pct = progress ? progressPct(progress) : 0
  return (
    <section aria-labelledby="upload-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="upload-h" className="mb-2 font-semibold">Import a CSV</h2>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="text-slate-600 dark:text-slate-300">Event type</span>
          <select value={type} onChange={(e) => setType(e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
            {EVENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600 dark:text-slate-300">Bad rows</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as 'strict' | 'skip-bad')} className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
            <option value="strict">Reject the file (strict)</option>
            <option value="skip-bad">Skip them, land the rest</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600 dark:text-slate-300">File (header row = field names; see the column mapping in the API reference)</span>
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-sm" />
        </label>
        <button type="submit" disabled={!file || busy} className="rounded bg-blue-600 px-3 py-1.5 font-medium text-white disabled:opacity-50">{busy ? 'Importing…' : 'Import'}</button>
      </form>
      {progress && (busy || summary) && (
        <div className="mt-3">
          <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
            <div className="h-full bg-blue-600 transition-all" style={{ width: `${summary?.ok ? 100 : pct}%` }} />
          </div>
          <p className="num mt-1 text-xs text-slate-500 dark:text-slate-400">
            {summary?.ok ? 'done' : progress.phase} · {progress.rows.toLocaleString('en-GB')} rows{progress.rowsTotal ? ` of ${progress.rowsTotal.toLocaleString('en-GB')}` : ''}
          </p>
        </div>
      )}
      {summary && (
        <div role="status" className={`mt-3 rounded p-2 text-sm ${summary.ok ? 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300' : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300'}`}>
          {summary.ok ? (
            <>✓ {summary.rows?.toLocaleString('en-GB')} rows: {summary.landed?.toLocaleString('en-GB')} landed, {summary.duplicates?.toLocaleString('en-GB')} already there, {summary.rejected?.toLocaleString('en-GB')} skipped ({((summary.ms ?? 0) / 1000).toFixed(1)} s)</>
          ) : (
            <>
              ⚠ {summary.error ?? 'the file was rejected; nothing was written'}
              {summary.errors && summary.errors.length > 0 && (
                <ul className="mt-1 list-inside list-disc">
                  {summary.errors.slice(0, 20).map((e) => <li key={e.line}>line {e.line}: {e.reason}</li>)}
                </ul>
              )}
            </>
          )}
        </div>
      )}
    </section>
  )
}

function progressPct(p: Progress): number {
  if (p.phase === 'receiving') return p.bytesTotal ? (30 * p.bytesDone) / p.bytesTotal : 5
  if (p.phase === 'validating') return 30 + (p.bytesTotal ? (40 * p.bytesDone) / p.bytesTotal : 10)
  return 70 + (p.rowsTotal ? (30 * (p.landed ?? p.rows)) / p.rowsTotal : 10)
}
