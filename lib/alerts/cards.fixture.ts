/** A card for the inbox's unit tests: a low-stock alert at S001 with the fields a test names changed. */
import type { AlertBody } from './api-schemas'

export function card(id: string, value: number, over: Partial<AlertBody> = {}): AlertBody {
  return {
    id,
    key: `low_stock|SKU-${id}|S001||`,
    type: 'low_stock',
    scope: { sku: `SKU-${id}`, location: 'S001', channel: 'store', supplier: '' },
    status: 'open',
    severity: 'high',
    value_at_risk: value,
    signal: 0.5,
    why: 'On hand 4, reorder point 12.',
    recommendation: { action: 'reorder', quantity: 24, cost: 100, value: 300, summary: 'Order 24 units' },
    confidence: 0.8,
    agent: 'stockout-risk',
    model_version: 'v1',
    chart: null,
    opened_at: '2026-12-06T10:00:00.000Z',
    updated_at: '2026-12-06T10:00:00.000Z',
    snoozed_until: null,
    revision: 1,
    cleared_reason: null,
    decided_quantity: null,
    product_name: `Product ${id}`,
    category: 'Dairy',
    region: 'North',
    ...over,
  }
}
