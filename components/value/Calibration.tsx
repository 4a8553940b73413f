import type { ValueReport } from '@/lib/value/report-types'
import { formatFigure } from '@/lib/kpis/format'
import { FRAME, H2, NOTE } from './frame'
import { CsvButton } from './Exports'

/** How well past estimates matched their settlements: totals, their ratio and the mean absolute error per decision. */
export function CalibrationSection({ report }: { report: ValueReport }) {
  const c = report.calibration
  const money = (v: number | null) => formatFigure(v, 'currency', report.currency)
  const ratio = c.ratio
  const verdict = ratio === null ? null : ratio > 1.1 ? 'estimates ran low: settlements came in higher' : ratio < 0.9 ? 'estimates ran high: settlements came in lower' : 'estimates were within 10% of settlements'
  return (
    <section aria-labelledby="cal-title" className={FRAME} data-testid="calibration">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="cal-title" className={H2}>Calibration: estimates against settlements</h2>
        <CsvButton report={report} table="Calibration" />
      </div>
      {c.settled === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="calibration-empty">No decision of this period has reached the end of its horizon yet, so none is settled.</p>
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              ['Decisions settled', c.settled.toLocaleString('en-GB'), 'count'],
              ['Estimated at decision time', money(c.estimated_total).short, report.currency],
              ['Settled', money(c.settled_total).short, report.currency],
              ['Settled ÷ estimated', ratio === null ? '—' : ratio.toFixed(2), 'ratio'],
            ].map(([label, value, unit]) => (
              <div key={label}>
                <dt className="text-xs text-slate-600 dark:text-slate-300">{label} <span className="text-slate-500 dark:text-slate-400">({unit})</span></dt>
                <dd className="num text-xl font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          <p className={`mt-2 ${NOTE}`}>
            Of the decisions settled in this period: {verdict ?? 'no estimate to compare'}. Mean absolute error per decision:{' '}
            <span className="num font-medium">{money(c.mean_abs_error).full}</span>.
          </p>
        </>
      )}
    </section>
  )
}
