'use client'
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { useRouter } from 'next/navigation'
import type { ValueReport } from '@/lib/value/report-types'
import { sayDay, sayPeriod, valueHref, type Period } from '@/lib/value/period'
import { formatUtcStamp } from '@/lib/kpis/format'
import { fetchReport } from './api'
import { PeriodPicker } from './PeriodPicker'
import { FigureTile } from './FigureTile'
import { UseCaseValueSection } from './UseCaseValue'
import { DecisionsDrill } from './DecisionsDrill'
import { DailyCharts } from './DailyChart'
import { RatesSection } from './RatesSection'
import { CalibrationSection } from './Calibration'
import { CsvButton, ExportBar } from './Exports'
import { FRAME, H2, NOTE } from './frame'

const noSubscribe = () => () => {}
/** An instant in the viewer's time zone, with the zone named; UTC until hydrated (same HTML on both sides). */
function AsOf({ iso }: { iso: string }) {
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false)
  const text = hydrated
    ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(Date.parse(iso))
    : formatUtcStamp(iso)
  return <time dateTime={iso}>{text}</time>
}

export const BASELINE_SAID =
  'the same demand (same seed, shocks and supplier behaviour) replayed under a static min-max policy: each SKU-location reorders up to a fixed maximum when stock falls to a fixed minimum, with no StockPulse decisions.'

type State = { key: string; report: ValueReport | null; error: string | null }

/**
 * /reports/value: the period (in the address), the figures against the baseline and the previous
 * period, value by use case with the decisions behind it, the days, the rates and the calibration.
 */
export function ValueReportClient({ period, problem, now }: { period: Period; problem: string | null; now: number }) {
  const router = useRouter()
  const key = `${period.from}|${period.to}`
  const [state, setState] = useState<State | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [drill, setDrill] = useState<{ useCase: string | null } | null>(null)

  useEffect(() => {
    const ctl = new AbortController()
    fetchReport(period, ctl.signal).then(
      (got) => setState({ key, report: got.ok ? got.data : null, error: got.ok ? null : got.message }),
      () => {},
    )
    return () => ctl.abort()
  }, [key, period, attempt])

  const shown = state?.key === key ? state : null
  const report = shown?.report ?? null
  const go = useCallback((p: Period) => {
    setDrill(null)
    router.push(valueHref(p), { scroll: false })
  }, [router])

  const sim = report?.basis === 'simulation'
  const figures = report?.figures ?? []
  return (
    <main id="main" className="mx-auto max-w-screen-2xl space-y-4 px-4 py-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Value report</h1>
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="period-said">
            {sayPeriod(period)}
            {report && (
              <>
                {' '}· as of <AsOf iso={report.generated_at} /> · {report.scope === 'all' ? 'all locations' : `your ${report.scope.length} location${report.scope.length === 1 ? '' : 's'}`} · money in {report.currency}
              </>
            )}
          </p>
        </div>
        <ExportBar period={period} />
      </div>
      <PeriodPicker period={period} now={now} onChange={go} />
      {problem && (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">⚠ The address asked for a period that cannot be shown ({problem}); showing {sayPeriod(period)}.</p>
      )}

      {!shown && <Loading />}
      {shown?.error && (
        <div role="alert" className={`${FRAME} border-red-300 dark:border-red-800`} data-testid="report-error">
          <p className="text-sm">⚠ The value report could not be loaded: {shown.error}</p>
          <button type="button" onClick={() => setAttempt((a) => a + 1)} className="mt-2 rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Try again</button>
        </div>
      )}

      {report && (
        <>
          <p className={`${NOTE} text-sm`} data-testid="comparison-said">
            Each figure is compared like for like.{' '}
            {sim ? (
              <>
                <strong className="font-semibold">Baseline</strong>: {BASELINE_SAID}{' '}
              </>
            ) : (
              <>Real data: there is no baseline run, so value is the decisions’ estimates, settled when each one’s horizon ends. </>
            )}
            <strong className="font-semibold">Previous period</strong>: {sayDay(report.previous.from)} – {sayDay(report.previous.to)}, the same number of days just before. Hover over or focus a figure’s <span aria-hidden="true" className="inline-grid h-4 w-4 place-items-center rounded-full border border-slate-400 align-text-bottom text-[10px]">i</span><span className="sr-only">“Definition of” button</span> for its definition; changes read this period against the comparison.
          </p>
          {report.use_cases.every((u) => u.decisions === 0) && report.daily.length === 0 && (
            <p role="status" className={`${FRAME} text-sm`} data-testid="report-empty">
              Nothing recorded for {sayPeriod(period)} yet: {sim ? 'no decisions were executed and no simulated days were recorded' : 'no decision of the period has been settled'}, so the value figures below are empty or zero. An earlier or longer period may hold some.
            </p>
          )}
          <section aria-labelledby="figures-title" data-testid="figures">
            <div className="mb-2 flex items-baseline justify-between gap-2">
              <h2 id="figures-title" className={H2}>Figures</h2>
              <CsvButton report={report} table="Figures" />
            </div>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-5">
              {figures.map((f) => (
                <FigureTile key={f.key} fig={f} currency={report.currency} simulation={sim} onDrill={() => setDrill({ useCase: null })} />
              ))}
            </div>
          </section>
          <UseCaseValueSection report={report} selected={drill?.useCase ?? null} onDrill={(u) => setDrill({ useCase: u })} />
          {drill && <DecisionsDrill key={`${key}|${drill.useCase}`} period={period} useCase={drill.useCase} currency={report.currency} onClose={() => setDrill(null)} />}
          <DailyCharts report={report} />
          <div className="grid gap-4 2xl:grid-cols-[3fr_2fr]">
            <RatesSection report={report} />
            <CalibrationSection report={report} />
          </div>
        </>
      )}
    </main>
  )
}

function Loading() {
  return (
    <div aria-busy="true" data-testid="report-loading">
      <p className="sr-only" role="status">Loading the value report…</p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-5">
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="h-32 animate-pulse rounded-lg border border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900" />
        ))}
      </div>
    </div>
  )
}
