'use client'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { TrendPoint } from '@/lib/kpis/definitions'

const hhmm = (iso: string) => iso.slice(11, 16)

/** Units sold per minute over the last hour. */
export function UnitsTrend({ points }: { points: TrendPoint[] }) {
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
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.12} />
            <XAxis dataKey="minute" tickFormatter={hhmm} minTickGap={40} tick={{ fontSize: 11, fill: 'currentColor' }} stroke="currentColor" strokeOpacity={0.3} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: 'currentColor' }} stroke="currentColor" strokeOpacity={0.3} />
            <Tooltip labelFormatter={(l) => `${hhmm(String(l))} UTC`} formatter={(v) => [`${v} units`, 'Sold']} contentStyle={{ fontSize: 12 }} />
            <Bar dataKey="units" fill="#2563eb" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  )
}
