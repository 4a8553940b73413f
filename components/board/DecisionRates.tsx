'use client'
import { useId, useRef, type KeyboardEvent } from 'react'
import type { RatesAnswer } from '@/lib/alerts/api-schemas'
import { FEW_DECISIONS, RATE_DAYS, RATE_DEFINITION, RATE_DIMENSIONS, rateLines, ratesPeriod, ratesSummary, type RateLine, type RatesBy } from '@/lib/alerts/rates-view'
import { ALL_LOCATIONS, FIGURE_DEFINITIONS, type KpiDefinition } from '@/lib/kpis/definitions'
import { KpiInfo } from './KpiInfo'
import type { DecisionRatesState } from './useDecisionRates'

export const RATES_FRAME = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900'

/**
 * Acceptance and override rates by agent, category or planner (DESIGN.md's definitions, in the
 * note under the table): tabs to switch the dimension (arrow keys, Home and End move between them,
 * the WAI-ARIA tabs pattern), the period in UTC, and the decisions behind each rate, a rate on
 * fewer than FEW_DECISIONS marked as not yet a trend. The figures come from useDecisionRates,
 * which the alert feed's line shares, so its total is the feed's.
 */
export function DecisionRatesPanel({ location, by, onBy, state }: { location: string; by: RatesBy; onBy: (by: RatesBy) => void; state: DecisionRatesState }) {
  const id = useId()
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  const at = RATE_DIMENSIONS.findIndex((d) => d.by === by)
  const { answer, error } = state
  const shown = answer?.by === by ? answer : null

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = RATE_DIMENSIONS.length
    const next = e.key === 'ArrowRight' ? (at + 1) % n : e.key === 'ArrowLeft' ? (at - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1
    if (next < 0) return
    e.preventDefault()
    onBy(RATE_DIMENSIONS[next].by)
    tabs.current[next]?.focus()
  }

  return (
    <section aria-labelledby={`${id}-title`} data-testid="decision-rates" className={RATES_FRAME}>
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-title`} className="text-sm font-medium text-slate-600 dark:text-slate-300">
          Acceptance and override rates{location === ALL_LOCATIONS ? '' : ` at ${location}`}
        </h2>
        <div role="tablist" aria-label="Rates by" onKeyDown={onKey} className="inline-flex rounded-md border border-slate-300 p-0.5 text-xs dark:border-slate-700">
          {RATE_DIMENSIONS.map((d, i) => (
            <button
              key={d.by}
              ref={(el) => {
                tabs.current[i] = el
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${d.by}`}
              aria-selected={d.by === by}
              aria-controls={`${id}-panel`}
              tabIndex={d.by === by ? 0 : -1}
              data-testid={`decision-rates-by-${d.by}`}
              onClick={() => onBy(d.by)}
              className={`rounded px-2 py-1 font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400 ${
                d.by === by ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
              }`}
            >
              By {d.label.toLowerCase()}
            </button>
          ))}
        </div>
      </div>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-300" data-testid="decision-rates-period">
        {shown ? ratesPeriod(RATE_DAYS, shown.since) : `Last ${RATE_DAYS} days (UTC)`}
      </p>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${by}`}
        aria-busy={!shown && !error}
        tabIndex={0}
        className="min-h-[14rem] rounded focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400"
      >
        {error && <p role="alert" className="mb-1 text-xs text-amber-800 dark:text-amber-300">⚠ {shown ? 'Not refreshed' : 'Rates unavailable'}: {error}</p>}
        {shown ? <RatesTable answer={shown} by={by} /> : !error && <p className="text-sm text-slate-600 dark:text-slate-300">Loading…</p>}
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
        {RATE_DEFINITION} <span className="whitespace-nowrap">“few”: under {FEW_DECISIONS} decisions, not yet a trend.</span>
      </p>
    </section>
  )
}

/** The rows, most decisions first, and their total (the feed's figure); or the empty state. */
export function RatesTable({ answer, by }: { answer: RatesAnswer; by: RatesBy }) {
  const { rows, total } = rateLines(answer, by)
  const dim = RATE_DIMENSIONS.find((d) => d.by === by)!
  if (total.decided === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="decision-rates-empty">
        No recommendations decided in the last {RATE_DAYS} days yet: rates appear with the first approval, modification or rejection.
      </p>
    )
  }
  return (
    <table className="w-full text-left text-sm" data-testid="decision-rates-table">
      <caption className="sr-only">
        Acceptance and override rates by {dim.label.toLowerCase()}, last {RATE_DAYS} days
      </caption>
      <thead className="text-xs text-slate-600 dark:text-slate-300">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">{dim.label}</th>
          <RateTh def={FIGURE_DEFINITIONS.decisions} />
          <RateTh def={FIGURE_DEFINITIONS.acceptance_rate} />
          <RateTh def={FIGURE_DEFINITIONS.override_rate} />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <Line key={r.key} line={r} />
        ))}
      </tbody>
      <tfoot className="border-t-2 border-slate-200 font-semibold dark:border-slate-700">
        <Line line={total} total />
      </tfoot>
    </table>
  )
}

/** A rate's column header with its definition on hover and focus (lib/kpis/definitions.ts). */
function RateTh({ def }: { def: KpiDefinition }) {
  return (
    <th scope="col" className="py-1 pl-3 text-right font-medium">
      <span className="inline-flex items-center justify-end gap-1">
        {def.label}
        <KpiInfo def={def} />
      </span>
    </th>
  )
}

function Line({ line, total = false }: { line: RateLine; total?: boolean }) {
  return (
    <tr className="border-t border-slate-100 dark:border-slate-800" data-testid="decision-rates-row" data-key={line.key}>
      <th scope="row" className={`max-w-[12rem] truncate py-1 pr-3 ${total ? 'font-semibold' : 'font-normal'}`} title={line.label}>
        {line.label}
      </th>
      <td className="num py-1 pl-3 text-right" data-col="decided">
        {line.few && (
          <span className="mr-1 rounded bg-slate-100 px-1 text-xs font-normal text-slate-700 dark:bg-slate-800 dark:text-slate-200">
            few<span className="sr-only"> (too few decisions to call a trend)</span>
          </span>
        )}
        {line.decided.toLocaleString('en-GB')}
      </td>
      <td className="num py-1 pl-3 text-right" data-col="accepted">{line.accepted}</td>
      <td className="num py-1 pl-3 text-right" data-col="overridden">{line.overridden}</td>
    </tr>
  )
}

/** The alert feed's line: the panel's total, in words (DESIGN.md's definitions in the title). */
export function FeedRatesLine({ rates }: { rates: RatesAnswer }) {
  return (
    <p className="num text-xs text-slate-600 dark:text-slate-300" data-testid="alert-feed-rates" title={RATE_DEFINITION}>
      {ratesSummary(rates.total, RATE_DAYS)}
    </p>
  )
}
