'use client'
/** The inbox's smaller parts: the key legend, the "N new alerts" bar and the loading, empty and error states. */
import { describeFilters, isDefaultView, type InboxFilters } from '@/lib/alerts/inbox-query'

const KEYS_ALL = [
  { keys: ['j', 'k'], what: 'next / previous card' },
  { keys: ['a'], what: 'approve' },
  { keys: ['m'], what: 'modify quantity' },
  { keys: ['r'], what: 'reject' },
  { keys: ['s'], what: 'snooze' },
  { keys: ['x'], what: 'select for bulk' },
  { keys: ['Shift', 'A'], what: 'approve selected' },
]

/** The keys the inbox answers, on screen (readers only get j and k: they read, not decide). */
export function KeyLegend({ canDecide }: { canDecide: boolean }) {
  const keys = canDecide ? KEYS_ALL : KEYS_ALL.slice(0, 1)
  return (
    <section aria-labelledby="keys-title" className="text-xs text-slate-600 dark:text-slate-300" data-testid="key-legend">
      <h2 id="keys-title" className="sr-only">Keyboard shortcuts</h2>
      <dl className="flex flex-wrap gap-x-4 gap-y-1">
        {keys.map((k) => (
          <div key={k.what} className="flex items-center gap-1">
            <dt className="flex gap-0.5">
              {k.keys.map((key, i) => (
                <span key={key} className="flex items-center gap-0.5">
                  {i > 0 && <span aria-hidden>{k.keys[0] === 'Shift' ? '+' : '/'}</span>}
                  <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{k.what}</dd>
          </div>
        ))}
        {!canDecide && (
          <div>
            <dt className="sr-only">Note</dt>
            <dd>Executives read alerts; planners and managers decide them.</dd>
          </div>
        )}
      </dl>
    </section>
  )
}

/** New alerts held back so the card being worked stays put; a click ranks everything again. */
export function NewAlertsBar({ count, reorder, onSettle }: { count: number; reorder: number; onSettle: () => void }) {
  if (count === 0 && reorder === 0) return null
  const what = count > 0 ? `${count} new ${count === 1 ? 'alert' : 'alerts'}` : `${reorder} ${reorder === 1 ? 'card' : 'cards'} changed value`
  return (
    <button
      type="button"
      data-testid="new-alerts"
      onClick={onSettle}
      className="sticky top-2 z-10 mx-auto block rounded-full bg-blue-700 px-4 py-1.5 text-sm font-medium text-white shadow-md hover:bg-blue-800"
    >
      {what} · show in order
    </button>
  )
}

/** Cards' frames while the first view loads, so the page keeps its shape. */
export function LoadingCards() {
  return (
    <div aria-busy="true" data-testid="alerts-loading" className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-300">Loading alerts…</p>
      {[0, 1, 2].map((i) => (
        <div key={i} aria-hidden className="h-36 animate-pulse rounded-lg border border-slate-200 bg-white motion-reduce:animate-none dark:border-slate-800 dark:bg-slate-900" />
      ))}
    </div>
  )
}

export function EmptyInbox({ filters, onClear }: { filters: InboxFilters; onClear: () => void }) {
  return (
    <section data-testid="alerts-empty" aria-labelledby="empty-title" className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center dark:border-slate-700 dark:bg-slate-900">
      <p aria-hidden className="text-3xl text-green-700 dark:text-green-400">✓</p>
      <h2 id="empty-title" className="mt-2 text-lg font-semibold">
        {filters.status === 'active' ? 'No alerts need you' : 'No alerts match'}
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">Showing {describeFilters(filters)}.</p>
      {!isDefaultView(filters) && (
        <button type="button" onClick={onClear} className="mt-3 rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
          Clear filters
        </button>
      )}
    </section>
  )
}

export function InboxError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <section data-testid="alerts-error" role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-6 text-center dark:border-red-800 dark:bg-red-950">
      <h2 className="font-semibold text-red-800 dark:text-red-200">⚠ Alerts could not be loaded</h2>
      <p className="mt-1 text-sm text-red-800 dark:text-red-200">{message}</p>
      <button type="button" onClick={onRetry} className="mt-3 rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700">
        Retry
      </button>
    </section>
  )
}
