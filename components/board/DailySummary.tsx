'use client'
import { LocalTime } from '../alerts/LocalTime'
import { memo, startTransition, useCallback, useEffect, useState } from 'react'
import type { SummaryBody } from '@/lib/summary/api-schemas'
import { useAfterHydration } from './useAfterHydration'

/** The summary of the day in progress is rewritten every hour (jobs/summary.ts): looking every few minutes is plenty. */
const REFETCH_MS = 5 * 60_000
const FRAME = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900'

type Loaded = { kind: 'summary'; body: SummaryBody } | { kind: 'none' } | { kind: 'outside'; message: string } | { kind: 'error'; message: string }


async function fetchSummary(): Promise<Loaded> {
  const res = await fetch('/api/v1/summary', { cache: 'no-store', credentials: 'same-origin' })
  if (res.status === 404) return { kind: 'none' }
  if (res.status === 401) return { kind: 'error', message: 'Signed out: sign in again' }
  // A person scoped to some locations: the estate's summary is not theirs, and the server says why.
  if (res.status === 403) return { kind: 'outside', message: ((await res.json().catch(() => ({}))) as { error?: string }).error ?? 'The summary covers the whole estate.' }
  if (!res.ok) return { kind: 'error', message: `The summary API answered ${res.status}` }
  return { kind: 'summary', body: (await res.json()) as SummaryBody }
}

/**
 * Today's summary for operations managers (and everyone on the board): the headline and
 * paragraphs the daily-summary agent wrote from the day's figures, and when (UTC). It covers all
 * locations. Its own state, apart from the board's, with no props: the board's pushes never
 * re-render it. It loads after hydration (useAfterHydration) and sits last on the board, so its
 * text arriving moves nothing above it.
 */
export const DailySummary = memo(function DailySummary() {
  const ready = useAfterHydration()
  return (
    <section aria-labelledby="daily-summary-title" data-testid="daily-summary" className={FRAME}>
      <h2 id="daily-summary-title" className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-300">
        Today&apos;s summary <span className="font-normal">(all locations)</span>
      </h2>
      {ready ? <SummaryBodyView /> : <p className="text-sm text-slate-500 dark:text-slate-400">Loading…</p>}
    </section>
  )
})

function SummaryBodyView() {
  const [loaded, setLoaded] = useState<Loaded | null>(null)

  const load = useCallback(async () => {
    let next: Loaded
    try {
      next = await fetchSummary()
    } catch (err) {
      next = { kind: 'error', message: err instanceof Error ? err.message : String(err) }
    }
    startTransition(() => setLoaded(next))
  }, [])

  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), REFETCH_MS)
    return () => clearInterval(timer)
  }, [load])

  if (!loaded) return <p className="text-sm text-slate-500 dark:text-slate-400">Loading…</p>
  if (loaded.kind === 'none') {
    return <p className="text-sm text-slate-600 dark:text-slate-300">No summary of today yet: it is written every hour.</p>
  }
  if (loaded.kind === 'outside') {
    return <p className="text-sm text-slate-600 dark:text-slate-300">{loaded.message}</p>
  }
  if (loaded.kind === 'error') {
    return (
      <p role="alert" className="text-sm text-amber-800 dark:text-amber-200">
        ⚠ {loaded.message}
      </p>
    )
  }
  const s = loaded.body
  return (
    <div data-testid="daily-summary-body">
      <p className="font-medium text-slate-900 dark:text-slate-100">{s.headline}</p>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        As of <LocalTime iso={s.generated_at} />, for {s.date} (a UTC day)
      </p>
      <div className="mt-2 space-y-1.5 text-sm text-slate-700 dark:text-slate-300">
        {s.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    </div>
  )
}
