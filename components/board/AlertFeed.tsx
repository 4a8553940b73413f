'use client'
import Link from 'next/link'
import { memo, startTransition, useCallback, useEffect, useState } from 'react'
import type { AlertBody, AlertsAnswer, RatesAnswer } from '@/lib/alerts/api-schemas'
import { ALERT_EVENT, SEVERITIES } from '@/lib/alerts/types'
import { humanize, inboxHref } from '@/lib/alerts/inbox-query'
import { newestActive } from '@/lib/alerts/feed'
import type { IncomingAlert } from '@/lib/alerts/inbox-merge'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { formatFigure } from '@/lib/kpis/format'
import { SEVERITY } from '../alerts/badges'
import { fetchAlerts } from '../alerts/api'
import { getSocket } from '../socket'
import { useAfterHydration } from './useAfterHydration'
import { FeedRatesLine } from './DecisionRates'

const SHOWN = 5
/** Pushes come in bursts when an agent runs: the counts are refetched at most this often. */
const REFETCH_MS = 2_000
const FRAME = 'min-h-[13rem] rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900'


/**
 * The board's alert feed for its location: counts of active alerts by severity and by type, the
 * newest few cards on a line each, a line of the last RATE_DAYS days' decision rates (`rates`: the
 * answer the rates panel shows, so the two totals agree), and a link into the inbox filtered the
 * same way. Its own state,
 * apart from the board's: an alert pushed re-renders this section, not the board. It starts after
 * hydration (useAfterHydration), behind a frame of its final height, so the board's first screen
 * does not wait for it and nothing below it moves.
 */
export const AlertFeed = memo(function AlertFeed({ location, rates }: { location: string; rates: RatesAnswer | null }) {
  const ready = useAfterHydration()
  const href = inboxHref(location === ALL_LOCATIONS ? {} : { location })
  return (
    <section aria-labelledby="alert-feed-title" data-testid="alert-feed" className={FRAME}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="alert-feed-title" className="text-sm font-medium text-slate-600 dark:text-slate-300">
          Alerts needing a decision{location === ALL_LOCATIONS ? '' : ` at ${location}`}
        </h2>
        <Link prefetch={false} href={href} className="text-sm text-blue-700 hover:underline dark:text-blue-400" data-testid="alert-feed-link">
          Open the inbox{location === ALL_LOCATIONS ? '' : ` for ${location}`} →
        </Link>
      </div>
      {ready ? <FeedBody key={location} location={location} rates={rates} /> : <p className="text-sm text-slate-500 dark:text-slate-400">Loading…</p>}
    </section>
  )
})

function FeedBody({ location, rates }: { location: string; rates: RatesAnswer | null }) {
  const [answer, setAnswer] = useState<AlertsAnswer | null>(null)
  const [recent, setRecent] = useState<AlertBody[]>([])
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const here = location === ALL_LOCATIONS ? {} : { location }
      const a = await fetchAlerts({ status: 'active', limit: SHOWN, ...here })
      startTransition(() => {
        setAnswer(a)
        setRecent((r) => newestActive(r, a.alerts, SHOWN))
        setError(null)
      })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }, [location])

  useEffect(() => {
    const socket = getSocket()
    let timer: ReturnType<typeof setTimeout> | undefined
    const later = () => {
      timer ??= setTimeout(() => {
        timer = undefined
        void load()
      }, REFETCH_MS)
    }
    const onConnect = () => {
      socket.emit('watch', { room: 'alerts:all' })
      void load()
    }
    const onAlert = (a: IncomingAlert) => {
      if (!a?.scope || (location !== ALL_LOCATIONS && a.scope.location !== location)) return
      startTransition(() => setRecent((r) => newestActive(r, [a], SHOWN)))
      later()
    }
    socket.on('connect', onConnect)
    socket.on(ALERT_EVENT, onAlert)
    if (socket.connected) onConnect()
    return () => {
      clearTimeout(timer)
      socket.off('connect', onConnect)
      socket.off(ALERT_EVENT, onAlert)
    }
  }, [load, location])

  if (error && !answer) return <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">⚠ Alerts unavailable: {error}</p>
  if (!answer) return <p className="text-sm text-slate-500 dark:text-slate-400">Loading…</p>
  const { by_severity, by_type, total } = answer.counts
  const types = Object.entries(by_type).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
  return (
    <div className="space-y-2 text-sm">
      {error && <p role="alert" className="text-xs text-amber-800 dark:text-amber-300">⚠ Not refreshed: {error}</p>}
      {total === 0 ? (
        <p className="text-slate-600 dark:text-slate-300" data-testid="alert-feed-empty">✓ No alerts need a decision here.</p>
      ) : (
        <>
          <p className="num flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="alert-feed-counts">
            <span className="font-semibold">{total.toLocaleString('en-GB')} active</span>
            {SEVERITIES.filter((s) => (by_severity[s] ?? 0) > 0).map((s) => (
              <span key={s} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY[s].cls}`}>
                <span aria-hidden>{SEVERITY[s].icon}</span>
                {by_severity[s]} {SEVERITY[s].word.toLowerCase()}
              </span>
            ))}
          </p>
          <p className="num text-xs text-slate-600 dark:text-slate-300">
            {types.map(([t, n]) => `${humanize(t)} ${n}`).join(' · ')}
          </p>
          {(by_type.stockout_risk ?? 0) > 0 && (
            <p className="text-xs text-slate-600 dark:text-slate-300" data-testid="alert-feed-risk-note">
              A stockout-risk alert counts stock on order on the day it lands, so there can be more of them than the Stockout risk tile, which counts it as on hand.
            </p>
          )}
        </>
      )}
      {rates && <FeedRatesLine rates={rates} />}
      {recent.length > 0 && (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Newest alerts">
          {recent.map((a) => (
            <li key={a.id} className="flex items-center gap-2 py-1" data-testid="alert-feed-item">
              <span className={`inline-flex shrink-0 items-center gap-1 rounded px-1 text-xs font-medium ${SEVERITY[a.severity].cls}`}>
                <span aria-hidden>{SEVERITY[a.severity].icon}</span>
                {SEVERITY[a.severity].word}
              </span>
              <span className="min-w-0 flex-1 truncate">
                {humanize(a.type)}: {a.product_name ?? a.scope.sku} <span className="font-mono text-xs text-slate-600 dark:text-slate-300">{a.scope.sku}{a.scope.location ? ` · ${a.scope.location}` : ''}</span>
              </span>
              <span className="num shrink-0" title={formatFigure(a.value_at_risk, 'currency').full}>
                {formatFigure(a.value_at_risk, 'currency').short}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
