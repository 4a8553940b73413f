/**
 * What the ingest and operations routes answer, as zod schemas: the OpenAPI document
 * (lib/openapi.ts) is generated from them, and the handlers (server/api/*) type the bodies they
 * build with their inferred types, so the document and the answers cannot drift apart unnoticed:
 * a handler that adds or renames a field fails the typecheck, and the integration tests validate
 * every real answer against the document (tests/helpers/contract.ts).
 */
import { z } from 'zod'

export const dateTime = z.string().meta({ format: 'date-time' })

/** One problem with a request: which event (or -1 for the request), which field, what is wrong. */
export const fieldError = z.object({
  index: z.number().int().meta({ description: 'position in the batch; -1 for the request as a whole' }),
  path: z.string().meta({ description: 'the field, dotted; empty for the whole event or request' }),
  message: z.string(),
})

export const errorsBody = z.object({ errors: z.array(fieldError).meta({ description: 'every problem found, at most 100' }) })
export const messageBody = z.object({ error: z.string() })
export const acceptedBody = z.object({ accepted: z.number().int().meta({ description: 'events in the batch, all queued for landing' }) })

const ingestState = z.enum(['ok', 'stuck', 'failed'])

export const healthBody = z.object({
  status: z.enum(['ok', 'degraded']),
  redis: z.enum(['ok', 'unavailable']),
  clickhouse: z.enum(['ok', 'unavailable']),
  simulator: z.enum(['off', 'backfill', 'live']),
  ingest: z.object({
    state: z.enum([...ingestState.options, 'unknown']).meta({
      description: 'stuck: the oldest accepted batch not landed has waited over INGEST_STUCK_MS; failed: batches whose retries ran out; unknown: the queue did not answer',
    }),
    lag_ms: z.number().nullable().meta({ description: 'how long the oldest accepted batch not landed yet has waited; null when the queue did not answer' }),
    queue_depth: z.number().nullable().meta({ description: 'batches accepted and not landed; null when the queue did not answer' }),
    failed_jobs: z.number().nullable().meta({ description: 'batches whose retries ran out; null when the queue did not answer' }),
    dead_lettered_batches: z.number().nullable().meta({ description: 'batches set aside after failing alone; they do not degrade health; null when ClickHouse did not answer' }),
  }),
})

/** An entry of the rejected-batches list: a batch the ingest API refused, or a refused CSV import. */
export const rejectedBatch = z.object({
  at: dateTime,
  source: z.string().meta({ description: 'the API key name, or csv:<key or user> for an import' }),
  kind: z.literal('csv-import').optional().meta({ description: 'present for a refused CSV import' }),
  type: z.string().optional().meta({ description: 'the event type of a refused CSV import' }),
  message: z.string().optional(),
  error_count: z.number().int(),
  errors: z.array(fieldError.extend({ line: z.number().int().optional().meta({ description: 'the CSV line, for an import' }) })).meta({ description: 'the first 10' }),
})

const deadLetter = z.object({
  batch: z.string(),
  source: z.string(),
  received_at: dateTime,
  dead_lettered_at: dateTime,
  events: z.number().int(),
  landed: z.number().int().meta({ description: 'events of the batch that did land before it failed (an insert per table)' }),
  error: z.string(),
})

export const flushFailure = z.object({
  at: dateTime,
  error: z.string(),
  batches: z.number().int(),
  dead_lettered: z.number().int().meta({ description: 'batches set aside as poison' }),
  retried: z.number().int().meta({ description: 'batches handed back for retry' }),
  outage: z.boolean().meta({ description: 'ClickHouse refused the probe insert too: an outage, not a poison batch' }),
})

const importRecord = z.object({
  import_id: z.string(),
  status: z.enum(['landed', 'undone']),
  at: dateTime.meta({ description: 'when it reached its status' }),
  actor: z.string(),
  source: z.string(),
  type: z.string(),
  mode: z.string(),
  rows: z.number().int(),
  landed: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  quarantined: z.number().int(),
  landed_at: dateTime,
})

const lastSeen = dateTime.nullable().meta({ description: 'null: never' })

export const ingestStatusBody = z.object({
  as_of: dateTime,
  events_total: z.number().int().meta({ description: 'events landed, each event_id once' }),
  duplicates_total: z.number().int().meta({ description: 'events received again after they had landed, and dropped' }),
  by_type: z.record(z.string(), z.number().int()).meta({ description: 'events landed per event type (types with none are left out)' }),
  last_event_at: z.record(z.string(), lastSeen).meta({ description: 'per source: the newest event timestamp landed' }),
  sources: z.array(
    z.object({
      source: z.string(),
      events: z.number().int(),
      last_event_at: lastSeen,
      last_flush_at: lastSeen,
      usual_cadence_ms: z.number().int().meta({ description: 'median gap between its flushes over the last day; 0 with fewer than two' }),
      freshness: z.enum(['fresh', 'late', 'silent']).meta({ description: 'late past 3 usual gaps (at least 2 min), silent past 10 (at least 15 min)' }),
    }),
  ),
  ingest_state: ingestState.nullable().meta({ description: 'null when the queue did not answer' }),
  lag_ms: z.number().meta({ description: 'how long the oldest accepted batch not landed has waited; with nothing waiting, the worst flush lag of the last minute' }),
  oldest_pending_received_at: dateTime.nullable().meta({ description: 'null: nothing waiting, or the queue did not answer' }),
  queue_depth: z.number().int().nullable().meta({ description: 'null when the queue did not answer' }),
  retrying_batches: z.number().int().nullable().meta({ description: 'null when the queue did not answer' }),
  failed_jobs: z.number().int().nullable().meta({ description: 'batches whose retries ran out; null when the queue did not answer' }),
  dead_lettered_batches: z.object({ count: z.number().int(), events: z.number().int(), latest: z.array(deadLetter) }),
  last_flush_failure: flushFailure.nullable().meta({ description: 'null: no flush has failed' }),
  rejected_batches: z.array(rejectedBatch).meta({ description: 'the latest 20, newest first' }),
  unknown_master_refs: z.object({
    count: z.number().int(),
    top: z.array(z.object({ kind: z.string(), ref: z.string(), first_seen: lastSeen, last_seen: lastSeen, occurrences: z.number().int(), example_event_id: z.string() })),
  }).meta({ description: 'SKUs, locations and suppliers that events name and master data does not (yet)' }),
  quarantined: z.object({
    count: z.number().int(),
    recent: z.array(z.object({ event_id: z.string(), type: z.string(), source: z.string(), ts: dateTime, rules: z.array(z.string()), event: z.string().meta({ description: 'the event as JSON' }), landed_at: dateTime })),
  }).meta({ description: 'implausible events: landed in quarantine, never summed' }),
  imports: z.array(importRecord).meta({ description: 'the latest 20 CSV imports, newest first' }),
})

export const storageBody = z.object({
  as_of: dateTime,
  tables: z.array(
    z.object({
      table: z.string(),
      rows: z.number().int(),
      bytes_on_disk: z.number().int(),
      parts: z.number().int().meta({ description: 'active parts' }),
      partitions: z.number().int(),
      max_parts_per_partition: z.number().int(),
    }),
  ),
  total_rows: z.number().int(),
  total_bytes_on_disk: z.number().int(),
})

export type ErrorsBody = z.infer<typeof errorsBody>
export type MessageBody = z.infer<typeof messageBody>
export type AcceptedBody = z.infer<typeof acceptedBody>
export type HealthBody = z.infer<typeof healthBody>
export type RejectedBatch = z.infer<typeof rejectedBatch>
export type FlushFailureBody = z.infer<typeof flushFailure>
export type IngestStatusBody = z.infer<typeof ingestStatusBody>
export type StorageBody = z.infer<typeof storageBody>

/**
 * True when A and B are assignable both ways. `const _x: SameShape<A, B> = true` compiles only
 * then: a type the code builds and the schema documenting it agree, field for field.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
