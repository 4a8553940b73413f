/**
 * GET /api/v1/ingest/status (read scope or a session): what landed per type and source, how
 * fresh each source is against its usual cadence, the lag, the queue depth, the latest rejected
 * batches with their errors, and references to master data that has not arrived yet.
 */
import type { Runtime } from '../runtime'
import { ingestLanded } from '@/lib/clickhouse/queries/ingest'
import { rejectedBatchesKey } from '@/lib/redis-keys'
import { withTimeout } from '@/lib/redis'
import { authorize, json } from './http'

export async function ingestStatus(rt: Runtime) {
  const [landed, counts, oldest, rejected] = await Promise.all([
    ingestLanded(rt.clickhouse.interactive),
    withTimeout(rt.queues.ingest.getJobCounts('waiting', 'active', 'delayed', 'failed'), 2_000, 'queue counts').catch(() => undefined),
    withTimeout(rt.queues.ingest.getWaiting(0, 0), 2_000, 'oldest job').catch(() => []),
    withTimeout(rt.redis.lrange(rejectedBatchesKey(rt.redisPrefix), 0, 19), 2_000, 'rejections').catch(() => [] as string[]),
  ])
  const oldestWaiting = oldest[0]?.timestamp
  const queueDepth = counts ? (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) : null
  return {
    as_of: new Date().toISOString(),
    events_total: landed.events_total,
    duplicates_total: landed.duplicates_total,
    by_type: landed.by_type,
    last_event_at: Object.fromEntries(landed.sources.map((s) => [s.source, s.last_event_at])),
    sources: landed.sources,
    // Lag: how long the oldest waiting batch has waited, or the last minute's flush lag.
    lag_ms: oldestWaiting ? Math.max(0, Date.now() - oldestWaiting) : landed.recent_flush_lag_ms,
    queue_depth: queueDepth,
    failed_jobs: counts?.failed ?? null,
    rejected_batches: rejected.map((r) => JSON.parse(r) as unknown),
    unknown_master_refs: landed.unknown_master_refs,
  }
}

export async function handleIngestStatus(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  return json(await ingestStatus(rt))
}
