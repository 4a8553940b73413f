/**
 * The process's shared resources: config, Redis, ClickHouse clients, queue producers, API keys.
 *
 * The custom server creates one Runtime at start and publishes it on globalThis, because Next.js
 * bundles route handlers and pages separately from the server: a module-level singleton there
 * would be a second copy. Route handlers call `getRuntime()`; tests build their own with
 * `createRuntime` (server/bootstrap.ts) and pass it to the handlers directly. This file holds
 * types and accessors only, so route bundles do not pull in the storage drivers.
 */
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Config } from '@/lib/config'
import type { ClickHouse } from '@/lib/clickhouse/client'
import type { Payload } from '@/lib/queues'
import type { ApiKey } from '@/lib/auth/api-keys'
import type { IngestBatches } from '@/lib/ingest-batches'
import type { Metrics } from './metrics'

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
  queues: { ingest: Queue<Payload<'ingest'>>; kpiRefresh: Queue<Payload<'kpiRefresh'>>; riskRefresh: Queue<Payload<'riskRefresh'>>; recompute: Queue<Payload<'recompute'>> }
  apiKeys: ApiKey[]
  /** iron-session password. */
  sessionPassword: string
  /** An ingest key this process uses for its own simulator, never printed. */
  internalKeys: Record<'simulator', string>
  startedAt: Date
  /** Prometheus registry and the hooks that feed it (server/metrics.ts), scraped at /metrics. */
  metrics: Metrics
  /** The demo simulator's phase, when this process runs it: landing its history, or streaming live. */
  simulator?: { phase: 'backfill' | 'live' }
  /** The push channel to browsers, once the server has one (absent in worker-only processes and tests). */
  emitter?: import('./realtime').Emitter
}

const GLOBAL_KEY = Symbol.for('stockpulse.runtime')
type GlobalWithRuntime = typeof globalThis & { [GLOBAL_KEY]?: Runtime }

export function setRuntime(rt: Runtime | undefined) {
  ;(globalThis as GlobalWithRuntime)[GLOBAL_KEY] = rt
}

export function getRuntime(): Runtime {
  const rt = (globalThis as GlobalWithRuntime)[GLOBAL_KEY]
  if (!rt) throw new Error('StockPulse runtime not started: run the app through server/index.ts (npm start)')
  return rt
}

