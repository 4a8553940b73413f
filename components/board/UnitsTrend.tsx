'use client'
import { memo } from 'react'
import type { TrendPoint } from '@/lib/kpis/definitions'
import { UnitsBars } from './UnitsBars'

/** Same minutes, same units: nothing to redraw. */
const samePoints = (a: { points: TrendPoint[] }, b: { points: TrendPoint[] }) =>
  a.points.length === b.points.length && a.points.every((p, i) => p.minute === b.points[i].minute && p.units === b.points[i].units)

/** Units sold per minute over the last hour. */
export const UnitsTrend = memo(function UnitsTrend({ points }: { points: TrendPoint[] }) {
  const total = points.reduce((s, p) => s + p.units, 0)
  return (
    <section aria-labelledby="trend-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 id="trend-title" className="text-sm font-medium text-slate-600 dark:text-slate-300">Units per minute · last 60 min (UTC)</h2>
        <span className="num text-xs text-slate-500 dark:text-slate-400" data-testid="trend-total">{total.toLocaleString('en-GB')} units</span>
      </div>
      <div className="relative h-64">
        {total === 0 && (
          <p className="absolute inset-0 z-10 flex items-center justify-center text-sm text-slate-500 dark:text-slate-400">No sales in the last hour for this scope.</p>
        )}
        <UnitsBars points={points} />
      </div>
    </section>
  )
}, samePoints)
