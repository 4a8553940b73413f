'use client'
import { useState, type FormEvent } from 'react'
import { PERIOD_PRESETS, periodProblem, presetOf, presetPeriod, type Period } from '@/lib/value/period'

const PRESET = 'rounded px-2.5 py-1 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400'

/**
 * The period: presets (pressed = the one showing) and two UTC dates, applied together. The page
 * keeps the period in its address, so `onChange` navigates and a link reproduces the view.
 */
export function PeriodPicker({ period, now, onChange }: { period: Period; now: number; onChange: (p: Period) => void }) {
  const [draft, setDraft] = useState(period)
  const [seen, setSeen] = useState(period)
  if (seen.from !== period.from || seen.to !== period.to) {
    // The address moved (a preset, back/forward): the inputs follow it.
    setSeen(period)
    setDraft(period)
  }
  const problem = periodProblem(draft, now)
  const current = presetOf(period, now)
  const apply = (e: FormEvent) => {
    e.preventDefault()
    if (!problem) onChange(draft)
  }
  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-2" data-testid="period-picker">
      <div role="group" aria-label="Period presets" className="inline-flex flex-wrap gap-0.5 rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
        {PERIOD_PRESETS.map((p) => (
          <button
            key={p.key}
            type="button"
            aria-pressed={current === p.key}
            data-testid={`preset-${p.key}`}
            onClick={() => onChange(presetPeriod(p.key, now))}
            className={`${PRESET} ${current === p.key ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <form onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label="Custom period" noValidate>
        <label className="flex flex-col text-xs text-slate-600 dark:text-slate-300">
          From (UTC day)
          <input type="date" value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="period-from" aria-invalid={problem?.startsWith('from') || undefined}
            className="num rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:[color-scheme:dark]" />
        </label>
        <label className="flex flex-col text-xs text-slate-600 dark:text-slate-300">
          To (UTC day, inclusive)
          <input type="date" value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="period-to" aria-invalid={problem?.startsWith('to') || undefined}
            className="num rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:[color-scheme:dark]" />
        </label>
        <button type="submit" disabled={!!problem || (draft.from === period.from && draft.to === period.to)} data-testid="period-apply"
          className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800">
          Show period
        </button>
        {problem && <p role="status" className="w-full text-xs text-red-700 dark:text-red-400">⚠ {problem}</p>}
      </form>
    </div>
  )
}
