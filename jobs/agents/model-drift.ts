/**
 * The model-drift agent's worker side (mandate and decision: lib/agents/model-drift.ts).
 * - Trigger: once per sweep, after the per-location agents (it is per segment, estate-wide).
 * - Inputs: the stored forecasts against the actuals over the last DRIFT_WEEKS 7-day blocks ending
 *   yesterday (today is not over), by category, region, channel and demand class
 *   (accuracyBySegment: one read, every kind).
 * - Raises: 'model_drift', one per drifting segment (scope.segment '<kind>:<value>', the rest '').
 *   Recommends: 'investigate' only.
 * Every segment with forecasts is evaluated (not judged: signal 0), and the active model-drift
 * alerts of segments that no longer appear are evaluated with signal 0 too, so each one clears.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { accuracyBySegment, activeDriftSegments } from '@/lib/clickhouse/queries/model-accuracy'
import { SEGMENT_KINDS, segmentAccuracy } from '@/lib/forecast/accuracy'
import { DRIFT_WEEKS, RULES, decideModelDrift } from '@/lib/agents/model-drift'
import { addDays } from '@/lib/agents/stock-shared'
import { ACTIVE_STATUSES } from '@/lib/alerts/types'
import type { Evaluation } from './apply'

const RULE = RULES.model_drift!
const CLEAR = 'Its forecasts are back within their usual range.'

const scope = (segment: string) => ({ sku: '', location: '', channel: '', supplier: '', segment })

export async function modelDriftEvaluations(ch: ClickHouseClient, today: string): Promise<Evaluation[]> {
  const to = addDays(today, -1)
  const from = addDays(to, -(7 * DRIFT_WEEKS - 1))
  const out: Evaluation[] = []
  const rows = await accuracyBySegment(ch, { from, to })
  for (const by of SEGMENT_KINDS) {
    const segments = segmentAccuracy(rows.filter((r) => r.kind === by))
    for (const e of decideModelDrift(by, segments)) out.push({ type: 'model_drift', scope: scope(e.segment), signal: e.signal, finding: e.finding, rule: RULE, clearText: CLEAR })
  }
  const seen = new Set(out.map((e) => e.scope.segment))
  for (const { segment } of await activeDriftSegments(ch, { statuses: [...ACTIVE_STATUSES, 'approved', 'modified', 'rejected', 'executed'] })) {
    if (!seen.has(segment)) out.push({ type: 'model_drift', scope: scope(segment), signal: 0, finding: null, rule: RULE, clearText: CLEAR })
  }
  return out
}
