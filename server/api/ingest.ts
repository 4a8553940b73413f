/**
 * POST /api/v1/events: validate a batch, queue it, answer 202. Nothing is written unless the
 * whole batch is valid; when Redis cannot take the batch the answer is 503 with Retry-After,
 * when the ingest backlog is over its bound 429 with Retry-After: never a silent drop.
 */
import { createHash } from 'node:crypto'
import type { Runtime } from '@/lib/runtime-types'
import type { Event } from '@/lib/events/schema'
import type { FieldError } from '@/lib/events/batch'
import { parseBody, type BodyFormat } from '@/lib/events/body'
import { withTimeout } from '@/lib/redis'
import { REJECTED_BATCHES_KEPT, rejectedBatchesKey } from '@/lib/redis-keys'
import type { AcceptedBody, ErrorsBody, MessageBody, RejectedBatch } from '@/lib/api/schemas'
import { firstEventOutOfScope } from '@/lib/auth/access'
import { authorize, badRequest, callerScope, json, readBodyLimited } from './http'

/** How long the queue may take to accept a batch before the answer is 503. */
const ENQUEUE_TIMEOUT_MS = 3_000

export async function handleIngest(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'ingest', false)
  if (!auth.ok) return auth.response
  const source = auth.caller.kind === 'key' ? auth.caller.name : auth.caller.user.id

  // No Content-Type is not taken as JSON: a body whose sender did not say what it is is refused.
  const contentType = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  if (contentType !== 'application/json' && contentType !== 'application/x-ndjson') {
    const sent = contentType ? `, not ${contentType.slice(0, 100)}` : '; the request has none'
    return json({ errors: [{ index: -1, path: '', message: `Content-Type must be application/json or application/x-ndjson${sent}` }] } satisfies ErrorsBody, 415)
  }
  const bytes = await readBodyLimited(req, rt.config.MAX_BODY_BYTES)
  if (!bytes) {
    return json({ errors: [{ index: -1, path: '', message: `body is larger than ${rt.config.MAX_BODY_BYTES} bytes` }] } satisfies ErrorsBody, 413)
  }
  const format: BodyFormat = contentType === 'application/x-ndjson' ? 'ndjson' : 'json'
  const batch = parseBody(bytes, format, rt.config.MAX_BATCH_EVENTS)
  if (!batch.ok) return reject(rt, source, batch.errors)
  // A key restricted to locations sends events of those locations only: the whole batch is refused otherwise.
  const outside = firstEventOutOfScope(await callerScope(rt, auth.caller), batch.events as unknown as Record<string, unknown>[])
  if (outside) return json({ error: `event ${outside.index} (${outside.path}): ${outside.message}; nothing was accepted` } satisfies MessageBody, 403)

  return enqueueBatch(rt, source, bytes, format, batch.events)
}

/**
 * Answer 400 and remember the rejection (capped list in Redis) for /data and the status API.
 * Recording is best effort: a Redis failure must not turn a 400 into a 500.
 */
async function reject(rt: Runtime, source: string, errors: FieldError[]): Promise<Response> {
  const entry = JSON.stringify({ at: new Date().toISOString(), source, error_count: errors.length, errors: errors.slice(0, 10) } satisfies RejectedBatch)
  const key = rejectedBatchesKey(rt.redisPrefix)
  await withTimeout(rt.redis.multi().lpush(key, entry).ltrim(key, 0, REJECTED_BATCHES_KEPT - 1).exec(), 500, 'record rejection').catch(() => {})
  return badRequest(errors)
}

/** Keep a validated batch and put it on the ingest queue, with backpressure. */
async function enqueueBatch(rt: Runtime, source: string, body: Uint8Array, format: BodyFormat, events: Event[]): Promise<Response> {
  const jobId = batchJobId(source, body)
  try {
    // The backlog is every batch accepted and not landed yet. Most of it is active, not waiting:
    // the writer takes jobs at once and holds each until the flush it joined has landed.
    const counts = await withTimeout(rt.queues.ingest.getJobCounts('waiting', 'active', 'prioritized', 'delayed'), ENQUEUE_TIMEOUT_MS, 'queue depth')
    const backlog = (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0)
    if (backlog >= rt.config.INGEST_MAX_BACKLOG) {
      return json({ error: `ingest backlog is ${backlog} batches (limit ${rt.config.INGEST_MAX_BACKLOG}); retry later` } satisfies MessageBody, 429, { 'retry-after': '1' })
    }
    await withTimeout(rt.batches.put(jobId, body, events), ENQUEUE_TIMEOUT_MS, 'keep batch')
    const job = { source, received_at: new Date().toISOString(), format, events: events.length }
    await withTimeout(rt.queues.ingest.add('batch', job, { jobId }), ENQUEUE_TIMEOUT_MS, 'enqueue')
  } catch {
    // Not accepted. Its body may stay in Redis until it expires: it cannot be deleted safely,
    // because an earlier post of the same bytes may be queued under the same job id.
    rt.batches.forget(jobId)
    return json({ error: 'event queue unavailable; nothing was accepted, retry later' } satisfies MessageBody, 503, { 'retry-after': '5' })
  }
  return json({ accepted: events.length } satisfies AcceptedBody, 202)
}

/**
 * Same source and same bytes: same job id, so a batch re-posted while queued is taken once, and a
 * job whose body is gone names bytes that have landed (see the ingest worker).
 */
function batchJobId(source: string, body: Uint8Array): string {
  return `b-${createHash('sha256').update(source).update('\0').update(body).digest('hex').slice(0, 40)}`
}
