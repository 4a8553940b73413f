'use client'
import { LocalTime } from '../alerts/LocalTime'
import { useCallback, useState, useSyncExternalStore } from 'react'
import { useJobEvents } from './useJobEvents'
import type { JobBody, JobsBody } from '@/lib/planning/api-schemas'
import { fmtDuration, fmtInt } from '../format'
import { StatusBadge, type Health } from '../StatusBadge'

/** What the recompute worker pushes while it runs (jobs/index.ts). */
interface Pushed {
  id: string
  phase: 'running' | 'done' | 'failed'
  done: number
  total: number
  at: string
}

interface RunResult {
  locations?: number
  series?: number
  skus?: number
  ms?: number
}

const STATE: Record<string, { health: Health; label: string }> = {
  completed: { health: 'healthy', label: 'Done' },
  failed: { health: 'risk', label: 'Failed' },
  active: { health: 'watch', label: 'Running' },
  waiting: { health: 'unknown', label: 'Queued' },
  prioritized: { health: 'unknown', label: 'Queued' },
  delayed: { health: 'watch', label: 'Retrying' },
}

const isRunning = (j: JobBody) => j.state === 'active' || j.state === 'waiting' || j.state === 'prioritized' || j.state === 'delayed'

function who(requestedBy: string, people: Record<string, string>): string {
  if (requestedBy === 'schedule') return 'Schedule'
  if (requestedBy === 'simulator') return 'Simulator (after its backfill)'
  if (requestedBy.startsWith('user:')) return people[requestedBy.slice(5)] ?? requestedBy.slice(5)
  if (requestedBy.startsWith('key:')) return `API key ${requestedBy.slice(4)}`
  return requestedBy
}

/**
 * /data: the full recompute of forecasts, policies and risk. When it runs next, its runs with what
 * each did, a live progress bar while one runs (pushed by the worker over Socket.IO), and, for the
 * roles that may, a button that starts one.
 */
export function RecomputePanel({ initial, canRun, people }: { initial: JobsBody; canRun: boolean; people: Record<string, string> }) {
  const [status, setStatus] = useState(initial)
  const [live, setLive] = useState<Pushed | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [starting, setStarting] = useState(false)
  // False in the server's HTML and until hydration attaches the click handler: a click before
  // then would be lost, so the button waits disabled.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false)

  const refresh = useCallback(async () => {
    try {
      const res = await fetch('/api/v1/jobs', { cache: 'no-store' })
      if (!res.ok) throw new Error(`jobs API answered ${res.status}`)
      setStatus((await res.json()) as JobsBody)
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    }
  }, [])

  useJobEvents<Pushed>(
    (p) => {
      // Imports and the simulator's backfill push to the same room under their own ids.
      if (typeof p.id !== 'string' || p.id.startsWith('import:') || p.id === 'simulator-backfill') return
      setLive(p)
      if (p.phase !== 'running' || p.done <= 1) void refresh()
    },
    () => void refresh(),
  )

  const start = async () => {
    setStarting(true)
    setMessage(null)
    try {
      const res = await fetch('/api/v1/recompute', { method: 'POST' })
      const body = (await res.json()) as { job_id?: string; already_running?: boolean; error?: string }
      if (!res.ok) throw new Error(body.error ?? `recompute answered ${res.status}`)
      setMessage({ ok: true, text: body.already_running ? `A recompute is already under way (job ${body.job_id}); this one joins it.` : `Recompute started (job ${body.job_id}).` })
      await refresh()
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    } finally {
      setStarting(false)
    }
  }

  const current = status.jobs.find(isRunning)
  const progress = current && live?.id === current.id ? live : current ? progressOf(current) : null
  const pct = progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0
  return (
    <section aria-labelledby="recompute-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="recompute-h" className="font-semibold">Planning recompute</h2>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Forecasts, policies and stockout risk for every SKU × location. Runs {describeSchedule(status.schedule.pattern)}; next run{' '}
          <span className="num"><LocalTime iso={status.schedule.next_run_at} seconds /></span>.
        </p>
        {canRun && (
          <button type="button" onClick={start} disabled={!hydrated || starting || current !== undefined} className="ml-auto rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
            {current ? 'Recompute running…' : starting ? 'Starting…' : 'Recompute now'}
          </button>
        )}
      </div>
      {message && (
        <p role="status" className={`mt-2 rounded px-2 py-1 text-sm ${message.ok ? 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300' : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300'}`}>
          {message.ok ? '✓' : '⚠'} {message.text}
        </p>
      )}
      {current && (
        <div className="mt-3">
          <div role="progressbar" aria-label="Recompute progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
            <div className="h-full bg-blue-600 transition-all" style={{ width: `${Math.max(2, pct)}%` }} />
          </div>
          <p className="num mt-1 text-xs text-slate-500 dark:text-slate-400">
            {current.state === 'active' ? 'running' : 'queued'} · {progress && progress.total > 0 ? `${fmtInt(progress.done)} of ${fmtInt(progress.total)} locations` : 'reading the catalogue'} · started by {who(current.requested_by, people)}
          </p>
        </div>
      )}
      {status.jobs.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No recompute has run yet{canRun ? ': start one, or wait for the schedule' : ''}.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm" data-testid="recompute-runs">
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-1 font-medium">Requested</th><th className="font-medium">By</th><th className="font-medium">State</th>
              <th className="text-right font-medium">Took</th><th className="text-right font-medium">Locations</th><th className="text-right font-medium">Series</th><th className="pl-4 font-medium">Note</th>
            </tr>
          </thead>
          <tbody>
            {status.jobs.map((j) => {
              const r = (j.result ?? {}) as RunResult
              const took = j.started_at && j.finished_at ? Date.parse(j.finished_at) - Date.parse(j.started_at) : 0
              const st = STATE[j.state] ?? { health: 'unknown' as Health, label: j.state }
              return (
                <tr key={j.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="num py-1.5"><LocalTime iso={j.created_at} seconds /></td>
                  <td>{who(j.requested_by, people)}</td>
                  <td><StatusBadge {...st} /></td>
                  <td className="num text-right">{took ? fmtDuration(took) : '–'}</td>
                  <td className="num text-right">{r.locations !== undefined ? fmtInt(r.locations) : '–'}</td>
                  <td className="num text-right">{r.series !== undefined ? fmtInt(r.series) : '–'}</td>
                  <td className="pl-4 text-xs text-red-700 dark:text-red-300">{j.error ?? ''}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

const noSubscribe = () => () => {}

/** "0 2 * * *" -> "daily at 02:00 UTC"; any other cron pattern as it is. */
function describeSchedule(pattern: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(pattern)
  return m ? `daily at ${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')} UTC` : `on the cron schedule ${pattern} (UTC)`
}

function progressOf(j: JobBody): { done: number; total: number } | null {
  const p = j.progress as { done?: unknown; total?: unknown } | null
  return p && typeof p === 'object' && typeof p.done === 'number' && typeof p.total === 'number' ? { done: p.done, total: p.total } : null
}
