'use client'
import type { ReportFigure } from '@/lib/value/report-types'
import { formatFigure } from '@/lib/kpis/format'
import { betterOf, changeOf, type Change } from '@/lib/value/report-view'
import { KpiInfo } from '../board/KpiInfo'

const UNIT_WORD: Record<ReportFigure['unit'], (currency: string) => string> = {
  units: () => 'units',
  currency: (c) => c,
  percent: () => '%',
  count: () => 'count',
  days: () => 'days',
  ratio: () => 'ratio',
}

/** "▲ better" / "▼ worse": colour paired with a word and a sign, never alone. */
function Verdict({ change }: { change: Change }) {
  if (!change.verdict || change.verdict === 'same') return null
  const good = change.verdict === 'better'
  return (
    <span className={`ml-1 whitespace-nowrap font-medium ${good ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}`}>
      <span aria-hidden="true">{good ? '▲' : '▼'} </span>
      {change.verdict}
    </span>
  )
}

/** One comparison as a row of the tile's grid: what, its figure, the change from it to this period's (whole change on hover). */
function Against({ label, fig, other, currency, testId }: { label: string; fig: ReportFigure; other: number | null; currency: string; testId: string }) {
  const change = changeOf({ unit: fig.unit, better: betterOf(fig.key) }, fig.value, other, currency)
  const shown = formatFigure(other, fig.unit, currency)
  return (
    <div className="contents" data-testid={testId}>
      <dt className="text-slate-600 dark:text-slate-300">{label}</dt>
      <dd className="num text-right" title={shown.full}>{shown.short}</dd>
      <dd className="num whitespace-nowrap text-right" title={change ? `${change.text} against ${label.toLowerCase()}` : undefined}>
        {change ? (
          <>
            {change.short}
            <Verdict change={change} />
          </>
        ) : null}
      </dd>
    </div>
  )
}

/**
 * One report figure: its value with its unit, the definition on hover or focus, and the
 * like-for-like comparisons: the baseline on the same demand (simulation only) and the previous
 * period, each with the change and whether it is better. "Decisions" drills to what is behind it.
 */
export function FigureTile({ fig, currency, simulation, onDrill }: { fig: ReportFigure; currency: string; simulation: boolean; onDrill?: () => void }) {
  const id = `figure-${fig.key}`
  const figure = formatFigure(fig.value, fig.unit, currency)
  return (
    <section aria-labelledby={`${id}-label`} data-testid={id} data-value={fig.value ?? ''} data-unit={fig.unit} className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-2">
        <h3 id={`${id}-label`} className="text-sm font-medium text-slate-600 dark:text-slate-300">
          {fig.label} <span className="text-xs font-normal text-slate-500 dark:text-slate-400">({UNIT_WORD[fig.unit](currency)})</span>
        </h3>
        <KpiInfo def={fig} testId={`${id}-info`} />
      </div>
      <p data-testid={`${id}-value`} title={figure.full} aria-label={`${fig.label}: ${figure.full}`} className={`num mt-1 truncate text-2xl font-semibold tracking-tight sm:text-3xl ${fig.value === null ? 'text-slate-500 dark:text-slate-400' : ''}`}>
        {figure.short}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr_auto] gap-x-2 gap-y-0.5 text-xs">
        {simulation && fig.baseline !== null && <Against label="Baseline" fig={fig} other={fig.baseline} currency={currency} testId={`${id}-baseline`} />}
        <Against label="Previous period" fig={fig} other={fig.previous} currency={currency} testId={`${id}-previous`} />
      </dl>
      {onDrill && (
        <button type="button" onClick={onDrill} className="mt-auto self-start pt-2 text-xs text-blue-700 hover:underline dark:text-blue-400" aria-describedby={`${id}-label`}>
          Decisions behind it →
        </button>
      )}
    </section>
  )
}
