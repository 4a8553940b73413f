/**
 * From validated events to the bytes of a landing-table insert, and the ids of rows without one.
 *
 * Two encodings, chosen by type:
 * - JSONEachRow of `toRow(event)`: exactly what the ingest writer sends (`landEvents`), used for
 *   every type without a fast validator (master data, POs, transfers, promotions, signals,
 *   customers: low volume, and some have arrays and maps).
 * - TabSeparated for the high-volume types (fast.ts), written by hand per type: ClickHouse parses
 *   it faster, and building it does not go through a row object. The columns and values are
 *   those of `toRow` (encode.test.ts checks every type against `tsvFromRow(toRow(e))`).
 *
 * Rows are copied into one Buffer per chunk as they come (a few dozen at a time): keeping hundreds
 * of thousands of small strings alive until a chunk is sent made garbage collection cost more
 * than everything else (measured: 6.9 s against 0.8 s to encode 2,000,000 sales).
 */
import type { Event, EventType } from '@/lib/events/schema'
import { TABLE_BY_TYPE, toRow, type Row } from '@/lib/events/rows'

export type LandingFormat = 'TabSeparated' | 'JSONEachRow'

export const landingTable = (type: EventType) => TABLE_BY_TYPE[type]

/**
 * Ids of rows without an `event_id`: the file's content hash (with the import type), then the
 * line number, zero-padded so ids sort in line order. One file's ids share a prefix, so the
 * landed ones form one key range of `event_ids` (cheap to look up), and the same file imported
 * again gets the same ids, so nothing lands twice.
 */
export function derivedIdPrefix(contentHashHex: string): string {
  return `csv-${contentHashHex.slice(0, 20)}-`
}

export function derivedId(prefix: string, line: number): string {
  const s = String(line)
  return s.length >= 10 ? prefix + s : prefix + '0000000000'.slice(s.length) + s
}

/** TSV escaping as ClickHouse reads it: backslash, tab, line feed, carriage return. */
export function tsvEscape(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 92 || c === 9 || c === 10 || c === 13) return s.replace(/[\\\t\n\r]/g, (m) => (m === '\\' ? '\\\\' : m === '\t' ? '\\t' : m === '\n' ? '\\n' : '\\r'))
  }
  return s
}

/** Ids are printable ASCII without spaces: only a backslash needs escaping. */
const tsvId = (s: string) => (s.indexOf('\\') < 0 ? s : s.replaceAll('\\', '\\\\'))
const opt = (s: string | undefined) => (s === undefined ? '' : tsvId(s))

/** The reference TSV encoding of a landing row (tests compare the fast encoders with it). */
export function tsvFromRow(row: Row, columns: string[]): string {
  return columns.map((c) => tsvValue(row[c])).join('\t') + '\n'
}

function tsvValue(v: unknown): string {
  if (typeof v === 'string') return tsvEscape(v)
  if (typeof v === 'number') return String(v)
  if (v === null || v === undefined) return '\\N'
  throw new Error(`no TSV encoding for ${typeof v}`)
}

type LineEncoder = (e: Event, source: string) => string

/** The landing columns (in `toRow` order) and line encoder of each TSV type. */
const TSV: Partial<Record<EventType, { columns: string[]; line: LineEncoder }>> = {
  sale: {
    columns: ['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price', 'promo_id', 'customer_id', 'order_id', 'fulfilment_location', 'source'],
    line: (ev, source) => {
      const e = ev as Extract<Event, { type: 'sale' }>
      return `${tsvId(e.event_id)}\t${e.ts}\t${tsvId(e.sku)}\t${tsvId(e.location)}\t${e.channel}\t${e.qty}\t${e.unit_price}\t${opt(e.promo_id)}\t${opt(e.customer_id)}\t${opt(e.order_id)}\t${opt(e.fulfilment_location)}\t${source}\n`
    },
  },
  return: {
    columns: ['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price', 'reason', 'condition', 'order_id', 'customer_id', 'source'],
    line: (ev, source) => {
      const e = ev as Extract<Event, { type: 'return' }>
      return `${tsvId(e.event_id)}\t${e.ts}\t${tsvId(e.sku)}\t${tsvId(e.location)}\t${e.channel ?? ''}\t${e.qty}\t${e.unit_price ?? 0}\t${tsvEscape(e.reason)}\t${e.condition}\t${opt(e.order_id)}\t${opt(e.customer_id)}\t${source}\n`
    },
  },
  inventory_snapshot: {
    columns: ['event_id', 'ts', 'sku', 'location', 'on_hand', 'reserved', 'source'],
    line: (ev, source) => {
      const e = ev as Extract<Event, { type: 'inventory_snapshot' }>
      return `${tsvId(e.event_id)}\t${e.ts}\t${tsvId(e.sku)}\t${tsvId(e.location)}\t${e.on_hand}\t${e.reserved ?? 0}\t${source}\n`
    },
  },
  inventory_movement: {
    columns: ['event_id', 'ts', 'sku', 'location', 'kind', 'qty', 'ref', 'source'],
    line: (ev, source) => {
      const e = ev as Extract<Event, { type: 'inventory_movement' }>
      return `${tsvId(e.event_id)}\t${e.ts}\t${tsvId(e.sku)}\t${tsvId(e.location)}\t${e.kind}\t${e.qty}\t${opt(e.ref)}\t${source}\n`
    },
  },
  price_change: {
    columns: ['event_id', 'ts', 'sku', 'kind', 'price', 'location', 'source'],
    line: (ev, source) => {
      const e = ev as Extract<Event, { type: 'price_change' }>
      return `${tsvId(e.event_id)}\t${e.ts}\t${tsvId(e.sku)}\t${e.kind}\t${e.price}\t${opt(e.location)}\t${source}\n`
    },
  },
}

export const TSV_TYPES = Object.keys(TSV) as EventType[]

export function landingFormat(type: EventType): LandingFormat {
  return TSV[type] ? 'TabSeparated' : 'JSONEachRow'
}

/** A chunk of encoded rows: one buffer, one row per line (values never hold a raw line break). */
export interface EncodedChunk {
  payload: Buffer
  n: number
}

/** Rows are appended to a string and copied into the buffer every this many characters. */
const PENDING_CHARS = 32 * 1024

/** Encodes events of one type into the insert for its landing table, chunk by chunk. */
export class RowEncoder {
  readonly format: LandingFormat
  readonly table: string
  /** Insert columns (TabSeparated), or undefined (JSONEachRow names them in every row). */
  readonly columns: string[] | undefined
  private readonly line: LineEncoder
  private buf: Buffer
  private len = 0
  private pending = ''
  private n = 0

  constructor(
    readonly type: EventType,
    private readonly source: string,
    private readonly initialBytes = 1 << 20,
  ) {
    const tsv = TSV[type]
    this.format = tsv ? 'TabSeparated' : 'JSONEachRow'
    this.table = landingTable(type)
    this.columns = tsv?.columns
    this.line = tsv ? tsv.line : (e, s) => JSON.stringify(toRow(e, s)) + '\n'
    if (tsvEscape(source) !== source) throw new Error('source must not hold tabs, line breaks or backslashes')
    this.buf = Buffer.allocUnsafe(initialBytes)
  }

  /** Rows encoded since the last `take`. */
  get rows(): number {
    return this.n
  }

  add(e: Event): void {
    this.pending += this.line(e, this.source)
    this.n++
    if (this.pending.length >= PENDING_CHARS) this.write()
  }

  /** The rows encoded so far; the encoder starts a new chunk. */
  take(): EncodedChunk {
    this.write()
    const chunk = { payload: this.buf.subarray(0, this.len), n: this.n }
    this.buf = Buffer.allocUnsafe(Math.max(this.initialBytes, this.len + (this.len >> 3)))
    this.len = 0
    this.n = 0
    return chunk
  }

  private write() {
    const s = this.pending
    if (!s) return
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.len + s.length * 3 > this.buf.length) {
      const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + s.length * 3))
      this.buf.copy(b, 0, 0, this.len)
      this.buf = b
    }
    this.len += this.buf.write(s, this.len, 'utf8')
    this.pending = ''
  }
}
