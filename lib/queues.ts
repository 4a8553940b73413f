/**
 * Every queue in one place: its name, its payload schema, and its retry and retention defaults.
 * Producers and workers both take their settings from here.
 */
import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq'
import { z } from 'zod'
import type { Event } from './events/schema'

export const QUEUES = {
  /** One job per accepted API batch; the ingest writer lands it in ClickHouse. */
  ingest: {
    name: 'ingest',
    /**
     * The API validated every event with the full schema before queueing the batch, and it is the
     * only producer; the worker checks the envelope and that each entry is an event object. Running
     * the event schema again cost as much as the API's own validation (measured: 2.3 s of 40 s of
     * server CPU in bench:ingest).
     */
    payload: z.object({ source: z.string(), received_at: z.string(), events: z.array(z.custom<Event>(isEventLike, 'not an event object')) }),
    defaults: {
      attempts: 20,
      backoff: { type: 'exponential', delay: 500 },
      // A landed batch is gone from Redis at once: it carries the whole batch (about 1 MB per 5,000
      // events), and keeping completed jobs for an hour held gigabytes after a load test. Its job
      // id only dedups re-posts while it is queued; after that the writer's event_id look-up does.
      removeOnComplete: true,
      // Failed batches stay a week, payload and all, to be inspected and retried.
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  },
  /** "Some scopes changed": recompute their KPIs and push them to the board. */
  kpiRefresh: {
    name: 'kpi-refresh',
    payload: z.object({}),
    defaults: {
      attempts: 3,
      backoff: { type: 'fixed', delay: 200 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 1_000 },
    },
  },
  /** Full recompute of forecasts, policies and risk (on demand and on a schedule). */
  recompute: {
    name: 'recompute',
    payload: z.object({ requested_by: z.string() }),
    defaults: {
      attempts: 2,
      backoff: { type: 'fixed', delay: 30_000 },
      removeOnComplete: { age: 7 * 24 * 3_600, count: 200 },
      removeOnFail: { age: 30 * 24 * 3_600 },
    },
  },
} as const satisfies Record<string, { name: string; payload: z.ZodType; defaults: DefaultJobOptions }>

function isEventLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { event_id?: unknown }).event_id === 'string'
}

/** Nightly full recompute (cron, UTC). */
export const RECOMPUTE_SCHEDULE = { id: 'nightly-recompute', pattern: '0 2 * * *' }

export type QueueKey = keyof typeof QUEUES
export type Payload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['payload']>

export function createQueue<K extends QueueKey>(key: K, connection: ConnectionOptions, prefix: string): Queue<Payload<K>> {
  const spec = QUEUES[key]
  return new Queue<Payload<K>>(spec.name, { connection, prefix, defaultJobOptions: spec.defaults })
}
