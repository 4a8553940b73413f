/**
 * Dead-lettered ingest batches (table `ingest_dead_letters`, migration 013): batches that failed
 * alone while the rest of their flush landed, kept with their error and events. Written by the
 * ingest writer, read by GET /api/v1/ingest/status, /api/health, /data and /metrics.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'

const num = z.coerce.number()
const chTime = z.string().transform((s) => `${s.replace(' ', 'T')}Z`)

export interface DeadLetter {
  batch: string
  source: string
  received_at: string
  dead_lettered_at: string
  /** Events in the batch. */
  events: number
  /** Of those, events that did land before the batch failed (an insert per table). */
  landed: number
  error: string
}

const latest = defineQuery({
  name: 'dead_letters.latest',
  sql: `SELECT batch, source, received_at, dead_lettered_at, events, landed, error
        FROM ingest_dead_letters FINAL ORDER BY dead_lettered_at DESC LIMIT {limit:UInt32}`,
  params: z.object({ limit: z.number().int().min(1).max(1_000) }),
  row: z.object({ batch: z.string(), source: z.string(), received_at: chTime, dead_lettered_at: chTime, events: num, landed: num, error: z.string() }),
})

const count = defineQuery({
  name: 'dead_letters.count',
  sql: `SELECT uniqExact(batch) AS n, sum(events) AS events FROM (SELECT batch, any(events) AS events FROM ingest_dead_letters GROUP BY batch)`,
  params: z.object({}),
  row: z.object({ n: num, events: num }),
})

const body = defineQuery({
  name: 'dead_letters.body',
  sql: `SELECT body_b64 FROM ingest_dead_letters FINAL WHERE batch = {batch:String} LIMIT 1`,
  params: z.object({ batch: z.string() }),
  row: z.object({ body_b64: z.string() }),
})

/** How many batches (and events in them) have been dead-lettered: for /metrics and health. */
export async function deadLetterCount(client: ClickHouseClient): Promise<{ batches: number; events: number }> {
  const [r] = await count(client, {})
  return { batches: r?.n ?? 0, events: r?.events ?? 0 }
}

/** The newest dead letters, without their bodies. */
export async function latestDeadLetters(client: ClickHouseClient, limit = 20): Promise<DeadLetter[]> {
  return latest(client, { limit })
}

/** A dead letter's events as the writer held them (a JSON array), to inspect or re-send. */
export async function deadLetterEvents(client: ClickHouseClient, batch: string): Promise<unknown[] | undefined> {
  const [r] = await body(client, { batch })
  return r ? (JSON.parse(Buffer.from(r.body_b64, 'base64').toString('utf8')) as unknown[]) : undefined
}

/**
 * Record a dead letter. The events go as JSON in base64 and the error is made well-formed and
 * cut short: the bytes that failed the flush must not fail this insert too.
 */
export async function recordDeadLetter(ch: ClickHouse, d: Omit<DeadLetter, 'dead_lettered_at'> & { eventsJson: string | Uint8Array }): Promise<void> {
  await ch.insertRows('heavy', 'ingest_dead_letters', [
    {
      batch: d.batch,
      source: d.source,
      received_at: d.received_at,
      dead_lettered_at: new Date().toISOString(),
      events: d.events,
      landed: d.landed,
      error: safeText(d.error, 2_000),
      // A string is the events as the writer held them; bytes are a queued body as it was sent.
      body_b64: (typeof d.eventsJson === 'string' ? Buffer.from(d.eventsJson, 'utf8') : Buffer.from(d.eventsJson)).toString('base64'),
    },
  ])
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Printable, well-formed text of at most `max` characters (an error may quote the poison). */
export function safeText(s: string, max: number): string {
  return s.slice(0, max).replace(LONE_SURROGATE, '\ufffd').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?')
}
