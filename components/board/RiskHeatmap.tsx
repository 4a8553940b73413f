'use client'
import type { HeatCell } from '@/lib/kpis/definitions'

/** Share at risk -> colour and a word: red at risk (>= 20%), amber watch (>= 5%), green healthy, grey no data. */
function cellStyle(share: number | null): { cls: string; word: string } {
  if (share === null) return { cls: 'bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400', word: 'no data' }
  if (share >= 0.2) return { cls: 'bg-red-600 text-white', word: 'at risk' }
  if (share >= 0.05) return { cls: 'bg-amber-400 text-slate-900', word: 'watch' }
  return { cls: 'bg-green-600/80 text-white', word: 'healthy' }
}

/** Locations x categories, coloured by the share of SKU-locations at risk of a stockout. */
export function RiskHeatmap({ cells, onPick }: { cells: HeatCell[]; onPick: (location: string) => void }) {
  const locations = [...new Set(cells.map((c) => c.location))].sort()
  const categories = [...new Set(cells.map((c) => c.category))].sort()
  const at = new Map(cells.map((c) => [`${c.location}\0${c.category}`, c]))
  return (
    <section aria-labelledby="heatmap-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="heatmap-title" className="text-sm font-medium text-slate-600 dark:text-slate-300">Stockout risk by location and category · share of SKUs at risk</h2>
        <span className="text-xs text-slate-500">■ ≥ 20% at risk · ▲ ≥ 5% watch · ● healthy · click a row to filter</span>
      </div>
      {cells.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">No plan computed yet: the first recompute fills this in.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-separate border-spacing-0.5 text-xs" data-testid="risk-heatmap">
            <thead>
              <tr>
                <th className="sticky left-0 bg-white px-2 text-left font-medium text-slate-500 dark:bg-slate-900">Location</th>
                {categories.map((c) => (
                  <th key={c} scope="col" className="px-1 py-1 text-left font-medium text-slate-500">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {locations.map((l) => (
                <tr key={l}>
                  <th scope="row" className="sticky left-0 bg-white px-2 text-left font-mono font-medium dark:bg-slate-900">
                    <button type="button" onClick={() => onPick(l)} className="hover:underline">{l}</button>
                  </th>
                  {categories.map((c) => {
                    const cell = at.get(`${l}\0${c}`)
                    const share = cell && cell.series > 0 ? cell.at_risk / cell.series : null
                    const s = cellStyle(share)
                    const label = share === null ? 'no data' : `${Math.round(share * 100)}%`
                    return (
                      <td key={c} className={`num rounded px-1.5 py-1 text-center ${s.cls}`} title={`${l} · ${c}: ${cell?.at_risk ?? 0} of ${cell?.series ?? 0} SKUs at risk (${s.word})`}>
                        {label}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
