/**
 * GET /api/v1/kpis: the query it takes and the snapshot it answers (the same snapshot the board's
 * stream pushes), as zod schemas the OpenAPI document is generated from (lib/openapi.ts).
 *
 * Which figure may be null, and why. Sales figures are sums over today's sales: with none they
 * are 0, a true zero. Planning figures describe the SKU-locations a plan has assessed: while no
 * plan covers the scope (a location that sells nothing, such as a distribution centre, an
 * unknown location, or a fresh install before its first recompute; `planning_as_of` is then
 * null) they are null, because "0 at risk" would tell a planner the scope is safe when nobody
 * has looked. A ratio is also null when its denominator is 0: a fill rate without demand is
 * undefined, not 100% and not 0%.
 */
import { z } from 'zod'
import { idParam } from '../planning/api-schemas'
import { KPI_DEFINITIONS, PLANNING_KPIS, type KpiKey, type KpiSnapshot } from './definitions'
import type { SameShape } from '../api/schemas'

export const kpisQuery = z.object({ location: idParam.optional().meta({ description: 'a location id; omit for all locations' }) })

const dateTime = z.string().meta({ format: 'date-time' })

const NOT_PLANNED = 'null while no plan covers this scope (planning_as_of is null): unknown, not zero'
/** Why a ratio may also be null with a plan. */
const NULL_RATIO: Partial<Record<KpiKey, string>> = {
  fill_rate: 'also null when nothing sold and no sale was estimated lost in the last 28 days: a service level without demand is undefined',
  days_of_supply: 'also null when nothing is forecast to sell: the cover has no bound',
  inventory_turns: 'also null when the inventory at cost is 0',
}

const unit = (k: KpiKey) => (KPI_DEFINITIONS[k].unit === 'percent' ? 'a share from 0 to 1' : KPI_DEFINITIONS[k].unit)
const describe = (k: KpiKey) => `${KPI_DEFINITIONS[k].label} (${unit(k)}): ${KPI_DEFINITIONS[k].definition}`
const salesFigure = (k: KpiKey) => z.number().meta({ description: `${describe(k)} 0 when nothing sold.` })
const planningFigure = (k: KpiKey) => z.number().nullable().meta({ description: `${describe(k)} ${[NOT_PLANNED, NULL_RATIO[k]].filter(Boolean).join('; ')}.` })

export const kpiFigures = z.object({
  units_sold_today: salesFigure('units_sold_today'),
  revenue_today: salesFigure('revenue_today'),
  ...(Object.fromEntries(PLANNING_KPIS.map((k) => [k, planningFigure(k)])) as Record<(typeof PLANNING_KPIS)[number], z.ZodNullable<z.ZodNumber>>),
})

export const kpiSnapshotBody = z.object({
  as_of: dateTime,
  location: z.string().meta({ description: 'a location id, or "all"' }),
  kpis: kpiFigures,
  trend: z
    .array(z.object({ minute: dateTime.meta({ description: 'start of the minute, UTC' }), units: z.number() }))
    .meta({ description: 'units per minute over the last 60 minutes, oldest first, minutes without sales as 0' }),
  planning_as_of: dateTime.nullable().meta({ description: 'when the planning figures were computed; null while no plan covers this scope' }),
  heatmap: z
    .array(z.object({ location: z.string(), category: z.string(), series: z.number().int(), at_risk: z.number().int() }))
    .optional()
    .meta({ description: 'locations x categories: SKU-locations planned and at risk (the "all" scope only)' }),
})

export type KpiSnapshotBody = z.infer<typeof kpiSnapshotBody>
/** The snapshot the board and its stream use is exactly what the document says. */
export const _kpiSnapshotIsDocumented: SameShape<KpiSnapshot, KpiSnapshotBody> = true
