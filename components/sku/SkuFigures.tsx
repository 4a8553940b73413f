'use client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { FIGURE_DEFINITIONS, type KpiDefinition } from '@/lib/kpis/definitions'
import { formatCover, formatUnits } from '@/lib/kpis/format'
import { formatMoneyShort } from '@/lib/money'
import { KpiInfo } from '../board/KpiInfo'

/**
 * The SKU-location's figures, each with its definition on hover and on keyboard focus (the one
 * place: lib/kpis/definitions.ts FIGURE_DEFINITIONS), beside the prose that explains them.
 */
export function SkuFigures({ policy }: { policy: PolicyRow }) {
  const D = FIGURE_DEFINITIONS
  const items: [KpiDefinition, string][] = [
    [D.stockout_probability, `${Math.round(policy.stockout_probability * 100)}%`],
    [D.expected_lost_margin, formatMoneyShort(policy.expected_lost_margin)],
    [D.days_of_cover, formatCover(policy.days_of_cover)],
    [D.run_out_date, policy.projected_stockout_date ?? '–'],
    [D.forecast_daily_demand, `${formatUnits(policy.d)}/day`],
    [D.position, formatUnits(policy.position)],
    [D.reorder_point, formatUnits(policy.reorder_point)],
    [D.safety_stock, formatUnits(policy.safety_stock)],
  ]
  return (
    <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4 xl:grid-cols-8" data-testid="sku-figures">
      {items.map(([def, value]) => (
        <div key={def.key} className="min-w-0">
          <dt className="flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
            {def.label}
            <KpiInfo def={def} />
          </dt>
          <dd className="num font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  )
}
