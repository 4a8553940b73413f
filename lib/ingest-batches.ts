/**
 * Accepted ingest batches on their way from the API to the ingest writer.
 *
 * The API keeps a validated batch's body in Redis under its job id, then queues a small job that
 * names it: Redis holds the batch until it has landed, so an accepted event is never lost. When
 * the writer runs in the same process as the API (the default), it takes the events the API has
 * already validated from memory; otherwise (a worker-only process, a restart, or more batches
 * waiting than memory holds) it reads the body back from Redis and validates it again.
 *
 * Why not carry the events in the job, as BullMQ would by default: serialising 5,000 events into
 * the job, decoding Redis's reply and parsing them back cost the server's one JavaScript thread
 * about 11 ms a batch, a tenth of its time in bench:ingest, for a copy the process already had.
 */
import type { Redis } from 'ioredis'
import type { Event } from './events/schema'
import { parseBody, type BodyFormat } from './events/body'
import { INGEST_BODY_TTL_S, ingestBodyKey } from './redis-keys'

/** Batches held in memory at most (in events); beyond that the writer reads bodies from Redis. */
const MAX_HELD_EVENTS = 250_000

/** A queued body that no longer validates: retrying cannot help, so it is set aside, not retried. */
export class UnvalidatedBatchError extends Error {
  constructor(
    readonly jobId: string,
    readonly body: Uint8Array,
    reason: string,
  ) {
    super(`queued batch ${jobId} no longer validates: ${reason}`)
  }
}

export class IngestBatches {
  private readonly held = new Map<string, Event[]>()
  private heldEvents = 0

  /** `holdInMemory`: this process runs the ingest writer, so it can hand the events over. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxBatchEvents: number,
    private readonly holdInMemory: boolean,
  ) {}

  /** Keep a validated batch's body (before its job is queued: the writer may start at once). */
  async put(jobId: string, body: Uint8Array, events: Event[]): Promise<void> {
    await this.redis.set(ingestBodyKey(this.prefix, jobId), Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'EX', INGEST_BODY_TTL_S)
    if (this.holdInMemory && this.heldEvents + events.length <= MAX_HELD_EVENTS && !this.held.has(jobId)) {
      this.held.set(jobId, events)
      this.heldEvents += events.length
    }
  }

  /**
   * The events of a queued batch, or undefined when its body is gone: job ids name the bytes
   * (source and body hashed), and a body is removed once it has landed, so the batch has landed.
   */
  async take(jobId: string, format: BodyFormat): Promise<Event[] | undefined> {
    const events = this.held.get(jobId)
    if (events) {
      this.release(jobId, events)
      return events
    }
    const body = await this.redis.getBuffer(ingestBodyKey(this.prefix, jobId))
    if (!body) return undefined
    const parsed = parseBody(body, format, this.maxBatchEvents)
    // The API validated these very bytes with the same function; only a changed schema (an
    // upgrade with batches queued) fails here, and it would fail every retry alike.
    if (!parsed.ok) throw new UnvalidatedBatchError(jobId, body, `${parsed.errors[0]?.path} ${parsed.errors[0]?.message}`)
    return parsed.events
  }

  /** Drop a landed batch. */
  async remove(jobId: string): Promise<void> {
    this.forget(jobId)
    await this.redis.del(ingestBodyKey(this.prefix, jobId))
  }

  /** Drop a batch from memory only (it was not queued). */
  forget(jobId: string): void {
    const events = this.held.get(jobId)
    if (events) this.release(jobId, events)
  }

  private release(jobId: string, events: Event[]) {
    this.held.delete(jobId)
    this.heldEvents -= events.length
  }
}
