/**
 * Live forecast accuracy by segment (model monitoring): the stored forecasts against the actuals as
 * they arrive, totalled per segment and per weekly block by the accuracy query
 * (lib/clickhouse/queries/model-accuracy.ts), turned here into DESIGN.md's measures:
 *
 *   WAPE = sum |A - F| / sum A
 *   bias = sum (F - A) / sum A            (positive = over-forecast, negative = under-forecast)
 *   MASE = sum |A - F| / sum over series-days of s_i, where s_i is series i's in-sample seasonal
 *          naive error, mean |y_t - y_{t-7}|, over the 8 weeks before the period: each series'
 *          MASE weighted by its scale x days, so one number per segment that is < 1 when the
 *          forecasts beat the 7-day seasonal naive forecast's usual error.
 *
 * Totals add up; ratios are taken once at the end (metrics.ts: ErrorTotals). Undefined ratios are
 * NaN (null in JSON), never a fake 0.
 */
import { biasFromTotals, wapeFromTotals, type ErrorTotals } from './metrics'
import { DRIFT, judgeDrift, type DriftJudgement, type DriftOptions, type WeekPoint } from './drift'

export const SEGMENT_KINDS = ['category', 'region', 'channel', 'demand_class'] as const
export type SegmentKind = (typeof SEGMENT_KINDS)[number]

/** Totals over series-days of one segment and block, as the query returns them. */
export interface AccuracyTotals extends ErrorTotals {
  /** sum F */
  forecast: number
  /** sum over the series-days of the series' seasonal naive scale s_i (MASE's denominator). */
  naive_abs: number
}

export interface SegmentBlockRow extends AccuracyTotals {
  segment: string
  /** Last day of the 7-day block. */
  week_end: string
}

export interface SegmentAccuracy {
  segment: string
  wape: number
  bias: number
  mase: number
  /** Units sold, units forecast, series-days scored. */
  actual: number
  forecast: number
  n: number
  /** Oldest first. */
  weeks: (WeekPoint & { mase: number })[]
  drift: DriftJudgement
}

export const emptyAccuracy = (): AccuracyTotals => ({ abs_error: 0, error: 0, actual: 0, n: 0, forecast: 0, naive_abs: 0 })

/** MASE from totals: sum |A - F| / sum of the series-days' naive scales. */
export function maseFromTotals(t: Pick<AccuracyTotals, 'abs_error' | 'naive_abs'>): number {
  return t.naive_abs > 0 ? t.abs_error / t.naive_abs : NaN
}

export function addTotals(into: AccuracyTotals, t: AccuracyTotals): AccuracyTotals {
  into.abs_error += t.abs_error
  into.error += t.error
  into.actual += t.actual
  into.n += t.n
  into.forecast += t.forecast
  into.naive_abs += t.naive_abs
  return into
}

/**
 * Per segment: the period's WAPE, bias and MASE (all its blocks summed), its weekly points and
 * the drift judgement of its latest block. Segments by volume (units sold), largest first.
 */
export function segmentAccuracy(rows: readonly SegmentBlockRow[], o: DriftOptions = DRIFT): SegmentAccuracy[] {
  const by = new Map<string, SegmentBlockRow[]>()
  for (const r of rows) {
    const list = by.get(r.segment) ?? []
    list.push(r)
    by.set(r.segment, list)
  }
  const out: SegmentAccuracy[] = []
  for (const [segment, blocks] of by) {
    blocks.sort((a, b) => a.week_end.localeCompare(b.week_end))
    const total = blocks.reduce((acc, b) => addTotals(acc, b), emptyAccuracy())
    const weeks = blocks.map((b) => ({ week_end: b.week_end, wape: wapeFromTotals(b), bias: biasFromTotals(b), mase: maseFromTotals(b), actual: b.actual }))
    out.push({
      segment,
      wape: wapeFromTotals(total),
      bias: biasFromTotals(total),
      mase: maseFromTotals(total),
      actual: total.actual,
      forecast: total.forecast,
      n: total.n,
      weeks,
      drift: judgeDrift(weeks, o),
    })
  }
  return out.sort((a, b) => b.actual - a.actual || a.segment.localeCompare(b.segment))
}

/** "over-forecast" / "under-forecast" / "unbiased" (within +-2%) / "unknown", for labels next to colour. */
export function biasDirection(bias: number, tolerance = 0.02): 'over-forecast' | 'under-forecast' | 'unbiased' | 'unknown' {
  if (!Number.isFinite(bias)) return 'unknown'
  if (bias > tolerance) return 'over-forecast'
  if (bias < -tolerance) return 'under-forecast'
  return 'unbiased'
}

/** The definitions in words (DESIGN.md), for hover text next to each figure. */
export const ACCURACY_DEFINITIONS = {
  wape: 'WAPE = sum |actual - forecast| / sum actual, over the days with a stored forecast (the forecast in force that day). Lower is better.',
  bias: 'Bias = sum (forecast - actual) / sum actual. Positive: over-forecast (orders come out too large); negative: under-forecast (too small). Within +-2% counts as unbiased.',
  mase: "MASE = sum |actual - forecast| / the same series-days' in-sample error of the 7-day seasonal naive forecast (mean |y(t) - y(t-7)| over the 8 weeks before the period). Below 1: better than the naive forecast.",
  volume: 'Units sold on the days scored (days with a stored forecast), and sku x location x channel days scored.',
  drift: 'Drift: in the latest 7 days WAPE rose above, or bias left, the usual range: median of the 8 weeks before +- 3 robust deviations (1.4826 x MAD, at least 3 points), with 100+ units sold that week and in 4+ prior weeks. A drift raises a model_drift alert in the inbox.',
} as const
