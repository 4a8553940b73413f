import type { WhyChart } from '@/lib/alerts/types'
import { chartGeometry, describeChart } from '@/lib/alerts/why-chart'

/** Series colours, 3:1 or more against the card in both schemes; each line is also named in the key. */
const LINE = ['stroke-blue-600 dark:stroke-blue-400', 'stroke-violet-600 dark:stroke-violet-400', 'stroke-teal-700 dark:stroke-teal-400']
const DOT = ['bg-blue-600 dark:bg-blue-400', 'bg-violet-600 dark:bg-violet-400', 'bg-teal-700 dark:bg-teal-400']
const W = 160
const H = 48

/**
 * The figures behind "why it fired", as a small plain-SVG chart: one line per series, dashed
 * lines for references (reorder point, threshold), a key naming each. The sentence it shows is the
 * figure's caption for screen readers; the drawing itself is hidden from them.
 */
export function WhySpark({ chart }: { chart: WhyChart }) {
  const g = chartGeometry(chart, W, H)
  return (
    <figure className="w-44 shrink-0 text-[11px] text-slate-600 dark:text-slate-300" data-testid="why-chart">
      <svg aria-hidden viewBox={`0 0 ${W} ${H}`} width={W} height={H} className="overflow-visible rounded bg-slate-50 dark:bg-slate-950">
        {g.refs.map((r) => (
          <line key={r.name} x1={0} x2={W} y1={r.y} y2={r.y} className="stroke-slate-500 dark:stroke-slate-400" strokeDasharray="3 3" strokeWidth={1} />
        ))}
        {g.lines.map((l, i) =>
          l.points.includes(' ') ? (
            <polyline key={l.name} points={l.points} fill="none" strokeWidth={1.75} strokeLinejoin="round" className={LINE[i % LINE.length]} />
          ) : l.last ? (
            <circle key={l.name} cx={l.last.x} cy={l.last.y} r={2.5} className={`${LINE[i % LINE.length]} fill-current`} />
          ) : null,
        )}
      </svg>
      <figcaption className="sr-only">{describeChart(chart)}</figcaption>
      <ul aria-hidden className="mt-0.5 flex flex-wrap gap-x-2">
        {g.lines.map((l, i) => (
          <li key={l.name} className="inline-flex items-center gap-1">
            <span className={`inline-block h-0.5 w-3 ${DOT[i % DOT.length]}`} />
            {l.name}
          </li>
        ))}
        {g.refs.map((r) => (
          <li key={r.name} className="inline-flex items-center gap-1">
            <span className="inline-block w-3 border-t border-dashed border-slate-500 dark:border-slate-400" />
            {r.name}
          </li>
        ))}
      </ul>
    </figure>
  )
}
