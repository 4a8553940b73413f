'use client'
import { useEffect, useRef, useState } from 'react'
import Link from 'next/link'
import { USE_CASE_LABELS, type UseCase } from '@/lib/value/use-cases'
import { formatFigure } from '@/lib/kpis/format'
import type { Period } from '@/lib/value/period'
import { LocalTime } from '../alerts/LocalTime'
import { fetchDecisions, type DecisionRow, type DecisionsPage } from './api'
import { FRAME, H2, NOTE } from './frame'

const PAGE = 50
const say = (s: string | null) => (s ? s.replace(/_/g, ' ') : '—')

/**
 * The decisions behind a figure (every use case) or a use case: newest first, 50 at a time, each
 * linking to its alert and its SKU. Takes focus when it opens so a keyboard user lands in it.
 */
export function DecisionsDrill({ period, useCase, currency, onClose }: { period: Period; useCase: string | null; currency: string; onClose: () => void }) {
  const [offset, setOffset] = useState(0)
  const [state, setState] = useState<{ key: string; page: DecisionsPage | null; error: string | null } | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const key = `${period.from}|${period.to}|${useCase}|${offset}`

  useEffect(() => {
    const ctl = new AbortController()
    fetchDecisions(period, useCase, PAGE, offset, ctl.signal).then(
      (got) => setState({ key, page: got.ok ? got.data : null, error: got.ok ? null : got.message }),
      () => {},
    )
    return () => ctl.abort()
  }, [key, period, useCase, offset])
  useEffect(() => heading.current?.focus(), [useCase])

  const shown = state?.key === key ? state : null
  const money = (v: number | null) => formatFigure(v, 'currency', currency)
  const what = useCase ? (USE_CASE_LABELS[useCase as UseCase] ?? useCase) : 'All use cases'
  const rows = shown?.page?.decisions ?? []
  const nextOffset = shown?.page?.next_offset ?? null
  return (
    <section aria-labelledby="drill-title" className={`${FRAME} border-blue-300 dark:border-blue-800`} data-testid="decisions-drill" data-use-case={useCase ?? 'all'}>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="drill-title" ref={heading} tabIndex={-1} className={`${H2} focus:outline-none`}>
          Decisions behind it: {what}
        </h2>
        <button type="button" onClick={onClose} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
          Close
        </button>
      </div>
      <p className={NOTE}>Executed decisions of the period, newest first: each one’s estimate at decision time beside what it was worth when its horizon ended (no figure until it ends), who let it run and where its delivery stands. Decided times in your time zone; horizons are UTC days.</p>
      <div className="mt-2 min-h-[6rem]" aria-busy={!shown}>
        {!shown && <p className="text-sm text-slate-600 dark:text-slate-300">Loading decisions…</p>}
        {shown?.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            ⚠ Decisions unavailable: {shown.error}
          </p>
        )}
        {shown?.page && rows.length === 0 && offset === 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="decisions-empty">No settled decisions here in this period: a decision shows once its horizon has ended and it has been settled.</p>
        )}
        {rows.length > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[56rem] text-left text-sm" data-testid="decisions-table">
              <caption className="sr-only">Decisions behind {what}</caption>
              <thead className="text-xs text-slate-600 dark:text-slate-300">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Decided</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Action</th>
                  <th scope="col" className="py-1 pr-3 font-medium">SKU</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Location</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Approved by</th>
                  <th scope="col" className="py-1 pl-3 text-right font-medium">Estimated</th>
                  <th scope="col" className="py-1 pl-3 text-right font-medium">Settled</th>
                  <th scope="col" className="py-1 pl-3 font-medium">Outcome</th>
                  <th scope="col" className="py-1 pl-3 font-medium">Alert</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d: DecisionRow) => (
                  <tr key={d.action_id} className="border-t border-slate-100 align-top dark:border-slate-800" data-testid="decision-row">
                    <td className="num whitespace-nowrap py-1 pr-3"><LocalTime iso={d.decided_at} /></td>
                    <td className="py-1 pr-3">{say(d.kind)}{useCase ? '' : <span className="text-xs text-slate-500 dark:text-slate-400"> · {USE_CASE_LABELS[d.use_case as UseCase] ?? d.use_case}</span>}</td>
                    <td className="py-1 pr-3">
                      <Link prefetch={false} href={`/sku/${encodeURIComponent(d.sku)}?location=${encodeURIComponent(d.location)}`} className="text-blue-700 hover:underline dark:text-blue-400">{d.sku}</Link>
                    </td>
                    <td className="py-1 pr-3">{d.location}</td>
                    <td className="py-1 pr-3">{d.approved_by}</td>
                    <td className="num py-1 pl-3 text-right">{money(d.estimated_value).full}</td>
                    <td className="num py-1 pl-3 text-right">{money(d.settled_value).full}</td>
                    <td className="py-1 pl-3">
                      {d.outcome ? say(d.outcome) : 'not settled yet'}
                      <span className="block text-xs text-slate-500 dark:text-slate-400">{say(d.status)}</span>
                    </td>
                    <td className="py-1 pl-3 font-mono text-xs text-slate-600 dark:text-slate-300" title={`action ${d.action_id}`}>{d.alert_id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {shown?.page && (offset > 0 || nextOffset !== null) && (
        <div className="mt-2 flex items-center gap-2 text-sm">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-50 dark:border-slate-700">← Newer</button>
          <span className="num text-slate-600 dark:text-slate-300">
            {offset + 1}–{offset + rows.length}
          </span>
          <button type="button" disabled={nextOffset === null} onClick={() => nextOffset !== null && setOffset(nextOffset)} className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-50 dark:border-slate-700">Older →</button>
        </div>
      )}
    </section>
  )
}
