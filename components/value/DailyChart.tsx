'use client'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ValueReport } from '@/lib/value/report-types'
import { formatFigure } from '@/lib/kpis/format'
import { BASE_COLOUR, FRAME, H2, NOTE, SP_COLOUR } from './frame'
import { CsvButton } from './Exports'

function Chart({ report, title, keys, testId }: { report: ValueReport; title: string; keys: [string, string]; testId: string }) {
  const money = (v: number) => formatFigure(v, 'currency', report.currency)
  // Axis ticks of a narrow range (inventory moves by a few percent): two decimals of compact notation, so no two ticks read alike.
  const tick = new Intl.NumberFormat('en-GB', { style: 'currency', currency: report.currency, notation: 'compact', maximumFractionDigits: 2 })
  const hasBaseline = report.basis === 'simulation' && report.daily.some((d) => (d as Record<string, unknown>)[keys[1]] != null)
  return (
    <figure className="min-w-0" data-testid={testId}>
      <figcaption className="mb-1 text-sm font-medium text-slate-600 dark:text-slate-300">{title}</figcaption>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={report.daily} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.12} />
            <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} minTickGap={24} tick={{ fontSize: 11, fill: 'currentColor' }} />
            <YAxis tick={{ fontSize: 11, fill: 'currentColor' }} tickFormatter={(v: number) => tick.format(v)} width={64} domain={['auto', 'auto']} />
            <Tooltip formatter={(v) => money(Number(v)).full} labelFormatter={(d) => `${d} (UTC)`} contentStyle={{ fontSize: 12, color: '#0f172a' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey={keys[0]} name="StockPulse" stroke={SP_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
            {hasBaseline && <Line dataKey={keys[1]} name="Baseline (static min-max)" stroke={BASE_COLOUR} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}

/** Per UTC day: lost margin, and inventory at cost, StockPulse against the baseline (a dashed line) where there is one. */
export function DailyCharts({ report }: { report: ValueReport }) {
  return (
    <section aria-labelledby="daily-title" className={FRAME} data-testid="daily">
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="daily-title" className={H2}>Day by day</h2>
        <CsvButton report={report} table="Daily" />
      </div>
      <p className={NOTE}>UTC days. {report.basis === 'simulation' ? 'Solid: StockPulse; dashed: the baseline on the same demand.' : 'Real data: no baseline run exists.'}</p>
      {report.daily.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">No days recorded in this period.</p>
      ) : (
        <div className="mt-2 grid gap-4 lg:grid-cols-2">
          <Chart report={report} title={`Lost margin per day (${report.currency})`} keys={['lost_margin', 'baseline_lost_margin']} testId="daily-lost-margin" />
          <Chart report={report} title={`Inventory at cost, end of day (${report.currency})`} keys={['inventory_cost', 'baseline_inventory_cost']} testId="daily-inventory" />
        </div>
      )}
    </section>
  )
}
