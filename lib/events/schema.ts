/**
 * Event schemas, v1: the one place that says what an event is.
 *
 * Every source (POS, web shop, WMS, ERP, the simulator, CSV import) sends these shapes to
 * POST /api/v1/events. The route validates a whole batch with `parseBatch` (batch.ts); one bad
 * event rejects the batch and nothing is written.
 */
import { z } from 'zod'
import { isValidTimeZone } from '../time/zone'
import {
  CHANNELS, ID_MAX, ID_PATTERN, LOCATION_KINDS, MOVEMENT_KINDS, PRICE_KINDS, QTY_MAX, TS_PATTERN, isCalendarDate, isInstantInRange, textProblem,
} from './rules'

export {
  CHANNELS, LOCATION_KINDS, MAX_FUTURE_MS, MIN_TS, MOVEMENT_KINDS, PRICE_KINDS, ID_MAX, ID_PATTERN, QTY_MAX, TS_PATTERN,
  isCalendarDate, isInstantInRange, textProblem,
} from './rules'

const id = (max = ID_MAX) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(ID_PATTERN, 'must be printable ASCII without spaces')

/** Free text that ClickHouse stores exactly as sent (rules.ts `textProblem` says what it refuses). */
const text = (max: number, min = 0) =>
  z
    .string()
    .min(min, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .check((ctx) => {
      const problem = textProblem(ctx.value)
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
    })

const name = (max = 256) => text(max, 1)

/** ISO-8601 instant with a timezone (Z or ±hh:mm); kept as the original string. */
const isoTs = z
  .string()
  .max(40)
  .refine((s) => TS_PATTERN.test(s), {
    message: 'must be an ISO-8601 timestamp with a timezone, e.g. 2026-01-31T09:15:00Z',
  })
  .refine(isInstantInRange, { message: 'must be a real date between 2000-01-01 and one day from now' })
  .meta({ format: 'date-time', description: 'ISO-8601 instant with a timezone, 2000-01-01 to one day from now' })

/** A planned instant (promised, expected, promotion dates): any real ISO-8601 time. */
const anyIsoTs = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && isCalendarDate(s) && Number.isFinite(Date.parse(s)), 'must be an ISO-8601 timestamp')

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date')

const qty = z.number().finite('must be a finite number').positive('must be greater than 0').max(QTY_MAX, 'must be at most 1e9')
const nonNegQty = z.number().finite('must be a finite number').min(0, 'must be 0 or more').max(QTY_MAX, 'must be at most 1e9')
const money = z.number().finite('must be a finite number').min(0, 'must be 0 or more').max(QTY_MAX, 'must be at most 1e9')
const signedQty = z.number().finite('must be a finite number').min(-QTY_MAX).max(QTY_MAX)

export const channel = z.enum(CHANNELS)

const base = { event_id: id(), ts: isoTs }

export const saleEvent = z.strictObject({
  type: z.literal('sale'),
  ...base,
  sku: id(),
  location: id(),
  channel,
  qty,
  unit_price: money,
  promo_id: id().optional(),
  customer_id: id().optional(),
  order_id: id().optional(),
  fulfilment_location: id().optional(),
})

export const returnEvent = z.strictObject({
  type: z.literal('return'),
  ...base,
  sku: id(),
  location: id(),
  channel: channel.optional(),
  qty,
  unit_price: money.optional(),
  reason: name(128),
  condition: z.enum(['resellable', 'damaged', 'defective', 'unknown']),
  order_id: id().optional(),
  customer_id: id().optional(),
})

export const inventorySnapshotEvent = z.strictObject({
  type: z.literal('inventory_snapshot'),
  ...base,
  sku: id(),
  location: id(),
  on_hand: signedQty,
  reserved: nonNegQty.optional(),
})

/** A cycle count states the counted on-hand quantity (it acts as a snapshot): a shelf holds 0 or more. */
export const COUNT_NEGATIVE = 'a count is the counted on-hand quantity: must be 0 or more'

export const inventoryMovementEvent = z.strictObject({
  type: z.literal('inventory_movement'),
  ...base,
  sku: id(),
  location: id(),
  kind: z.enum(MOVEMENT_KINDS),
  /**
   * receipt, transfer_in: units in; transfer_out, shrink: units out (sign ignored); adjustment:
   * signed change; count: the counted on-hand quantity (acts as a snapshot).
   */
  qty: signedQty,
  ref: id().optional(),
}).refine((e) => e.kind !== 'count' || e.qty >= 0, {
  path: ['qty'],
  message: COUNT_NEGATIVE,
  // Only on an event whose fields all passed, so fast-accept.ts and import/fast.ts can say when.
  when: (payload) => payload.issues.length === 0,
})

export const purchaseOrderEvent = z.strictObject({
  type: z.literal('purchase_order'),
  ...base,
  po_id: id(),
  supplier: id(),
  sku: id(),
  location: id(),
  qty,
  ordered_at: isoTs,
  promised_at: anyIsoTs,
})

export const poReceiptEvent = z.strictObject({
  type: z.literal('po_receipt'),
  ...base,
  po_id: id(),
  sku: id().optional(),
  location: id().optional(),
  qty: nonNegQty,
  received_at: isoTs,
})

export const transferEvent = z.strictObject({
  type: z.literal('transfer'),
  ...base,
  transfer_id: id(),
  from: id(),
  to: id(),
  sku: id(),
  qty,
  shipped_at: isoTs,
  expected_at: anyIsoTs,
})

export const priceChangeEvent = z.strictObject({
  type: z.literal('price_change'),
  ...base,
  sku: id(),
  kind: z.enum(PRICE_KINDS),
  price: money,
  location: id().optional(),
})

export const promotionEvent = z.strictObject({
  type: z.literal('promotion'),
  ...base,
  promo_id: id(),
  skus: z.array(id()).min(1).max(10_000),
  locations: z.array(id()).max(1_000),
  channels: z.array(channel).max(CHANNELS.length),
  /** Promotions are announced ahead: start and end may lie in the future. */
  start: anyIsoTs,
  end: anyIsoTs,
  discount_pct: z.number().finite().min(0).max(100),
})

export const externalSignalEvent = z.strictObject({
  type: z.literal('external_signal'),
  ...base,
  location: id(),
  kind: z.enum(['weather', 'local_event']),
  value: z.number().finite(),
  tags: z.array(name(64)).max(32).default([]),
})

export const productEvent = z.strictObject({
  type: z.literal('product'),
  ...base,
  sku: id(),
  name: name(),
  category: name(128),
  price: money,
  unit_cost: money,
  case_pack: z.number().int().positive().max(100_000).optional(),
  moq: z.number().int().positive().max(1_000_000).optional(),
  season_end: isoDate.optional(),
  department: name(128).optional(),
  brand: name(128).optional(),
  lifecycle: z.enum(['new', 'core', 'seasonal', 'clearance', 'discontinued']).optional(),
  supplier: id().optional(),
})

export const locationEvent = z.strictObject({
  type: z.literal('location'),
  ...base,
  location: id(),
  name: name().optional(),
  kind: z.enum(LOCATION_KINDS),
  region: id(),
  parent: id().optional(),
  /**
   * IANA time zone of the location ("America/New_York"): its business day, which "today" counts
   * (lib/time/zone.ts). Absent: UTC.
   */
  timezone: z.string().max(64).refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London or America/New_York').optional(),
})

export const supplierEvent = z.strictObject({
  type: z.literal('supplier'),
  ...base,
  supplier: id(),
  name: name(),
})

/** Attributes one customer event may carry: enough for any CRM export, bounded for the Map column. */
export const MAX_ATTRIBUTES = 100
const ATTRIBUTE_NAME_MAX = 64
const ATTRIBUTE_VALUE_MAX = 256

/**
 * A customer's attributes: how many, and each name and text value by the text rule. Checked here
 * rather than by the record's key and value schemas, whose messages do not say what is wrong
 * ("Invalid key in record", "Invalid input").
 */
function checkAttributes(attributes: Record<string, unknown>, issues: z.core.$ZodRawIssue[]) {
  const names = Object.keys(attributes)
  const issue = (path: PropertyKey[], message: string) => issues.push({ code: 'custom', message, path, input: attributes })
  if (names.length > MAX_ATTRIBUTES) issue([], `must have at most ${MAX_ATTRIBUTES} attributes`)
  for (const k of names) {
    const at = [k.slice(0, ATTRIBUTE_NAME_MAX)]
    if (k.length === 0 || k.length > ATTRIBUTE_NAME_MAX) issue(at, `attribute name must be 1 to ${ATTRIBUTE_NAME_MAX} characters`)
    const nameProblem = textProblem(k)
    if (nameProblem) issue(at, `attribute name ${nameProblem}`)
    const v = attributes[k]
    if (typeof v !== 'string') continue
    if (v.length > ATTRIBUTE_VALUE_MAX) issue(at, `must be at most ${ATTRIBUTE_VALUE_MAX} characters`)
    const valueProblem = textProblem(v)
    if (valueProblem) issue(at, valueProblem)
  }
}

export const customerEvent = z.strictObject({
  type: z.literal('customer'),
  ...base,
  customer_id: id(),
  segment: name(64).optional(),
  region: id().optional(),
  home_location: id().optional(),
  joined_at: isoDate.optional(),
  attributes: z
    .record(z.string(), z.union([z.string(), z.number().finite(), z.boolean()]))
    .meta({ description: `at most ${MAX_ATTRIBUTES}; names 1-${ATTRIBUTE_NAME_MAX} characters, text values at most ${ATTRIBUTE_VALUE_MAX}` })
    .check((ctx) => checkAttributes(ctx.value, ctx.issues))
    .optional(),
})

export const event = z.discriminatedUnion('type', [
  saleEvent,
  returnEvent,
  inventorySnapshotEvent,
  inventoryMovementEvent,
  purchaseOrderEvent,
  poReceiptEvent,
  transferEvent,
  priceChangeEvent,
  promotionEvent,
  externalSignalEvent,
  productEvent,
  locationEvent,
  supplierEvent,
  customerEvent,
])

export type Event = z.infer<typeof event>
export type EventType = Event['type']
export type SaleEvent = z.infer<typeof saleEvent>
export const EVENT_TYPES = event.options.map((o) => o.shape.type.value) as EventType[]
