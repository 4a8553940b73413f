/** The shape of GET /api/v1/ingest/status as the /data page reads it. */
import type { DeadLetter } from '@/lib/clickhouse/queries/dead-letters'

export interface SourceRow {
  source: string
  events: number
  last_event_at: string | null
  last_flush_at: string | null
  usual_cadence_ms: number
  freshness: 'fresh' | 'late' | 'silent'
}

export interface RejectedBatch {
  at: string
  source: string
  error_count: number
  errors: { index: number; path: string; message: string }[]
}

export interface UnknownRef {
  kind: string
  ref: string
  first_seen: string | null
  last_seen: string | null
  occurrences: number
  example_event_id: string
}

/** A batch that failed alone while the rest of its flush landed, set aside with its error. */
export type { DeadLetter } from '@/lib/clickhouse/queries/dead-letters'

export interface IngestStatus {
  as_of: string
  events_total: number
  duplicates_total: number
  by_type: Record<string, number>
  sources: SourceRow[]
  /** 'stuck': the oldest accepted batch not landed has waited too long; 'failed': retries ran out. */
  ingest_state: 'ok' | 'stuck' | 'failed' | null
  lag_ms: number
  oldest_pending_received_at: string | null
  queue_depth: number | null
  retrying_batches: number | null
  failed_jobs: number | null
  dead_lettered_batches: { count: number; events: number; latest: DeadLetter[] }
  last_flush_failure: { at: string; error: string; batches: number; dead_lettered: number; retried: number; outage: boolean } | null
  rejected_batches: RejectedBatch[]
  unknown_master_refs: { count: number; top: UnknownRef[] }
  quarantined: { count: number; recent: QuarantinedEvent[] }
  imports: ImportRecord[]
}

/** An implausible event, quarantined with the rules it failed (lib/events/plausibility.ts). */
export interface QuarantinedEvent {
  event_id: string
  type: string
  source: string
  ts: string
  rules: string[]
  event: string
  landed_at: string
}

/** A CSV import: its latest state (`undone` once DELETE /api/v1/imports/{id} ran). */
export interface ImportRecord {
  import_id: string
  status: 'landed' | 'undone'
  at: string
  actor: string
  source: string
  type: string
  mode: string
  rows: number
  landed: number
  duplicates: number
  rejected: number
  quarantined: number
  landed_at: string
}
