'use client'
import { memo, Suspense, useCallback, useRef, useState } from 'react'
import { ALL_LOCATIONS, KPI_DEFINITIONS, PLANNING_KPIS, type KpiSnapshot } from '@/lib/kpis/definitions'
import type { Health } from '../StatusBadge'
import { RiskHeatmap } from './RiskHeatmap'
import { AtRiskList } from './AtRiskList'
import { KpiTile } from './KpiTile'
import { UnitsTrend } from './UnitsTrend'
import { LiveIndicator } from './LiveIndicator'
import { useKpiStream } from './useKpiStream'
import { useAfterHydration } from './useAfterHydration'
import { AlertsAndRates } from './AlertsAndRates'
import { DailySummary } from './DailySummary'

/*
 * Live pushes arrive several times a second while ingest runs; each one re-renders the board.
 * Tiles whose figure did not move and a heatmap whose cells did not change skip that render
 * (the planning tiles and the heatmap change only when a recompute lands).
 */
const Tile = memo(KpiTile)
type HeatmapProps = Parameters<typeof RiskHeatmap>[0]
const sameCells = (a: HeatmapProps, b: HeatmapProps) =>
  a.onPick === b.onPick &&
  a.cells.length === b.cells.length &&
  a.cells.every((c, i) => {
    const d = b.cells[i]
    return c.location === d.location && c.category === d.category && c.series === d.series && c.at_risk === d.at_risk
  })
const Heatmap = memo(RiskHeatmap, sameCells)

export interface LocationOption {
  location: string
  name: string
  region: string
}

/** Thresholds that colour a tile (and name its state in words). */
function tileHealth(key: (typeof PLANNING_KPIS)[number], v: number | null): Health | undefined {
  if (v === null) return 'unknown'
  switch (key) {
    case 'in_stock_rate':
    case 'fill_rate':
      return v >= 0.97 ? 'healthy' : v >= 0.92 ? 'watch' : 'risk'
    case 'days_of_supply':
      return v < 3 ? 'risk' : v < 7 ? 'watch' : 'healthy'
    default:
      return undefined
  }
}

/** The heatmap's frame at its final height, so nothing moves when the cells arrive. */
function HeatmapPlaceholder({ rows }: { rows: number }) {
  return (
    <section aria-busy="true" aria-label="Stockout risk heatmap, loading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div style={{ height: `${2.5 + (rows + 1) * 1.75}rem` }} />
    </section>
  )
}

export function BoardClient({ initial, locations }: { initial: KpiSnapshot; locations: LocationOption[] }) {
  const [location, setLocation] = useState(initial.location)
  const { snapshot, status, error } = useKpiStream(initial, location)
  const heatmapNow = useAfterHydration()
  const shown = snapshot.location === location ? snapshot : { ...initial, location }
  const heatCells = shown.heatmap ?? []

  const choose = useCallback((next: string) => {
    setLocation(next)
    const url = next === ALL_LOCATIONS ? '/board' : `/board?location=${encodeURIComponent(next)}`
    window.history.replaceState(null, '', url)
  }, [])
  // Picking a location in the heatmap hides the heatmap: focus goes to the filter that now names it.
  const locationSelect = useRef<HTMLSelectElement>(null)
  const pickFromHeatmap = useCallback(
    (next: string) => {
      choose(next)
      requestAnimationFrame(() => locationSelect.current?.focus())
    },
    [choose],
  )

  return (
    <main id="main" className="mx-auto max-w-screen-2xl space-y-4 px-4 py-4">
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-xl font-semibold tracking-tight">Operations board</h1>
        <label className="flex min-w-0 max-w-full items-center gap-2 text-sm">
          <span className="text-slate-600 dark:text-slate-300">Location</span>
          <select
            ref={locationSelect}
            data-testid="location-filter"
            value={location}
            onChange={(e) => choose(e.target.value)}
            className="min-w-0 max-w-full rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value={ALL_LOCATIONS}>All locations</option>
            {locations.map((l) => (
              <option key={l.location} value={l.location}>
                {l.name !== l.location ? `${l.name} (${l.location})` : l.location}
                {l.region ? ` · ${l.region}` : ''}
              </option>
            ))}
          </select>
        </label>
        <div className="ml-auto">
          <LiveIndicator status={status} />
        </div>
      </div>
      {error && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          ⚠ {error}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-3 2xl:grid-cols-5">
        <Tile def={KPI_DEFINITIONS.units_sold_today} value={shown.kpis.units_sold_today} asOf={shown.as_of} stale={status !== 'live'} />
        <Tile def={KPI_DEFINITIONS.revenue_today} value={shown.kpis.revenue_today} asOf={shown.as_of} stale={status !== 'live'} />
        {PLANNING_KPIS.map((k) => (
          <Tile
            key={k}
            def={KPI_DEFINITIONS[k]}
            value={shown.kpis[k]}
            asOf={shown.planning_as_of}
            stale={status !== 'live'}
            health={tileHealth(k, shown.kpis[k])}
            href={k === 'stockout_risk_count' || k === 'stockout_risk_value' ? '#atrisk-title' : undefined}
          />
        ))}
      </div>
      {/* Memoised on the location, with state of its own: a pushed alert re-renders the feed and rates, not the board. */}
      <Suspense>
        <AlertsAndRates location={location} />
      </Suspense>
      {/* Each Suspense boundary hydrates as a task of its own: the tiles answer first, and no one
          task holds a phone's main thread for the whole board. */}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Suspense>
          <UnitsTrend points={shown.trend} />
        </Suspense>
        <Suspense>
          <AtRiskList location={location} version={shown.planning_as_of ?? ''} />
        </Suspense>
      </div>
      {/* The heatmap (a button per cell) is the board's largest tree: it comes after hydration. */}
      {location === ALL_LOCATIONS &&
        (heatmapNow ? (
          <Heatmap cells={heatCells} onPick={pickFromHeatmap} />
        ) : (
          <HeatmapPlaceholder rows={new Set(heatCells.map((c) => c.location)).size} />
        ))}
      {/* Last, with no props: its text arrives after hydration and moves nothing above it. */}
      <Suspense>
        <DailySummary />
      </Suspense>
    </main>
  )
}
