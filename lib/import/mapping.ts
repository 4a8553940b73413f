/**
 * CSV column mapping: which columns a file of each event type has and how a cell becomes a field
 * value. Documented for users in lib/import/README.md (a test keeps the two in step).
 *
 * The columns are derived from the zod schemas in lib/events/schema.ts, so a field added there is
 * importable at once: the header names are the event field names; `type` is implied by the
 * import (a `type` column is allowed and must then say the same type); `event_id` is optional
 * (derived from the file's content hash and line number when absent).
 *
 * Cells: an empty cell of an optional field means "absent". Numbers are plain decimals
 * (`12`, `-3.5`, `1e3`). List fields (promotion skus, locations, channels; external_signal tags)
 * are `|`-separated (an empty cell is an empty list). A customer's `attributes` come from columns
 * named `attributes.<key>`, one per key (empty cells are left out).
 *
 * Two rules are stricter here than in the zod schemas, because ClickHouse refuses the values and
 * one such row would fail a whole chunk of the import: every date and timestamp must name a real
 * calendar day (zod's `Date.parse` accepts 2026-02-30 and rolls it into March), and the loosely
 * checked timestamps (`promised_at`, `expected_at`, `end`) must be ISO-8601 dates or date-times.
 */
import { z } from 'zod'
import { EVENT_TYPES, event as eventSchema, type EventType } from '@/lib/events/schema'

export const IMPORT_TYPES: readonly EventType[] = EVENT_TYPES

/** strict: one bad row rejects the file, nothing is written; skip-bad: bad rows are skipped and listed. */
export type ImportMode = 'strict' | 'skip-bad'
export const IMPORT_MODES: readonly ImportMode[] = ['strict', 'skip-bad']

export type FieldKind = 'string' | 'number' | 'list' | 'record'
/** `strict`: ISO timestamp checked by zod; `loose`: any Date.parse-able string in zod; `date`: YYYY-MM-DD. */
export type TimeKind = 'strict' | 'loose' | 'date'

export interface FieldSpec {
  name: string
  kind: FieldKind
  optional: boolean
  time?: TimeKind
}

const TIME_FIELDS: Record<string, TimeKind> = {
  ts: 'strict',
  ordered_at: 'strict',
  received_at: 'strict',
  shipped_at: 'strict',
  start: 'strict',
  promised_at: 'loose',
  expected_at: 'loose',
  end: 'loose',
  season_end: 'date',
  joined_at: 'date',
}

export function schemaOf(type: EventType): z.ZodObject {
  const s = eventSchema.options.find((o) => o.shape.type.value === type)
  if (!s) throw new Error(`unknown event type: ${type}`)
  return s as unknown as z.ZodObject
}

function describe(name: string, schema: z.ZodType): FieldSpec {
  let s = schema
  let optional = false
  for (;;) {
    const t = s.def.type
    if (t === 'optional' || t === 'default') {
      optional = true
      s = (s.def as unknown as { innerType: z.ZodType }).innerType
      continue
    }
    break
  }
  const t = s.def.type
  const kind: FieldKind = t === 'number' ? 'number' : t === 'array' ? 'list' : t === 'record' ? 'record' : 'string'
  const time = TIME_FIELDS[name]
  return { name, kind, optional, ...(time ? { time } : {}) }
}

const specCache = new Map<EventType, FieldSpec[]>()

/** The fields of an event type, in schema order, without `type`. */
export function fieldsOf(type: EventType): FieldSpec[] {
  let specs = specCache.get(type)
  if (!specs) {
    specs = Object.entries(schemaOf(type).shape)
      .filter(([name]) => name !== 'type')
      .map(([name, s]) => describe(name, s as z.ZodType))
    specCache.set(type, specs)
  }
  return specs
}

/** The columns of an import file: required ones first, then the optional ones. */
export function columnsOf(type: EventType): { required: string[]; optional: string[] } {
  const required: string[] = []
  const optional: string[] = ['event_id', 'type']
  for (const f of fieldsOf(type)) {
    if (f.name === 'event_id') continue
    const name = f.kind === 'record' ? `${f.name}.<key>` : f.name
    ;(f.optional ? optional : required).push(name)
  }
  return { required, optional }
}

/** How one column of a file maps to a field. */
export interface Column {
  index: number
  spec: FieldSpec
  /** For `attributes.<key>` columns: the key. */
  key?: string
}

export interface HeaderPlan {
  type: EventType
  header: string[]
  columns: Column[]
  /** Column index of each field (by name), -1 when the file has no such column. */
  index: Record<string, number>
  hasEventId: boolean
  /** Column index of a `type` column, or -1. */
  typeIndex: number
}

export type PlanResult = { ok: true; plan: HeaderPlan } | { ok: false; error: string }

/** Check a header row against the type's columns. */
export function planHeader(type: EventType, header: string[]): PlanResult {
  if (!IMPORT_TYPES.includes(type)) return { ok: false, error: `unknown event type "${type}"; expected one of: ${IMPORT_TYPES.join(', ')}` }
  const specs = fieldsOf(type)
  const byName = new Map(specs.map((s) => [s.name, s]))
  const names = header.map((h) => h.trim())
  const seen = new Set<string>()
  const unknown: string[] = []
  const dup: string[] = []
  const columns: Column[] = []
  const index: Record<string, number> = {}
  for (const s of specs) index[s.name] = -1
  let typeIndex = -1
  names.forEach((name, i) => {
    if (seen.has(name)) dup.push(name)
    seen.add(name)
    if (name === 'type') {
      typeIndex = i
      return
    }
    const dot = name.indexOf('.')
    if (dot > 0) {
      const spec = byName.get(name.slice(0, dot))
      const key = name.slice(dot + 1)
      if (spec?.kind === 'record' && key.length > 0 && key.length <= 64) {
        columns.push({ index: i, spec, key })
        index[spec.name] = i
        return
      }
    }
    const spec = byName.get(name)
    if (!spec || spec.kind === 'record') {
      unknown.push(name === '' ? '(empty header)' : name)
      return
    }
    columns.push({ index: i, spec })
    index[name] = i
  })
  const missing = specs.filter((s) => !s.optional && s.name !== 'event_id' && index[s.name] < 0).map((s) => s.name)
  const problems: string[] = []
  if (missing.length) problems.push(`missing column(s): ${missing.join(', ')}`)
  if (unknown.length) problems.push(`unknown column(s): ${unknown.join(', ')}`)
  if (dup.length) problems.push(`repeated column(s): ${[...new Set(dup)].join(', ')}`)
  if (problems.length) {
    const { required, optional } = columnsOf(type)
    return {
      ok: false,
      error: `header: ${problems.join('; ')}. A ${type} file has the columns ${required.join(', ')} and optionally ${optional.join(', ')}`,
    }
  }
  return { ok: true, plan: { type, header: names, columns, index, hasEventId: index.event_id >= 0, typeIndex } }
}

export interface RowIssue {
  path: string
  message: string
}

/** Plain decimal numbers only: no hex, no spaces, no `Infinity`. */
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

export const NUMBER_MESSAGE = 'must be a number, e.g. 12 or -3.5'
export const REQUIRED_MESSAGE = 'is required'
export const FINITE_MESSAGE = 'must be a finite number'
export const CALENDAR_MESSAGE = 'must be a real calendar date'
export const LOOSE_TS_MESSAGE = 'must be an ISO-8601 date or timestamp, e.g. 2026-02-07 or 2026-02-07T09:00:00Z'

/** `123` or `12.5`: the common case, checked without the regular expression. */
function plainDecimal(s: string): boolean {
  const n = s.length
  if (n === 0 || n > 15) return false
  let dot = false
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c === 46) {
      if (dot || i === 0 || i === n - 1) return false
      dot = true
    } else if (c < 48 || c > 57) return false
  }
  return true
}

/** A cell to a number, or the reason it is not one. */
export function parseNumberCell(s: string): number | string {
  if (!plainDecimal(s) && !NUMBER.test(s)) return NUMBER_MESSAGE
  const n = Number(s)
  return Number.isFinite(n) ? n : FINITE_MESSAGE
}

const LOOSE_TS = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * The import's extra rule for dates and timestamps (see the file comment). Returns a message or
 * undefined. Strings that do not start with YYYY-MM-DD are left to the zod rules.
 */
export function checkCalendar(s: string, time: TimeKind): string | undefined {
  if (time === 'loose' && !LOOSE_TS.test(s)) return LOOSE_TS_MESSAGE
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined
  const m = two(s, 5)
  const d = two(s, 8)
  if (m < 0 || d < 0) return undefined
  if (d >= 1 && d <= 28 && m >= 1 && m <= 12) return undefined
  const y1 = two(s, 0)
  const y2 = two(s, 2)
  if (y1 < 0 || y2 < 0) return undefined
  const y = y1 * 100 + y2
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return CALENDAR_MESSAGE
  return undefined
}

/** Two decimal digits at `at`, or -1. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48
  const b = s.charCodeAt(at + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/**
 * A row's cells to the candidate object zod validates, plus the conversion issues (a field with a
 * conversion issue is left out of the candidate and its zod issues are ignored).
 */
export function toCandidate(plan: HeaderPlan, fields: string[], eventId: string | undefined): { candidate: Record<string, unknown>; issues: RowIssue[] } {
  const candidate: Record<string, unknown> = { type: plan.type }
  const issues: RowIssue[] = []
  if (eventId !== undefined) candidate.event_id = eventId
  if (plan.typeIndex >= 0) {
    const t = fields[plan.typeIndex]
    if (t !== '' && t !== plan.type) issues.push({ path: 'type', message: `must be "${plan.type}" (the type of this import) or empty` })
  }
  for (const col of plan.columns) {
    const { spec } = col
    const cell = fields[col.index]
    if (spec.kind === 'record') {
      if (cell === '') continue
      const rec = (candidate[spec.name] ??= {}) as Record<string, string>
      rec[col.key!] = cell
      continue
    }
    if (cell === '' && spec.kind !== 'list') {
      if (spec.optional) continue
      if (spec.kind === 'number') {
        issues.push({ path: spec.name, message: REQUIRED_MESSAGE })
        continue
      }
    }
    switch (spec.kind) {
      case 'string':
        if (spec.time && cell !== '') {
          const bad = checkCalendar(cell, spec.time)
          if (bad) {
            issues.push({ path: spec.name, message: bad })
            continue
          }
        }
        candidate[spec.name] = cell
        break
      case 'number': {
        const n = parseNumberCell(cell)
        if (typeof n === 'string') issues.push({ path: spec.name, message: n })
        else candidate[spec.name] = n
        break
      }
      case 'list':
        candidate[spec.name] = cell === '' ? [] : cell.split('|')
        break
    }
  }
  return { candidate, issues }
}
