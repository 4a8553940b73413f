'use client'
import { useState } from 'react'
import type { DecisionRateRow, ValueReport } from '@/lib/value/report-types'
import { formatFigure } from '@/lib/kpis/format'
import { RATE_DEFINITION } from '@/lib/alerts/rates-view'
import { FRAME, H2, NOTE } from './frame'
import { CsvButton } from './Exports'

const DIMS: { by: DecisionRateRow['by']; label: string }[] = [
  { by: 'agent', label: 'Agent' },
  { by: 'category', label: 'Category' },
  { by: 'planner', label: 'Planner' },
]
const pct = (v: number | null) => formatFigure(v, 'percent').short

/**
 * Acceptance and override rates by agent, category or planner (a group of radio buttons: arrow
 * keys move between them), with the settled value of the accepted decisions and of the overridden ones.
 */
export function RatesSection({ report }: { report: ValueReport }) {
  const [by, setBy] = useState<DecisionRateRow['by']>('agent')
  const rows = report.rates.filter((r) => r.by === by).sort((a, b) => b.decided - a.decided)
  const money = (v: number) => formatFigure(v, 'currency', report.currency)
  return (
    <section aria-labelledby="rates-title" className={FRAME} data-testid="rates">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="rates-title" className={H2}>Acceptance and override rates</h2>
        <div className="flex items-center gap-2">
          <fieldset className="inline-flex rounded-md border border-slate-300 p-0.5 text-xs dark:border-slate-700">
            <legend className="sr-only">Rates by</legend>
            {DIMS.map((d) => (
              <label key={d.by} className={`cursor-pointer rounded px-2 py-1 font-medium has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600 ${d.by === by ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}>
                <input type="radio" name="rates-by" value={d.by} checked={d.by === by} onChange={() => setBy(d.by)} className="sr-only" data-testid={`rates-by-${d.by}`} />
                By {d.label.toLowerCase()}
              </label>
            ))}
          </fieldset>
          <CsvButton report={report} table="Decision rates" />
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="rates-empty">No recommendations decided in this period.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm" data-testid="rates-table">
            <caption className="sr-only">Acceptance and override rates by {by}</caption>
            <thead className="text-xs text-slate-600 dark:text-slate-300">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">{DIMS.find((d) => d.by === by)!.label}</th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">Decided</th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">Accepted</th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">Overridden <span className="font-normal">(modified + rejected)</span></th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">Value of accepted</th>
                <th scope="col" className="py-1 pl-3 text-right font-medium">Value of overridden</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className="border-t border-slate-100 dark:border-slate-800">
                  <th scope="row" className="whitespace-nowrap py-1.5 pr-3 font-normal">{r.label}</th>
                  <td className="num py-1.5 pl-3 text-right">{r.decided.toLocaleString('en-GB')}</td>
                  <td className="num whitespace-nowrap py-1.5 pl-3 text-right">{pct(r.acceptance_rate)} <span className="text-slate-500 dark:text-slate-400">({r.accepted})</span></td>
                  <td className="num whitespace-nowrap py-1.5 pl-3 text-right">{pct(r.override_rate)} <span className="text-slate-500 dark:text-slate-400">({r.modified} + {r.rejected})</span></td>
                  <td className="num py-1.5 pl-3 text-right" title={money(r.value_accepted).full}>{money(r.value_accepted).short}</td>
                  <td className="num py-1.5 pl-3 text-right" title={money(r.value_overridden).full}>{money(r.value_overridden).short}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className={`mt-2 ${NOTE}`}>{RATE_DEFINITION} Value: settled value of those decisions (overridden ones as executed, rejected ones none).</p>
    </section>
  )
}
