/**
 * The value report API's shapes (server/api/reports.ts): the period query, the report
 * (lib/value/report-types.ts as a zod schema, so the OpenAPI document describes exactly what is
 * answered) and the drill-down to the decisions behind a figure.
 */
import { z } from 'zod'
import { USE_CASES } from './use-cases'
import type { ValueReport } from './report-types'

/** The longest period one report covers. */
export const MAX_PERIOD_DAYS = 731

const isoDate = z.iso.date()
const DAY = 86_400_000

const period = {
  from: isoDate.meta({ description: 'first day of the period, YYYY-MM-DD (UTC), included' }),
  to: isoDate.meta({ description: 'last day of the period, YYYY-MM-DD (UTC), included; on or after from, at most 2 years (731 days) after it' }),
}

/** `to` on or after `from`, and the period at most MAX_PERIOD_DAYS long: each refusal names `to`. */
function checkPeriod(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY + 1
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${q.from})` })
  else if (days > MAX_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the period is ${days} days; at most ${MAX_PERIOD_DAYS} (2 years)` })
}

export const valueReportQuery = z.object({
  ...period,
  format: z.enum(['json', 'csv']).optional().meta({ description: 'csv: the same as Accept: text/csv' }),
}).superRefine(checkPeriod)
export type ValueReportQuery = z.infer<typeof valueReportQuery>

export const valuePdfQuery = z.object(period).superRefine(checkPeriod)

export const valueDecisionsQuery = z.object({
  ...period,
  use_case: z.enum(USE_CASES).optional().meta({ description: 'only the decisions of this use case' }),
  kind: z.enum(['reorder', 'expedite', 'transfer', 'reallocate', 'markdown', 'investigate']).optional().meta({ description: 'only actions of this kind' }),
  limit: z.coerce.number().int().min(1).max(500).default(50).meta({ description: 'decisions per page, 1..500' }),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).meta({ description: 'decisions to skip: next_offset of the previous page' }),
}).superRefine(checkPeriod)
export type ValueDecisionsQuery = z.infer<typeof valueDecisionsQuery>

const money = (description: string) => z.number().meta({ description: `${description}, in the report's currency` })
const pair = z.object({ stockpulse: z.number(), baseline: z.number() })

const reportFigure = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.enum(['units', 'currency', 'percent', 'count', 'days', 'ratio']).meta({ description: 'percent: a share 0..1' }),
  definition: z.string().meta({ description: 'what the figure means (DESIGN.md), shown on hover' }),
  value: z.number().nullable().meta({ description: 'null where the data cannot give it (e.g. lost sales on real data, without demand)' }),
  baseline: z.number().nullable().meta({ description: 'the baseline static min-max policy on the same demand (simulation only)' }),
  previous: z.number().nullable().meta({ description: 'the previous period of equal length' }),
})

const useCaseValue = z.object({
  use_case: z.enum(USE_CASES),
  label: z.string(),
  decisions: z.number().int(),
  measured_value: z.number().nullable().meta({ description: 'simulation: baseline cost - StockPulse cost on the pair-days attributed to the use case; null on real data' }),
  estimated_value: money('sum of the decisions\' estimates at decision time'),
  settled_value: money('sum of the settled values of those whose horizon ended'),
  settled: z.number().int(),
  lost_units: pair.nullable(),
  lost_margin: pair.nullable(),
  inventory_cost: pair.nullable().meta({ description: 'sum over the days of the inventory at cost of the use case\'s pair-days' }),
})

const rateRow = z.object({
  by: z.enum(['agent', 'category', 'planner']),
  key: z.string(),
  label: z.string(),
  decided: z.number().int(),
  accepted: z.number().int(),
  modified: z.number().int(),
  rejected: z.number().int(),
  acceptance_rate: z.number().nullable(),
  override_rate: z.number().nullable(),
  value_accepted: z.number(),
  value_overridden: z.number(),
})

export const valueReportBody = z.object({
  from: isoDate,
  to: isoDate,
  previous: z.object({ from: isoDate, to: isoDate }).meta({ description: 'the previous period of equal length, just before' }),
  currency: z.string().meta({ description: 'ISO 4217 (setting CURRENCY)' }),
  basis: z.enum(['simulation', 'real']).meta({ description: 'simulation: a baseline run of the same demand exists for the period; real: estimates and settlements only' }),
  generated_at: z.string().meta({ format: 'date-time' }),
  scope: z.union([z.literal('all'), z.array(z.string())]).meta({ description: "'all', or the locations the caller's access covers (the figures are theirs only)" }),
  figures: z.array(reportFigure),
  use_cases: z.array(useCaseValue),
  unattributed_value: z.number().nullable().optional().meta({ description: 'simulation: value on pair-days no decision touched; use cases + this = the value figure' }),
  daily: z.array(z.object({
    date: isoDate,
    value: z.number(),
    lost_margin: z.number(),
    baseline_lost_margin: z.number().nullable(),
    inventory_cost: z.number(),
    baseline_inventory_cost: z.number().nullable(),
  })),
  rates: z.array(rateRow),
  calibration: z.object({ settled: z.number().int(), estimated_total: z.number(), settled_total: z.number(), ratio: z.number().nullable(), mean_abs_error: z.number().nullable() }),
})
// The zod schema and the contract type describe the same answer.
export type ValueReportBody = z.infer<typeof valueReportBody>
const _same: ValueReport = {} as ValueReportBody
void _same

export const valueDecisionsBody = z.object({
  from: isoDate,
  to: isoDate,
  decisions: z.array(z.object({
    action_id: z.string(), alert_id: z.string(), use_case: z.string(), kind: z.string(), sku: z.string(), location: z.string(),
    decided_at: z.string(), horizon_end: isoDate, estimated_value: z.number(), settled_value: z.number(), outcome: z.string(),
    detail: z.string().meta({ description: 'the figures behind the settlement, one sentence' }), settled_at: z.string(),
  })),
  next_offset: z.number().int().nullable().meta({ description: 'the offset of the next page; null on the last' }),
})
export type ValueDecisionsBody = z.infer<typeof valueDecisionsBody>
