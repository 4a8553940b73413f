/**
 * Model-drift agent.
 *
 * Mandate
 * - Trigger: the agents' sweep (after each full recompute and on its schedule), once per sweep; its
 *   figures change once a day (a day's actuals complete), so its hysteresis counts days.
 * - Reads: the accuracy of the stored forecasts against the actuals, per segment of each kind
 *   (category, region, channel, demand class) and 7-day block, over the last DRIFT_WEEKS blocks
 *   ending yesterday (lib/clickhouse/queries/model-accuracy.ts), estate-wide.
 * - Raises: 'model_drift', one per segment whose latest week's WAPE rose above, or bias left, its
 *   usual range (lib/forecast/drift.ts: median +- 3 robust deviations over the 8 weeks before, with
 *   a minimum volume). Scope: sku, location, channel, supplier '' and scope.segment =
 *   '<kind>:<value>' ("category:Dairy").
 * - Recommends: 'investigate' only (look at the segment's forecasts before trusting them); no stock
 *   moves, so no approval rule applies.
 * - Autonomy: none needed: the alert is the product.
 *
 * signal = max(z of WAPE if above its median, |z of bias|) in robust deviations; opens at K (3) on
 * one day, clears below 2 on two days running. A segment not judged (thin volume, too little
 * history) has signal 0. value_at_risk is 0: a drifting forecast loses nothing by itself until
 * someone orders on it; severity says how far it moved.
 */
import type { ActionKind, AgentFinding, AlertType, HysteresisRule, Severity } from '../alerts/types'
import type { SegmentAccuracy, SegmentKind } from '../forecast/accuracy'
import { DRIFT } from '../forecast/drift'
import { round } from './signals'
import { fmtPct, fmtSignedPct, listAnd } from './wording'

export const AGENT = {
  name: 'model-drift',
  model_version: 'model-drift/1',
  alert_types: ['model_drift'],
  actions: ['investigate'],
} as const satisfies { name: string; model_version: string; alert_types: readonly AlertType[]; actions: readonly ActionKind[] }

/** Opens at K robust deviations on one day (a whole week's volume is behind it); clears below 2, two days running. */
export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  model_drift: { open: DRIFT.k, clear: 2, open_after: 1, clear_after: 2, per_day: true },
}

/** Blocks read: the latest week and the prior ones its usual range is taken over. */
export const DRIFT_WEEKS = DRIFT.prior_weeks + 1

export const KIND_LABEL: Readonly<Record<SegmentKind, string>> = { category: 'category', region: 'region', channel: 'channel', demand_class: 'demand class' }

export const segmentId = (kind: SegmentKind, value: string) => `${kind}:${value}`

/** "category Dairy", "demand class intermittent". */
export const segmentName = (kind: SegmentKind, value: string) => `${KIND_LABEL[kind]} ${value}`

const direction = (bias: number) => (bias > 0 ? 'over-forecast' : 'under-forecast')

/** One evaluation per segment of one kind (signal 0 when not judged); a finding for every judged one. */
export function decideModelDrift(kind: SegmentKind, segments: readonly SegmentAccuracy[]): { segment: string; signal: number; finding: AgentFinding | null }[] {
  return segments.map((s) => {
    const segment = segmentId(kind, s.segment)
    const j = s.drift
    if (!j.judged) return { segment, signal: 0, finding: null }
    const name = segmentName(kind, s.segment)
    const range = (lo: number, hi: number, fmt: (x: number) => string) => `${fmt(lo)} to ${fmt(hi)}`
    const wapeUsual = `usual ${range(Math.max(0, j.wape.usual.low), j.wape.usual.high, fmtPct)}`
    const biasUsual = `usual ${range(j.bias.usual.low, j.bias.usual.high, fmtSignedPct)}`
    const moved: string[] = []
    if (j.drifted.includes('bias')) moved.push(`bias moved to ${fmtSignedPct(j.bias.now)}, ${direction(j.bias.now)} (${biasUsual})`)
    if (j.drifted.includes('wape')) moved.push(`error rose to WAPE ${fmtPct(j.wape.now)} (${wapeUsual})`)
    const week = `the 7 days to ${j.week_end}`
    const usualOver = `usual ranges from the ${DRIFT.prior_weeks} weeks before`
    const consequence = !j.drifted.includes('bias') ? '' : j.bias.now > 0 ? ' Its forecasts run above sales: orders built on them come out too large.' : ' Its forecasts run below sales: orders built on them come out too small.'
    const why = moved.length
      ? `Forecasts for ${name} drifted in ${week}: ${listAnd(moved)}; ${usualOver}.${consequence} Until it is back in range, do not trust this segment's forecasts blindly: check them (and the orders built on them) before acting.`
      : `Forecasts for ${name} are within their usual range in ${week}: WAPE ${fmtPct(j.wape.now)} (${wapeUsual}), bias ${fmtSignedPct(j.bias.now)} (${biasUsual}); ${usualOver}.`
    const severity: Severity = j.signal >= 2 * DRIFT.k || Math.abs(j.bias.now) >= 0.25 ? 'high' : moved.length ? 'medium' : 'low'
    const weeks = s.weeks.filter((w) => Number.isFinite(w.wape) && Number.isFinite(w.bias))
    const finding: AgentFinding = {
      type: 'model_drift',
      scope: { sku: '', location: '', channel: '', supplier: '', segment },
      signal: round(j.signal, 3),
      severity,
      value_at_risk: 0,
      why,
      recommendation: {
        action: 'investigate',
        quantity: 0,
        cost: 0,
        value: 0,
        summary: moved.length ? `Check the forecasts for ${name} before trusting them` : `Nothing to check: ${name} forecasts as usual`,
      },
      // How much history the usual range rests on: 1 with all its prior weeks.
      confidence: round(Math.min(1, weeks.filter((w) => w.actual >= DRIFT.min_volume).length / DRIFT_WEEKS), 3),
      agent: AGENT.name,
      model_version: AGENT.model_version,
      chart: {
        x: weeks.map((w) => w.week_end),
        series: [
          { name: 'WAPE', values: weeks.map((w) => round(100 * w.wape, 1)), unit: '%' },
          { name: 'bias', values: weeks.map((w) => round(100 * w.bias, 1)), unit: '%' },
        ],
        refs: j.drifted.includes('wape') && !j.drifted.includes('bias')
          ? [{ name: 'usual WAPE, top', value: round(100 * j.wape.usual.high, 1) }]
          : [{ name: 'usual bias, top', value: round(100 * j.bias.usual.high, 1) }, { name: 'usual bias, bottom', value: round(100 * j.bias.usual.low, 1) }],
      },
    }
    return { segment, signal: finding.signal, finding }
  })
}
