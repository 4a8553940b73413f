/**
 * Backpressure: over INGEST_MAX_BACKLOG batches accepted and not landed, ingest answers 429 with
 * Retry-After and keeps nothing. Batches a writer holds (active jobs) count: under load that is
 * where the backlog is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Worker } from 'bullmq'
import { connectRedis } from '@/lib/redis'
import { QUEUES } from '@/lib/queues'
import { ingestBodyKey } from '@/lib/redis-keys'
import { createTestRuntime, ingestRequest, sale, type TestRuntime } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-backpressure.test.ts')

let t: TestRuntime

beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { WORKERS: 'none', INGEST_MAX_BACKLOG: '2' } })
})
afterAll(async () => {
  await t?.cleanup()
})

describe('ingest backpressure', () => {
  it('answers 429 with Retry-After once the batches held by a writer reach the bound, and keeps nothing of the refused batch', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    let taken = 0
    // A writer that takes jobs and does not finish them: they stay active, none waits.
    const connection = connectRedis(t.rt.config.REDIS_URL, 'worker')
    const worker = new Worker(QUEUES.ingest.name, async () => {
      taken++
      await held
    }, { connection, prefix: t.rt.redisPrefix, concurrency: 10 })
    try {
      for (let i = 0; i < 2; i++) expect((await handleIngest(t.rt, ingestRequest([sale()]))).status).toBe(202)
      for (const deadline = Date.now() + 10_000; taken < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20))
      const counts = await t.rt.queues.ingest.getJobCounts('waiting', 'active')
      expect(counts).toEqual({ waiting: 0, active: 2 })

      const refused = await handleIngest(t.rt, ingestRequest([sale({ location: 'L-refused' })]))
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('1')
      expect((await refused.json()).error).toMatch(/backlog is 2 batches \(limit 2\)/)
      expect(await t.rt.redis.keys(ingestBodyKey(t.rt.redisPrefix, '*'))).toHaveLength(2)
      expect(await t.rt.queues.ingest.getJobCounts('waiting', 'active')).toEqual({ waiting: 0, active: 2 })
    } finally {
      release()
      await worker.close()
      connection.disconnect()
    }
  })
})
