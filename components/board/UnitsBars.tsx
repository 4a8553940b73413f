/**
 * Units per minute as 60 bars: plain elements sized in percent, no chart library. Recharts drew
 * this chart before; measured on the board with live pushes every 2 s, its redraw of 60 bars was
 * the main thread's largest recurring task (hundreds of ms with Lighthouse's 4x-slower phone CPU),
 * which kept Total Blocking Time far above the 200 ms target. These bars render in well under a
 * millisecond, on the server too, so the chart is in the first paint. Recharts remains for the
 * interactive charts (the SKU drill-down).
 */
import { labelledIndexes, niceCeiling } from '@/lib/kpis/axis'
import type { TrendPoint } from '@/lib/kpis/definitions'

const hhmm = (iso: string) => iso.slice(11, 16)
const fmt = (n: number) => n.toLocaleString('en-GB')

export function UnitsBars({ points }: { points: TrendPoint[] }) {
  const top = niceCeiling(Math.max(0, ...points.map((p) => p.units)))
  const labelled = new Set(labelledIndexes(points.length, 15))
  const peak = points.reduce<TrendPoint | undefined>((best, p) => (!best || p.units > best.units ? p : best), undefined)
  return (
    <figure data-testid="units-chart" className="flex h-full flex-col text-[11px] text-slate-600 dark:text-slate-300">
      <figcaption className="sr-only">
        {points.length} minutes of sales{peak && peak.units > 0 ? `; busiest minute ${hhmm(peak.minute)} UTC with ${fmt(peak.units)} units` : ''}.
      </figcaption>
      <div aria-hidden className="flex min-h-0 flex-1">
        <div className="num flex w-10 flex-col justify-between pr-1 text-right">
          <span>{fmt(top)}</span>
          <span>{fmt(top / 2)}</span>
          <span>0</span>
        </div>
        <div className="relative flex flex-1 items-end gap-px border-b border-l border-slate-400 dark:border-slate-500">
          <div className="absolute inset-x-0 top-0 border-t border-dashed border-slate-200 dark:border-slate-700" />
          <div className="absolute inset-x-0 top-1/2 border-t border-dashed border-slate-200 dark:border-slate-700" />
          {points.map((p) => (
            <div
              key={p.minute}
              title={`${hhmm(p.minute)} UTC: ${fmt(p.units)} units`}
              className="relative flex-1 bg-blue-600 dark:bg-blue-500"
              style={{ height: `${(p.units / top) * 100}%` }}
            />
          ))}
        </div>
      </div>
      <div aria-hidden className="relative ml-10 h-4">
        {points.map((p, i) =>
          labelled.has(i) ? (
            <span key={p.minute} className="num absolute -translate-x-full" style={{ left: `${((i + 1) / points.length) * 100}%` }}>
              {hhmm(p.minute)}
            </span>
          ) : null,
        )}
      </div>
    </figure>
  )
}
