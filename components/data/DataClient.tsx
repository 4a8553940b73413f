'use client'
import { LocalTime } from '../alerts/LocalTime'
import { useCallback, useEffect, useState } from 'react'
import { getSocket } from '../socket'
import { INGEST_EVENT, INGEST_ROOM } from '@/lib/kpis/definitions'
import { fmtAgo, fmtDuration, fmtInt } from '../format'
import { StatusBadge, type Health } from '../StatusBadge'
import type { IngestStatus } from './types'
import { ImportList, QuarantineList } from './DataQuality'

const FRESHNESS: Record<string, { health: Health; label: string }> = {
  fresh: { health: 'healthy', label: 'Fresh' },
  late: { health: 'watch', label: 'Late' },
  silent: { health: 'unknown', label: 'Silent' },
}

function Tile({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" title={hint}>
      <h2 className="text-sm font-medium text-slate-600 dark:text-slate-300">{label}</h2>
      <p className="num mt-1 text-3xl font-semibold" data-testid={testId}>{value}</p>
    </section>
  )
}

/** /data: what landed from where, how fresh, what was rejected and why. Refetches when pinged. */
export function DataClient({ initial, canUndoImports = false, children }: { initial: IngestStatus; canUndoImports?: boolean; children?: React.ReactNode }) {
  const [status, setStatus] = useState(initial)
  const [now, setNow] = useState(() => Date.parse(initial.as_of))
  const [error, setError] = useState<string>()

  const refresh = useCallback(async () => {
    try {
      const res = await fetch('/api/v1/ingest/status', { cache: 'no-store' })
      if (!res.ok) throw new Error(`status API answered ${res.status}`)
      const s = (await res.json()) as IngestStatus
      setStatus(s)
      setNow(Date.parse(s.as_of))
      setError(undefined)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }, [])

  useEffect(() => {
    const socket = getSocket()
    const onConnect = () => {
      socket.emit('watch', { room: INGEST_ROOM })
      void refresh()
    }
    const onPing = () => void refresh()
    socket.on('connect', onConnect)
    socket.on(INGEST_EVENT, onPing)
    if (socket.connected) onConnect()
    // "x seconds ago" keeps ageing between pings.
    const tick = setInterval(() => setNow(Date.now()), 5_000)
    return () => {
      socket.off('connect', onConnect)
      socket.off(INGEST_EVENT, onPing)
      clearInterval(tick)
    }
  }, [refresh])

  const types = Object.entries(status.by_type).sort((a, b) => b[1] - a[1])
  return (
    <main id="main" className="mx-auto max-w-screen-2xl space-y-6 px-4 py-4">
      <div className="flex items-baseline gap-4">
        <h1 className="text-xl font-semibold tracking-tight">Data</h1>
        <span className="text-xs text-slate-500 dark:text-slate-400">as of <LocalTime iso={status.as_of} seconds /></span>
      </div>
      {status.ingest_state && status.ingest_state !== 'ok' && (
        <p role="alert" data-testid="ingest-stuck" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {status.ingest_state === 'stuck'
            ? `Ingest is stuck: the oldest accepted batch has waited ${fmtDuration(status.lag_ms)} without landing (${fmtInt(status.retrying_batches ?? 0)} batch${status.retrying_batches === 1 ? '' : 'es'} waiting to be retried).`
            : `${fmtInt(status.failed_jobs ?? 0)} accepted batch${status.failed_jobs === 1 ? '' : 'es'} failed after every retry and did not land.`}
          {status.last_flush_failure && <> Last failure {fmtAgo(status.last_flush_failure.at, now)}{status.last_flush_failure.outage ? ' (ClickHouse refused every insert)' : ''}: {status.last_flush_failure.error}</>}
        </p>
      )}
      {error && <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">⚠ {error}</p>}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
        <Tile label="Events landed" value={fmtInt(status.events_total)} hint="Events written to ClickHouse, each event_id once" testId="events-total" />
        <Tile label="Duplicates dropped" value={fmtInt(status.duplicates_total)} hint="Replayed events recognised by event_id and not written again" />
        <Tile label="Queue depth" value={status.queue_depth === null ? '–' : fmtInt(status.queue_depth)} hint="Accepted batches waiting for the writer" />
        <Tile label="Lag" value={fmtDuration(status.lag_ms)} hint="How long the oldest accepted batch not landed yet has waited, retries included (or the last minute's worst flush lag)" />
        <Tile label="Dead letters" value={fmtInt(status.dead_lettered_batches.count)} hint="Batches that failed alone while the rest of their flush landed, set aside with their error" testId="dead-letters-total" />
        <Tile label="Unknown references" value={fmtInt(status.unknown_master_refs.count)} hint="SKUs, locations or suppliers named by events before their master data arrived" />
        <Tile label="Quarantined" value={fmtInt(status.quarantined.count)} hint="Implausible events kept aside, not counted in any figure" testId="quarantined-total" />
      </div>
      {children}
      <section aria-labelledby="sources-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="sources-h" className="mb-2 font-semibold">Sources</h2>
        {status.sources.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">Nothing has landed yet. Send events to <code>POST /api/v1/events</code> or import a CSV.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="sources">
            <thead className="text-slate-500 dark:text-slate-400"><tr><th className="py-1 font-medium">Source (API key)</th><th className="font-medium">Freshness</th><th className="text-right font-medium">Events</th><th className="pl-4 font-medium">Newest event</th><th className="font-medium">Last landed</th><th className="font-medium">Usual cadence</th></tr></thead>
            <tbody>
              {status.sources.map((s) => (
                <tr key={s.source} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1.5 font-mono">{s.source}</td>
                  <td><StatusBadge {...FRESHNESS[s.freshness]} /></td>
                  <td className="num text-right">{fmtInt(s.events)}</td>
                  <td className="pl-4"><LocalTime iso={s.last_event_at} seconds /></td>
                  <td>{fmtAgo(s.last_flush_at, now)}</td>
                  <td>{s.usual_cadence_ms ? `every ${fmtDuration(s.usual_cadence_ms)}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="types-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="types-h" className="mb-2 font-semibold">Events by type</h2>
          {types.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">No events yet.</p> : (
            <table className="w-full text-sm"><tbody>
              {types.map(([t, n]) => (
                <tr key={t} className="border-t border-slate-100 first:border-0 dark:border-slate-800"><td className="py-1 font-mono">{t}</td><td className="num text-right">{fmtInt(n)}</td></tr>
              ))}
            </tbody></table>
          )}
        </section>
        <section aria-labelledby="unknown-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="unknown-h" className="mb-1 font-semibold">Unknown master data</h2>
          <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">Events were accepted; these references have no product, location or supplier record yet. They clear when it arrives.</p>
          {status.unknown_master_refs.top.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">None: every reference is known.</p> : (
            <table className="w-full text-left text-sm" data-testid="unknown-refs">
              <thead className="text-slate-500 dark:text-slate-400"><tr><th className="py-1 font-medium">Kind</th><th className="font-medium">Reference</th><th className="text-right font-medium">Events</th><th className="pl-4 font-medium">Last seen</th></tr></thead>
              <tbody>
                {status.unknown_master_refs.top.map((u) => (
                  <tr key={`${u.kind}:${u.ref}`} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1"><StatusBadge health="watch" label={u.kind} /></td><td className="font-mono">{u.ref}</td><td className="num text-right">{fmtInt(u.occurrences)}</td><td className="pl-4">{fmtAgo(u.last_seen, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <QuarantineList count={status.quarantined.count} recent={status.quarantined.recent} />
        <ImportList imports={status.imports} canUndo={canUndoImports} onChanged={() => void refresh()} />
      </div>
      <section aria-labelledby="rejected-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="rejected-h" className="mb-2 font-semibold">Rejected batches</h2>
        {status.rejected_batches.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">No batch has been rejected.</p> : (
          <ul className="space-y-2 text-sm" data-testid="rejected">
            {status.rejected_batches.map((b, i) => (
              <li key={`${b.at}-${i}`} className="rounded border border-red-200 p-2 dark:border-red-900">
                <div className="flex flex-wrap gap-3"><StatusBadge health="risk" label="Rejected" /><span className="font-mono">{b.source}</span><span><LocalTime iso={b.at} seconds /></span><span>{b.error_count} error{b.error_count === 1 ? '' : 's'}</span></div>
                <ul className="mt-1 list-inside list-disc text-slate-700 dark:text-slate-300">
                  {b.errors.map((e, j) => <li key={j}>{e.index >= 0 ? `event ${e.index}` : 'request'}{e.path ? `, ${e.path}` : ''}: {e.message}</li>)}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="dead-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="dead-h" className="mb-1 font-semibold">Dead letters</h2>
        <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">Accepted batches ClickHouse refused while the rest of their flush landed. Their events are kept with the error, to fix and re-send.</p>
        {status.dead_lettered_batches.latest.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">None: every accepted batch landed.</p> : (
          <ul className="space-y-2 text-sm" data-testid="dead-letters">
            {status.dead_lettered_batches.latest.map((d) => (
              <li key={d.batch} className="rounded border border-red-200 p-2 dark:border-red-900">
                <div className="flex flex-wrap gap-3">
                  <StatusBadge health="risk" label="Dead letter" /><span className="font-mono">{d.source}</span>
                  <span><LocalTime iso={d.dead_lettered_at} seconds /></span>
                  <span>{fmtInt(d.events)} event{d.events === 1 ? '' : 's'}{d.landed ? `, ${fmtInt(d.landed)} landed before it failed` : ''}</span>
                  <span className="text-slate-500 dark:text-slate-400">accepted <LocalTime iso={d.received_at} seconds /></span>
                  <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{d.batch}</span>
                </div>
                <p className="mt-1 break-words text-slate-700 dark:text-slate-300">{d.error}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}
