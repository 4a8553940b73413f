/**
 * The shapes of the process's shared resources, which the server builds and the workers use: the
 * Runtime (config, Redis, ClickHouse, queues, keys, metrics), the Emitter that reaches browsers,
 * the Metrics hooks, and what one ingest flush reports to them (FlushResult).
 *
 * Types only, here in lib/ so that jobs/ and server/ both import them from below: jobs/ never
 * imports server/. The values live at the edges: the Runtime is built by server/bootstrap.ts and
 * published by server/runtime.ts, the emitters by server/realtime.ts, the metrics by
 * server/metrics.ts, a FlushResult by the ingest writer (jobs/ingest-flush.ts).
 */
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Registry } from 'prom-client'
import type { Config } from './config'
import type { ClickHouse } from './clickhouse/client'
import type { Payload } from './queues'
import type { ApiKey } from './auth/api-keys'
import type { Identity } from './auth/identity'
import type { IngestBatches } from './ingest-batches'

export interface Runtime {
  config: Config
  /** Request-path Redis connection: fails fast when Redis is down. */
  redis: Redis
  clickhouse: ClickHouse
  /** This deployment's id (server/deployment.ts). */
  deploymentId: string
  /**
   * `REDIS_PREFIX:deploymentId`: the prefix of every Redis key, BullMQ queue and the Socket.IO
   * channel this process uses. Never use bare REDIS_PREFIX for a key.
   */
  redisPrefix: string
  /** Accepted ingest batches between the API and the writer. */
  batches: IngestBatches
  queues: { ingest: Queue<Payload<'ingest'>>; kpiRefresh: Queue<Payload<'kpiRefresh'>>; riskRefresh: Queue<Payload<'riskRefresh'>>; recompute: Queue<Payload<'recompute'>>; agents: Queue<Payload<'agents'>>; summary: Queue<Payload<'summary'>>; deliver: Queue<Payload<'deliver'>>; settle: Queue<Payload<'settle'>> }
  /** Keys configured in API_KEYS (and the simulator's); stored keys are in `identity`. */
  apiKeys: ApiKey[]
  /** Local users and stored API keys (lib/auth/identity.ts). */
  identity: Identity
  /** Standard Webhooks signing secret (`whsec_...`): WEBHOOK_SECRET, or generated once and kept in DATA_DIR. */
  webhookSecret: string
  /** iron-session password. */
  sessionPassword: string
  /**
   * Keys this process uses for itself, never printed: `simulator` (ingest scope) posts the demo
   * simulator's live events; `simulatedErp` (actions scope) calls back the outcome of an action
   * the simulated retailer received.
   */
  internalKeys: Record<'simulator' | 'simulatedErp', string>
  startedAt: Date
  /** Prometheus registry and the hooks that feed it (server/metrics.ts), scraped at /metrics. */
  metrics: Metrics
  /** The demo simulator's phase, when this process runs it: landing its history, or streaming live. */
  simulator?: { phase: 'backfill' | 'live' }
  /** The push channel to browsers, once the server has one (absent in worker-only processes and tests). */
  emitter?: Emitter
}

/** What workers use to reach browsers, whichever process they run in. */
export interface Emitter {
  emit(room: string, event: string, payload: unknown): void
  /** End every connection in `room`, on every web node (sign-out ends its session's sockets). Absent where no browser connects. */
  disconnect?(room: string): void
}

export interface Metrics {
  registry: Registry
  /** After each successful ingest flush. */
  observeFlush(r: FlushResult): void
  /** After each recompute run, with how long it ran. */
  observeRecompute(outcome: 'completed' | 'failed', seconds: number): void
  /** Where the socket count comes from (the web server's Socket.IO); 0 in worker-only processes. */
  setSocketCount(fn: () => number): void
  /** Where the dead-letter count comes from (the dead-letter store, when there is one). */
  setDeadLetterCount(fn: () => number | Promise<number>): void
}

/** What one flush of the ingest writer landed. */
export interface FlushResult {
  received: number
  inserted: number
  duplicates: number
  locations: string[]
  /** `location\tsku` pairs whose stock moved. */
  stockPairs: string[]
  timings: { lookup_ms: number; insert_ms: number }
}
