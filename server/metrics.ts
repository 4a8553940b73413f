/**
 * Prometheus metrics, in one place: one registry per process (on the Runtime, like the other
 * shared resources, because Next.js bundles route handlers apart from the server), scraped at
 * `GET /metrics` with a `read` key (server/api/metrics.ts).
 *
 * What is counted where it happens: landed events and flush durations from the ingest writer's
 * onFlushed hook, recompute durations from the recompute worker's completed/failed events (both in
 * jobs/index.ts). What is read at scrape time (collect callbacks): queue depths and the oldest
 * waiting batch's age from BullMQ, the socket count from Socket.IO, dead letters from whatever
 * `setDeadLetterCount` was given.
 *
 * No alert metrics yet: there are no alerts to count. Add `stockpulse_alerts_open{type}` here
 * when the alert store lands, rather than exporting a family that always reads 0.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Queue } from 'bullmq'
import { withTimeout } from '@/lib/redis'
import type { Metrics } from '@/lib/runtime-types'

/** Job states a queue's depth is reported in. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const
/** A scrape never waits longer than this on Redis; a family that cannot be read is left out. */
const COLLECT_TIMEOUT_MS = 2_000

export function createMetrics(queues: Record<string, Queue>): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const ingestEvents = new Counter({
    name: 'stockpulse_ingest_events_total',
    help: 'Events landed in ClickHouse by the ingest writer (replays and duplicates not counted).',
    registers: [registry],
  })
  const ingestDuplicates = new Counter({
    name: 'stockpulse_ingest_duplicates_total',
    help: 'Events the ingest writer dropped as already landed or repeated within a flush.',
    registers: [registry],
  })
  const flushes = new Counter({ name: 'stockpulse_ingest_flushes_total', help: 'Successful ingest writer flushes.', registers: [registry] })
  const flushDuration = new Histogram({
    name: 'stockpulse_ingest_flush_duration_seconds',
    help: 'Ingest writer flush time by phase: lookup (which events already landed) and insert.',
    labelNames: ['phase'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const recomputeDuration = new Histogram({
    name: 'stockpulse_recompute_duration_seconds',
    help: 'Full recompute runs (forecasts, policies, risk), by outcome.',
    labelNames: ['outcome'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  })

  new Gauge({
    name: 'stockpulse_queue_jobs',
    help: 'Jobs in each BullMQ queue by state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset()
      await Promise.all(
        Object.values(queues).map(async (q) => {
          const counts = await withTimeout(q.getJobCounts(...QUEUE_STATES), COLLECT_TIMEOUT_MS, 'queue counts').catch(() => undefined)
          if (counts) for (const state of QUEUE_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0)
        }),
      )
    },
  })
  const ingestQueue = queues.ingest
  new Gauge({
    name: 'stockpulse_ingest_lag_seconds',
    help: 'Age of the oldest ingest batch waiting to be landed; 0 when none waits.',
    registers: [registry],
    async collect() {
      if (!ingestQueue) return
      const oldest = await withTimeout(ingestQueue.getJobs(['waiting', 'prioritized'], 0, 0, true), COLLECT_TIMEOUT_MS, 'oldest batch').catch(() => undefined)
      if (!oldest) return this.reset()
      const at = Math.min(...oldest.map((j) => j.timestamp))
      this.set(oldest.length ? Math.max(0, (Date.now() - at) / 1000) : 0)
    },
  })

  let socketCount = () => 0
  new Gauge({
    name: 'stockpulse_socket_connections',
    help: 'Browser connections (Socket.IO) open on this process.',
    registers: [registry],
    collect() {
      this.set(socketCount())
    },
  })
  let deadLetters: () => number | Promise<number> = () => 0
  new Gauge({
    name: 'stockpulse_dead_letters',
    help: 'Ingest batches set aside as dead letters (never landed), waiting to be inspected.',
    registers: [registry],
    async collect() {
      this.set(await deadLetters())
    },
  })

  return {
    registry,
    observeFlush(r) {
      flushes.inc()
      ingestEvents.inc(r.inserted)
      ingestDuplicates.inc(r.duplicates)
      flushDuration.observe({ phase: 'lookup' }, r.timings.lookup_ms / 1000)
      flushDuration.observe({ phase: 'insert' }, r.timings.insert_ms / 1000)
    },
    observeRecompute(outcome, seconds) {
      recomputeDuration.observe({ outcome }, seconds)
    },
    setSocketCount(fn) {
      socketCount = fn
    },
    setDeadLetterCount(fn) {
      deadLetters = fn
    },
  }
}
