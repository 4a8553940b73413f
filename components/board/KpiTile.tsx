'use client'
import { LocalTime } from '../alerts/LocalTime'
import { useEffect, useRef, useState } from 'react'
import Link from 'next/link'
import { StatusBadge, type Health } from '../StatusBadge'
import { KpiInfo } from './KpiInfo'

const HEALTH_LABEL: Record<Health, string> = { healthy: 'Healthy', watch: 'Watch', risk: 'At risk', unknown: 'Unknown' }
import type { KpiDefinition } from '@/lib/kpis/definitions'
import { formatFigure } from '@/lib/kpis/format'

/** One figure, its unit, its "as of" time and its definition; flashes briefly when it changes. */
export function KpiTile({ def, value, asOf, stale, href, health }: { def: KpiDefinition; value: number | null; asOf: string | null; stale: boolean; href?: string; health?: Health }) {
  const [flashKey, setFlashKey] = useState(0)
  const previous = useRef(value)
  useEffect(() => {
    if (previous.current !== value && previous.current !== null) setFlashKey((k) => k + 1)
    previous.current = value
  }, [value])
  const id = `kpi-${def.key}`
  const figure = formatFigure(value, def.unit)
  return (
    <section
      aria-labelledby={`${id}-label`}
      data-testid={id}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id={`${id}-label`} className="text-sm font-medium text-slate-600 dark:text-slate-300">
          {def.label}
        </h2>
        <KpiInfo def={def} />
      </div>
      {/* Compact figure (lib/kpis/format.ts), the whole one in the tooltip; never wider than the tile. */}
      <p
        key={flashKey}
        data-testid={`${id}-value`}
        title={figure.full}
        aria-label={`${def.label}: ${figure.full}`}
        className={`num mt-2 min-w-0 truncate whitespace-nowrap rounded text-2xl font-semibold tracking-tight sm:text-4xl ${flashKey ? 'flash' : ''} ${stale || value === null ? 'text-slate-500 dark:text-slate-400' : ''}`}
      >
        {figure.short}
      </p>
      <div className="mt-2 flex items-center justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
        <span>
          {asOf ? (
            <>as of <LocalTime iso={asOf} seconds /></>
          ) : (
            'not computed yet'
          )}
        </span>
        {health && value !== null && <StatusBadge health={health} label={HEALTH_LABEL[health]} />}
        {href && <Link prefetch={false} href={href} className="text-blue-600 hover:underline dark:text-blue-400">details →</Link>}
      </div>
    </section>
  )
}
