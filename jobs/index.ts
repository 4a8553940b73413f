/**
 * Starts the workers this process runs (env WORKERS: all, none, or a list like `ingest,kpi`).
 * Embedded mode runs them all inside the web server process.
 */
import type { Job, Worker } from 'bullmq'
import type { Emitter, FlushResult, Runtime } from '@/lib/runtime-types'
import { connectRedis } from '@/lib/redis'
import { UnvalidatedBatchError } from '@/lib/ingest-batches'
import { recordDeadLetter } from '@/lib/clickhouse/queries/dead-letters'
import { agentsDirtyKey, ingestLastFailureKey, kpiDirtyKey, riskDirtyKey } from '@/lib/redis-keys'
import { refreshDirtyRisk } from './risk-refresh'
import { HEARTBEAT_EVENT, HEARTBEAT_MS, INGEST_EVENT, INGEST_ROOM, JOBS_EVENT, JOBS_ROOM, LIVE_ROOM } from '@/lib/kpis/definitions'
import { RECOMPUTE_SCHEDULE, type Payload } from '@/lib/queues'
import { runsWorker } from '@/lib/config'
import { runRecompute } from './recompute/run'
import { logger } from '@/lib/log'
import { registerWorker } from './registry'
import { IngestWriter, type FlushFailure } from './ingest-writer'
import { MasterDataIndex } from './master-data'
import { InFlightIds } from './ingest-inflight'
import { withIngestRole } from '@/lib/clickhouse/client'
import { refreshDirtyKpis } from './kpi-refresh'
import { startAgentsWorker } from './agents'
import { startSummaryWorker } from './summary'
import { startDeliverWorker } from './deliver'
import { startSettleWorker } from './settle'

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
  const prefix = rt.redisPrefix
  const workers: Worker[] = []
  let writer: Workers['writer']
  let heartbeat: NodeJS.Timeout | undefined
  /** Set when the process stops: a recompute in hand stops at its next location and is retried. */
  let shuttingDown = false

  if (runs('ingest')) {
    // Two lanes. Bulk: large flushes, throughput first (a flush of 50,000 events takes a second or
    // more under load, and a batch waits for the one before it). Express: small batches, flushed
    // on their own within tens of ms over connections of their own, so a till's sale reaches the
    // board while a bulk feed lands. They share the ids in flight (an event posted in both lanes
    // at once lands once) and the master-data index.
    const shared = { inFlight: new InFlightIds(), master: new MasterDataIndex(rt.clickhouse.ingest) }
    const common = {
      ...shared,
      onFlushed: (r: FlushResult) => {
        rt.metrics.observeFlush(r)
        return announce(rt, r, emitter)
      },
      // The latest failed flush, for the status API (which may run in another process).
      onFailure: async (f: FlushFailure) => {
        await rt.redis.set(ingestLastFailureKey(prefix), JSON.stringify(f))
      },
      log: log.warn,
      debug: log.debug,
    }
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
      let events: Awaited<ReturnType<typeof rt.batches.take>>
      try {
        events = await rt.batches.take(id, job.data.format)
      } catch (err) {
        if (!(err instanceof UnvalidatedBatchError)) throw err
        // Every retry would fail alike: set the body aside with its error and complete the job.
        await recordDeadLetter(rt.clickhouse, {
          batch: `${id}@${job.data.received_at}`, source: job.data.source, received_at: job.data.received_at,
          events: job.data.events, landed: 0, error: err.message, eventsJson: err.body,
        })
        log.warn('queued ingest batch no longer validates; dead-lettered', { id, error: err.message })
        await rt.batches.remove(id)
        return 'dead-lettered'
      }
      if (!events) {
        // Job ids name the bytes, and a body goes only once they landed (lib/ingest-batches.ts):
        // this is a job retried after its batch landed, e.g. when the process stopped just then.
        log.warn('ingest batch already landed; completing its job', { id })
        return
      }
      // The key names this acceptance: a replay of the job records its figures under the same name.
      const outcome = await lane(events.length).write({ source: job.data.source, events, receivedAt: job.data.received_at, key: `${id}@${job.data.received_at}` })
      // A dead-lettered batch's events are kept in ClickHouse with its error; its job completes.
      if (outcome === 'dead-lettered') log.warn('ingest batch failed alone and was dead-lettered', { id, source: job.data.source })
      await rt.batches.remove(id)
      return outcome
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
        await rt.redis.sadd(agentsDirtyKey(prefix), ...risk.refreshed)
        await rt.queues.agents.add('dirty', { mode: 'dirty' })
        await rt.redis.sadd(kpiDirtyKey(prefix), ...risk.locations)
        await rt.queues.kpiRefresh.add('refresh', {})
        return risk.locations.length
      }, { connection, prefix, concurrency: 1 }),
    )
    // The KPI publisher's heartbeat: boards call themselves live while it arrives (definitions.ts).
    heartbeat = setInterval(() => emitter.emit(LIVE_ROOM, HEARTBEAT_EVENT, { at: new Date().toISOString() }), HEARTBEAT_MS)
    heartbeat.unref()
  }
  if (runs('agents')) workers.push(startAgentsWorker(rt, emitter, connection))
  if (runs('summary')) workers.push(startSummaryWorker(rt, connection))
  if (runs('deliver')) workers.push(startDeliverWorker(rt, emitter, connection))
  if (runs('settle')) workers.push(startSettleWorker(rt, connection))
  if (runs('recompute')) {
    const name = 'Recompute forecasts, policies and risk'
    const push = (id: string | undefined, progress: Record<string, unknown>) => emitter.emit(JOBS_ROOM, JOBS_EVENT, { id, name, ...progress, at: new Date().toISOString() })
    const recompute = registerWorker(
      'recompute',
      async (job) => {
        const result = await runRecompute(rt.clickhouse, {
          onProgress: async (p) => {
            // A full recompute runs for minutes: at shutdown it stops between two locations
            // (each location's results are whole) and BullMQ retries it, in this or the next process.
            if (shuttingDown) throw new Error('stopped by shutdown; the recompute will be retried')
            await job.updateProgress(p)
            push(job.id, { phase: 'running', done: p.done, total: p.total })
          },
        })
        log.info('recompute done', { ...result })
        const locations = await knownPlanningLocations(rt)
        if (locations.length) await rt.redis.sadd(kpiDirtyKey(prefix), ...locations)
        await rt.queues.kpiRefresh.add('refresh', {})
        await rt.queues.agents.add('sweep', { mode: 'sweep' })
        return result
      },
      { connection, prefix, concurrency: 1 },
    )
    // The outcome is pushed once BullMQ has stored it, so a page that refetches on the push reads
    // the finished job (pushed from inside the processor, it could still read it as active).
    const ranFor = (job: Job | undefined) => (job?.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined)
    recompute.on('completed', (job, result: { locations: number }) => {
      rt.metrics.observeRecompute('completed', ranFor(job) ?? 0)
      push(job.id, { phase: 'done', done: result.locations, total: result.locations })
    })
    recompute.on('failed', (job, err) => {
      const seconds = ranFor(job)
      if (seconds !== undefined) rt.metrics.observeRecompute('failed', seconds)
      push(job?.id, { phase: 'failed', done: 0, total: 0, error: err.message })
    })
    workers.push(recompute)
    recompute.alongside(
      rt.queues.recompute
        .upsertJobScheduler(RECOMPUTE_SCHEDULE.id, { pattern: RECOMPUTE_SCHEDULE.pattern, tz: 'UTC' }, { name: 'scheduled', data: { requested_by: 'schedule' } })
        .catch((err) => log.warn('could not register the recompute schedule', { error: String(err) })),
    )
  }
  log.info('workers started', { queues: workers.map((w) => w.name) })

  return {
    writer,
    async close() {
      shuttingDown = true
      clearInterval(heartbeat)
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
  await rt.redis.sadd(kpiDirtyKey(rt.redisPrefix), ...r.locations)
  await rt.queues.kpiRefresh.add('refresh', {})
  if (r.stockPairs.length) {
    await rt.redis.sadd(riskDirtyKey(rt.redisPrefix), ...r.stockPairs)
    await rt.queues.riskRefresh.add('refresh', {})
  }
}
