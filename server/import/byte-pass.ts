/**
 * The import's pass over a file on its bytes (lib/import/scan.ts says why and what): for files
 * that are ASCII, hold no `"` and have no event_id column, of a type with a byte check.
 *
 * Lines are split with `indexOf` on the read buffer; each line is checked in place. Rows the
 * check is not certain about (and rows with the wrong number of fields) go to the string
 * validator with exactly the fields CsvReader would give them (no quotes in the file: a record is
 * a line, split at commas; blank lines are skipped; a CR before the LF is dropped), so verdicts,
 * reasons and line numbers are the string path's.
 *
 * Good rows are copied, as runs of consecutive lines, into the chunk's buffer; a chunk records
 * the line of each row. A chunk all of whose rows passed the byte check, with few line jumps, is
 * landed by ClickHouse from these bytes; any other chunk is TSV-encoded from its rows (`encodeRows`).
 */
import { open } from 'node:fs/promises'
import type { Event } from '@/lib/events/schema'
import type { HeaderPlan } from '@/lib/import/mapping'
import { RowChecker, type ByteRowPlan } from '@/lib/import/scan'
import { RefCounts } from '@/lib/import/byte-intern'
import { describeIssues, type RowValidator } from '@/lib/import/validate'
import { RowEncoder, derivedId, type EncodedChunk } from '@/lib/import/encode'
import { RecordTooLong } from '@/lib/import/csv'
import type { MasterKind } from '@/lib/events/rows'
import { ChunkBook } from './bookkeeping'
import { MAX_CSV_JUMPS } from './lander'

export interface ByteChunk {
  /** The rows' bytes, one line each (ending in LF; a CR before it is kept). */
  payload: Buffer
  n: number
  /** Line of each row. */
  lines: Uint32Array
  first: number
  jumps: [row: number, extra: number][]
  /** Every row passed the byte check and the jumps are few: ClickHouse may read these bytes. */
  direct: boolean
  book: ChunkBook
}

export interface BytePassOptions {
  file: string
  plan: HeaderPlan
  bytePlan: ByteRowPlan
  validate: RowValidator
  prefix: string
  chunkRows: number
  /** Bytes read at a time. */
  readBytes: number
  /** Longest line, in bytes: a longer one throws RecordTooLong (the file is refused). */
  maxLineBytes: number
  /** False once nothing more will be landed (strict, after a bad row): good rows are only counted. */
  keepRows: () => boolean
  good: (e: Event | undefined) => void
  bad: (line: number, reason: string, raw: string) => void
  /** A touched location (the KPI refresh), once per distinct value. */
  touched: (location: string) => void
  chunk: (c: ByteChunk) => Promise<void>
  /** `chunk` is done with the chunk's payload once it resolves (it wrote the bytes somewhere). */
  payloadDone?: boolean
  progress: (bytesDone: number) => void
}

const LF = 10
const CR = 13

export async function bytePass(o: BytePassOptions): Promise<void> {
  const checker = new RowChecker(o.bytePlan)
  const width = checker.width
  const refCols = o.bytePlan.columns.flatMap((c, i) => (c.ref ? [i] : []))
  const touchCol = o.bytePlan.touchCol
  const tsCol = o.bytePlan.tsCol
  const counts: Record<MasterKind, RefCounts> = { sku: new RefCounts(), location: new RefCounts(), supplier: new RefCounts() }
  const touchedLoc = new Uint8Array(1 << 16)
  let touchedFlags = touchedLoc

  // the chunk being filled
  let out = Buffer.allocUnsafe(Math.min(1 << 24, o.chunkRows * 64))
  let outLen = 0
  let lines = new Uint32Array(Math.min(o.chunkRows, 1 << 16))
  let n = 0
  let first = 0
  let jumps: [number, number][] = []
  let extra = 0
  let direct = true
  let book = new ChunkBook()
  let newest = -Infinity

  const fh = await open(o.file, 'r')
  let buf = Buffer.allocUnsafe(o.readBytes)
  let have = 0
  let filePos = 0
  let line = 1
  let seenHeader = false
  let eof = false
  // a run of good lines in `buf` not yet copied into `out`
  let runA = -1
  let runB = -1

  const copyRun = () => {
    if (runA < 0) return
    const len = runB - runA
    if (outLen + len + 1 > out.length) {
      const grown = Buffer.allocUnsafe(Math.max(out.length * 2, outLen + len + 1))
      out.copy(grown, 0, 0, outLen)
      out = grown
    }
    buf.copy(out, outLen, runA, runB)
    outLen += len
    if (out[outLen - 1] !== LF) out[outLen++] = LF // the file's last line had no line break
    runA = runB = -1
  }

  const addRow = (lineNo: number) => {
    if (n === 0) {
      first = lineNo
      extra = 0
    } else if (lineNo !== first + n + extra) {
      extra = lineNo - first - n
      jumps.push([n, extra])
    }
    if (n >= lines.length) {
      const grown = new Uint32Array(lines.length * 2)
      grown.set(lines)
      lines = grown
    }
    lines[n++] = lineNo
  }

  const emit = async () => {
    copyRun()
    if (n === 0) return
    for (const c of refCols) {
      const kind = checker.kindOf(c)
      const rc = counts[kind]
      if (!rc.seen.length) continue
      const strings = checker.interners[kind].strings
      for (const e of rc.seen) book.addCount(kind, strings[e], rc.count[e], derivedId(o.prefix, rc.firstLine[e]))
      rc.reset()
    }
    if (newest > -Infinity) book.newest.addMs(newest)
    const c: ByteChunk = { payload: out.subarray(0, outLen), n, lines: lines.slice(0, n), first, jumps, direct: direct && jumps.length <= MAX_CSV_JUMPS, book }
    // A chunk whose consumer is done with the bytes when `chunk` resolves (strict: held on disk)
    // leaves the buffer to the next chunk instead of a fresh 16 MiB one.
    if (!o.payloadDone) out = Buffer.allocUnsafe(Math.max(out.length, 1 << 16))
    outLen = 0
    n = 0
    jumps = []
    direct = true
    book = new ChunkBook()
    newest = -Infinity
    await o.chunk(c)
  }

  /** A line the byte check was not sure of: the string path, with CsvReader's fields. */
  const slowRow = (a: number, b: number, lineNo: number): boolean => {
    const raw = buf.toString('latin1', a, b)
    const fields = raw.split(',')
    if (fields.length !== width) {
      o.bad(lineNo, `has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${width}`, raw)
      return false
    }
    const r = o.validate(fields, derivedId(o.prefix, lineNo))
    if (!r.ok) {
      o.bad(lineNo, describeIssues(r.issues), raw)
      return false
    }
    o.good(r.event)
    if (o.keepRows()) {
      book.add(r.event)
      direct = false
    }
    return true
  }

  try {
    for (;;) {
      if (!eof && have < buf.length) {
        const { bytesRead } = await fh.read(buf, have, buf.length - have, filePos)
        if (bytesRead === 0) eof = true
        if (filePos === 0 && bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          buf.copy(buf, 0, 3, bytesRead)
          have -= 3
        }
        have += bytesRead
        filePos += bytesRead
      }
      let pos = 0
      for (;;) {
        let nl = buf.indexOf(LF, pos)
        if (nl < 0 || nl >= have) {
          if (!eof || pos >= have) break
          nl = have // the last line, without a line break
        }
        const lineNo = line++
        let end = nl
        if (end > pos && buf[end - 1] === CR) end--
        if (end - pos > o.maxLineBytes) throw new RecordTooLong(lineNo, o.maxLineBytes)
        if (end === pos) {
          // blank line: skipped (it breaks the run of copied lines)
          if (runA >= 0) copyRun()
          pos = nl + 1
          continue
        }
        if (!seenHeader) {
          seenHeader = true
          pos = nl + 1
          continue
        }
        const keep = o.keepRows()
        let good: boolean
        if (checker.check(buf, pos, end)) {
          good = true
          o.good(undefined)
          if (keep) {
            for (const c of refCols) {
              const e = checker.refs[c]
              if (e >= 0) counts[checker.kindOf(c)].add(e, lineNo)
            }
            if (touchCol >= 0) {
              const e = checker.refs[touchCol]
              if (e >= touchedFlags.length) {
                const grown = new Uint8Array(Math.max(touchedFlags.length * 2, e + 1))
                grown.set(touchedFlags)
                touchedFlags = grown
              }
              if (!touchedFlags[e]) {
                touchedFlags[e] = 1
                o.touched(checker.interners.location.strings[e])
              }
            }
            if (tsCol >= 0 && checker.tsMs > newest) newest = checker.tsMs
          }
        } else good = slowRow(pos, end, lineNo)
        const lineEnd = nl < have ? nl + 1 : have
        if (good && keep) {
          addRow(lineNo)
          if (runA >= 0 && runB === pos) runB = lineEnd
          else {
            copyRun()
            runA = pos
            runB = lineEnd
          }
          if (n >= o.chunkRows) {
            await emit()
          }
        } else if (runA >= 0) copyRun()
        pos = lineEnd
      }
      copyRun()
      // (a CR the buffer ends with may be the line break's)
      if (have - pos - (buf[have - 1] === CR ? 1 : 0) > o.maxLineBytes) throw new RecordTooLong(line, o.maxLineBytes)
      // keep the partial last line for the next read
      if (pos < have) buf.copy(buf, 0, pos, have)
      have -= Math.min(pos, have)
      if (eof && have === 0) break
      if (have === buf.length) {
        // a line longer than the buffer
        const grown = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(grown, 0, 0, have)
        buf = grown
      }
      o.progress(filePos)
    }
    await emit()
  } finally {
    await fh.close()
  }
}

/**
 * TSV rows of a byte chunk, for when ClickHouse cannot take its bytes: each row again through
 * the string validator (it passed before, so it passes now) and the encoder.
 */
export function encodeRows(payload: Buffer, lines: Uint32Array, n: number, validate: RowValidator, prefix: string, type: HeaderPlan['type'], source: string): EncodedChunk {
  const enc = new RowEncoder(type, source)
  let pos = 0
  for (let r = 0; r < n; r++) {
    const nl = payload.indexOf(LF, pos)
    let end = nl
    if (end > pos && payload[end - 1] === CR) end--
    const v = validate(payload.toString('latin1', pos, end).split(','), derivedId(prefix, lines[r]))
    if (!v.ok) throw new Error(`import: a row of line ${lines[r]} passed once and not again`)
    enc.add(v.event)
    pos = nl + 1
  }
  return enc.take()
}
