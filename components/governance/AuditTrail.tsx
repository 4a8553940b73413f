'use client'
import { useState, type FormEvent } from 'react'
import { AUDIT_KINDS } from '@/lib/audit/types'
import type { AuditEntryBody, AuditPage, AuditVerifyBody } from '@/lib/audit/api-schemas'
import { LocalTime } from '@/components/alerts/LocalTime'

/** The filters as typed: times as the datetime-local inputs give them (the viewer's zone). */
interface Filters {
  from: string
  to: string
  kind: string
  actor: string
  subject_type: string
  subject_id: string
}
const NO_FILTERS: Filters = { from: '', to: '', kind: '', actor: '', subject_type: '', subject_id: '' }

const INPUT = 'min-w-0 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900'
const BUTTON = 'rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'

/** The API's query string for these filters (local times sent as ISO 8601 UTC). */
export function auditQueryString(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams()
  const instant = (v: string) => (v && Number.isFinite(Date.parse(v)) ? new Date(v).toISOString() : '')
  if (instant(f.from)) q.set('from', instant(f.from))
  if (instant(f.to)) q.set('to', instant(f.to))
  for (const k of ['kind', 'actor', 'subject_type', 'subject_id'] as const) if (f[k].trim()) q.set(k, f[k].trim())
  for (const [k, v] of Object.entries(extra)) q.set(k, v)
  return q.toString()
}

/** before → after in a few words: statuses and quantities when they are there, else compact JSON. */
function change(e: AuditEntryBody): string {
  const side = (v: unknown): string => {
    if (v === null || v === undefined) return '—'
    if (typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      const parts = [o.status, o.quantity !== undefined && o.quantity !== null ? `qty ${String(o.quantity)}` : undefined, o.role].filter((x) => x !== undefined && x !== null)
      if (parts.length) return parts.map(String).join(', ')
    }
    const s = JSON.stringify(v)
    return s.length > 60 ? `${s.slice(0, 57)}…` : s
  }
  if ((e.before === null || e.before === undefined) && (e.after === null || e.after === undefined)) return '—'
  return `${side(e.before)} → ${side(e.after)}`
}

async function errorText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: string; errors?: { path: string; message: string }[] } | null
  if (body?.errors?.length) return body.errors.map((e) => `${e.path}: ${e.message}`).join('; ')
  return body?.error ?? `the server answered ${res.status}`
}

export function AuditTrail({ initial, initialError, pageSize }: { initial: AuditPage | null; initialError: string | null; pageSize: number }) {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS)
  const [applied, setApplied] = useState<Filters>(NO_FILTERS)
  const [entries, setEntries] = useState<AuditEntryBody[]>(initial?.entries ?? [])
  const [next, setNext] = useState<number | null>(initial?.next_before_seq ?? null)
  const [error, setError] = useState<string | null>(initialError)
  const [loading, setLoading] = useState(false)
  const [verify, setVerify] = useState<{ state: 'idle' | 'running' } | { state: 'done'; result: AuditVerifyBody } | { state: 'error'; message: string }>({ state: 'idle' })

  async function load(filters: Filters, before: number | null) {
    setLoading(true)
    try {
      const res = await fetch(`/api/v1/audit?${auditQueryString(filters, { limit: String(pageSize), ...(before ? { before_seq: String(before) } : {}) })}`, { headers: { accept: 'application/json' } })
      if (!res.ok) throw new Error(await errorText(res))
      const page = (await res.json()) as AuditPage
      setEntries((prev) => (before ? [...prev, ...page.entries] : page.entries))
      setNext(page.next_before_seq)
      setApplied(filters)
      setError(null)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setLoading(false)
    }
  }

  async function runVerify() {
    setVerify({ state: 'running' })
    try {
      const res = await fetch('/api/v1/audit/verify', { headers: { accept: 'application/json' } })
      if (!res.ok) throw new Error(await errorText(res))
      setVerify({ state: 'done', result: (await res.json()) as AuditVerifyBody })
    } catch (err) {
      setVerify({ state: 'error', message: err instanceof Error ? err.message : String(err) })
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void load(draft, null)
  }
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }))
  const text = (k: keyof Filters, label: string, placeholder: string) => (
    <label className="flex min-w-0 flex-col gap-0.5 text-sm">
      <span className="text-slate-600 dark:text-slate-300">{label}</span>
      <input type="text" value={draft[k]} onChange={set(k)} placeholder={placeholder} className={INPUT} />
    </label>
  )

  return (
    <div data-testid="audit-trail" className="space-y-3">
      <form role="search" aria-label="Filter the audit trail" onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-0.5 text-sm">
          <span className="text-slate-600 dark:text-slate-300">From</span>
          <input type="datetime-local" value={draft.from} onChange={set('from')} className={INPUT} />
        </label>
        <label className="flex flex-col gap-0.5 text-sm">
          <span className="text-slate-600 dark:text-slate-300">To</span>
          <input type="datetime-local" value={draft.to} onChange={set('to')} className={INPUT} />
        </label>
        <label className="flex flex-col gap-0.5 text-sm">
          <span className="text-slate-600 dark:text-slate-300">Kind</span>
          <select value={draft.kind} onChange={set('kind')} className={INPUT}>
            <option value="">All kinds</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {text('actor', 'Actor', 'id or name')}
        {text('subject_type', 'Subject type', 'alert, user, route…')}
        {text('subject_id', 'Subject id', 'exact id')}
        <button type="submit" className={BUTTON} disabled={loading}>
          Apply filters
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={() => {
            setDraft(NO_FILTERS)
            void load(NO_FILTERS, null)
          }}
        >
          Clear
        </button>
      </form>

      <div className="flex flex-wrap items-center gap-3 text-sm">
        <a data-testid="audit-csv" href={`/api/v1/audit?${auditQueryString(applied, { format: 'csv' })}`} download="audit.csv" className="text-blue-700 underline dark:text-blue-400">
          Export CSV (current filters)
        </a>
        <button type="button" className={BUTTON} onClick={() => void runVerify()} disabled={verify.state === 'running'}>
          Verify chain
        </button>
        <span role="status" aria-live="polite" data-testid="audit-verify">
          {verify.state === 'running' && 'Checking every entry…'}
          {verify.state === 'error' && <span className="text-red-700 dark:text-red-400">Could not check: {verify.message}</span>}
          {verify.state === 'done' && verify.result.ok && (
            <span className="text-green-800 dark:text-green-400">
              <span aria-hidden="true">✓ </span>Chain intact: {verify.result.checked.toLocaleString('en')} entries checked (head seq {verify.result.head_seq}).
              {verify.result.parked ? ` ${verify.result.parked} entries wait to be written.` : ''}
            </span>
          )}
          {verify.state === 'done' && !verify.result.ok && verify.result.first_broken && (
            <span className="font-medium text-red-700 dark:text-red-400">
              <span aria-hidden="true">✗ </span>Chain broken at seq {verify.result.first_broken.seq}
              {verify.result.first_broken.kind ? ` (${verify.result.first_broken.kind})` : ''}: {verify.result.first_broken.reason}. {verify.result.checked.toLocaleString('en')} entries intact before it.
            </span>
          )}
        </span>
      </div>

      {error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-300">
          {error}{' '}
          <button type="button" className="underline" onClick={() => void load(applied, null)}>
            Retry
          </button>
        </p>
      )}

      {entries.length === 0 && !error ? (
        <p data-testid="audit-empty" className="text-sm text-slate-600 dark:text-slate-300">
          {loading ? 'Loading…' : 'No entries match these filters.'}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="audit-table" className="w-full text-left text-sm tabular-nums">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-700 dark:text-slate-300">
              <tr>
                <th scope="col" className="px-2 py-1">Seq</th>
                <th scope="col" className="px-2 py-1">When</th>
                <th scope="col" className="px-2 py-1">Who</th>
                <th scope="col" className="px-2 py-1">Kind</th>
                <th scope="col" className="px-2 py-1">Subject</th>
                <th scope="col" className="px-2 py-1">Before → after</th>
                <th scope="col" className="px-2 py-1">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.seq}-${e.hash}`} className="border-b border-slate-100 align-top dark:border-slate-800">
                  <td className="px-2 py-1">{e.seq}</td>
                  <td className="whitespace-nowrap px-2 py-1">
                    <LocalTime iso={e.at} />
                  </td>
                  <td className="px-2 py-1">
                    {e.actor.name || e.actor.id} <span className="text-slate-600 dark:text-slate-400">({e.actor.kind})</span>
                  </td>
                  <td className="px-2 py-1">{e.kind}</td>
                  <td className="break-all px-2 py-1">
                    {e.subject_type}: {e.subject_id}
                    {e.location ? <span className="text-slate-600 dark:text-slate-400"> @ {e.location}</span> : null}
                  </td>
                  <td className="px-2 py-1">{change(e)}</td>
                  <td className="px-2 py-1">{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <button type="button" className={BUTTON} disabled={loading} onClick={() => void load(applied, next)}>
          {loading ? 'Loading…' : 'Load older entries'}
        </button>
      )}
    </div>
  )
}
