'use client'
import Link from 'next/link'
import { ProductName } from '../ProductName'
import { FIGURE_DEFINITIONS, type KpiDefinition } from '@/lib/kpis/definitions'
import { formatCover } from '@/lib/kpis/format'
import { formatMoneyShort } from '@/lib/money'
import { KpiInfo } from './KpiInfo'
import { useRiskRows, type RiskRow } from './useRiskRows'

/** The SKU-locations most likely to stock out, refetched whenever the scope's KPIs are pushed. */
export function AtRiskList({ location, version }: { location: string; version: string }) {
  const { rows, error } = useRiskRows(location, version)
  return (
    <section aria-labelledby="atrisk-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="atrisk-title" className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-300">Most at risk · stockout probability within lead time</h2>
      {error && <p role="alert" className="text-sm text-amber-700 dark:text-amber-300">⚠ {error}</p>}
      {rows === null ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No SKU-location above 30% risk.</p>
      ) : (
        <AtRiskTable rows={rows} />
      )}
    </section>
  )
}

/**
 * The list itself: each SKU code with its product's name and category under it, cut to fit (the
 * whole of it in the title), so that a long name widens no column on a phone.
 */
export function AtRiskTable({ rows }: { rows: RiskRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full whitespace-nowrap text-left text-sm" data-testid="at-risk">
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-1 pr-3 font-medium">Product</th><th className="font-medium">Location</th>
            <Th def={FIGURE_DEFINITIONS.stockout_probability} right /><Th def={FIGURE_DEFINITIONS.days_of_cover} right />
            <Th def={FIGURE_DEFINITIONS.run_out_date} /><Th def={FIGURE_DEFINITIONS.expected_lost_margin} right />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.location}:${r.sku}`} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="py-1 pr-3">
                <Link prefetch={false} className="font-mono text-blue-600 hover:underline dark:text-blue-400" href={`/sku/${encodeURIComponent(r.sku)}?location=${encodeURIComponent(r.location)}`}>{r.sku}</Link>
                <ProductName name={r.name} category={r.category} className="max-w-[8.5rem] sm:max-w-[11rem] 2xl:max-w-[16rem]" />
              </td>
              <td className="py-1 font-mono">{r.location}</td>
              <td className="num py-1 pl-3 text-right">{Math.round(r.stockout_probability * 100)}%</td>
              <td className="num py-1 pl-3 text-right">{formatCover(r.days_of_cover)}</td>
              <td className="py-1 pl-3">{r.projected_stockout_date ?? '–'}</td>
              <td className="num py-1 pl-3 text-right">
                {formatMoneyShort(r.expected_lost_margin)}
                {r.expected_lost_margin === 0 && r.stockout_probability > 0 && (
                  <span className="block text-xs text-slate-500 dark:text-slate-400" data-testid="no-margin">no unit margin: price at or below cost, or no price</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A figure's column header with its definition on hover and on keyboard focus (lib/kpis/definitions.ts). */
function Th({ def, right }: { def: KpiDefinition; right?: boolean }) {
  return (
    <th scope="col" className={`pl-3 font-medium ${right ? 'text-right' : ''}`}>
      <span className={`inline-flex items-center gap-1 ${right ? 'justify-end' : ''}`}>
        {def.label}
        <KpiInfo def={def} />
      </span>
    </th>
  )
}
