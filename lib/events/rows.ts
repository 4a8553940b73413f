/**
 * From a validated event to the row of its landing table. Pure: the ingest writer and the CSV
 * importer both use it, so an event lands the same way whichever door it came through.
 */
import type { Event } from './schema'

export const TABLE_BY_TYPE = {
  sale: 'raw_sales',
  return: 'raw_returns',
  inventory_snapshot: 'raw_inventory_snapshots',
  inventory_movement: 'raw_inventory_movements',
  purchase_order: 'raw_purchase_orders',
  po_receipt: 'raw_po_receipts',
  transfer: 'raw_transfers',
  price_change: 'raw_price_changes',
  promotion: 'raw_promotions',
  external_signal: 'raw_external_signals',
  product: 'products',
  location: 'locations',
  supplier: 'suppliers',
  customer: 'customers',
} as const satisfies Record<Event['type'], string>

export type LandingTable = (typeof TABLE_BY_TYPE)[keyof typeof TABLE_BY_TYPE]

/** Master-data tables: a row replaces the one before it by key (ReplacingMergeTree on updated_at). */
export const MASTER_TABLES: ReadonlySet<string> = new Set(['products', 'locations', 'suppliers', 'customers'])

/**
 * The event type of a landing table's rows, as SQL: a literal for an event table, the row's own
 * `type` column for raw_quarantine (any type). `quarantineTable` names that one.
 */
export function landedTypeSql(table: string, quarantineTable: string): string {
  if (table === quarantineTable) return 'toString(type)'
  const type = Object.entries(TABLE_BY_TYPE).find(([, t]) => t === table)?.[0]
  if (!type) throw new Error(`not a landing table: ${table}`)
  return `'${type}'`
}

/**
 * Rows of a landing table counted per source as the product names it (an import's rows carry
 * `<source>#<import id>` and count under <source>) and type: columns s, t, n. The landed figures
 * (landed_counts, migration 013) are kept in these terms.
 */
export function landedCountsSql(table: string, quarantineTable: string, where = '1'): string {
  return `SELECT splitByChar('#', toString(source))[1] AS s, ${landedTypeSql(table, quarantineTable)} AS t, toInt64(count()) AS n FROM ${table} WHERE ${where} GROUP BY s, t`
}
export type Row = Record<string, unknown>

/** The row for `e`, tagged with the API key (or importer) it came from. */
export function toRow(e: Event, source: string): Row {
  switch (e.type) {
    case 'sale':
      return {
        event_id: e.event_id, ts: e.ts, sku: e.sku, location: e.location, channel: e.channel, qty: e.qty,
        unit_price: e.unit_price, promo_id: e.promo_id ?? '', customer_id: e.customer_id ?? '',
        order_id: e.order_id ?? '', fulfilment_location: e.fulfilment_location ?? '', source,
      }
    case 'return':
      return {
        event_id: e.event_id, ts: e.ts, sku: e.sku, location: e.location, channel: e.channel ?? '', qty: e.qty,
        unit_price: e.unit_price ?? 0, reason: e.reason, condition: e.condition, order_id: e.order_id ?? '',
        customer_id: e.customer_id ?? '', source,
      }
    case 'inventory_snapshot':
      return { event_id: e.event_id, ts: e.ts, sku: e.sku, location: e.location, on_hand: e.on_hand, reserved: e.reserved ?? 0, source }
    case 'inventory_movement':
      return { event_id: e.event_id, ts: e.ts, sku: e.sku, location: e.location, kind: e.kind, qty: e.qty, ref: e.ref ?? '', source }
    case 'purchase_order':
      return {
        event_id: e.event_id, ts: e.ts, po_id: e.po_id, supplier: e.supplier, sku: e.sku, location: e.location,
        qty: e.qty, ordered_at: e.ordered_at, promised_at: e.promised_at, source,
      }
    case 'po_receipt':
      return {
        event_id: e.event_id, ts: e.ts, po_id: e.po_id, sku: e.sku ?? '', location: e.location ?? '', qty: e.qty,
        received_at: e.received_at, source,
      }
    case 'transfer':
      return {
        event_id: e.event_id, ts: e.ts, transfer_id: e.transfer_id, from_location: e.from, to_location: e.to,
        sku: e.sku, qty: e.qty, shipped_at: e.shipped_at, expected_at: e.expected_at, source,
      }
    case 'price_change':
      return { event_id: e.event_id, ts: e.ts, sku: e.sku, kind: e.kind, price: e.price, location: e.location ?? '', source }
    case 'promotion':
      return {
        event_id: e.event_id, ts: e.ts, promo_id: e.promo_id, skus: e.skus, locations: e.locations, channels: e.channels,
        start: e.start, end: e.end, discount_pct: e.discount_pct, source,
      }
    case 'external_signal':
      return { event_id: e.event_id, ts: e.ts, location: e.location, kind: e.kind, value: e.value, tags: e.tags, source }
    case 'product':
      return {
        event_id: e.event_id, sku: e.sku, name: e.name, category: e.category, department: e.department ?? '',
        brand: e.brand ?? '', price: e.price, unit_cost: e.unit_cost, case_pack: e.case_pack ?? 1, moq: e.moq ?? 1,
        season_end: e.season_end ?? null, lifecycle: e.lifecycle ?? 'core', supplier: e.supplier ?? '',
        updated_at: e.ts, source,
      }
    case 'location':
      return {
        event_id: e.event_id, location: e.location, name: e.name ?? e.location, kind: e.kind, region: e.region,
        parent: e.parent ?? '', timezone: e.timezone ?? 'UTC', updated_at: e.ts, source,
      }
    case 'supplier':
      return { event_id: e.event_id, supplier: e.supplier, name: e.name, updated_at: e.ts, source }
    case 'customer':
      return {
        event_id: e.event_id, customer_id: e.customer_id, segment: e.segment ?? '', region: e.region ?? '',
        home_location: e.home_location ?? '', joined_at: e.joined_at ?? null,
        attributes: Object.fromEntries(Object.entries(e.attributes ?? {}).map(([k, v]) => [k, String(v)])),
        updated_at: e.ts, source,
      }
  }
}

/** Locations whose figures an event can change: the scopes KPI refresh recomputes. */
export function touchedLocations(e: Event): string[] {
  switch (e.type) {
    case 'sale':
    case 'return':
    case 'inventory_snapshot':
    case 'inventory_movement':
    case 'purchase_order':
    case 'external_signal':
      return [e.location]
    case 'transfer':
      return [e.from, e.to]
    case 'location':
      return [e.location]
    default:
      return []
  }
}

export type MasterKind = 'sku' | 'location' | 'supplier'

/** Master data an event refers to (to flag references that do not exist yet). */
export function masterRefs(e: Event): [MasterKind, string][] {
  switch (e.type) {
    case 'sale':
      return e.fulfilment_location ? [['sku', e.sku], ['location', e.location], ['location', e.fulfilment_location]] : [['sku', e.sku], ['location', e.location]]
    case 'return':
    case 'inventory_snapshot':
    case 'inventory_movement':
      return [['sku', e.sku], ['location', e.location]]
    case 'purchase_order':
      return [['sku', e.sku], ['location', e.location], ['supplier', e.supplier]]
    case 'transfer':
      return [['sku', e.sku], ['location', e.from], ['location', e.to]]
    case 'price_change':
      return e.location ? [['sku', e.sku], ['location', e.location]] : [['sku', e.sku]]
    case 'promotion':
      return [...e.skus.map((s): [MasterKind, string] => ['sku', s]), ...e.locations.map((l): [MasterKind, string] => ['location', l])]
    case 'external_signal':
      return [['location', e.location]]
    case 'product':
      return e.supplier ? [['supplier', e.supplier]] : []
    default:
      return []
  }
}

/** The master-data key an event defines, if it is a master-data event. */
export function masterKey(e: Event): [MasterKind, string] | undefined {
  if (e.type === 'product') return ['sku', e.sku]
  if (e.type === 'location') return ['location', e.location]
  if (e.type === 'supplier') return ['supplier', e.supplier]
  return undefined
}

/** Sku x locations whose stock position an event changes (for the incremental risk refresh). */
export function stockPairs(e: Event): [string, string][] {
  switch (e.type) {
    case 'sale':
      return [[e.fulfilment_location ?? e.location, e.sku]]
    case 'return':
    case 'inventory_snapshot':
    case 'inventory_movement':
    case 'purchase_order':
      return [[e.location, e.sku]]
    case 'transfer':
      return [[e.from, e.sku], [e.to, e.sku]]
    default:
      return []
  }
}
