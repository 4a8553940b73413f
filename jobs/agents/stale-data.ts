/**
 * The stale-data agent's worker side (mandate and decision: lib/agents/stale-data.ts).
 * - Trigger: once per sweep, after the per-location agents (it is per feed, not per location).
 * - Inputs: every ingest feed's (source x event type) last landing and usual cadence as of the
 *   sweep's instant (ingest_flushes, feedStatusesAt: the median gap between deliveries over the 7
 *   days before its last one, so a nightly file has a cadence of a day).
 * - Raises: 'stale_data', one per feed (scope.feed '<source>/<event type>', the rest ''), its why
 *   naming the figures not to trust. Recommends: 'investigate' only.
 * Every feed with a usual cadence is evaluated, fresh ones with signal 0, so an alert clears when
 * its feed is back; a feed without one (a one-off import) is not judged.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { feedStatusesAt } from '@/lib/clickhouse/queries/agent-inputs'
import { RULES, decideStaleData } from '@/lib/agents/stale-data'
import type { Evaluation } from './apply'

const RULE = RULES.stale_data!

export async function staleDataEvaluations(ch: ClickHouseClient, now: string): Promise<Evaluation[]> {
  const feeds = await feedStatusesAt(ch, { now: now.replace('T', ' ').replace('Z', '') })
  return decideStaleData({ now, feeds }).map((finding) => ({
    type: 'stale_data', scope: finding.scope, signal: finding.signal, finding, rule: RULE,
    clearText: `${finding.scope.feed} sends again as usual.`,
  }))
}
