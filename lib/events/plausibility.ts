/**
 * Plausibility: bounds on what a valid event may say before it is summed into figures.
 *
 * The schema (schema.ts) says what an event can be; this says what it is believable for a retailer
 * to send. A sale line of 1,000,000,000 units at £1,000,000,000 is a valid event and an absurd one:
 * summed, it buried every revenue figure. An event outside these bounds is not refused (the batch
 * is still accepted), it is quarantined: it lands in `raw_quarantine` with the rules it failed,
 * counts as landed for dedup, is never summed, and is listed as a data-quality issue.
 *
 * Each rule is `<type>.<field>` with a `{min, max}`; the defaults below fit retail and are
 * overridden per rule by the PLAUSIBILITY_BOUNDS variable (JSON, `null` turns a rule off):
 *   PLAUSIBILITY_BOUNDS='{"sale.qty":{"max":50000},"promotion.discount_pct":null}'
 * Derived fields: `line_value` (qty x unit_price), `lead_days` (promised_at - ordered_at),
 * `transit_days` (expected_at - shipped_at), `duration_days` (end - start), and `ts.age_days`
 * (now - the event's ts, for every type: a negative value is in the future; off by default,
 * because imported history may be years old).
 *
 * Pure; each rule also has its SQL form over the landing table's columns, so that a CSV import
 * (whose fast path never builds an event object) is checked by ClickHouse with the same bounds.
 */
import { z } from 'zod'
import { EVENT_TYPES, type Event, type EventType } from './schema'

export interface Bound {
  min?: number
  max?: number
}

interface RuleDef {
  /** The event type, or '*' for every type. */
  type: EventType | '*'
  field: string
  describe: string
  default: Bound | null
  /** The value from a validated event (undefined: the field is absent, nothing to check). */
  value: (e: Event, nowMs: number) => number | undefined
  /** The same value as a ClickHouse expression over the landing table's columns. */
  sql: string
}

const DAY_MS = 86_400_000
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS
const sqlDays = (from: string, to: string) => `(toUnixTimestamp64Milli(${to}) - toUnixTimestamp64Milli(${from})) / ${DAY_MS}`

/* eslint-disable @typescript-eslint/no-explicit-any -- each rule reads fields of its own type */
const f = (name: string) => (e: Event) => (e as any)[name] as number | undefined

const RULES: RuleDef[] = [
  { type: 'sale', field: 'qty', describe: 'units on one sale line', default: { max: 10_000 }, value: f('qty'), sql: 'qty' },
  { type: 'sale', field: 'unit_price', describe: 'price of one unit sold', default: { max: 100_000 }, value: f('unit_price'), sql: 'unit_price' },
  {
    type: 'sale', field: 'line_value', describe: 'qty x unit_price of one sale line', default: { max: 1_000_000 },
    value: (e) => (e as any).qty * (e as any).unit_price, sql: 'qty * unit_price',
  },
  { type: 'return', field: 'qty', describe: 'units on one return line', default: { max: 10_000 }, value: f('qty'), sql: 'qty' },
  { type: 'return', field: 'unit_price', describe: 'price of one unit returned', default: { max: 100_000 }, value: f('unit_price'), sql: 'unit_price' },
  { type: 'inventory_snapshot', field: 'on_hand', describe: 'units on hand at one location', default: { min: -100_000, max: 10_000_000 }, value: f('on_hand'), sql: 'on_hand' },
  { type: 'inventory_snapshot', field: 'reserved', describe: 'units reserved at one location', default: { max: 10_000_000 }, value: f('reserved'), sql: 'reserved' },
  { type: 'inventory_movement', field: 'qty', describe: 'units moved (signed)', default: { min: -10_000_000, max: 10_000_000 }, value: f('qty'), sql: 'qty' },
  { type: 'purchase_order', field: 'qty', describe: 'units ordered on one PO line', default: { max: 10_000_000 }, value: f('qty'), sql: 'qty' },
  {
    type: 'purchase_order', field: 'lead_days', describe: 'days from ordered_at to promised_at', default: { min: -1, max: 730 },
    value: (e) => days((e as any).ordered_at, (e as any).promised_at), sql: sqlDays('ordered_at', 'promised_at'),
  },
  { type: 'po_receipt', field: 'qty', describe: 'units received on one PO line', default: { max: 10_000_000 }, value: f('qty'), sql: 'qty' },
  { type: 'transfer', field: 'qty', describe: 'units transferred', default: { max: 10_000_000 }, value: f('qty'), sql: 'qty' },
  {
    type: 'transfer', field: 'transit_days', describe: 'days from shipped_at to expected_at', default: { min: -1, max: 365 },
    value: (e) => days((e as any).shipped_at, (e as any).expected_at), sql: sqlDays('shipped_at', 'expected_at'),
  },
  { type: 'price_change', field: 'price', describe: 'new price of one unit', default: { max: 100_000 }, value: f('price'), sql: 'price' },
  { type: 'promotion', field: 'discount_pct', describe: 'discount depth in percent', default: { max: 90 }, value: f('discount_pct'), sql: 'discount_pct' },
  {
    type: 'promotion', field: 'duration_days', describe: 'days from start to end', default: { min: 0, max: 366 },
    value: (e) => days((e as any).start, (e as any).end), sql: sqlDays('start', '`end`'),
  },
  { type: 'product', field: 'price', describe: 'list price of one unit', default: { max: 100_000 }, value: f('price'), sql: 'price' },
  { type: 'product', field: 'unit_cost', describe: 'cost of one unit', default: { max: 100_000 }, value: f('unit_cost'), sql: 'unit_cost' },
  {
    type: '*', field: 'age_days', describe: "days since the event's ts (negative: in the future)", default: null,
    value: (e, now) => (now - Date.parse(e.ts)) / DAY_MS, sql: `(toUnixTimestamp64Milli(now64(3)) - toUnixTimestamp64Milli({ts})) / ${DAY_MS}`,
  },
]
/* eslint-enable @typescript-eslint/no-explicit-any */

const keyOf = (r: RuleDef) => `${r.type === '*' ? 'ts' : r.type}.${r.field}`
const RULE_BY_KEY = new Map(RULES.map((r) => [keyOf(r), r]))

/** Every rule key, e.g. `sale.qty`. */
export const PLAUSIBILITY_RULES = [...RULE_BY_KEY.keys()]

/** Rule key -> its bound (null or absent: not checked). */
export type PlausibilityBounds = Readonly<Record<string, Bound | null>>

export const DEFAULT_BOUNDS: PlausibilityBounds = Object.fromEntries(RULES.map((r) => [keyOf(r), r.default]))

const boundSchema = z
  .strictObject({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'min must not be above max')
  .nullable()

/** PLAUSIBILITY_BOUNDS: a JSON object of rule key -> {min, max} or null, over the defaults. */
export const boundsOverrideSchema = z
  .string()
  .default('{}')
  .transform((s, ctx) => {
    try {
      return JSON.parse(s || '{}') as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"sale.qty":{"max":10000}}' })
      return z.NEVER
    }
  })
  .pipe(
    z.record(z.string(), boundSchema).superRefine((o, ctx) => {
      for (const k of Object.keys(o)) {
        if (!RULE_BY_KEY.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: `unknown rule "${k}"; known rules: ${PLAUSIBILITY_RULES.join(', ')}` })
      }
    }),
  )
  .transform((o): PlausibilityBounds => ({ ...DEFAULT_BOUNDS, ...o }))

export interface Violation {
  rule: string
  value: number
  min?: number
  max?: number
}

/** One line per violation, as stored in raw_quarantine.rules and shown on /data. */
export function describeViolation(v: Violation): string {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(6).replace(/\.?0+$/, ''))
  if (v.max !== undefined && v.value > v.max) return `${v.rule} ${fmt(v.value)} is above the plausible maximum ${fmt(v.max)}`
  return `${v.rule} ${fmt(v.value)} is below the plausible minimum ${fmt(v.min ?? 0)}`
}

interface Compiled {
  key: string
  value: RuleDef['value']
  min: number
  max: number
}

/** The checks of each type under some bounds, compiled once (the writer runs them for every event). */
export class PlausibilityChecker {
  private readonly byType = new Map<string, Compiled[]>()

  constructor(readonly bounds: PlausibilityBounds = DEFAULT_BOUNDS) {
    for (const r of RULES) {
      const b = bounds[keyOf(r)]
      if (!b || (b.min === undefined && b.max === undefined)) continue
      const c: Compiled = { key: keyOf(r), value: r.value, min: b.min ?? -Infinity, max: b.max ?? Infinity }
      const types = r.type === '*' ? EVENT_TYPES : [r.type]
      for (const t of types) {
        const list = this.byType.get(t) ?? []
        list.push(c)
        this.byType.set(t, list)
      }
    }
  }

  /** The violated rules of a validated event (empty: plausible). */
  check(e: Event, nowMs = Date.now()): Violation[] {
    const rules = this.byType.get(e.type)
    if (!rules) return NONE
    let out: Violation[] | undefined
    for (const r of rules) {
      const v = r.value(e, nowMs)
      if (v === undefined || !(v < r.min || v > r.max)) continue
      ;(out ??= []).push({ rule: r.key, value: v, ...(Number.isFinite(r.min) ? { min: r.min } : {}), ...(Number.isFinite(r.max) ? { max: r.max } : {}) })
    }
    return out ?? NONE
  }

  /**
   * The same checks for a landing table's rows of `type`, in ClickHouse: one expression per rule
   * giving its message when violated and '' otherwise (numbers written in as literals: they come
   * from the validated configuration, never from the data). `ts` is the table's time column.
   */
  sqlChecks(type: EventType, ts = 'ts'): { rule: string; expr: string }[] {
    return (this.byType.get(type) ?? []).map((c) => {
      const value = RULE_BY_KEY.get(c.key)!.sql.replaceAll('{ts}', ts)
      const parts: string[] = []
      if (Number.isFinite(c.max)) parts.push(`(${value}) > ${lit(c.max)}, concat(${str(`${c.key} `)}, toString(${value}), ${str(` is above the plausible maximum ${c.max}`)})`)
      if (Number.isFinite(c.min)) parts.push(`(${value}) < ${lit(c.min)}, concat(${str(`${c.key} `)}, toString(${value}), ${str(` is below the plausible minimum ${c.min}`)})`)
      return { rule: c.key, expr: `multiIf(${parts.join(', ')}, '')` }
    })
  }
}

const NONE: Violation[] = []
const lit = (n: number) => String(n)
const str = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
