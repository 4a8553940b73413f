/**
 * What a CSV import is asked (ImportOptions), what it reports while it runs (ImportProgress), and
 * what it answers (ImportSummary, with the bad rows as RowError). import-csv.ts runs it.
 */
import type { Readable } from 'node:stream'
import type { ImportMode } from '@/lib/import/mapping'

export interface ImportProgress {
  /**
   * receiving: an upload is being stored; validating: a strict import reads the file (nothing is
   * written before the whole file passed); landing: rows are written.
   */
  phase: 'receiving' | 'validating' | 'landing'
  bytesDone: number
  /** Unknown while receiving a stream of unknown length. */
  bytesTotal: number | undefined
  /** Data rows read so far in this phase. */
  rows: number
  /** Data rows in the file, once known (strict: while landing). */
  rowsTotal: number | undefined
  landed: number
  duplicates: number
  rejected: number
}

export interface RowError {
  line: number
  reason: string
  /** The row as it was in the file (cut at 1,000 characters). */
  row: string
}

export interface ImportOptions {
  type: string
  /** A file path, or a stream of the file's bytes (Node or web stream). */
  input: string | Readable | ReadableStream<Uint8Array>
  mode?: ImportMode
  /** Tag of the landed rows' `source` column (the API-key name, or the loader); `#<import id>` is added to it. */
  source?: string
  /** Who runs the import (recorded with it; default: the source). */
  actor?: string
  onProgress?: (p: ImportProgress) => void
  /** skip-bad: where the rejected rows go (CSV: line, reason, row). Not written when no row is bad. */
  rejectsPath?: string
  /** Most row errors kept in the summary (default 100). */
  maxErrors?: number
  /** Largest file or stream accepted, in bytes (default IMPORT_MAX_BYTES). */
  maxBytes?: number
  /** Longest record, in bytes (default IMPORT_MAX_LINE_BYTES): a longer one refuses the file, naming its line. */
  maxLineBytes?: number
  /** Rows per insert (default 250,000). */
  chunkRows?: number
  /** false: validate every type with zod (tests compare both paths); also leaves out the byte path. */
  fast?: boolean
  /** false: take the string path even where the byte path applies (tests and benches compare both). */
  bytes?: boolean
}

export interface ImportSummary {
  /** false when the file was refused: a strict rejection or a file-level problem (`error`). */
  ok: boolean
  /** The import's id (a landed import): its rows carry `source` = `<source>#<import_id>`, and DELETE /api/v1/imports/{id} undoes it. */
  import_id?: string
  type: string
  mode: ImportMode
  /** Data rows in the file (header and empty lines not counted). */
  rows: number
  /** Rows written now. */
  landed: number
  /** Good rows whose event_id had already landed (or came earlier in the file). */
  duplicates: number
  /** Rows outside the plausibility bounds: landed in raw_quarantine instead of their table (not in `landed`). */
  quarantined?: number
  /** Bad rows. In strict mode any makes `ok` false and nothing is written. */
  rejected: number
  ms: number
  bytes: number
  /** The first `maxErrors` bad rows. */
  errors: RowError[]
  /** A problem with the whole file (header, encoding, size). */
  error?: string
  /** skip-bad: the rejects file, when rows were rejected. */
  rejectsPath?: string
  /**
   * Where the time went (ms): hashing the file (rows without event_id), the pass that parses,
   * validates and encodes (and in skip-bad mode lands, overlapped), landing after the pass
   * (strict), and in all the ClickHouse look-ups and inserts; how many chunks ClickHouse read as
   * the file's CSV bytes (the byte path) and how many as encoded rows.
   */
  timings?: { hash_ms: number; pass_ms: number; land_after_ms: number; lookup_ms: number; insert_ms: number; csv_chunks: number; encoded_chunks: number }
}
