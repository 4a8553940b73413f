/**
 * Shared pieces of the data-set loaders (m5.ts, online-retail.ts): a converted data set is a list
 * of import files, one per event type, each a header and rows of cells, written out as CSV text
 * in the import's own column mapping (README.md) and landed by the same import as any file.
 */
import type { EventType } from '@/lib/events/schema'
import { CsvReader, csvField } from './csv'

export interface SourceFile {
  type: EventType
  header: string[]
  /** The rows, produced when read (a data set may hold millions). */
  rows: () => Iterable<string[]>
}

/** Every record of a (small) CSV text, header included. Malformed rows throw. */
export function readCsv(text: string): string[][] {
  const out: string[][] = []
  const r = new CsvReader(
    (rec) => out.push([...rec.fields]),
    (line, reason) => {
      throw new Error(`line ${line}: ${reason}`)
    },
  )
  r.push(text)
  r.end()
  return out
}

export interface CsvRow {
  /** A cell by header name. */
  get(name: string): string
  line: number
}

/** A CSV text's rows (after the header), read lazily in pieces so no more than a piece is kept. */
export function* csvRows(text: string, pieceChars = 1 << 20): Generator<CsvRow> {
  let index: Map<string, number> | undefined
  let batch: CsvRow[] = []
  const r = new CsvReader(
    (rec) => {
      if (!index) {
        index = new Map(rec.fields.map((f, i) => [f.trim(), i]))
        return
      }
      const fields = [...rec.fields]
      const idx = index
      batch.push({
        line: rec.line,
        get(name) {
          const i = idx.get(name)
          if (i === undefined) throw new Error(`no column ${name}`)
          return fields[i] ?? ''
        },
      })
    },
    (line, reason) => {
      throw new Error(`line ${line}: ${reason}`)
    },
  )
  for (let at = 0; at < text.length; at += pieceChars) {
    r.push(text.slice(at, at + pieceChars))
    yield* batch
    batch = []
  }
  r.end()
  yield* batch
}

/** Read a CSV text row by row, by header name. */
export function eachCsvRow(text: string, each: (get: (name: string) => string, line: number) => void): void {
  for (const row of csvRows(text)) each(row.get, row.line)
}

/** A source file as CSV text, in pieces of about `pieceChars` characters. */
export function* csvText(file: SourceFile, pieceChars = 1 << 20): Generator<string> {
  let piece = file.header.join(',') + '\n'
  for (const row of file.rows()) {
    let line = ''
    for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i])
    piece += line + '\n'
    if (piece.length >= pieceChars) {
      yield piece
      piece = ''
    }
  }
  if (piece) yield piece
}

/** Money rounded to cents, as text. */
export const cents = (x: number) => String(Math.round(x * 100) / 100)

/** An id-safe upper-case slug: `United Kingdom` -> `UNITED_KINGDOM`. */
export const slug = (s: string) =>
  s
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '') || 'UNKNOWN'

/** The most frequent value (ties: the first seen). */
export function mode<T>(counts: Map<T, number>): T | undefined {
  let best: T | undefined
  let n = -1
  for (const [v, c] of counts) {
    if (c > n) {
      best = v
      n = c
    }
  }
  return best
}
