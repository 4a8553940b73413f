/**
 * One wrapper registers every worker: the queue's declared name and prefix, logging of failures
 * and stalls, and a close that waits for jobs in hand and for what was started with the worker
 * (its schedules). Processors stay plain functions.
 */
import { Worker, type Job, type ConnectionOptions, type AdvancedOptions } from 'bullmq'
import { QUEUES, type Payload, type QueueKey } from '@/lib/queues'
import { logger } from '@/lib/log'

export interface WorkerOptions {
  connection: ConnectionOptions
  prefix: string
  concurrency?: number
  /** BullMQ's lock and stalled check, for queues whose jobs are short (defaults 30 s and 30 s). */
  lockDuration?: number
  stalledInterval?: number
  /** A custom backoff strategy (the deliver queue's jitter). */
  settings?: AdvancedOptions
}

/**
 * A worker whose close first waits for the writes started with it (registering its schedules): a
 * stop soon after the start would otherwise cut them off when the process closes Redis, or, if
 * its keys are removed then (a test's cleanup), have them land after and leave keys behind.
 */
export class RegisteredWorker<T> extends Worker<T> {
  private startedWith: Promise<unknown>[] = []

  /** A write started with this worker that its close waits for (the caller catches and logs). */
  alongside(write: Promise<unknown>): void {
    this.startedWith.push(write)
  }

  override async close(force = false): Promise<void> {
    await Promise.allSettled(this.startedWith)
    return super.close(force)
  }
}

export function registerWorker<K extends QueueKey>(
  key: K,
  processor: (job: Job<Payload<K>>) => Promise<unknown>,
  opts: WorkerOptions,
): RegisteredWorker<Payload<K>> {
  const spec = QUEUES[key]
  const log = logger(`worker:${spec.name}`)
  const worker = new RegisteredWorker<Payload<K>>(
    spec.name,
    async (job) => {
      const payload = spec.payload.safeParse(job.data)
      // A payload that does not match its schema will never succeed: fail it without retries.
      if (!payload.success) throw new Error(`invalid payload: ${payload.error.issues[0]?.message}`)
      return processor(job)
    },
    {
      connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency ?? 1, autorun: true,
      ...(opts.lockDuration ? { lockDuration: opts.lockDuration } : {}),
      ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
      ...(opts.settings ? { settings: opts.settings } : {}),
    },
  )
  worker.on('failed', (job, err) => log.warn('job failed', { id: job?.id, attempts: job?.attemptsMade, error: err.message }))
  worker.on('stalled', (id) => log.warn('job stalled; it will be retried', { id }))
  worker.on('error', (err) => log.error('worker error', { error: err.message }))
  return worker
}
