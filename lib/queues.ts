/**
 * Every queue in one place: its name, its payload schema, and its retry and retention defaults.
 * Producers and workers both take their settings from here.
 */
import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq'
import { z } from 'zod'

/** The refresh queues: cheap, idempotent jobs (they drain a Redis set), a short history kept. */
const REFRESH_DEFAULTS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 200 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1_000 },
}

export const QUEUES = {
  /**
   * One job per accepted API batch; the ingest writer lands it in ClickHouse. The job names the
   * batch: its body waits in Redis beside it (lib/ingest-batches.ts says why it is not in the job).
   */
  ingest: {
    name: 'ingest',
    payload: z.object({ source: z.string(), received_at: z.string(), format: z.enum(['json', 'ndjson']), events: z.number().int().positive() }),
    defaults: {
      attempts: 20,
      backoff: { type: 'exponential', delay: 500 },
      // A landed batch is gone from Redis at once, body and job: bodies are about 1 MB per 5,000
      // events, and keeping them for an hour held gigabytes after a load test. The job id only
      // dedups re-posts while it is queued; after that the writer's event_id look-up does.
      removeOnComplete: true,
      // Failed batches stay a week, body and all, to be inspected and retried.
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  },
  /** "Some scopes changed": recompute their KPIs and push them to the board. */
  kpiRefresh: {
    name: 'kpi-refresh',
    payload: z.object({}),
    defaults: REFRESH_DEFAULTS,
  },
  /**
   * "Stock moved for some sku x locations": recompute their position and risk, then queue a KPI
   * refresh for the locations whose risk moved. A queue of its own so that a long risk refresh
   * (a feed that moves thousands of skus) never holds up the next KPI push.
   */
  riskRefresh: {
    name: 'risk-refresh',
    payload: z.object({}),
    defaults: REFRESH_DEFAULTS,
  },
  /**
   * "Risk moved for some sku x locations" (mode dirty: the pairs wait in a Redis set) or "look at
   * everything" (mode sweep: on a schedule and after a full recompute): the agents evaluate them
   * and raise, update or clear alerts (jobs/agents.ts).
   */
  agents: {
    name: 'agents',
    payload: z.object({ mode: z.enum(['dirty', 'sweep']) }),
    defaults: REFRESH_DEFAULTS,
  },
  /**
   * Write the daily summary for operations managers (jobs/summary.ts): of the day in progress
   * (`date` left out) every hour and when the worker starts, of the day that just closed after
   * midnight UTC (`day: 'previous'`), or of a named day on demand.
   */
  summary: {
    name: 'summary',
    payload: z.object({
      day: z.enum(['today', 'previous']).optional(),
      date: z.iso.date().optional(),
      location: z.string().optional(),
      requested_by: z.string(),
    }),
    defaults: REFRESH_DEFAULTS,
  },
  /**
   * One job per action record (job id = action id): deliver it, signed, to the receiver
   * (jobs/deliver.ts). Retried with exponential backoff and full jitter (DELIVER_BACKOFF, the
   * worker's backoffStrategy); `attempts` is set per job from WEBHOOK_ATTEMPTS; after the last try
   * the action is dead. Jobs are kept so that a re-add of the same id is a no-op for weeks.
   */
  deliver: {
    name: 'deliver',
    payload: z.object({
      action_id: z.string().min(1).max(128),
      alert_id: z.string(),
      location: z.string(),
      /** The webhook body as made with the action (the same bytes on every try); absent: built from the record. */
      body: z.string().optional(),
    }),
    defaults: {
      attempts: 10,
      backoff: { type: 'webhook-jitter' },
      removeOnComplete: { age: 30 * 24 * 3_600 },
      removeOnFail: { age: 90 * 24 * 3_600 },
    },
  },
  /**
   * Settle executed decisions whose horizon ended (jobs/settle.ts): every hour and when the worker
   * starts. Idempotent: settled actions are not read again, a retried append replaces itself.
   */
  settle: {
    name: 'settle',
    payload: z.object({ requested_by: z.string() }),
    defaults: REFRESH_DEFAULTS,
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

/** The deliver queue's custom backoff type: lib/actions/records.ts backoffDelay, full jitter, capped at an hour. */
export const DELIVER_BACKOFF = { type: 'webhook-jitter', capMs: 3_600_000, jitter: 'full' } as const

/** Nightly full recompute (cron, UTC). */
export const RECOMPUTE_SCHEDULE = { id: 'nightly-recompute', pattern: '0 2 * * *' }

/** Every agent looks at every sku x location this often (cron, UTC), beside the incremental path. */
export const AGENTS_SWEEP_SCHEDULE = { id: 'agents-sweep', pattern: '*/15 * * * *' }

/** The day in progress, rewritten every hour (cron, UTC): its text stays current. */
export const SUMMARY_HOURLY_SCHEDULE = { id: 'summary-hourly', pattern: '5 * * * *' }

/** The day that just closed, once after midnight UTC, with its last figures. */
export const SUMMARY_CLOSE_SCHEDULE = { id: 'summary-close', pattern: '15 0 * * *' }

/** Settlement of decisions whose horizon ended, every hour (cron, UTC). */
export const SETTLE_SCHEDULE = { id: 'settle-hourly', pattern: '25 * * * *' }

export type QueueKey = keyof typeof QUEUES
export type Payload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['payload']>

export function createQueue<K extends QueueKey>(key: K, connection: ConnectionOptions, prefix: string): Queue<Payload<K>> {
  const spec = QUEUES[key]
  return new Queue<Payload<K>>(spec.name, { connection, prefix, defaultJobOptions: spec.defaults })
}
