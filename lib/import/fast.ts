/**
 * Fast row validators for the high-volume event types (sale, return, inventory_snapshot,
 * inventory_movement, price_change).
 *
 * Why: zod validates about 290,000 sale events/s on this 2-core machine (measured with
 * `saleEvent.safeParse` on 200,000 rows), which alone would use the whole 300,000 rows/s import
 * budget before parsing or landing. These functions apply the same rules straight to the CSV
 * cells, several times faster, and build the same event object zod would return.
 *
 * Identical rules: every message is taken from the zod schema itself at start-up (by validating
 * a known bad value), the limits are the schema's, and fast.test.ts checks with generated rows
 * (fast-check) that this path and `toCandidate` + zod accept the same rows, return the same
 * events and report the same issues. Change a rule in lib/events/schema.ts and that test fails
 * until this file follows.
 */
import type { z } from 'zod'
import {
  CHANNELS,
  MAX_FUTURE_MS,
  COUNT_NEGATIVE,
  MIN_TS,
  MOVEMENT_KINDS,
  PRICE_KINDS,
  inventoryMovementEvent,
  inventorySnapshotEvent,
  priceChangeEvent,
  returnEvent,
  saleEvent,
  type Event,
  type EventType,
} from '@/lib/events/schema'
import { textProblem } from '@/lib/events/rules'
import { REQUIRED_MESSAGE, checkCalendar, parseNumberCell, type HeaderPlan, type RowIssue } from './mapping'

export type RowResult = { ok: true; event: Event } | { ok: false; issues: RowIssue[] }

/** Messages zod gives for `value` against `schema` (in order). */
function messages(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

const S = saleEvent.shape
const ID_EMPTY = messages(S.sku, '')[0]
const ID_CHARS = messages(S.sku, 'a b')[0]
const ID_LONG = messages(S.sku, 'x'.repeat(129))[0]
const TS_LONG = messages(S.ts, 'x'.repeat(41))[0]
const TS_FORMAT = messages(S.ts, 'x')[0]
const TS_RANGE = messages(S.ts, '1999-01-01T00:00:00Z')[0]
const QTY_POS = messages(S.qty, 0)[0]
const QTY_MAX = messages(S.qty, 2e9)[0]
const MONEY_MIN = messages(S.unit_price, -1)[0]
const MONEY_MAX = messages(S.unit_price, 2e9)[0]
const CHANNEL = messages(S.channel, '')[0]
const SIGNED_MIN = messages(inventorySnapshotEvent.shape.on_hand, -2e9)[0]
const SIGNED_MAX = messages(inventorySnapshotEvent.shape.on_hand, 2e9)[0]
const NONNEG_MIN = messages(inventorySnapshotEvent.shape.reserved, -1)[0]
const NONNEG_MAX = messages(inventorySnapshotEvent.shape.reserved, 2e9)[0]
const NAME_EMPTY = messages(returnEvent.shape.reason, '')[0]
const NAME_LONG = messages(returnEvent.shape.reason, 'x'.repeat(129))[0]
const CONDITION = messages(returnEvent.shape.condition, '')[0]
const MOVEMENT_KIND = messages(inventoryMovementEvent.shape.kind, '')[0]
const PRICE_KIND = messages(priceChangeEvent.shape.kind, '')[0]
const CONDITIONS = returnEvent.shape.condition.options as readonly string[]

// Read once: re-exported constants are module getters, too slow to call on every row.
const MIN_TS_MS = MIN_TS
const MAX_FUTURE = MAX_FUTURE_MS

const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

/** Collects a row's issues without allocating until there is one. */
class Issues {
  list: RowIssue[] | undefined
  add(path: string, message: string) {
    ;(this.list ??= []).push({ path, message })
  }
}

function checkId(s: string, path: string, out: Issues): string {
  const n = s.length
  if (n === 0) {
    out.add(path, ID_EMPTY)
    out.add(path, ID_CHARS)
    return s
  }
  if (n > 128) out.add(path, ID_LONG)
  // printable ASCII without spaces: 0x21..0x7e
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) {
      out.add(path, ID_CHARS)
      break
    }
  }
  return s
}

function checkName(s: string, path: string, max: number, longMessage: string, out: Issues): string {
  if (s.length === 0) out.add(path, NAME_EMPTY)
  else if (s.length > max) out.add(path, longMessage)
  const problem = textProblem(s)
  if (problem) out.add(path, problem)
  return s
}

/** The last timestamp seen and its verdict: rows of one file often share timestamps. */
let lastTs = ''
let lastTsMs = NaN

function checkTs(s: string, path: string, out: Issues): string {
  const bad = checkCalendar(s, 'strict')
  if (bad) {
    out.add(path, bad)
    return s
  }
  if (s.length > 40) out.add(path, TS_LONG)
  if (!TS_RE.test(s)) out.add(path, TS_FORMAT)
  let t: number
  if (s === lastTs) t = lastTsMs
  else {
    t = utcMillis(s)
    if (t !== t) t = Date.parse(s)
    lastTs = s
    lastTsMs = t
  }
  // A cached clock is never ahead of the real one, so it can only be stricter: a row it refuses
  // is checked again against Date.now(), and the verdict is the same as zod's.
  if (!(t >= MIN_TS_MS && (t <= now() + MAX_FUTURE || t <= Date.now() + MAX_FUTURE))) out.add(path, TS_RANGE)
  return s
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.sss]Z` (the usual machine layout) to epoch ms without Date.parse, or NaN
 * for anything else. Only for real calendar days (checked before) and in-range hours, minutes
 * and seconds, where it equals Date.parse exactly; the rest goes to Date.parse.
 */
export function utcMillis(s: string): number {
  const n = s.length
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN
  let ms = 0
  if (n === 24) {
    if (s.charCodeAt(19) !== 46) return NaN
    const a = dig(s, 20)
    const b = dig(s, 21)
    const c = dig(s, 22)
    if (a < 0 || b < 0 || c < 0) return NaN
    ms = a * 100 + b * 10 + c
  }
  const y1 = pair(s, 0)
  const y2 = pair(s, 2)
  const y = y1 * 100 + y2
  const mo = pair(s, 5)
  const d = pair(s, 8)
  const h = pair(s, 11)
  const mi = pair(s, 14)
  const se = pair(s, 17)
  // Date.UTC reads years 0-99 as 19xx: leave those (and anything odd) to Date.parse.
  if (y1 < 0 || y2 < 0 || y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return NaN
  return Date.UTC(y, mo - 1, d, h, mi, se, ms)
}

function dig(s: string, at: number): number {
  const c = s.charCodeAt(at) - 48
  return c >= 0 && c <= 9 ? c : -1
}

function pair(s: string, at: number): number {
  const a = dig(s, at)
  const b = dig(s, at + 1)
  return a < 0 || b < 0 ? -1 : a * 10 + b
}

let cachedNow = 0
let nowCalls = 0
function now(): number {
  if ((nowCalls++ & 1023) === 0) cachedNow = Date.now()
  return cachedNow
}

function num(s: string, path: string, out: Issues): number {
  if (s === '') {
    out.add(path, REQUIRED_MESSAGE)
    return NaN
  }
  const n = parseNumberCell(s)
  if (typeof n === 'string') {
    out.add(path, n)
    return NaN
  }
  return n
}

function qty(s: string, path: string, out: Issues): number {
  const n = num(s, path, out)
  if (n !== n) return n
  if (!(n > 0)) out.add(path, QTY_POS)
  else if (n > 1e9) out.add(path, QTY_MAX)
  return n
}

function money(s: string, path: string, out: Issues): number {
  const n = num(s, path, out)
  if (n !== n) return n
  if (n < 0) out.add(path, MONEY_MIN)
  else if (n > 1e9) out.add(path, MONEY_MAX)
  return n
}

function signed(s: string, path: string, out: Issues): number {
  const n = num(s, path, out)
  if (n !== n) return n
  if (n < -1e9) out.add(path, SIGNED_MIN)
  else if (n > 1e9) out.add(path, SIGNED_MAX)
  return n
}

function nonNeg(s: string, path: string, out: Issues): number {
  const n = num(s, path, out)
  if (n !== n) return n
  if (n < 0) out.add(path, NONNEG_MIN)
  else if (n > 1e9) out.add(path, NONNEG_MAX)
  return n
}

function oneOf(s: string, options: readonly string[], path: string, message: string, out: Issues): string {
  if (!options.includes(s)) out.add(path, message)
  return s
}

function checkType(f: string[], plan: HeaderPlan, out: Issues) {
  if (plan.typeIndex < 0) return
  const t = f[plan.typeIndex]
  if (t !== '' && t !== plan.type) out.add('type', `must be "${plan.type}" (the type of this import) or empty`)
}

/** Optional cell: absent when the column is missing or the cell is empty. */
const opt = (f: string[], i: number): string | undefined => (i < 0 ? undefined : f[i] === '' ? undefined : f[i])

type FastValidator = (f: string[], eventId: string | undefined) => RowResult

function done(out: Issues, event: Event): RowResult {
  return out.list ? { ok: false, issues: out.list } : { ok: true, event }
}

function idOf(f: string[], plan: HeaderPlan, eventId: string | undefined, out: Issues): string {
  if (eventId !== undefined) return eventId
  return checkId(f[plan.index.event_id], 'event_id', out)
}

function sale(plan: HeaderPlan): FastValidator {
  const ix = plan.index
  const [iTs, iSku, iLoc, iCh, iQty, iPrice, iPromo, iCust, iOrder, iFul] = [
    ix.ts, ix.sku, ix.location, ix.channel, ix.qty, ix.unit_price, ix.promo_id, ix.customer_id, ix.order_id, ix.fulfilment_location,
  ]
  return (f, eventId) => {
    const out = new Issues()
    checkType(f, plan, out)
    const e: Record<string, unknown> = {
      type: 'sale',
      event_id: idOf(f, plan, eventId, out),
      ts: checkTs(f[iTs], 'ts', out),
      sku: checkId(f[iSku], 'sku', out),
      location: checkId(f[iLoc], 'location', out),
      channel: oneOf(f[iCh], CHANNELS, 'channel', CHANNEL, out),
      qty: qty(f[iQty], 'qty', out),
      unit_price: money(f[iPrice], 'unit_price', out),
    }
    let v: string | undefined
    if ((v = opt(f, iPromo)) !== undefined) e.promo_id = checkId(v, 'promo_id', out)
    if ((v = opt(f, iCust)) !== undefined) e.customer_id = checkId(v, 'customer_id', out)
    if ((v = opt(f, iOrder)) !== undefined) e.order_id = checkId(v, 'order_id', out)
    if ((v = opt(f, iFul)) !== undefined) e.fulfilment_location = checkId(v, 'fulfilment_location', out)
    return done(out, e as Event)
  }
}

function ret(plan: HeaderPlan): FastValidator {
  const ix = plan.index
  return (f, eventId) => {
    const out = new Issues()
    checkType(f, plan, out)
    const e: Record<string, unknown> = {
      type: 'return',
      event_id: idOf(f, plan, eventId, out),
      ts: checkTs(f[ix.ts], 'ts', out),
      sku: checkId(f[ix.sku], 'sku', out),
      location: checkId(f[ix.location], 'location', out),
    }
    let v: string | undefined
    if ((v = opt(f, ix.channel)) !== undefined) e.channel = oneOf(v, CHANNELS, 'channel', CHANNEL, out)
    e.qty = qty(f[ix.qty], 'qty', out)
    if ((v = opt(f, ix.unit_price)) !== undefined) e.unit_price = money(v, 'unit_price', out)
    e.reason = checkName(f[ix.reason], 'reason', 128, NAME_LONG, out)
    e.condition = oneOf(f[ix.condition], CONDITIONS, 'condition', CONDITION, out)
    if ((v = opt(f, ix.order_id)) !== undefined) e.order_id = checkId(v, 'order_id', out)
    if ((v = opt(f, ix.customer_id)) !== undefined) e.customer_id = checkId(v, 'customer_id', out)
    return done(out, e as Event)
  }
}

function snapshot(plan: HeaderPlan): FastValidator {
  const ix = plan.index
  return (f, eventId) => {
    const out = new Issues()
    checkType(f, plan, out)
    const e: Record<string, unknown> = {
      type: 'inventory_snapshot',
      event_id: idOf(f, plan, eventId, out),
      ts: checkTs(f[ix.ts], 'ts', out),
      sku: checkId(f[ix.sku], 'sku', out),
      location: checkId(f[ix.location], 'location', out),
      on_hand: signed(f[ix.on_hand], 'on_hand', out),
    }
    const v = opt(f, ix.reserved)
    if (v !== undefined) e.reserved = nonNeg(v, 'reserved', out)
    return done(out, e as Event)
  }
}

function movement(plan: HeaderPlan): FastValidator {
  const ix = plan.index
  return (f, eventId) => {
    const out = new Issues()
    checkType(f, plan, out)
    const typeIssues = out.list?.length ?? 0
    const e: Record<string, unknown> = {
      type: 'inventory_movement',
      event_id: idOf(f, plan, eventId, out),
      ts: checkTs(f[ix.ts], 'ts', out),
      sku: checkId(f[ix.sku], 'sku', out),
      location: checkId(f[ix.location], 'location', out),
      kind: oneOf(f[ix.kind], MOVEMENT_KINDS, 'kind', MOVEMENT_KIND, out),
      qty: signed(f[ix.qty], 'qty', out),
    }
    const v = opt(f, ix.ref)
    if (v !== undefined) e.ref = checkId(v, 'ref', out)
    // Across fields (schema.ts COUNT_NEGATIVE), checked as zod does: when the event's fields all
    // passed (the type column is checked apart from zod, so its issue does not count).
    if ((out.list?.length ?? 0) === typeIssues && e.kind === 'count' && (e.qty as number) < 0) out.add('qty', COUNT_NEGATIVE)
    return done(out, e as Event)
  }
}

function priceChange(plan: HeaderPlan): FastValidator {
  const ix = plan.index
  return (f, eventId) => {
    const out = new Issues()
    checkType(f, plan, out)
    const e: Record<string, unknown> = {
      type: 'price_change',
      event_id: idOf(f, plan, eventId, out),
      ts: checkTs(f[ix.ts], 'ts', out),
      sku: checkId(f[ix.sku], 'sku', out),
      kind: oneOf(f[ix.kind], PRICE_KINDS, 'kind', PRICE_KIND, out),
      price: money(f[ix.price], 'price', out),
    }
    const v = opt(f, ix.location)
    if (v !== undefined) e.location = checkId(v, 'location', out)
    return done(out, e as Event)
  }
}

const FAST: Partial<Record<EventType, (plan: HeaderPlan) => FastValidator>> = {
  sale,
  return: ret,
  inventory_snapshot: snapshot,
  inventory_movement: movement,
  price_change: priceChange,
}

export const FAST_TYPES = Object.keys(FAST) as EventType[]

/** The fast validator for a plan's type, or undefined when the type has none. */
export function fastValidator(plan: HeaderPlan): FastValidator | undefined {
  return FAST[plan.type]?.(plan)
}
