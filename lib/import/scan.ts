/**
 * Byte-level row checks for the common case of a high-volume import: the rows are checked on
 * the file's bytes, no strings, no event objects, no encoding, and the rows that pass are landed
 * by ClickHouse reading the CSV bytes themselves (server/import/lander.ts, `CsvRows`).
 *
 * Why: the string path (CsvReader + fast.ts + the TSV encoder) costs about 4.4 CPU-µs per sale
 * row on this 2-core machine (measured on 500,000 rows: splitting into field strings 1.5 µs,
 * validating into an event object 1.7 µs, bookkeeping 0.5 µs, TSV encoding 2.0 µs, under load),
 * and ClickHouse then parses the TSV anyway. Checking the bytes in place costs well under
 * 1 µs per row (see bench/import.ts, "JavaScript alone"), and ClickHouse parses the original
 * CSV cells about as fast as the TSV (chunk of 250,000 sales into raw_sales and its views: 3.4
 * against 3.6 CPU-µs per row).
 *
 * The byte check only ever says "certainly good, and ClickHouse reads these bytes to exactly the
 * event's values" or "don't know". Don't-know rows go through the string validator (fast.ts,
 * itself cross-checked against zod), which gives the verdict and the exact reasons; a good row
 * that was not certain makes its chunk go the old way (TSV encoded from the event). scan.test.ts
 * checks on generated rows that every row this file accepts is accepted by the string validator.
 *
 * "Reads to exactly the same values": cells are kept to what ClickHouse's CSV reader takes
 * verbatim (printable ASCII, no quotes, no backslash: `\N` would read as NULL), numbers to
 * unsigned plain decimals of at most 15 characters without leading zeros (read with
 * `precise_float_parsing = 1`, which gives exactly `Number(text)`: checked on 300,000 random
 * decimals, where the default parser differed for 0.6% of them), timestamps to the layouts
 * `YYYY-MM-DDTHH:MM:SS[.sss]Z` (ClickHouse parses the same text in either path).
 *
 * Reference values (sku, location, supplier) are interned from the bytes (byte-intern.ts).
 */
import { CHANNELS, MAX_FUTURE_MS, MIN_TS, MOVEMENT_KINDS, PRICE_KINDS, returnEvent, type EventType } from '@/lib/events/schema'
import type { MasterKind } from '@/lib/events/rows'
import { daysInMonth, type HeaderPlan } from './mapping'
import { ByteInterner } from './byte-intern'

type Kind = 'id' | 'ts' | 'qty' | 'money' | 'signed' | 'nonneg' | 'enum' | 'type' | 'name'

interface ColSpec {
  kind: Kind
  optional: boolean
  /** enum: the allowed values; type: the import's type. */
  options?: Uint8Array[]
  /** Master-data reference counted by the bookkeeping. */
  ref?: MasterKind
}

export interface ByteColumn extends ColSpec {
  /** The event field (landing column) this file column holds, or undefined (`type`). */
  field: string | undefined
}

export interface ByteRowPlan {
  type: EventType
  columns: ByteColumn[]
  /** Column index of `ts`. */
  tsCol: number
  /** Column whose value is a touched location (the KPI refresh), or -1. */
  touchCol: number
}

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))
// Read once: re-exported constants are module getters, too slow to call on every row.
const MIN_TS_MS = MIN_TS
const MAX_FUTURE = MAX_FUTURE_MS
const enumOf = (values: readonly string[]): Uint8Array[] => values.map(bytes)

const CONDITIONS = returnEvent.shape.condition.options as readonly string[]

/** The time, sku and location of the stock and sales types: every one requires all three. */
const AT_SKU_LOCATION: Record<'ts' | 'sku' | 'location', ColSpec> = {
  ts: { kind: 'ts', optional: false },
  sku: { kind: 'id', optional: false, ref: 'sku' },
  location: { kind: 'id', optional: false, ref: 'location' },
}

/** The fields of each type with a byte check: the same rules as fast.ts, field by field. */
const SPECS: Partial<Record<EventType, Record<string, ColSpec>>> = {
  sale: {
    ...AT_SKU_LOCATION,
    channel: { kind: 'enum', optional: false, options: enumOf(CHANNELS) },
    qty: { kind: 'qty', optional: false },
    unit_price: { kind: 'money', optional: false },
    promo_id: { kind: 'id', optional: true },
    customer_id: { kind: 'id', optional: true },
    order_id: { kind: 'id', optional: true },
    fulfilment_location: { kind: 'id', optional: true, ref: 'location' },
  },
  return: {
    ...AT_SKU_LOCATION,
    channel: { kind: 'enum', optional: true, options: enumOf(CHANNELS) },
    qty: { kind: 'qty', optional: false },
    unit_price: { kind: 'money', optional: true },
    reason: { kind: 'name', optional: false },
    condition: { kind: 'enum', optional: false, options: enumOf(CONDITIONS) },
    order_id: { kind: 'id', optional: true },
    customer_id: { kind: 'id', optional: true },
  },
  inventory_snapshot: {
    ...AT_SKU_LOCATION,
    on_hand: { kind: 'signed', optional: false },
    reserved: { kind: 'nonneg', optional: true },
  },
  inventory_movement: {
    ...AT_SKU_LOCATION,
    kind: { kind: 'enum', optional: false, options: enumOf(MOVEMENT_KINDS) },
    qty: { kind: 'signed', optional: false },
    ref: { kind: 'id', optional: true },
  },
  price_change: {
    ts: { kind: 'ts', optional: false },
    sku: { kind: 'id', optional: false, ref: 'sku' },
    kind: { kind: 'enum', optional: false, options: enumOf(PRICE_KINDS) },
    price: { kind: 'money', optional: false },
    location: { kind: 'id', optional: true, ref: 'location' },
  },
}

/** Types whose touched locations are the `location` column (bookkeeping.ts `ImportBook.touched`). */
const TOUCHES_LOCATION: ReadonlySet<EventType> = new Set(['sale', 'return', 'inventory_snapshot', 'inventory_movement'])

/**
 * The byte plan of a file, or undefined when its rows cannot take this path: a type without a
 * byte check, or a file with an `event_id` column (ids from the file must be checked for repeats
 * and landed ids row by row: the string path does that).
 */
export function byteRowPlan(plan: HeaderPlan): ByteRowPlan | undefined {
  const specs = SPECS[plan.type]
  if (!specs || plan.hasEventId) return undefined
  const columns: ByteColumn[] = plan.header.map((name, i) => {
    if (i === plan.typeIndex) return { kind: 'type', optional: true, options: [bytes(plan.type)], field: undefined }
    const spec = specs[name]
    if (!spec) throw new Error(`no byte check for ${plan.type}.${name}`)
    return { ...spec, field: name }
  })
  const tsCol = plan.header.indexOf('ts')
  const touchCol = TOUCHES_LOCATION.has(plan.type) ? plan.header.indexOf('location') : -1
  return { type: plan.type, columns, tsCol, touchCol }
}

const MAX_DIGITS = 15
const LIMIT = 1e9

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian), without Date. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * Checks one row's bytes against a byte plan. `check` answers true when the row is certainly
 * good; it then leaves the row's timestamp (ms) in `tsMs` and, for each reference column, the
 * interned value in `refs`.
 */
export class RowChecker {
  readonly width: number
  private readonly kinds: Kind[]
  private readonly optional: boolean[]
  private readonly options: (Uint8Array[] | undefined)[]
  private readonly refCols: number[]
  /** Interned value of each column (reference columns only; -1 when empty). */
  readonly refs: Int32Array
  /** One interner per master kind. */
  readonly interners: Record<MasterKind, ByteInterner> = { sku: new ByteInterner(), location: new ByteInterner(), supplier: new ByteInterner() }
  private readonly refKind: (MasterKind | undefined)[]
  tsMs = 0
  /** Field boundaries of the last row checked: field k is [starts[k], ends[k]). */
  readonly starts: Int32Array
  readonly ends: Int32Array
  private nowMs = Date.now()
  private calls = 0

  constructor(readonly plan: ByteRowPlan) {
    const cols = plan.columns
    this.width = cols.length
    this.kinds = cols.map((c) => c.kind)
    this.optional = cols.map((c) => c.optional)
    this.options = cols.map((c) => c.options)
    this.refKind = cols.map((c) => c.ref)
    this.refCols = cols.flatMap((c, i) => (c.ref ? [i] : []))
    this.refs = new Int32Array(cols.length).fill(-1)
    this.starts = new Int32Array(cols.length + 1)
    this.ends = new Int32Array(cols.length + 1)
  }

  /** Is buf[a, b) (one line, without its line break) certainly a good row? */
  check(buf: Uint8Array, a: number, b: number): boolean {
    if ((this.calls++ & 1023) === 0) this.nowMs = Date.now()
    const width = this.width
    const starts = this.starts
    const ends = this.ends
    // split at commas
    let k = 0
    let s = a
    for (let i = a; i < b; i++) {
      if (buf[i] === 44) {
        if (k >= width - 1) return false
        starts[k] = s
        ends[k++] = i
        s = i + 1
      }
    }
    if (k !== width - 1) return false
    starts[k] = s
    ends[k] = b
    for (let c = 0; c < width; c++) {
      const fa = starts[c]
      const fb = ends[c]
      if (fa === fb) {
        if (!this.optional[c]) return false
        this.refs[c] = -1
        continue
      }
      switch (this.kinds[c]) {
        case 'id': {
          if (fb - fa > 128) return false
          let h = 0x811c9dc5 | 0
          for (let i = fa; i < fb; i++) {
            const ch = buf[i]
            // printable ASCII without space; not `"` or `\` (ClickHouse's CSV reader treats those specially)
            if (ch < 0x21 || ch > 0x7e || ch === 0x22 || ch === 0x5c) return false
            h = Math.imul(h ^ ch, 16777619)
          }
          const kind = this.refKind[c]
          if (kind) this.refs[c] = this.interners[kind].intern(buf, fa, fb, h)
          break
        }
        case 'ts':
          if (!this.ts(buf, fa, fb)) return false
          break
        case 'enum':
        case 'type':
          if (!oneOf(buf, fa, fb, this.options[c]!)) return false
          break
        case 'name': {
          // 1..128 characters (ASCII here), no quote, backslash or control character, not
          // starting or ending with a space (ClickHouse may trim those)
          if (fb - fa > 128 || buf[fa] === 0x20 || buf[fb - 1] === 0x20) return false
          for (let i = fa; i < fb; i++) {
            const ch = buf[i]
            if (ch < 0x20 || ch > 0x7e || ch === 0x22 || ch === 0x5c) return false
          }
          break
        }
        default:
          if (!this.number(buf, fa, fb, this.kinds[c])) return false
      }
    }
    return true
  }

  /** Interned reference values of the last good row: [kind, entry] per reference column. */
  get refColumns(): number[] {
    return this.refCols
  }

  kindOf(col: number): MasterKind {
    return this.refKind[col]!
  }

  /**
   * An unsigned plain decimal (`12`, `0.5`, `2.50`; no sign, exponent or leading zero; at most
   * 15 characters) within the kind's limits.
   */
  private number(buf: Uint8Array, a: number, b: number, kind: Kind): boolean {
    const n = b - a
    if (n > MAX_DIGITS) return false
    let int = 0
    let i = a
    for (; i < b; i++) {
      const d = buf[i] - 48
      if (d < 0 || d > 9) break
      int = int * 10 + d
    }
    const intLen = i - a
    if (intLen === 0 || (intLen > 1 && buf[a] === 48)) return false
    let frac = false
    if (i < b) {
      if (buf[i] !== 46 || i === b - 1) return false
      for (i++; i < b; i++) {
        const d = buf[i] - 48
        if (d < 0 || d > 9) return false
        if (d !== 0) frac = true
      }
    }
    // at most 1e9 (all kinds); qty: more than 0
    if (int > LIMIT || (int === LIMIT && frac)) return false
    if (kind === 'qty' && int === 0 && !frac) return false
    return true
  }

  /** `YYYY-MM-DDTHH:MM:SS[.sss]Z`, a real day, in range (the range against a clock read every 1,024 rows: never ahead, so only stricter). */
  private ts(buf: Uint8Array, a: number, b: number): boolean {
    const n = b - a
    if ((n !== 20 && n !== 24) || buf[b - 1] !== 90 || buf[a + 4] !== 45 || buf[a + 7] !== 45 || buf[a + 10] !== 84 || buf[a + 13] !== 58 || buf[a + 16] !== 58) return false
    let ms = 0
    if (n === 24) {
      if (buf[a + 19] !== 46) return false
      const x = d3(buf, a + 20)
      if (x < 0) return false
      ms = x
    }
    const y1 = d2(buf, a)
    const y2 = d2(buf, a + 2)
    const mo = d2(buf, a + 5)
    const d = d2(buf, a + 8)
    const h = d2(buf, a + 11)
    const mi = d2(buf, a + 14)
    const se = d2(buf, a + 17)
    if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return false
    const y = y1 * 100 + y2
    if (y < 2000 || d > daysInMonth(y, mo)) return false
    const t = daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + se * 1000 + ms
    if (t < MIN_TS_MS || t > this.nowMs + MAX_FUTURE) return false
    this.tsMs = t
    return true
  }
}

function d2(buf: Uint8Array, at: number): number {
  const a = buf[at] - 48
  const b = buf[at + 1] - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

function d3(buf: Uint8Array, at: number): number {
  const a = d2(buf, at)
  const c = buf[at + 2] - 48
  return a >= 0 && c >= 0 && c <= 9 ? a * 10 + c : -1
}

function oneOf(buf: Uint8Array, a: number, b: number, options: Uint8Array[]): boolean {
  const n = b - a
  for (const o of options) {
    if (o.length !== n) continue
    let i = 0
    while (i < n && o[i] === buf[a + i]) i++
    if (i === n) return true
  }
  return false
}
