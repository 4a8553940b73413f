/**
 * Test kit shared by fast.test.ts and scan.test.ts: which kind of CSV cell each column of the
 * fast-path event types holds. Each test brings its own cell generators (the byte scan needs
 * other edge cases than the string validators), and this maps them onto the columns.
 */
import type fc from 'fast-check'
import { CHANNELS, MOVEMENT_KINDS, PRICE_KINDS } from '@/lib/events/rules'

export interface CellGenerators {
  ts: fc.Arbitrary<string>
  id: fc.Arbitrary<string>
  num: fc.Arbitrary<string>
  text: fc.Arbitrary<string>
  oneOf: (values: readonly string[]) => fc.Arbitrary<string>
}

const CONDITIONS = ['resellable', 'damaged', 'defective', 'unknown']

/** Column name -> cell generator, per fast-path event type. */
export function columnGenerators(c: CellGenerators): Record<string, Record<string, fc.Arbitrary<string>>> {
  return {
    sale: { ts: c.ts, sku: c.id, location: c.id, channel: c.oneOf(CHANNELS), qty: c.num, unit_price: c.num, promo_id: c.id, customer_id: c.id, order_id: c.id, fulfilment_location: c.id },
    return: {
      ts: c.ts, sku: c.id, location: c.id, channel: c.oneOf(CHANNELS), qty: c.num, unit_price: c.num, reason: c.text,
      condition: c.oneOf(CONDITIONS), order_id: c.id, customer_id: c.id,
    },
    inventory_snapshot: { ts: c.ts, sku: c.id, location: c.id, on_hand: c.num, reserved: c.num },
    inventory_movement: { ts: c.ts, sku: c.id, location: c.id, kind: c.oneOf(MOVEMENT_KINDS), qty: c.num, ref: c.id },
    price_change: { ts: c.ts, sku: c.id, kind: c.oneOf(PRICE_KINDS), price: c.num, location: c.id },
  }
}
