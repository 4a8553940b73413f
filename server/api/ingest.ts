/**
 * POST /api/v1/events: validate a batch, queue it, answer 202. Nothing is written unless the
 * whole batch is valid; when Redis cannot take the batch the answer is 503 with Retry-After,
 * when the ingest backlog is over its bound 429 with Retry-After: never a silent drop.
 */
import { createHash } from 'node:crypto'
import type { Runtime } from '../runtime'
import { parseBatch, type Event, type FieldError } from '@/lib/events/schema'
import { withTimeout } from '@/lib/redis'
import { REJECTED_BATCHES_KEPT, rejectedBatchesKey } from '@/lib/redis-keys'
import { authorize, badRequest, json, readBodyLimited } from './http'

/** How long the queue may take to accept a batch before the answer is 503. */
const ENQUEUE_TIMEOUT_MS = 3_000

const utf8 = new TextDecoder('utf-8', { fatal: true })

export async function handleIngest(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'ingest', false)
  if (!auth.ok) return auth.response
  const source = auth.caller.kind === 'key' ? auth.caller.name : auth.caller.user.id

  const contentType = (req.headers.get('content-type') ?? 'application/json').split(';')[0].trim().toLowerCase()
  if (contentType !== 'application/json' && contentType !== 'application/x-ndjson') {
    return json({ errors: [{ index: -1, path: '', message: 'Content-Type must be application/json or application/x-ndjson' }] }, 415)
  }
  const bytes = await readBodyLimited(req, rt.config.MAX_BODY_BYTES)
  if (!bytes) {
    return json({ errors: [{ index: -1, path: '', message: `body is larger than ${rt.config.MAX_BODY_BYTES} bytes` }] }, 413)
  }
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return badRequest([{ index: -1, path: '', message: 'body is not valid UTF-8' }])
  }
  const parsed = contentType === 'application/x-ndjson' ? parseNdjson(text) : parseJson(text)
  if (!parsed.ok) return reject(rt, source, parsed.errors)

  const batch = parseBatch(parsed.value, rt.config.MAX_BATCH_EVENTS)
  if (!batch.ok) return reject(rt, source, batch.errors)

  return enqueueBatch(rt, source, batch.events)
}

/**
 * Answer 400 and remember the rejection (capped list in Redis) for /data and the status API.
 * Recording is best effort: a Redis failure must not turn a 400 into a 500.
 */
async function reject(rt: Runtime, source: string, errors: FieldError[]): Promise<Response> {
  const entry = JSON.stringify({ at: new Date().toISOString(), source, error_count: errors.length, errors: errors.slice(0, 10) })
  const key = rejectedBatchesKey(rt.config.REDIS_PREFIX)
  await withTimeout(rt.redis.multi().lpush(key, entry).ltrim(key, 0, REJECTED_BATCHES_KEPT - 1).exec(), 500, 'record rejection').catch(() => {})
  return badRequest(errors)
}

/** Put a validated batch on the ingest queue, with backpressure. */
async function enqueueBatch(rt: Runtime, source: string, events: Event[]): Promise<Response> {
  try {
    const counts = await withTimeout(rt.queues.ingest.getJobCounts('waiting', 'prioritized', 'delayed'), ENQUEUE_TIMEOUT_MS, 'queue depth')
    const backlog = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0)
    if (backlog >= rt.config.INGEST_MAX_BACKLOG) {
      return json({ error: `ingest backlog is ${backlog} batches (limit ${rt.config.INGEST_MAX_BACKLOG}); retry later` }, 429, { 'retry-after': '2' })
    }
    const job = { source, received_at: new Date().toISOString(), events }
    await withTimeout(rt.queues.ingest.add('batch', job, { jobId: batchJobId(source, events) }), ENQUEUE_TIMEOUT_MS, 'enqueue')
  } catch {
    return json({ error: 'event queue unavailable; nothing was accepted, retry later' }, 503, { 'retry-after': '5' })
  }
  return json({ accepted: events.length }, 202)
}

/** Same source and same event ids: same job id, so a batch re-posted while queued is taken once. */
function batchJobId(source: string, events: Event[]): string {
  const h = createHash('sha256').update(source)
  for (const e of events) h.update('\0').update(e.event_id)
  return `b-${h.digest('hex').slice(0, 40)}`
}

type Parsed = { ok: true; value: unknown } | { ok: false; errors: FieldError[] }

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (err) {
    return { ok: false, errors: [{ index: -1, path: '', message: `invalid JSON: ${(err as Error).message}` }] }
  }
}

function parseNdjson(text: string): Parsed {
  const lines = text.split('\n')
  const value: unknown[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line) continue
    try {
      value.push(JSON.parse(line))
    } catch (err) {
      return { ok: false, errors: [{ index: value.length, path: '', message: `line ${i + 1}: invalid JSON: ${(err as Error).message}` }] }
    }
  }
  return { ok: true, value }
}
