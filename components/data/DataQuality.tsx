'use client'
import { LocalTime } from '../alerts/LocalTime'
import { useState } from 'react'
import { fmtInt } from '../format'
import { StatusBadge } from '../StatusBadge'
import type { ImportRecord, QuarantinedEvent } from './types'

/** Implausible events held in quarantine (never summed), with the rules they failed. */
export function QuarantineList({ count, recent }: { count: number; recent: QuarantinedEvent[] }) {
  return (
    <section aria-labelledby="quarantine-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="quarantine-h" className="mb-1 font-semibold">Quarantined events <span className="num text-sm font-normal text-slate-500 dark:text-slate-400" data-testid="quarantined-count">{fmtInt(count)}</span></h2>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">Accepted, but outside the plausibility bounds (PLAUSIBILITY_BOUNDS): kept aside and not counted in any figure.</p>
      {recent.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">None: every event was plausible.</p> : (
        <ul className="space-y-2 text-sm" data-testid="quarantined">
          {recent.map((q) => (
            <li key={q.event_id} className="min-w-0 rounded border border-amber-200 p-2 dark:border-amber-900">
              <div className="flex flex-wrap gap-3"><StatusBadge health="watch" label={q.type} /><span className="truncate font-mono">{q.event_id}</span><span className="truncate font-mono text-slate-500 dark:text-slate-400">{q.source}</span><span><LocalTime iso={q.landed_at} seconds /></span></div>
              <ul className="mt-1 list-inside list-disc break-words text-slate-700 dark:text-slate-300">{q.rules.map((r) => <li key={r}>{r}</li>)}</ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The latest CSV imports; an admin may undo one (DELETE /api/v1/imports/{id}). */
export function ImportList({ imports, canUndo, onChanged }: { imports: ImportRecord[]; canUndo: boolean; onChanged: () => void }) {
  const [busy, setBusy] = useState<string>()
  const [message, setMessage] = useState<string>()
  const undo = async (id: string) => {
    if (!window.confirm(`Undo import ${id}? Its rows leave every table and figure.`)) return
    setBusy(id)
    try {
      const res = await fetch(`/api/v1/imports/${encodeURIComponent(id)}`, { method: 'DELETE' })
      const body = (await res.json().catch(() => ({}))) as { rows_removed?: number; error?: string }
      setMessage(res.ok ? `Import ${id} undone: ${fmtInt(body.rows_removed ?? 0)} rows removed.` : (body.error ?? `the undo answered ${res.status}`))
      onChanged()
    } finally {
      setBusy(undefined)
    }
  }
  return (
    <section aria-labelledby="imports-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="imports-h" className="mb-2 font-semibold">CSV imports</h2>
      {message && <p role="status" className="mb-2 text-sm">{message}</p>}
      {imports.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">No import yet.</p> : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="imports">
            <thead className="text-slate-500 dark:text-slate-400"><tr><th className="py-1 font-medium">Import</th><th className="font-medium">Type</th><th className="font-medium">When</th><th className="text-right font-medium">Landed</th><th className="text-right font-medium">Quarantined</th><th className="text-right font-medium">Duplicates</th><th className="pl-4 font-medium">State</th></tr></thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.import_id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1.5 font-mono" title={i.source}>{i.import_id}</td>
                  <td className="font-mono">{i.type}</td>
                  <td><LocalTime iso={i.landed_at} seconds /></td>
                  <td className="num text-right">{fmtInt(i.landed)}</td>
                  <td className="num text-right">{fmtInt(i.quarantined)}</td>
                  <td className="num text-right">{fmtInt(i.duplicates)}</td>
                  <td className="pl-4">
                    {i.status === 'undone' ? <span title={`by ${i.actor}`}>Undone <LocalTime iso={i.at} seconds /></span> : canUndo ? (
                      <button type="button" disabled={busy !== undefined} onClick={() => void undo(i.import_id)} className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-300">
                        {busy === i.import_id ? 'Undoing…' : 'Undo'}
                      </button>
                    ) : 'Landed'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
