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
 * The high-volume types (sale, return, inventory snapshot and movement, price change) without an
 * event_id column, in an ASCII file without quotes (most real files; the hash pass finds out), take
 * the byte path (byte-pass.ts, lib/import/scan.ts): the pass checks rows on the bytes and keeps
 * the good rows' CSV bytes, which ClickHouse then reads itself (embedded mode). Its chunks land
 * two at a time, on the heavy and the bulk connections (derived ids are distinct, so chunks do
 * not depend on each other). Every other file takes the string path described above.
 *
 * Imports in one process run one at a time (the event_id check and the insert are not atomic,
 * so two imports of the same rows side by side could both land them). Mapping: lib/import/README.md.
 *
 * Beside this file: what an import is asked and answers (types.ts), file handling and the hash pass
 * (csv-file.ts), the string path's reader (row-processor.ts), the byte path's CSV landing
 * (csv-landing.ts), landing chunks exactly once (lander.ts), bookkeeping (bookkeeping.ts).
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync, statSync, type WriteStream } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import type { Runtime } from '@/lib/runtime-types'
import type { EventType } from '@/lib/events/schema'
import { logger } from '@/lib/log'
import { RecordTooLong } from '@/lib/import/csv'
import { spreadsheetRow } from '@/lib/csv-safe'
import { IMPORT_MODES, IMPORT_TYPES, planHeader, type ImportMode } from '@/lib/import/mapping'
import { rowValidator } from '@/lib/import/validate'
import { RowEncoder, derivedId, derivedIdPrefix } from '@/lib/import/encode'
import { byteRowPlan } from '@/lib/import/scan'
import type { ClickHouseClient } from '@clickhouse/client'
import { ChunkLander, type Chunk, type CsvRows, type HeldRows } from './lander'
import { ChunkBook, ImportBook, recordRejection } from './bookkeeping'
import { bytePass, encodeRows, type ByteChunk } from './byte-pass'
import { quarantineImported } from './quarantine'
import { removeLanded } from './remove'
import { importSource, newImportId, recordImport } from './import-log'
import { FileProblem, PROGRESS_EVERY_MS, hashContent, readHeader, readText, spool, sweepStale, tooLarge } from './csv-file'
import { csvLanding } from './csv-landing'
import { cut, rowProcessor } from './row-processor'
import type { ImportOptions, ImportProgress, ImportSummary, RowError } from './types'

const log = logger('import')

export { IMPORT_MODES, type ImportMode }

const DEFAULT_CHUNK_ROWS = 250_000
/** The byte path reads more at a time: about 5 ms of work per MiB. */
const BYTE_READ_CHUNK = 1024 * 1024

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

  const maxBytes = opts.maxBytes ?? rt.config.IMPORT_MAX_BYTES
  const maxLineBytes = opts.maxLineBytes ?? rt.config.IMPORT_MAX_LINE_BYTES
  let file: string
  let spooled: string | undefined
  try {
    if (typeof opts.input === 'string') {
      file = opts.input
      if (statSync(file).size > maxBytes) throw new FileProblem(tooLarge(maxBytes))
    } else {
      const progress = opts.onProgress
      const onBytes = progress && ((bytesDone: number) => progress({ phase: 'receiving', bytesDone, bytesTotal: undefined, rows: 0, rowsTotal: undefined, landed: 0, duplicates: 0, rejected: 0 }))
      file = spooled = await spool(path.join(rt.config.DATA_DIR, 'tmp'), opts.input, maxBytes, onBytes)
    }
  } catch (err) {
    if (err instanceof FileProblem) return refuse(err.message)
    throw err
  }
  try {
    const summary = await exclusive(() => runImport(rt, file, { ...opts, mode, maxLineBytes }))
    return { ...summary, ms: performance.now() - t0 }
  } catch (err) {
    if (err instanceof FileProblem) return refuse(err.message)
    // skip-bad: rows before that line may have landed; the same file imported again lands each row once
    if (err instanceof RecordTooLong) return refuse(`the file is refused: ${err.message}`)
    throw err
  } finally {
    if (spooled) rmSync(spooled, { force: true })
  }
}

interface Counters {
  rows: number
  landed: number
  duplicates: number
  rejected: number
}

async function runImport(rt: Runtime, file: string, opts: ImportOptions & { mode: ImportMode; maxLineBytes: number }): Promise<ImportSummary> {
  const { mode } = opts
  const strict = mode === 'strict'
  const type = opts.type as EventType
  const maxErrors = opts.maxErrors ?? 100
  const bytesTotal = statSync(file).size
  const base: ImportSummary = { ok: true, type, mode, rows: 0, landed: 0, duplicates: 0, rejected: 0, ms: 0, bytes: bytesTotal, errors: [] }
  const importId = newImportId()
  // The rows carry the import's id in their source (how an undo finds them); the bookkeeping
  // (ingest_flushes, rejections) keeps the plain source, so freshness stays per source.
  const plainSource = opts.source ?? 'csv-import'
  const source = importSource(plainSource, importId)

  const header = await readHeader(file, opts.maxLineBytes)
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
  // The byte path needs an ASCII file (after a byte-order mark) without quotes: found out on the way.
  const bytePlan = rt.clickhouse.mode === 'embedded' && opts.fast !== false && opts.bytes !== false ? byteRowPlan(plan) : undefined
  let plain = bytePlan !== undefined
  if (!plan.hasEventId) {
    const read = await hashContent(file, type, plain, BYTE_READ_CHUNK)
    plain = read.plain
    prefix = derivedIdPrefix(read.sha256)
  }
  const hashMs = performance.now() - tHash

  const tPass = performance.now()
  const spoolDir = path.resolve(rt.config.DATA_DIR, 'tmp')
  mkdirSync(spoolDir, { recursive: true })
  sweepStale(spoolDir)
  const encoder = new RowEncoder(type, source)
  const byteRows = plain && prefix !== undefined && bytePlan !== undefined && encoder.columns !== undefined
  const csv = byteRows ? await csvLanding(rt.clickhouse.heavy, encoder.table, encoder.columns!, plan, prefix!, source) : undefined
  const lander = new ChunkLander(rt.clickhouse.heavy, encoder.table, encoder.format, encoder.columns, rt.clickhouse.mode === 'embedded' ? spoolDir : undefined, csv)
  const book = new ImportBook(rt, type, plainSource)
  const landedBefore = prefix ? await lander.countPrefix(prefix) : undefined
  lander.knownNew = landedBefore === 0
  const chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS
  const errors: RowError[] = []
  let rejects: WriteStream | undefined
  let lineNos = new Uint32Array(1024)
  let ids: string[] = []
  let chunkBook = new ChunkBook()
  /** strict: chunks written to files during the pass, landed once the whole file passed. */
  const held: { chunk: Chunk; book: ChunkBook }[] = []

  const landChunk = async (chunk: Chunk, cb: ChunkBook, via: ClickHouseClient) => {
    const r = await lander.land(chunk, via)
    c.landed += r.landed
    c.duplicates += r.duplicates
    await book.chunkLanded(cb, r.landed, r.duplicates)
    progress('landing')
  }
  // Chunks of derived ids land two at a time on two connections (embedded: ClickHouse work for
  // each runs on a core of its own); chunks with ids from the file one after the other.
  const conns = prefix && rt.clickhouse.mode === 'embedded' ? [rt.clickhouse.heavy, rt.clickhouse.bulk] : [rt.clickhouse.heavy]
  const slots: Promise<void>[] = conns.map(() => Promise.resolve())
  let nextSlot = 0
  /** Starts landing a chunk once a connection is free (a failed chunk fails the import when its slot is awaited). */
  const landSoon = async (chunk: Chunk, cb: ChunkBook) => {
    const i = nextSlot
    nextSlot = (nextSlot + 1) % conns.length
    await slots[i]
    const p = landChunk(chunk, cb, conns[i])
    p.catch(() => undefined)
    slots[i] = p
  }
  const landed = async () => {
    await Promise.all(slots)
  }

  const badRow = (line: number, reason: string, raw: string) => {
    c.rows++
    c.rejected++
    if (errors.length < maxErrors) errors.push({ line, reason, row: cut(raw) })
    if (strict) return
    if (opts.rejectsPath) {
      if (!rejects) {
        rejects = createWriteStream(opts.rejectsPath)
        rejects.write('line,reason,row\n')
      }
      rejects.write(spreadsheetRow([line, reason, raw]))
    }
  }

  const rows = rowProcessor(plan, validate, opts.maxLineBytes, prefix ? (line) => derivedId(prefix, line) : () => undefined, {
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
    bad: (line, reason, raw) => badRow(line, reason, raw),
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
    await landSoon(chunk, cb)
  }

  /** A chunk of the byte path: CSV bytes for ClickHouse when it can read them, TSV otherwise. */
  const byteChunk = async (bc: ByteChunk) => {
    if (strict && c.rejected > 0) return
    const { n, lines } = bc
    const derived = { prefix: prefix!, lines }
    const reencode = (payload: Buffer) => encodeRows(payload, lines, n, validate, prefix!, type, source)
    const ext = bc.direct ? 'csv' : 'tsv'
    const f = strict ? path.join(spoolDir, `held-${Date.now()}-${randomBytes(6).toString('hex')}.${ext}`) : undefined
    let chunk: Chunk
    if (bc.direct) {
      // strict: the bytes wait on disk, not in memory (nothing here may hold on to `bc.payload`)
      const inMemory = f ? undefined : bc.payload
      const rows: CsvRows = {
        csv: true,
        n,
        ...(f ? { file: f } : { payload: inMemory }),
        lines: { first: bc.first, jumps: bc.jumps },
        reencode: async () => reencode(f ? await readFile(f) : inMemory!),
      }
      chunk = { rows, derived }
      if (!f) return landSoon(chunk, bc.book)
      held.push({ chunk, book: bc.book }) // first, so that `finally` removes the file whatever happens
      await writeFile(f, bc.payload)
    } else {
      const encoded = reencode(bc.payload)
      chunk = { rows: f ? { file: f, n } : encoded, derived }
      if (!f) return landSoon(chunk, bc.book)
      held.push({ chunk, book: bc.book })
      await writeFile(f, encoded.payload)
    }
  }

  try {
    if (byteRows) {
      await bytePass({
        file,
        plan,
        bytePlan: bytePlan!,
        validate,
        prefix: prefix!,
        chunkRows,
        readBytes: BYTE_READ_CHUNK,
        maxLineBytes: opts.maxLineBytes,
        keepRows: () => !(strict && c.rejected > 0),
        good: (e) => {
          c.rows++
          if (e && !(strict && c.rejected > 0)) book.touched(e)
        },
        bad: badRow,
        touched: (l) => book.locations.add(l),
        chunk: byteChunk,
        // strict: byteChunk has written the chunk to its held file when it resolves
        payloadDone: strict,
        progress: (done) => {
          bytesDone = done
          progress(strict ? 'validating' : 'landing')
        },
      })
    } else {
      await readText(file, async (text, done) => {
        bytesDone = done
        rows.push(text)
        if (encoder.rows >= chunkRows) await flush()
        progress(strict ? 'validating' : 'landing')
      })
      rows.end()
      if (encoder.rows) await flush()
    }
    await landed()
    const passMs = performance.now() - tPass

    if (strict && c.rejected > 0) {
      await recordRejection(rt, plainSource, type, errors, c.rejected, `file rejected (strict): ${c.rejected} bad row(s), nothing written`)
      return { ...base, ok: false, rows: c.rows, rejected: c.rejected, errors }
    }
    const tLand = performance.now()
    if (strict) {
      if (landedBefore !== undefined && landedBefore >= c.rows) {
        // Every row of this file had landed before (a re-import).
        c.duplicates = c.rows
      } else {
        for (const h of held) await landSoon(h.chunk, h.book)
        await landed()
      }
    }
    progress('landing', true)
    // Implausible rows to quarantine before the touched locations are announced (quarantine.ts).
    let quarantined = 0
    if (c.landed > 0) {
      try {
        quarantined = await quarantineImported(rt.clickhouse.heavy, type, source)
      } catch (err) {
        // Take the import back out, so that running it again lands (and checks) its rows anew
        // instead of finding them all landed and summed, unchecked.
        await removeLanded(rt.clickhouse.heavy, { sql: 'source = {source:String}', source }).catch(() => undefined)
        throw err
      }
    }
    c.landed -= quarantined
    await book.finish(c.landed + quarantined)
    await recordImport(rt.clickhouse, {
      import_id: importId, status: 'landed', actor: opts.actor ?? plainSource, source, type, mode,
      rows: c.rows, landed: c.landed, duplicates: c.duplicates, rejected: c.rejected, quarantined, removed: {},
    })
    if (c.rejected > 0) await recordRejection(rt, plainSource, type, errors, c.rejected, `${c.rejected} row(s) rejected and skipped (skip-bad)`)
    log.info('import done', { type, mode, rows: c.rows, landed: c.landed, duplicates: c.duplicates, rejected: c.rejected })
    const timings = {
      hash_ms: Math.round(hashMs),
      pass_ms: Math.round(passMs),
      land_after_ms: Math.round(performance.now() - tLand),
      lookup_ms: Math.round(lander.timings.lookup_ms),
      insert_ms: Math.round(lander.timings.insert_ms),
      csv_chunks: lander.timings.csv_chunks,
      encoded_chunks: lander.timings.encoded_chunks,
    }
    return { ...base, import_id: importId, rows: c.rows, landed: c.landed, duplicates: c.duplicates, quarantined, rejected: c.rejected, errors, timings, ...(rejects ? { rejectsPath: opts.rejectsPath } : {}) }
  } finally {
    await landed().catch(() => undefined)
    for (const h of held) {
      const f = (h.chunk.rows as HeldRows | CsvRows).file
      if (f) await rm(f, { force: true })
    }
    if (rejects) {
      const r = rejects
      r.end()
      await finished(r).catch(() => undefined)
    }
  }
}
