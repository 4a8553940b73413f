/**
 * The primitive rules of event fields (ids, timestamps, quantities, enumerations), shared by the
 * zod schemas (schema.ts) and the fast paths that must agree with them (fast-accept.ts,
 * lib/import/fast.ts). No zod here, so those modules can import it without a cycle.
 */

/** Earliest and latest timestamps we accept: history back to 2000, and at most a day in the future (clock skew). */
export const MIN_TS = Date.UTC(2000, 0, 1)
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000

/** Ids (event, sku, location, ...): printable ASCII without spaces. */
export const ID_PATTERN = /^[\x21-\x7e]+$/
export const ID_MAX = 128
export const QTY_MAX = 1e9

/**
 * Day-of-month exists (Date.parse quietly turns 2026-02-30 into 2026-03-02). Plain arithmetic, no
 * Date object: this runs for every event, and inside the Next.js server `Date` is a wrapped
 * constructor that costs several times the native one.
 */
export function isCalendarDate(s: string): boolean {
  const y = Number(s.slice(0, 4))
  const m = Number(s.slice(5, 7))
  const d = Number(s.slice(8, 10))
  if (!(m >= 1 && m <= 12 && d >= 1)) return false
  return d <= daysInMonth(y, m)
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Wall-clock ms from the monotonic clock: Next.js instruments `Date.now()` (see isCalendarDate). */
const nowMs = () => performance.timeOrigin + performance.now()

/** ISO-8601 instant with a timezone (Z or ±hh:mm). */
export const TS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

/** A real instant between 2000-01-01 and one day from now. */
export function isInstantInRange(s: string): boolean {
  const t = Date.parse(s)
  return Number.isFinite(t) && isCalendarDate(s) && t >= MIN_TS && t <= nowMs() + MAX_FUTURE_MS
}

export const CHANNELS = ['store', 'ecommerce', 'marketplace', 'dark_store'] as const
export const LOCATION_KINDS = ['store', 'dc', 'dark_store', 'ecom_node'] as const
export const MOVEMENT_KINDS = ['receipt', 'transfer_out', 'transfer_in', 'adjustment', 'shrink', 'count'] as const
export const PRICE_KINDS = ['regular', 'promo', 'markdown'] as const

/**
 * Why a free-text value (a name, a reason, a segment, a tag, an attribute) cannot be stored as
 * sent, or undefined when it can. The one rule for text, used by the zod schemas (schema.ts), the
 * API's fast path (fast-accept.ts) and the CSV validators (lib/import/fast.ts):
 *
 * - a lone UTF-16 surrogate (`"\ud800"` in JSON) has no UTF-8 form: ClickHouse's JSON input
 *   refuses it and fails the whole insert (a high one), stores bytes that are not UTF-8 (a low
 *   one), and the TabSeparated path silently stores U+FFFD instead (measured with chdb 3.4);
 * - control characters other than tab, line feed and carriage return (NUL, U+0001-U+001F, DEL)
 *   and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF, the last two of every plane)
 *   round-trip through ClickHouse, but are never text a person wrote: they come from broken
 *   encoders and break whatever reads the value next (C strings, terminals, CSV exports, ERPs).
 *
 * Tab, line breaks, backslashes, quotes and every other character round-trip exactly
 * (tests/integration/ingest-fuzz.test.ts) and are kept as sent. Ids have a stricter rule of
 * their own (ID_PATTERN: printable ASCII).
 */
export function textProblem(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x20 && c < 0x7f) continue
    if (c < 0x20) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue
      return `contains a control character (${codePoint(c)})`
    }
    if (c === 0x7f) return `contains a control character (${codePoint(c)})`
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (d < 0xdc00 || d > 0xdfff) return 'contains a lone UTF-16 surrogate'
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000
      if ((cp & 0xfffe) === 0xfffe) return `contains a Unicode noncharacter (${codePoint(cp)})`
      i++
      continue
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'contains a lone UTF-16 surrogate'
    if ((c >= 0xfdd0 && c <= 0xfdef) || c === 0xfffe || c === 0xffff) return `contains a Unicode noncharacter (${codePoint(c)})`
  }
  return undefined
}

const codePoint = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
