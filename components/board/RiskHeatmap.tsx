'use client'
import { useRef, useState } from 'react'
import { FIGURE_DEFINITIONS, type HeatCell } from '@/lib/kpis/definitions'
import { KpiInfo } from './KpiInfo'
import { heatLevel, percent, shareOf } from './heatLevel'
import { HeatmapDrilldown } from './HeatmapDrilldown'

const keyOf = (location: string, category: string) => `${location}\0${category}`

/**
 * Locations x categories, coloured by the share of SKU-locations at risk of a stockout, each cell
 * with its figure and symbol too. A cell opens its drill-down (which takes focus and gives it back
 * to the cell when it closes); a location's name filters the board to it.
 */
export function RiskHeatmap({ cells, onPick }: { cells: HeatCell[]; onPick: (location: string) => void }) {
  const locations = [...new Set(cells.map((c) => c.location))].sort()
  const categories = [...new Set(cells.map((c) => c.category))].sort()
  const at = new Map(cells.map((c) => [keyOf(c.location, c.category), c]))
  const [open, setOpen] = useState<{ location: string; category: string } | null>(null)
  const opener = useRef<HTMLButtonElement | null>(null)
  const close = () => {
    setOpen(null)
    opener.current?.focus()
  }
  const openCell = open ? at.get(keyOf(open.location, open.category)) : undefined
  return (
    <section aria-labelledby="heatmap-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="heatmap-title" className="flex items-center gap-1 text-sm font-medium text-slate-600 dark:text-slate-300">
          Stockout risk by location and category · share of SKUs at risk <KpiInfo def={FIGURE_DEFINITIONS.share_at_risk} />
        </h2>
        <span className="text-xs text-slate-600 dark:text-slate-300">■ ≥ 20% at risk · ▲ ≥ 5% watch · ● healthy · ○ no data · select a cell for its detail, a location to filter</span>
      </div>
      {cells.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400">No plan computed yet: the first recompute fills this in.</p>
      ) : (
        <div className="overflow-x-auto p-0.5">
          <table className="w-full border-separate border-spacing-0.5 text-xs" data-testid="risk-heatmap">
            <thead>
              <tr>
                <th className="sticky left-0 z-10 bg-white px-2 text-left font-medium text-slate-600 dark:bg-slate-900 dark:text-slate-300">Location</th>
                {categories.map((c) => (
                  <th key={c} scope="col" className="px-1 py-1 text-left font-medium text-slate-600 dark:text-slate-300">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {locations.map((l) => (
                <tr key={l}>
                  <th scope="row" className="sticky left-0 z-10 bg-white px-1 text-left font-mono font-medium dark:bg-slate-900">
                    <button type="button" onClick={() => onPick(l)} aria-label={`Show ${l} on the board`} className="rounded px-1 py-0.5 hover:underline">{l}</button>
                  </th>
                  {categories.map((c) => {
                    const cell = at.get(keyOf(l, c))
                    const share = shareOf(cell)
                    const level = heatLevel(share)
                    const figure = share === null ? '–' : percent(share)
                    const detail = cell && cell.series > 0 ? `${cell.at_risk} of ${cell.series} SKUs at risk, ${figure}` : 'no SKUs planned'
                    return (
                      <td key={c} className="p-0">
                        <button
                          type="button"
                          aria-label={`${l} · ${c}: ${detail} (${level.word})`}
                          aria-haspopup="dialog"
                          data-level={level.health}
                          onClick={(e) => {
                            opener.current = e.currentTarget
                            setOpen({ location: l, category: c })
                          }}
                          className={`num flex w-full items-center justify-center gap-1 rounded px-1.5 py-1 hover:brightness-95 ${level.cls}`}
                        >
                          <span aria-hidden className="text-[0.65rem]">{level.symbol}</span>
                          {figure}
                        </button>
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && (
        <HeatmapDrilldown
          location={open.location}
          category={open.category}
          cell={openCell}
          onClose={close}
          onFilter={() => {
            setOpen(null)
            onPick(open.location)
          }}
        />
      )}
    </section>
  )
}
