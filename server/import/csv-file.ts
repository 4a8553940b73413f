/**
 * The CSV import's file handling (import-csv.ts): spooling an upload to DATA_DIR/tmp within
 * IMPORT_MAX_BYTES, sweeping files a crashed import left there, reading a file as strict UTF-8
 * text, and its header row within IMPORT_MAX_LINE_BYTES, and hashing its raw bytes (derived event
 * ids). A FileProblem refuses the file.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { isAscii } from 'node:buffer'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { CsvReader } from '@/lib/import/csv'

/** The file cannot be imported; the message says why. */
export class FileProblem extends Error {}

/** Bytes read (and parsed, on the event loop) at a time: about 10 ms of work, so sockets stay served. */
const READ_CHUNK = 256 * 1024
export const PROGRESS_EVERY_MS = 200

export const tooLarge = (maxBytes: number) => `the file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES)`

/** Files an import leaves in DATA_DIR/tmp while it runs; ones older than a day are from a crash. */
export function sweepStale(dir: string) {
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

/** Store a stream in `dir` (DATA_DIR/tmp) so it can be read twice; `onBytes` hears how far it got. */
export async function spool(dir: string, input: Readable | ReadableStream<Uint8Array>, maxBytes: number, onBytes?: (bytesDone: number) => void): Promise<string> {
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
      if (bytes > maxBytes) throw new FileProblem(tooLarge(maxBytes))
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      if (onBytes && performance.now() - last > PROGRESS_EVERY_MS) {
        last = performance.now()
        onBytes(bytes)
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
export async function readText(file: string, onText: (text: string, bytesDone: number) => void | Promise<void>, onBytes?: (buf: Buffer) => void): Promise<void> {
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
export async function readHeader(file: string, maxLineBytes: number): Promise<string[] | undefined> {
  let header: string[] | undefined
  let malformed: string | undefined
  const reader = new CsvReader(
    (rec) => void (header ??= [...rec.fields]),
    (line, reason) => void (malformed ??= `line ${line}: ${reason}`),
    maxLineBytes,
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

/**
 * One read of the raw bytes, unparsed: the SHA-256 of the type and the content (rows without an
 * event_id get ids derived from it), and, when `checkPlain`, whether the file is plain: ASCII after
 * a byte-order mark, without quotes (what the byte path needs).
 */
export async function hashContent(file: string, type: string, checkPlain: boolean, readBytes: number): Promise<{ sha256: string; plain: boolean }> {
  const hash = createHash('sha256').update(`${type}\n`)
  let plain = checkPlain
  let at = 0
  for await (const b of createReadStream(file, { highWaterMark: readBytes })) {
    const buf = b as Buffer
    hash.update(buf)
    if (plain) {
      const body = at === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf
      if (!isAscii(body) || body.indexOf(34) >= 0) plain = false
    }
    at += buf.length
  }
  return { sha256: hash.digest('hex'), plain }
}
