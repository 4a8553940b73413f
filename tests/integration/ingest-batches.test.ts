/**
 * Accepted batches between the API and the writer (lib/ingest-batches.ts): the body waits in
 * Redis until it lands, a writer in another process lands it from there, and a job retried after
 * its batch landed completes without landing it twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorkers } from '@/jobs/index'
import { ingestBodyKey } from '@/lib/redis-keys'
import { createTestRuntime, drainIngest, ingestRequest, sale, type TestRuntime, rawSalesAt } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-batches.test.ts')

let t: TestRuntime

beforeAll(async () => {
  // The API's process does not run the writer: nothing is handed over in memory.
  t = await createTestRuntime({ workers: false, env: { WORKERS: 'none' } })
})
afterAll(async () => {
  await t?.cleanup()
})

const bodyKeys = () => t.rt.redis.keys(ingestBodyKey(t.rt.redisPrefix, '*'))

describe('ingest batches', () => {
  it('keeps an accepted body in Redis until a writer in another process lands it, then removes it', async () => {
    const batch = [sale({ location: 'L-far', qty: 2 }), sale({ location: 'L-far', qty: 5 })]
    const ndjson = batch.map((e) => JSON.stringify(e)).join('\n')
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    expect((await handleIngest(t.rt, ingestRequest(null, { contentType: 'application/x-ndjson', raw: ndjson }))).status).toBe(202)
    expect(await bodyKeys()).toHaveLength(2)
    const [job] = await t.rt.queues.ingest.getWaiting(0, 0)
    // The job names the batch; the events are not in it.
    expect(Object.keys(job.data).sort()).toEqual(['events', 'format', 'received_at', 'source'])

    // A worker process: same Redis and ClickHouse, its own (empty) memory.
    const workers = startWorkers({ ...t.rt, config: { ...t.rt.config, WORKERS: 'ingest' } }, { emit: () => {} })
    try {
      await drainIngest(t.rt)
      await workers.writer?.drain()
    } finally {
      await workers.close()
    }
    // Both posts landed, the second (same events, other bytes) as duplicates.
    expect(await rawSalesAt(t.rt, 'L-far')).toEqual({ n: 2, units: 7 })
    expect(await bodyKeys()).toHaveLength(0)
  })

  it('completes a job retried after its batch landed without landing it again', async () => {
    const batch = [sale({ location: 'L-again', qty: 3 })]
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    const [job] = await t.rt.queues.ingest.getWaiting(0, 0)
    const workers = startWorkers({ ...t.rt, config: { ...t.rt.config, WORKERS: 'ingest' } }, { emit: () => {} })
    try {
      await drainIngest(t.rt)
      expect(await rawSalesAt(t.rt, 'L-again')).toEqual({ n: 1, units: 3 })
      // The same job again, as when the process stops after landing but before completing it.
      await t.rt.queues.ingest.add('batch', job.data, { jobId: job.id })
      await drainIngest(t.rt)
      const failed = await t.rt.queues.ingest.getJobCounts('failed')
      expect(failed.failed).toBe(0)
    } finally {
      await workers.close()
    }
    expect(await rawSalesAt(t.rt, 'L-again')).toEqual({ n: 1, units: 3 })
  })
})
