/**
 * The model-accuracy API's shapes (GET /api/v1/model-accuracy, server/api/model-accuracy.ts): the
 * query (period and segment kind, optionally one location) and the answer, documented from here in
 * the OpenAPI document; `accuracyBody` turns the pure figures (accuracy.ts) into it, NaN as null.
 */
import { z } from 'zod'
import { biasDirection, SEGMENT_KINDS, type SegmentAccuracy, type SegmentKind } from './accuracy'
import { DRIFT, type DriftJudgement, type MetricDrift } from './drift'
import { idParam } from '../planning/api-schemas'

/** The longest period one request may cover, in days. */
export const MAX_PERIOD_DAYS = 366
/** The period when none is given: the 12 weeks to yesterday (today is not over). */
export const DEFAULT_WEEKS = 12

const isoDate = z.iso.date()
const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000

export const accuracyQuery = z.object({
    from: isoDate.optional().meta({ description: `first day scored, YYYY-MM-DD (UTC); ${DEFAULT_WEEKS} weeks before \`to\` when left out` }),
    to: isoDate.optional().meta({ description: 'last day scored, YYYY-MM-DD (UTC); yesterday when left out' }),
    by: z.enum(SEGMENT_KINDS).default('category').meta({ description: 'the segment kind: category, region, channel or demand_class (the recompute\'s demand classification)' }),
    location: idParam.optional().meta({ description: "one location's forecasts; all the caller may see when left out" }),
  })
export type AccuracyQuery = z.infer<typeof accuracyQuery>

/** The period a query names: `to` yesterday and `from` DEFAULT_WEEKS weeks before it when left out. */
export function accuracyPeriod(q: Pick<AccuracyQuery, 'from' | 'to'>, today: string): { from: string; to: string } | { error: string; path: string } {
  const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10)
  const to = q.to ?? iso(dayNo(today) - 1)
  const from = q.from ?? iso(dayNo(to) - (7 * DEFAULT_WEEKS - 1))
  if (dayNo(from) > dayNo(to)) return { error: 'must be on or before to', path: 'from' }
  if (dayNo(to) - dayNo(from) + 1 > MAX_PERIOD_DAYS) return { error: `the period may cover at most ${MAX_PERIOD_DAYS} days`, path: 'from' }
  return { from, to }
}

const ratio = (what: string) => z.number().nullable().meta({ description: `${what}; null when undefined (nothing sold, or no naive scale)` })

const metricDrift = z.object({
  now: ratio('the latest week'),
  median: ratio('median of the prior weeks'),
  low: ratio('bottom of the usual range'),
  high: ratio('top of the usual range'),
  z: ratio('robust deviations from the median'),
  drifted: z.boolean(),
})

export const accuracySegment = z.object({
  segment: z.string().meta({ description: "the segment's value ('(unknown)' where master data has none)" }),
  wape: ratio('sum |A - F| / sum A'),
  bias: ratio('sum (F - A) / sum A; positive = over-forecast'),
  bias_direction: z.enum(['over-forecast', 'under-forecast', 'unbiased', 'unknown']).meta({ description: 'unbiased within +-2%' }),
  mase: ratio('sum |A - F| / sum of the series-days\' seasonal naive (7-day) in-sample error'),
  actual: z.number().meta({ description: 'units sold over the period (days with a stored forecast)' }),
  forecast: z.number().meta({ description: 'units forecast over the same days' }),
  series_days: z.number().int().meta({ description: 'sku x location x channel x days scored' }),
  weeks: z.array(z.object({ week_end: isoDate, wape: ratio('WAPE'), bias: ratio('bias'), mase: ratio('MASE'), actual: z.number() })).meta({ description: 'the 7-day blocks ending on `to`, oldest first' }),
  drift: z.object({
    judged: z.boolean(),
    reason: z.string().optional().meta({ description: 'why it was not judged' }),
    week_end: isoDate.optional(),
    wape: metricDrift.optional(),
    bias: metricDrift.optional(),
    drifted: z.array(z.enum(['wape', 'bias'])),
  }),
})

export const accuracyBody = z.object({
  from: isoDate,
  to: isoDate,
  by: z.enum(SEGMENT_KINDS),
  location: z.string().meta({ description: "'' for every location the caller may see" }),
  segments: z.array(accuracySegment).meta({ description: 'largest volume first' }),
  drift_rule: z.string().meta({ description: 'the drift rule in words' }),
})
export type AccuracyBody = z.infer<typeof accuracyBody>

const fin = (x: number) => (Number.isFinite(x) ? x : null)
const metric = (m: MetricDrift) => ({ now: fin(m.now), median: fin(m.usual.median), low: fin(m.usual.low), high: fin(m.usual.high), z: fin(m.z), drifted: m.drifted })
const drift = (j: DriftJudgement) =>
  j.judged ? { judged: true, week_end: j.week_end, wape: metric(j.wape), bias: metric(j.bias), drifted: j.drifted } : { judged: false, reason: j.reason, drifted: [] }

export const DRIFT_RULE =
  `A segment drifts when, in the latest 7 days, its WAPE rose above or its bias left its usual range: the median of the ${DRIFT.prior_weeks} weeks before ` +
  `+- ${DRIFT.k} robust deviations (1.4826 x MAD, at least ${DRIFT.floor * 100} points), with at least ${DRIFT.min_volume} units sold in the week and in ${DRIFT.min_prior}+ prior weeks.`

export function toAccuracyBody(period: { from: string; to: string }, by: SegmentKind, location: string, segments: readonly SegmentAccuracy[]): AccuracyBody {
  return {
    ...period,
    by,
    location,
    segments: segments.map((s) => ({
      segment: s.segment,
      wape: fin(s.wape),
      bias: fin(s.bias),
      bias_direction: biasDirection(s.bias),
      mase: fin(s.mase),
      actual: s.actual,
      forecast: s.forecast,
      series_days: s.n,
      weeks: s.weeks.map((w) => ({ week_end: w.week_end, wape: fin(w.wape), bias: fin(w.bias), mase: fin(w.mase), actual: w.actual })),
      drift: drift(s.drift),
    })),
    drift_rule: DRIFT_RULE,
  }
}
