/**
 * Starts the workers this process runs (env WORKERS: all, none, or a list like `ingest,kpi`).
 * Embedded mode runs them all inside the web server process.
 */
import type { Job, Worker } from 'bullmq'
import type { Runtime } from '@/server/runtime'
import type { Emitter } from '@/server/realtime'
import { connectRedis } from '@/lib/redis'
import { kpiDirtyKey, riskDirtyKey } from '@/lib/redis-keys'
import { refreshDirtyRisk } from './risk-refresh'
import { INGEST_EVENT, INGEST_ROOM, JOBS_EVENT, JOBS_ROOM } from '@/lib/kpis/definitions'
import { RECOMPUTE_SCHEDULE, type Payload } from '@/lib/queues'
import { runsWorker } from '@/lib/config'
import { runRecompute } from './recompute/run'
import { logger } from '@/lib/log'
import { registerWorker } from './registry'
import { IngestWriter, type FlushResult } from './ingest-writer'
import { MasterDataIndex } from './master-data'
import { withIngestRole } from '@/lib/clickhouse/client'
import { refreshDirtyKpis } from './kpi-refresh'

const log = logger('workers')

export interface Workers {
  /** Stop taking jobs, flush the writer, wait for jobs in hand. */
  close(): Promise<void>
  /** The ingest writer: both lanes. */
  writer?: { drain(): Promise<void> }
}

export function startWorkers(rt: Runtime, emitter: Emitter): Workers {
  const runs = (name: string) => runsWorker(rt.config, name)
  const connection = connectRedis(rt.config.REDIS_URL, 'worker')
  const prefix = rt.config.REDIS_PREFIX
  const workers: Worker[] = []
  let writer: Workers['writer']

  if (runs('ingest')) {
    // Two lanes. Bulk: large flushes, throughput first (a flush of 50,000 events takes a second or
    // more under load, and a batch waits for the one before it). Express: small batches, flushed
    // on their own within tens of ms over connections of their own, so a till's sale reaches the
    // board while a bulk feed lands. They share the ids in flight (an event posted in both lanes
    // at once lands once) and the master-data index.
    const shared = { inFlight: new Set<ReadonlySet<string>>(), master: new MasterDataIndex(rt.clickhouse.ingest) }
    const common = { ...shared, onFlushed: (r: FlushResult) => announce(rt, r, emitter), log: log.warn, debug: log.debug }
    const bulk = new IngestWriter({ ...common, clickhouse: rt.clickhouse, flushRows: rt.config.INGEST_FLUSH_ROWS, flushMs: rt.config.INGEST_FLUSH_MS })
    const expressMax = rt.config.INGEST_EXPRESS_MAX_EVENTS
    const express = expressMax
      ? new IngestWriter({ ...common, clickhouse: withIngestRole(rt.clickhouse, 'express'), flushRows: 10 * expressMax, flushMs: rt.config.INGEST_EXPRESS_FLUSH_MS })
      : undefined
    const lane = (events: number) => (express && events <= expressMax ? express : bulk)
    writer = { drain: async () => void (await Promise.all([bulk.drain(), express?.drain()])) }
    // High concurrency is how batches meet in the writer's buffer: each job waits for its flush.
    const processBatch = async (job: Job<Payload<'ingest'>>) => {
      const id = job.id!
      const events = await rt.batches.take(id, job.data.format)
      if (!events) {
        // Job ids name the bytes, and a body goes only once they landed (lib/ingest-batches.ts):
        // this is a job retried after its batch landed, e.g. when the process stopped just then.
        log.warn('ingest batch already landed; completing its job', { id })
        return
      }
      await lane(events.length).write({ source: job.data.source, events, receivedAt: job.data.received_at })
      await rt.batches.remove(id)
    }
    workers.push(registerWorker('ingest', processBatch, { connection, prefix, concurrency: 256 }))
  }
  if (runs('kpi')) {
    const kpis = { redis: rt.redis, prefix, clickhouse: rt.clickhouse.interactive, emitter }
    workers.push(registerWorker('kpiRefresh', () => refreshDirtyKpis(kpis), { connection, prefix, concurrency: 1 }))
    // The risk refresh runs beside the KPI pushes, not before the next one: it can take seconds
    // when a feed moves the stock of thousands of skus (measured under 20,000 events/s of ingest,
    // one job doing both held a tile's update for up to that long). Locations whose risk moved
    // are pushed again.
    workers.push(
      registerWorker('riskRefresh', async () => {
        const risk = await refreshDirtyRisk({ redis: rt.redis, prefix, clickhouse: rt.clickhouse })
        if (!risk.locations.length) return 0
        await rt.redis.sadd(kpiDirtyKey(prefix), ...risk.locations)
        await rt.queues.kpiRefresh.add('refresh', {})
        return risk.locations.length
      }, { connection, prefix, concurrency: 1 }),
    )
  }
  if (runs('recompute')) {
    const name = 'Recompute forecasts, policies and risk'
    const push = (id: string | undefined, progress: Record<string, unknown>) => emitter.emit(JOBS_ROOM, JOBS_EVENT, { id, name, ...progress, at: new Date().toISOString() })
    const recompute = registerWorker(
      'recompute',
      async (job) => {
        const result = await runRecompute(rt.clickhouse, {
          onProgress: async (p) => {
            await job.updateProgress(p)
            push(job.id, { phase: 'running', done: p.done, total: p.total })
          },
        })
        log.info('recompute done', { ...result })
        const locations = await knownPlanningLocations(rt)
        if (locations.length) await rt.redis.sadd(kpiDirtyKey(prefix), ...locations)
        await rt.queues.kpiRefresh.add('refresh', {})
        return result
      },
      { connection, prefix, concurrency: 1 },
    )
    // The outcome is pushed once BullMQ has stored it, so a page that refetches on the push reads
    // the finished job (pushed from inside the processor, it could still read it as active).
    recompute.on('completed', (job, result: { locations: number }) => push(job.id, { phase: 'done', done: result.locations, total: result.locations }))
    recompute.on('failed', (job, err) => push(job?.id, { phase: 'failed', done: 0, total: 0, error: err.message }))
    workers.push(recompute)
    void rt.queues.recompute
      .upsertJobScheduler(RECOMPUTE_SCHEDULE.id, { pattern: RECOMPUTE_SCHEDULE.pattern, tz: 'UTC' }, { name: 'scheduled', data: { requested_by: 'schedule' } })
      .catch((err) => log.warn('could not register the recompute schedule', { error: String(err) }))
  }
  log.info('workers started', { queues: workers.map((w) => w.name) })

  return {
    writer,
    async close() {
      // Closing waits for active jobs; they complete when the writer flushes, so flush alongside.
      const closing = Promise.all(workers.map((w) => w.close()))
      await writer?.drain()
      await closing
      connection.disconnect()
    },
  }
}

async function knownPlanningLocations(rt: Runtime): Promise<string[]> {
  const rs = await rt.clickhouse.interactive.query({ query: 'SELECT DISTINCT location FROM planning_rollup', format: 'JSONEachRow' })
  return (await rs.json<{ location: string }>()).map((r) => r.location)
}

/** At most one "ingest changed" ping a second: /data refetches its status when pinged. */
const INGEST_PING_MS = 1_000
let lastIngestPing = 0

/** After a flush: ping /data, queue a KPI refresh for the touched locations and a risk refresh for the moved stock. */
async function announce(rt: Runtime, r: FlushResult, emitter: Emitter): Promise<void> {
  const now = Date.now()
  if (now - lastIngestPing >= INGEST_PING_MS) {
    lastIngestPing = now
    emitter.emit(INGEST_ROOM, INGEST_EVENT, { at: new Date(now).toISOString(), inserted: r.inserted })
  }
  if (r.inserted === 0 || r.locations.length === 0) return
  await rt.redis.sadd(kpiDirtyKey(rt.config.REDIS_PREFIX), ...r.locations)
  await rt.queues.kpiRefresh.add('refresh', {})
  if (r.stockPairs.length) {
    await rt.redis.sadd(riskDirtyKey(rt.config.REDIS_PREFIX), ...r.stockPairs)
    await rt.queues.riskRefresh.add('refresh', {})
  }
}
