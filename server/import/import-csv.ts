/**
 * CSV import: a file (or an upload stream) of one event type into its landing table.
 *
 *   importCsv(rt, { type: 'sale', input: '/path/sales.csv', mode: 'strict', onProgress })
 *     => { ok, rows, landed, duplicates, rejected, ms, errors, ... }
 *
 * - strict (default): every row is validated first; one bad row and nothing is written, and the
 *   answer lists the bad rows (line number and reason; the first `maxErrors`, plus the count).
 * - skip-bad: good rows land; bad ones go to `rejectsPath` (CSV: line, reason, row).
 *
 * Passes over the file: when rows have no event_id, a read of the raw bytes for the content hash
 * the ids are made from; then one pass that parses, validates and encodes, in chunks. skip-bad
 * lands each chunk through `ChunkLander` (exactly once per event_id) while the next is parsed;
 * strict writes each chunk to a file under DATA_DIR/tmp and lands them only once the whole file
 * passed (parsing twice instead cost more than anything else but ClickHouse). A stream is first
 * spooled to a file under DATA_DIR/tmp, so its size is known for progress.
 *
 * Imports in one process run one at a time (the event_id check and the insert are not atomic,
 * so two imports of the same rows side by side could both land them). Mapping: lib/import/README.md.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isAscii } from 'node:buffer'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { Runtime } from '../runtime'
import type { Event, EventType } from '@/lib/events/schema'
import { logger } from '@/lib/log'
import { CsvReader, csvField } from '@/lib/import/csv'
import { IMPORT_TYPES, planHeader, type HeaderPlan } from '@/lib/import/mapping'
import { describeIssues, rowValidator, type RowValidator } from '@/lib/import/validate'
import { RowEncoder, derivedId, derivedIdPrefix } from '@/lib/import/encode'
import { ChunkLander, type Chunk, type HeldRows } from './lander'
import { ChunkBook, ImportBook, recordRejection } from './bookkeeping'

const log = logger('import')

export type ImportMode = 'strict' | 'skip-bad'
export const IMPORT_MODES: readonly ImportMode[] = ['strict', 'skip-bad']

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
  /** Tag of the landed rows' `source` column (the API-key name, or the loader). */
  source?: string
  onProgress?: (p: ImportProgress) => void
  /** skip-bad: where the rejected rows go (CSV: line, reason, row). Not written when no row is bad. */
  rejectsPath?: string
  /** Most row errors kept in the summary (default 100). */
  maxErrors?: number
  /** Largest stream accepted, in bytes (default 4 GiB). */
  maxBytes?: number
  /** Rows per insert (default 250,000). */
  chunkRows?: number
  /** false: validate every type with zod (tests compare both paths). */
  fast?: boolean
}

export interface ImportSummary {
  /** false when the file was refused: a strict rejection or a file-level problem (`error`). */
  ok: boolean
  type: string
  mode: ImportMode
  /** Data rows in the file (header and empty lines not counted). */
  rows: number
  /** Rows written now. */
  landed: number
  /** Good rows whose event_id had already landed (or came earlier in the file). */
  duplicates: number
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
   * (strict), and in all the ClickHouse look-ups and inserts.
   */
  timings?: { hash_ms: number; pass_ms: number; land_after_ms: number; lookup_ms: number; insert_ms: number }
}

const DEFAULT_CHUNK_ROWS = 250_000
const DEFAULT_MAX_BYTES = 4 * 1024 ** 3
/** Bytes read (and parsed, on the event loop) at a time: about 10 ms of work, so sockets stay served. */
const READ_CHUNK = 256 * 1024
const PROGRESS_EVERY_MS = 200

class FileProblem extends Error {}

let tail: Promise<unknown> = Promise.resolve()
/** Runs imports one at a time in this process. */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(fn, fn)
  tail = run.catch(() => undefined)
  return run
}

export async function importCsv(rt: Runtime, opts: ImportOptions): Promise<ImportSummary> {
  const t0 = performance.now()
  const mode = opts.mode ?? 'strict'
  const base = { type: opts.type, mode, rows: 0, landed: 0, duplicates: 0, rejected: 0, bytes: 0, errors: [] as RowError[] }
  const refuse = (error: string, extra: Partial<ImportSummary> = {}): ImportSummary => ({ ...base, ...extra, ok: false, error, ms: performance.now() - t0 })
  if (!IMPORT_TYPES.includes(opts.type as EventType)) return refuse(`unknown event type "${opts.type}"; expected one of: ${IMPORT_TYPES.join(', ')}`)
  if (!IMPORT_MODES.includes(mode)) return refuse(`unknown mode "${mode}"; expected strict or skip-bad`)

  let file: string
  let spooled: string | undefined
  try {
    if (typeof opts.input === 'string') file = opts.input
    else file = spooled = await spool(rt, opts.input, opts.maxBytes ?? DEFAULT_MAX_BYTES, opts.onProgress)
  } catch (err) {
    if (err instanceof FileProblem) return refuse(err.message)
    throw err
  }
  try {
    const summary = await exclusive(() => runImport(rt, file, { ...opts, mode }))
    return { ...summary, ms: performance.now() - t0 }
  } catch (err) {
    if (err instanceof FileProblem) return refuse(err.message)
    throw err
  } finally {
    if (spooled) rmSync(spooled, { force: true })
  }
}

/** Files an import leaves in DATA_DIR/tmp while it runs; ones older than a day are from a crash. */
function sweepStale(dir: string) {
  try {
    for (const f of readdirSync(dir)) {
      if (!/^(import|held|chunk)-/.test(f)) continue
      const p = path.join(dir, f)
      if (Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { force: true })
    }
  } catch {
    /* best effort */
  }
}

/** Store a stream under DATA_DIR/tmp so it can be read twice. */
async function spool(rt: Runtime, input: Readable | ReadableStream<Uint8Array>, maxBytes: number, onProgress?: (p: ImportProgress) => void): Promise<string> {
  const dir = path.join(rt.config.DATA_DIR, 'tmp')
  mkdirSync(dir, { recursive: true })
  sweepStale(dir)
  const file = path.join(dir, `import-${Date.now()}-${randomBytes(6).toString('hex')}.csv`)
  const stream = input instanceof Readable ? input : Readable.fromWeb(input as import('node:stream/web').ReadableStream<Uint8Array>)
  const out = createWriteStream(file)
  let bytes = 0
  let last = 0
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
      bytes += buf.length
      if (bytes > maxBytes) throw new FileProblem(`the file is larger than ${maxBytes} bytes`)
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      if (onProgress && performance.now() - last > PROGRESS_EVERY_MS) {
        last = performance.now()
        onProgress({ phase: 'receiving', bytesDone: bytes, bytesTotal: undefined, rows: 0, rowsTotal: undefined, landed: 0, duplicates: 0, rejected: 0 })
      }
    }
    out.end()
    await finished(out)
    return file
  } catch (err) {
    out.destroy()
    stream.destroy()
    rmSync(file, { force: true })
    throw err
  }
}

/** Reads a file as text chunks (strict UTF-8), handing raw bytes to `onBytes` first. */
async function readText(file: string, onText: (text: string, bytesDone: number) => void | Promise<void>, onBytes?: (buf: Buffer) => void): Promise<void> {
  const dec = new TextDecoder('utf-8', { fatal: true })
  let done = 0
  // Until the first byte above 0x7f, chunks are ASCII: decoding them as Latin-1 is the same text, faster.
  let ascii = true
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) {
    const buf = chunk as Buffer
    onBytes?.(buf)
    let text: string
    try {
      if (ascii && isAscii(buf)) text = buf.toString('latin1')
      else {
        ascii = false
        text = dec.decode(buf, { stream: true })
      }
    } catch {
      throw new FileProblem(`the file is not valid UTF-8 (between bytes ${done} and ${done + buf.length})`)
    }
    done += buf.length
    await onText(text, done)
  }
  let rest: string
  try {
    rest = dec.decode()
  } catch {
    throw new FileProblem('the file is not valid UTF-8 (it ends inside a character)')
  }
  if (rest) await onText(rest, done)
}

/** The header row (first non-empty record). */
async function readHeader(file: string): Promise<string[] | undefined> {
  let header: string[] | undefined
  let malformed: string | undefined
  const reader = new CsvReader(
    (rec) => void (header ??= [...rec.fields]),
    (line, reason) => void (malformed ??= `line ${line}: ${reason}`),
  )
  const dec = new TextDecoder('utf-8', { fatal: true })
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 })
  try {
    for await (const chunk of stream) {
      let text: string
      try {
        text = dec.decode(chunk as Buffer, { stream: true })
      } catch {
        throw new FileProblem('the file is not valid UTF-8')
      }
      reader.push(text)
      if (header || malformed) break
    }
    if (!header && !malformed) reader.end()
  } finally {
    stream.destroy()
  }
  if (malformed && !header) throw new FileProblem(`the header row is malformed (${malformed})`)
  return header
}

interface Counters {
  rows: number
  landed: number
  duplicates: number
  rejected: number
}

async function runImport(rt: Runtime, file: string, opts: ImportOptions & { mode: ImportMode }): Promise<ImportSummary> {
  const { mode } = opts
  const strict = mode === 'strict'
  const type = opts.type as EventType
  const maxErrors = opts.maxErrors ?? 100
  const bytesTotal = statSync(file).size
  const base: ImportSummary = { ok: true, type, mode, rows: 0, landed: 0, duplicates: 0, rejected: 0, ms: 0, bytes: bytesTotal, errors: [] }
  const source = opts.source ?? 'csv-import'

  const header = await readHeader(file)
  if (!header) throw new FileProblem('the file is empty: it needs a header row naming its columns')
  const planned = planHeader(type, header)
  if (!planned.ok) throw new FileProblem(planned.error)
  const plan = planned.plan
  const validate = rowValidator(plan, { fast: opts.fast })

  const c: Counters = { rows: 0, landed: 0, duplicates: 0, rejected: 0 }
  let lastProgress = 0
  let bytesDone = 0
  const progress = (phase: ImportProgress['phase'], force = false) => {
    if (!opts.onProgress) return
    const now = performance.now()
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return
    lastProgress = now
    opts.onProgress({ phase, bytesDone, bytesTotal, rows: c.rows, rowsTotal: strict && phase === 'landing' ? c.rows : undefined, landed: c.landed, duplicates: c.duplicates, rejected: c.rejected })
  }

  // Rows without event_id get ids from the file's content hash: read the bytes once, unparsed.
  const tHash = performance.now()
  let prefix: string | undefined
  if (!plan.hasEventId) {
    const hash = createHash('sha256').update(`${type}\n`)
    for await (const b of createReadStream(file, { highWaterMark: READ_CHUNK })) hash.update(b as Buffer)
    prefix = derivedIdPrefix(hash.digest('hex'))
  }
  const hashMs = performance.now() - tHash

  const tPass = performance.now()
  const spoolDir = path.resolve(rt.config.DATA_DIR, 'tmp')
  mkdirSync(spoolDir, { recursive: true })
  sweepStale(spoolDir)
  const encoder = new RowEncoder(type, source)
  const lander = new ChunkLander(rt.clickhouse.heavy, encoder.table, encoder.format, encoder.columns, rt.clickhouse.mode === 'embedded' ? spoolDir : undefined)
  const book = new ImportBook(rt, type, source)
  const landedBefore = prefix ? await lander.countPrefix(prefix) : undefined
  lander.knownNew = landedBefore === 0
  const chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS
  const errors: RowError[] = []
  let rejects: WriteStream | undefined
  let lineNos = new Uint32Array(1024)
  let ids: string[] = []
  let chunkBook = new ChunkBook()
  let inflight: Promise<void> = Promise.resolve()
  /** strict: chunks written to files during the pass, landed once the whole file passed. */
  const held: { chunk: Chunk; book: ChunkBook }[] = []

  const landChunk = async (chunk: Chunk, cb: ChunkBook) => {
    const r = await lander.land(chunk)
    c.landed += r.landed
    c.duplicates += r.duplicates
    await book.chunkLanded(cb, r.landed, r.duplicates)
    progress('landing')
  }

  const rows = rowProcessor(plan, validate, prefix ? (line) => derivedId(prefix, line) : () => undefined, {
    good: (e, line) => {
      c.rows++
      if (strict && c.rejected > 0) return // the file is refused: only count what is left
      if (prefix) {
        const k = encoder.rows
        if (k >= lineNos.length) {
          const grown = new Uint32Array(lineNos.length * 2)
          grown.set(lineNos)
          lineNos = grown
        }
        lineNos[k] = line
      } else ids.push(e.event_id)
      encoder.add(e)
      chunkBook.add(e)
      book.touched(e)
    },
    bad: (line, reason, raw) => {
      c.rows++
      c.rejected++
      if (errors.length < maxErrors) errors.push({ line, reason, row: cut(raw) })
      if (strict) return
      if (opts.rejectsPath) {
        if (!rejects) {
          rejects = createWriteStream(opts.rejectsPath)
          rejects.write('line,reason,row\n')
        }
        rejects.write(`${line},${csvField(reason)},${csvField(raw)}\n`)
      }
    },
  })

  const flush = async () => {
    const n = encoder.rows
    const encoded = encoder.take()
    const chunk: Chunk = { rows: encoded, ...(prefix ? { derived: { prefix, lines: lineNos.slice(0, n) } } : { ids }) }
    const cb = chunkBook
    ids = []
    chunkBook = new ChunkBook()
    if (strict) {
      if (c.rejected > 0) return
      const f = path.join(spoolDir, `held-${Date.now()}-${randomBytes(6).toString('hex')}.tsv`)
      held.push({ chunk: { ...chunk, rows: { file: f, n } }, book: cb })
      await writeFile(f, encoded.payload)
      return
    }
    await inflight
    inflight = landChunk(chunk, cb)
    // A failed chunk fails the import; keep the rejection handled until it is awaited.
    inflight.catch(() => undefined)
  }

  try {
    await readText(file, async (text, done) => {
      bytesDone = done
      rows.push(text)
      if (encoder.rows >= chunkRows) await flush()
      progress(strict ? 'validating' : 'landing')
    })
    rows.end()
    if (encoder.rows) await flush()
    await inflight
    const passMs = performance.now() - tPass

    if (strict && c.rejected > 0) {
      await recordRejection(rt, source, type, errors, c.rejected, `file rejected (strict): ${c.rejected} bad row(s), nothing written`)
      return { ...base, ok: false, rows: c.rows, rejected: c.rejected, errors }
    }
    const tLand = performance.now()
    if (strict) {
      if (landedBefore !== undefined && landedBefore >= c.rows) {
        // Every row of this file had landed before (a re-import).
        c.duplicates = c.rows
      } else {
        for (const h of held) await landChunk(h.chunk, h.book)
      }
    }
    progress('landing', true)
    await book.finish(c.landed)
    if (c.rejected > 0) await recordRejection(rt, source, type, errors, c.rejected, `${c.rejected} row(s) rejected and skipped (skip-bad)`)
    log.info('import done', { type, mode, rows: c.rows, landed: c.landed, duplicates: c.duplicates, rejected: c.rejected })
    const timings = {
      hash_ms: Math.round(hashMs),
      pass_ms: Math.round(passMs),
      land_after_ms: Math.round(performance.now() - tLand),
      lookup_ms: Math.round(lander.timings.lookup_ms),
      insert_ms: Math.round(lander.timings.insert_ms),
    }
    return { ...base, rows: c.rows, landed: c.landed, duplicates: c.duplicates, rejected: c.rejected, errors, timings, ...(rejects ? { rejectsPath: opts.rejectsPath } : {}) }
  } finally {
    await inflight.catch(() => undefined)
    for (const h of held) await rm((h.chunk.rows as HeldRows).file, { force: true })
    if (rejects) {
      const r = rejects
      r.end()
      await finished(r).catch(() => undefined)
    }
  }
}

/** CSV text in, validated events (or bad rows with reasons) out. */
function rowProcessor(
  plan: HeaderPlan,
  validate: RowValidator,
  idFor: (line: number) => string | undefined,
  out: { good: (e: Event, line: number) => void; bad: (line: number, reason: string, raw: string) => void },
) {
  const width = plan.header.length
  let seenHeader = false
  const reader = new CsvReader(
    (rec) => {
      if (!seenHeader) {
        seenHeader = true
        return
      }
      const f = rec.fields
      if (f.length !== width) {
        out.bad(rec.line, `has ${f.length} field${f.length === 1 ? '' : 's'}; the header has ${width}`, rec.raw())
        return
      }
      const r = validate(f, idFor(rec.line))
      if (r.ok) out.good(r.event, rec.line)
      else out.bad(rec.line, describeIssues(r.issues), rec.raw())
    },
    (line, reason, raw) => {
      if (!seenHeader) throw new FileProblem(`the header row is malformed (line ${line}: ${reason})`)
      out.bad(line, `malformed CSV: ${reason}`, raw)
    },
  )
  return reader
}

const cut = (s: string) => (s.length > 1000 ? s.slice(0, 1000) + '…' : s)
