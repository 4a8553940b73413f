'use client'
import Link from 'next/link'
import { useEffect, useId, useRef } from 'react'
import type { HeatCell } from '@/lib/kpis/definitions'
import { ProductName } from '../ProductName'
import { StatusBadge } from '../StatusBadge'
import { heatLevel, percent, shareOf } from './heatLevel'
import { useRiskRows } from './useRiskRows'

/**
 * One heatmap cell in detail, as a modal dialog: it takes focus when it opens, Escape or Close
 * closes it, and the heatmap then gives focus back to the cell that opened it. Lists the
 * location's SKUs most at risk (the risk API ranks by location, across categories).
 */
export function HeatmapDrilldown({ location, category, cell, onClose, onFilter }: {
  location: string; category: string; cell: HeatCell | undefined; onClose: () => void; onFilter: () => void
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const { rows, error } = useRiskRows(location, '', 8)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (!d.open) d.showModal()
    d.focus()
  }, [])
  const share = shareOf(cell)
  const level = heatLevel(share)
  return (
    <dialog
      ref={dialog}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-testid="heatmap-drilldown"
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && dialog.current.close()}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/60 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="space-y-3 p-4">
        <div className="flex items-start justify-between gap-3">
          <h2 id={titleId} className="text-lg font-semibold">
            {category} at <span className="font-mono">{location}</span>
          </h2>
          <button type="button" onClick={() => dialog.current?.close()} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
            Close
          </button>
        </div>
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <StatusBadge health={level.health} label={level.word} />
          {cell && share !== null ? (
            <span className="num">{cell.at_risk} of {cell.series} SKUs at risk of a stockout within their lead time ({percent(share)})</span>
          ) : (
            <span>No SKU of this category is planned at this location.</span>
          )}
        </p>
        <section aria-labelledby={`${titleId}-list`}>
          <h3 id={`${titleId}-list`} className="mb-1 text-sm font-medium text-slate-600 dark:text-slate-300">Most at risk at {location}, all categories</h3>
          {error && <p role="alert" className="text-sm text-amber-700 dark:text-amber-300">⚠ {error}</p>}
          {rows === null ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">Loading…</p>
          ) : rows.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">No SKU here above 30% risk.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {rows.map((r) => (
                <li key={r.sku} className="flex items-start justify-between gap-3 py-1">
                  <div className="min-w-0">
                    <Link prefetch={false} className="font-mono text-blue-600 hover:underline dark:text-blue-400" href={`/sku/${encodeURIComponent(r.sku)}?location=${encodeURIComponent(r.location)}`}>{r.sku}</Link>
                    <ProductName name={r.name} category={r.category} />
                  </div>
                  <span className="num shrink-0">{percent(r.stockout_probability)} stockout risk</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <button type="button" onClick={onFilter} className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700">
          Show {location} on the board
        </button>
      </div>
    </dialog>
  )
}
