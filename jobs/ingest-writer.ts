/**
 * The ingest writer: drains the ingest queue into ClickHouse in batches.
 *
 * Each BullMQ job is one accepted API batch. The processor hands the job's events to the
 * `IngestWriter` buffer and waits; the buffer flushes when it holds INGEST_FLUSH_ROWS rows or
 * INGEST_FLUSH_MS has passed, and only then do the jobs complete. A crash before the flush
 * leaves the jobs to be retried (delivery is at least once); the flush itself is idempotent
 * (./ingest-flush.ts). After a flush the touched locations are announced so their KPIs are
 * recomputed.
 *
 * A flush that fails must not take innocent batches down with it: the writer bisects it by batch
 * (lib/isolate-failures.ts), lands the halves that land, and sets a batch that fails alone while
 * ClickHouse takes other inserts aside in `ingest_dead_letters` with its error (its job then
 * completes, so it stops blocking). When ClickHouse itself fails (its probe insert fails too),
 * nothing is dead-lettered: the jobs fail and BullMQ retries them with backoff.
 */
import { randomUUID } from 'node:crypto'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { recordDeadLetter } from '@/lib/clickhouse/queries/dead-letters'
import { isolateFailures } from '@/lib/isolate-failures'
import { MasterDataIndex } from './master-data'
import { InFlightIds } from './ingest-inflight'
import { insertFlush, landedOfBatch, prepareFlush, type Batch, type PreparedFlush } from './ingest-flush'
import type { FlushResult } from '@/lib/runtime-types'

export { landEvents, type Batch } from './ingest-flush'

/** What became of a written batch: it landed (or was all duplicates), or it was set aside. */
export type WriteOutcome = 'landed' | 'dead-lettered'

/** A flush that failed, for the status API (jobs/index.ts keeps the latest). */
export interface FlushFailure {
  at: string
  error: string
  batches: number
  /** Batches set aside as poison. */
  dead_lettered: number
  /** Batches handed back for retry. */
  retried: number
  /** ClickHouse refused the probe insert too: an outage, not a poison batch. */
  outage: boolean
}

interface Pending extends Batch {
  resolve: (outcome: WriteOutcome) => void
  reject: (err: unknown) => void
}

export interface IngestWriterOptions {
  clickhouse: ClickHouse
  flushRows: number
  flushMs: number
  /**
   * Shared by the writers of one process (the bulk and express lanes, jobs/index.ts): the ids of
   * their prepared flushes not inserted yet, and the master-data index. Each writer has its own
   * when not given.
   */
  inFlight?: InFlightIds
  master?: MasterDataIndex
  /** Called after every successful flush, before the waiting jobs complete. */
  onFlushed?: (result: FlushResult) => Promise<void>
  /** Called after a failed flush has been sorted out (dead letters recorded, the rest handed back). */
  onFailure?: (failure: FlushFailure) => Promise<void>
  log?: (msg: string, data?: Record<string, unknown>) => void
  debug?: (msg: string, data?: Record<string, unknown>) => void
}

export class IngestWriter {
  private buffer: Pending[] = []
  private bufferedEvents = 0
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()
  /** The flush waiting for the running one, if any: it will take the buffer when it starts. */
  private queued: Promise<void> | undefined
  /** Landed flushes whose bookkeeping is still landing. */
  private readonly settling = new Set<Promise<void>>()
  /** The insert lane: the inserts of the latest prepared flush, after those of the one before. */
  private inserting: Promise<void> = Promise.resolve()
  /** Ids of prepared flushes not inserted yet. */
  private readonly inFlight: InFlightIds
  /**
   * Moves when a flush fails and again when its recovery ends. A flush prepared across a move
   * skipped ids of a flush that did not land as a whole, so it is prepared again before inserting.
   */
  private epoch = 0
  private readonly master: MasterDataIndex

  constructor(private readonly opts: IngestWriterOptions) {
    this.inFlight = opts.inFlight ?? new InFlightIds()
    this.master = opts.master ?? new MasterDataIndex(opts.clickhouse.ingest)
  }

  /** Buffer a batch; resolves once it is in ClickHouse, or set aside as a dead letter. */
  write(batch: Batch): Promise<WriteOutcome> {
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.buffer.push({ ...batch, resolve, reject })
      this.bufferedEvents += batch.events.length
      if (this.bufferedEvents >= this.opts.flushRows) void this.flush()
      else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.flushMs)
    })
  }

  /**
   * Flush what is buffered. Flushes run one at a time, in order, and a queued flush takes the
   * buffer when it starts, not when it was asked for: batches that arrive while ClickHouse lands
   * the previous flush go out together. Each insert has a fixed cost (a part per table and per
   * view, tens of ms of CPU), so under load fewer, larger flushes land more events per second.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (this.queued) return this.queued
    const next = this.flushing.then(() => {
      this.queued = undefined
      const batch = this.take()
      // What did not fit in this flush goes in the next one, queued now.
      if (this.buffer.length) void this.flush()
      return batch.length ? this.flushBatch(batch) : undefined
    })
    this.queued = next
    this.flushing = next
    return next
  }

  /** Flush until nothing is buffered or queued (shutdown). */
  async drain(): Promise<void> {
    while (this.buffer.length || this.queued) await this.flush()
    await this.flushing
    await this.inserting
    await Promise.all(this.settling)
  }

  /** Whole batches from the buffer, up to about flushRows events. */
  private take(): Pending[] {
    let n = 0
    let i = 0
    while (i < this.buffer.length && (i === 0 || n + this.buffer[i].events.length <= this.opts.flushRows)) n += this.buffer[i++].events.length
    const batch = this.buffer.splice(0, i)
    this.bufferedEvents -= n
    return batch
  }

  /**
   * One flush: prepare it (look-up and rows), then hand its inserts to the insert lane and return
   * once the flush before it has been inserted. So while ClickHouse inserts flush k, the writer
   * already prepares flush k+1 (the look-up skips ids of flush k: see prepareFlush), and at most
   * two flushes are in hand. Its jobs complete after its bookkeeping and announcement. A failure,
   * in the look-up or the inserts, is sorted out in the insert lane (recover).
   */
  private async flushBatch(batch: Pending[]): Promise<void> {
    const epoch = this.epoch
    const t0 = Date.now()
    let prepared: PreparedFlush | undefined
    let prepareError: unknown
    try {
      await this.master.ready()
      prepared = await prepareFlush(this.opts.clickhouse, batch, this.master, this.inFlight)
    } catch (err) {
      prepareError = err
    }
    const previous = this.inserting
    this.inserting = previous.then(async () => {
      if (!prepared) return this.recover(batch, prepareError)
      let p = prepared
      try {
        if (this.epoch !== epoch) {
          // Prepared while an earlier flush failed: it may have skipped ids that did not land.
          this.inFlight.release(prepared.ids)
          p = await prepareFlush(this.opts.clickhouse, batch, this.master, this.inFlight)
        }
        const t1 = Date.now()
        const { result, recorded } = await insertFlush(this.opts.clickhouse, p, this.master)
        this.settle(batch, result, recorded, { prepare_ms: t1 - t0, insert_ms: Date.now() - t1 })
      } catch (err) {
        // Its parts claim their ids again as they are prepared again (landPart).
        this.inFlight.release(p.ids)
        await this.recover(batch, err)
      } finally {
        this.inFlight.release(p.ids)
        this.inFlight.release(prepared.ids)
      }
    })
    await previous
  }

  /** After the inserts: bookkeeping and announcement, then the jobs complete. */
  private settle(batch: Pending[], result: FlushResult, recorded: Promise<void>, timings: Record<string, number>): void {
    const t2 = Date.now()
    const settled = Promise.all([recorded, this.opts.onFlushed?.(result)]).then(
      () => {
        this.opts.debug?.('flushed', { batches: batch.length, received: result.received, inserted: result.inserted, ...timings, record_ms: Date.now() - t2, lookup_ms: result.timings.lookup_ms })
        for (const p of batch) p.resolve('landed')
      },
      (err) => {
        // The events landed; their jobs are retried and the replay finds them landed.
        this.opts.log?.('ingest flush landed but its bookkeeping failed; jobs will be retried', { error: String(err) })
        for (const p of batch) p.reject(err)
      },
    )
    this.settling.add(settled)
    void settled.finally(() => this.settling.delete(settled))
  }

  /** Land one part of a failed flush on its own (prepare again: earlier parts may have landed). */
  private async landPart(part: Pending[]): Promise<void> {
    const ch = this.opts.clickhouse
    await this.master.ready()
    // The other lane's in-flight ids count: of two flushes holding one event, one lands it.
    const p = await prepareFlush(ch, part, this.master, this.inFlight)
    try {
      const { result, recorded } = await insertFlush(ch, p, this.master)
      this.settle(part, result, recorded, {})
    } finally {
      this.inFlight.release(p.ids)
    }
  }

  /** Is ClickHouse taking inserts through the landing path? */
  private async probe(): Promise<boolean> {
    try {
      await this.opts.clickhouse.insertRows('ingest', 'ingest_probe', [{ at: new Date().toISOString() }])
      return true
    } catch {
      return false
    }
  }

  /** A flush failed: land what lands, dead-letter poison, hand the rest back for retry. */
  private async recover(batch: Pending[], error: unknown): Promise<void> {
    this.epoch++
    try {
      const r = await isolateFailures(batch, error, (part) => this.landPart(part), () => this.probe())
      let deadLettered = 0
      for (const { item, error: err } of r.poison) {
        try {
          await this.deadLetter(item, err)
          deadLettered++
          item.resolve('dead-lettered')
        } catch (recordError) {
          item.reject(recordError)
        }
      }
      for (const { item, error: err } of r.retry) item.reject(err)
      const failure: FlushFailure = {
        at: new Date().toISOString(),
        error: String(r.poison[0]?.error ?? r.retry[0]?.error ?? error),
        batches: batch.length,
        dead_lettered: deadLettered,
        retried: r.retry.length + r.poison.length - deadLettered,
        outage: r.outage,
      }
      this.opts.log?.(r.outage ? 'ingest flush failed and ClickHouse refuses inserts; jobs will be retried' : 'ingest flush failed; the failing batches were set aside', { ...failure })
      await this.opts.onFailure?.(failure).catch(() => {})
    } finally {
      this.epoch++
    }
  }

  private async deadLetter(p: Pending, error: unknown): Promise<void> {
    const ch = this.opts.clickhouse
    const batch = p.key ?? randomUUID()
    // Inserts go per table, so some of its events may have landed before it failed: they count
    // as received (and landed) for the figures, and the dead letter says how many.
    // If even the look-up fails on this batch (the poison is in an id), none of it was inserted.
    const landed = await landedOfBatch(ch, p.events).catch(() => new Map<string, number>())
    let landedTotal = 0
    for (const n of landed.values()) landedTotal += n
    const recordedAt = new Date().toISOString()
    await recordDeadLetter(ch, {
      batch,
      source: p.source,
      received_at: p.receivedAt ?? recordedAt,
      events: p.events.length,
      landed: landedTotal,
      error: error instanceof Error ? error.message : String(error),
      // JSON.stringify escapes lone surrogates (\ud800), so the body is plain ASCII-safe JSON.
      eventsJson: JSON.stringify(p.events),
    })
    if (landedTotal) {
      await ch.insertRows('heavy', 'ingest_received', [...landed].map(([type, events]) => ({ source: p.source, type, batch, events, recorded_at: recordedAt })))
    }
  }
}
