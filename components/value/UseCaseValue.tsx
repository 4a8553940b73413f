'use client'
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ValueReport } from '@/lib/value/report-types'
import { formatFigure } from '@/lib/kpis/format'
import { headlineValue } from '@/lib/value/report-view'
import { REPORT_COLUMNS } from '@/lib/value/definitions'
import { FRAME, H2, NOTE, SP_COLOUR } from './frame'
import { CsvButton } from './Exports'

/**
 * Value by use case: a bar chart of the measured value (simulation) or the settled value (real
 * data), and the table behind it. A row (or its name, by keyboard) opens the decisions behind it.
 */
export function UseCaseValueSection({ report, selected, onDrill }: { report: ValueReport; selected: string | null; onDrill: (useCase: string) => void }) {
  const sim = report.basis === 'simulation'
  const money = (v: number | null | undefined) => formatFigure(v ?? null, 'currency', report.currency)
  const data = report.use_cases.map((u) => ({ label: u.label, use_case: u.use_case, value: headlineValue(report, u) }))
  const total = report.use_cases.reduce(
    (t, u) => ({ decisions: t.decisions + u.decisions, settled: t.settled + u.settled, measured: t.measured + (u.measured_value ?? 0), estimated: t.estimated + u.estimated_value, settled_value: t.settled_value + u.settled_value }),
    { decisions: 0, settled: 0, measured: 0, estimated: 0, settled_value: 0 },
  )
  const measure = sim ? 'Measured value (baseline cost − StockPulse cost, same demand)' : 'Settled value (decisions whose horizon ended)'
  return (
    <section aria-labelledby="uc-title" className={FRAME} data-testid="use-cases">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="uc-title" className={H2}>Value by use case</h2>
        <CsvButton report={report} table="Use cases" />
      </div>
      <p className={NOTE}>{measure}, in {report.currency}. Choose a use case to see the decisions behind it.</p>
      <figure className="mt-2 h-56" aria-label={`${measure} by use case`}>
        <figcaption className="sr-only">
          {data.map((d) => `${d.label}: ${money(d.value).full}`).join('; ')}
        </figcaption>
        {data.every((d) => !d.value) ? (
          <p className="grid h-full place-items-center rounded border border-dashed border-slate-300 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300" data-testid="use-case-chart-empty">
            {sim ? 'No value measured in this period yet.' : 'No decision of this period has been settled yet: settled value appears when horizons end.'}
          </p>
        ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.12} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: 'currentColor' }} interval={0} />
            <YAxis tick={{ fontSize: 11, fill: 'currentColor' }} tickFormatter={(v: number) => money(v).short} width={64} />
            <ReferenceLine y={0} stroke="currentColor" strokeOpacity={0.4} />
            <Tooltip formatter={(v) => money(Number(v)).full} contentStyle={{ fontSize: 12, color: '#0f172a' }} cursor={{ fillOpacity: 0.08 }} />
            <Bar dataKey="value" name={sim ? 'Measured value' : 'Settled value'} isAnimationActive={false} onClick={(d) => onDrill((d as unknown as { use_case: string }).use_case)} className="cursor-pointer">
              {data.map((d) => (
                <Cell key={d.use_case} fill={SP_COLOUR} fillOpacity={selected && selected !== d.use_case ? 0.4 : 1} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
        )}
      </figure>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full min-w-[48rem] text-left text-sm" data-testid="use-case-table">
          <caption className="sr-only">Value by use case: decisions, estimated against settled value, lost margin and inventory of both runs</caption>
          <thead className="text-xs text-slate-600 dark:text-slate-300">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">Use case</th>
              <th scope="col" className="py-1 pl-3 text-right font-medium">Decisions <span className="font-normal">(settled)</span></th>
              {sim && <th scope="col" className="py-1 pl-3 text-right font-medium" title={REPORT_COLUMNS.measured_value}>Measured value</th>}
              <th scope="col" className="py-1 pl-3 text-right font-medium" title={REPORT_COLUMNS.estimated_value}>Estimated</th>
              <th scope="col" className="py-1 pl-3 text-right font-medium" title={REPORT_COLUMNS.settled_value}>Settled</th>
              {sim && <th scope="col" className="py-1 pl-3 text-right font-medium">Lost margin <span className="font-normal">StockPulse / baseline</span></th>}
              {sim && <th scope="col" className="py-1 pl-3 text-right font-medium">Avg inventory at cost <span className="font-normal">StockPulse / baseline</span></th>}
            </tr>
          </thead>
          <tbody>
            {report.use_cases.map((u) => (
              <tr
                key={u.use_case}
                data-testid="use-case-row"
                data-use-case={u.use_case}
                onClick={() => onDrill(u.use_case)}
                data-selected={selected === u.use_case || undefined}
                className={`cursor-pointer border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60 ${selected === u.use_case ? 'bg-blue-50 dark:bg-blue-950/40' : ''}`}
              >
                <th scope="row" className="py-1.5 pr-3 font-normal">
                  <button type="button" className="text-left text-blue-700 hover:underline dark:text-blue-400" onClick={(e) => { e.stopPropagation(); onDrill(u.use_case) }} aria-label={`${u.label}: show the decisions`} aria-pressed={selected === u.use_case}>
                    {u.label}
                  </button>
                </th>
                <td className="num py-1.5 pl-3 text-right">{u.decisions.toLocaleString('en-GB')} <span className="text-slate-600 dark:text-slate-400">({u.settled.toLocaleString('en-GB')})</span></td>
                {sim && <td className="num py-1.5 pl-3 text-right font-medium" title={money(u.measured_value).full}>{money(u.measured_value).short}</td>}
                <td className="num py-1.5 pl-3 text-right" title={money(u.estimated_value).full}>{money(u.estimated_value).short}</td>
                <td className="num py-1.5 pl-3 text-right" title={money(u.settled_value).full}>{money(u.settled_value).short}</td>
                {sim && <td className="num py-1.5 pl-3 text-right">{money(u.lost_margin?.stockpulse).short} / {money(u.lost_margin?.baseline).short}</td>}
                {sim && <td className="num py-1.5 pl-3 text-right">{money(u.inventory_cost?.stockpulse).short} / {money(u.inventory_cost?.baseline).short}</td>}
              </tr>
            ))}
          </tbody>
          {sim && report.unattributed_value != null && (
            <tfoot className="text-slate-600 dark:text-slate-300">
              <tr className="border-t border-slate-100 dark:border-slate-800" data-testid="use-case-unattributed">
                <th scope="row" className="py-1.5 pr-3 font-normal">Not attributed to a decision</th>
                <td className="py-1.5 pl-3 text-right">—</td>
                <td className="num py-1.5 pl-3 text-right" title={money(report.unattributed_value).full}>{money(report.unattributed_value).short}</td>
                <td colSpan={4} className="py-1.5 pl-3 text-xs">pair-days no decision touched</td>
              </tr>
              <tr className="border-t-2 border-slate-200 font-semibold text-slate-900 dark:border-slate-700 dark:text-slate-100" data-testid="use-case-total">
                <th scope="row" className="py-1.5 pr-3">Total</th>
                <td className="num py-1.5 pl-3 text-right">{total.decisions.toLocaleString('en-GB')} <span className="font-normal text-slate-500 dark:text-slate-400">({total.settled.toLocaleString('en-GB')})</span></td>
                <td className="num py-1.5 pl-3 text-right" title={money(total.measured + report.unattributed_value).full}>{money(total.measured + report.unattributed_value).short}</td>
                <td className="num py-1.5 pl-3 text-right">{money(total.estimated).short}</td>
                <td className="num py-1.5 pl-3 text-right">{money(total.settled_value).short}</td>
                <td colSpan={2} />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  )
}
