/**
 * GET /api/v1/ingest/status (read scope or a session): what landed per type and source, how
 * fresh each source is against its usual cadence, the lag, the queue depth, stuck and failed
 * work, dead-lettered batches, the latest rejected batches with their errors, references to
 * master data that has not arrived yet, quarantined (implausible) events with the rules they
 * failed, and the latest CSV imports (undoable by id).
 */
import type { Runtime } from '@/lib/runtime-types'
import { ingestLanded } from '@/lib/clickhouse/queries/ingest'
import { deadLetterCount, latestDeadLetters } from '@/lib/clickhouse/queries/dead-letters'
import { quarantined, recentImports } from '@/lib/clickhouse/queries/imports'
import { ingestLastFailureKey, rejectedBatchesKey } from '@/lib/redis-keys'
import { withTimeout } from '@/lib/redis'
import type { FlushFailureBody, IngestStatusBody, RejectedBatch } from '@/lib/api/schemas'
import { authorize, callerScope, json, refuseOutside, refuseScoped } from './http'

/**
 * Accepted work not landed yet, from the queue: how much, since when, and whether it is stuck.
 * `oldest_received_at` is the acceptance time of the oldest batch waiting, being flushed or
 * waiting to be retried after a failed flush (not the last successful flush: a stuck writer
 * keeps flushing nothing). Stuck: that batch has waited over INGEST_STUCK_MS. Failed jobs are
 * batches whose retries ran out: accepted, not landed, not dead-lettered.
 */
export async function ingestPending(rt: Runtime, now = Date.now()) {
  const q = rt.queues.ingest
  const [counts, oldest] = await Promise.all([
    withTimeout(q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'), 2_000, 'queue counts').catch(() => undefined),
    // The oldest few of each state: retries (delayed) are ordered by their next attempt, not age.
    withTimeout(q.getJobs(['waiting', 'active', 'prioritized'], 0, 0, true), 2_000, 'oldest jobs').catch(() => undefined),
  ])
  const delayed = await withTimeout(q.getJobs(['delayed'], 0, 99, true), 2_000, 'retrying jobs').catch(() => undefined)
  if (!counts || !oldest || !delayed) return undefined
  let oldestMs = Infinity
  for (const job of [...oldest, ...delayed]) {
    const t = job ? Date.parse(job.data.received_at) || job.timestamp : Infinity
    if (t < oldestMs) oldestMs = t
  }
  const depth = (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0)
  const waitedMs = Number.isFinite(oldestMs) ? Math.max(0, now - oldestMs) : 0
  const failed = counts.failed ?? 0
  return {
    queue_depth: depth,
    retrying: counts.delayed ?? 0,
    failed_jobs: failed,
    oldest_received_at: Number.isFinite(oldestMs) ? new Date(oldestMs).toISOString() : null,
    oldest_waited_ms: waitedMs,
    state: (waitedMs > rt.config.INGEST_STUCK_MS ? 'stuck' : failed > 0 ? 'failed' : 'ok') as 'ok' | 'stuck' | 'failed',
  }
}

export async function ingestStatus(rt: Runtime): Promise<IngestStatusBody> {
  const [landed, pending, rejected, dead, deadCount, lastFailure, quarantine, imports] = await Promise.all([
    ingestLanded(rt.clickhouse.interactive),
    ingestPending(rt),
    withTimeout(rt.redis.lrange(rejectedBatchesKey(rt.redisPrefix), 0, 19), 2_000, 'rejections').catch(() => [] as string[]),
    latestDeadLetters(rt.clickhouse.interactive, 20),
    deadLetterCount(rt.clickhouse.interactive),
    withTimeout(rt.redis.get(ingestLastFailureKey(rt.redisPrefix)), 2_000, 'last failure').catch(() => null),
    quarantined(rt.clickhouse.interactive, 20),
    recentImports(rt.clickhouse.interactive, { limit: 20 }),
  ])
  return {
    as_of: new Date().toISOString(),
    // Counted from what landed (migration 013), each event_id once.
    events_total: landed.events_total,
    duplicates_total: landed.duplicates_total,
    by_type: landed.by_type,
    last_event_at: Object.fromEntries(landed.sources.map((s) => [s.source, s.last_event_at])),
    sources: landed.sources,
    // 'ok', 'stuck' (the oldest accepted batch not landed has waited over INGEST_STUCK_MS) or
    // 'failed' (batches whose retries ran out); null when the queue does not answer.
    ingest_state: pending?.state ?? null,
    // Lag: how long the oldest accepted batch not landed yet has waited (retries included), or,
    // with nothing waiting, the worst flush lag of the last minute.
    lag_ms: pending?.oldest_received_at ? pending.oldest_waited_ms : landed.recent_flush_lag_ms,
    oldest_pending_received_at: pending?.oldest_received_at ?? null,
    queue_depth: pending?.queue_depth ?? null,
    retrying_batches: pending?.retrying ?? null,
    failed_jobs: pending?.failed_jobs ?? null,
    dead_lettered_batches: { count: deadCount.batches, events: deadCount.events, latest: dead },
    last_flush_failure: lastFailure ? (JSON.parse(lastFailure) as FlushFailureBody) : null,
    rejected_batches: rejected.map((r) => JSON.parse(r) as RejectedBatch),
    unknown_master_refs: landed.unknown_master_refs,
    // Implausible events (lib/events/plausibility.ts): landed in quarantine, never summed.
    quarantined: quarantine,
    imports,
  }
}

export async function handleIngestStatus(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const scoped = refuseScoped(await callerScope(rt, auth.caller), 'the ingest status')
  if (scoped) return refuseOutside(rt, req, auth.caller, scoped)
  return json(await ingestStatus(rt))
}
