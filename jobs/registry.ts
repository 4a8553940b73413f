/**
 * One wrapper registers every worker: the queue's declared name and prefix, logging of failures
 * and stalls, and a close that waits for jobs in hand. Processors stay plain functions.
 */
import { Worker, type Job, type ConnectionOptions } from 'bullmq'
import { QUEUES, type Payload, type QueueKey } from '@/lib/queues'
import { logger } from '@/lib/log'

export interface WorkerOptions {
  connection: ConnectionOptions
  prefix: string
  concurrency?: number
}

export function registerWorker<K extends QueueKey>(
  key: K,
  processor: (job: Job<Payload<K>>) => Promise<unknown>,
  opts: WorkerOptions,
): Worker<Payload<K>> {
  const spec = QUEUES[key]
  const log = logger(`worker:${spec.name}`)
  const worker = new Worker<Payload<K>>(
    spec.name,
    async (job) => {
      const payload = spec.payload.safeParse(job.data)
      // A payload that does not match its schema will never succeed: fail it without retries.
      if (!payload.success) throw new Error(`invalid payload: ${payload.error.issues[0]?.message}`)
      return processor(job)
    },
    { connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency ?? 1, autorun: true },
  )
  worker.on('failed', (job, err) => log.warn('job failed', { id: job?.id, attempts: job?.attemptsMade, error: err.message }))
  worker.on('stalled', (id) => log.warn('job stalled; it will be retried', { id }))
  worker.on('error', (err) => log.error('worker error', { error: err.message }))
  return worker
}
