/**
 * How /reports/value reads the report API (GET only, the session cookie): the report's JSON, the
 * decisions behind a use case, and the CSV and PDF exports fetched and handed to the browser as
 * downloads (a link cannot send `Accept: text/csv`).
 */
import type { ValueReport } from '@/lib/value/report-types'
import type { ValueDecisionsBody } from '@/lib/value/api-schemas'
import type { Period } from '@/lib/value/period'

export const REPORT_URL = '/api/v1/reports/value'
export const reportQuery = (p: Period) => `from=${p.from}&to=${p.to}`

export type Loaded<T> = { ok: true; data: T } | { ok: false; message: string }

async function problem(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { error?: string; errors?: { path: string; message: string }[] }
  const fields = body.errors?.map((e) => `${e.path}: ${e.message}`).join('; ')
  return body.error ?? (fields || `the report service answered HTTP ${res.status}`)
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<Loaded<T>> {
  try {
    const res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' }, signal })
    if (!res.ok) return { ok: false, message: await problem(res) }
    return { ok: true, data: (await res.json()) as T }
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    return { ok: false, message: `the report service did not answer (${(err as Error).message})` }
  }
}

export const fetchReport = (p: Period, signal?: AbortSignal) => getJson<ValueReport>(`${REPORT_URL}?${reportQuery(p)}`, signal)

export type DecisionsPage = ValueDecisionsBody
export type DecisionRow = ValueDecisionsBody['decisions'][number]

export const fetchDecisions = (p: Period, useCase: string | null, limit: number, offset: number, signal?: AbortSignal) =>
  getJson<DecisionsPage>(`${REPORT_URL}/decisions?${reportQuery(p)}${useCase ? `&use_case=${encodeURIComponent(useCase)}` : ''}&limit=${limit}&offset=${offset}`, signal)

/** Hands `blob` to the browser as a file download. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Fetches an export with the current filters and downloads it; the error in words, or null. */
export async function downloadExport(kind: 'csv' | 'pdf', p: Period): Promise<string | null> {
  const url = kind === 'csv' ? `${REPORT_URL}?${reportQuery(p)}` : `${REPORT_URL}.pdf?${reportQuery(p)}`
  try {
    const res = await fetch(url, { cache: 'no-store', headers: { accept: kind === 'csv' ? 'text/csv' : 'application/pdf' } })
    if (!res.ok) return await problem(res)
    saveBlob(await res.blob(), `value-report-${p.from}-to-${p.to}.${kind}`)
    return null
  } catch (err) {
    return `the export did not download (${(err as Error).message})`
  }
}
