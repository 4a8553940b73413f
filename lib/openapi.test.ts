import { describe, expect, it } from 'vitest'
import { openApiDocument, eventSchemaName } from './openapi'
import { EVENT_TYPES } from './events/schema'

describe('OpenAPI document', () => {
  const doc = openApiDocument() as { openapi: string; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> }; paths: Record<string, unknown> }

  it('is OpenAPI 3.1 with a schema for every event type, generated from zod', () => {
    expect(doc.openapi).toBe('3.1.0')
    for (const t of EVENT_TYPES) expect(doc.components.schemas[eventSchemaName(t)]).toBeDefined()
    const sale = doc.components.schemas.SaleEvent
    expect(sale.required).toEqual(expect.arrayContaining(['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price']))
    expect(sale.properties?.qty).toMatchObject({ type: 'number', exclusiveMinimum: 0 })
    expect(sale.properties?.ts).toMatchObject({ format: 'date-time' })
  })

  it('describes the public endpoints', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/events', '/api/v1/kpis', '/api/health', '/api/v1/ingest/status', '/api/v1/imports', '/api/v1/imports/{id}',
        '/api/v1/forecasts', '/api/v1/policies', '/api/v1/risk', '/api/v1/recompute', '/api/v1/jobs', '/api/v1/jobs/{id}',
      ]),
    )
  })

  it('documents the planning queries from the zod schemas that validate them', () => {
    type Param = { name: string; required: boolean; schema: { type?: string; minimum?: number; maximum?: number; default?: unknown } }
    const params = (p: string) => ((doc.paths[p] as { get: { parameters: Param[] } }).get.parameters)
    expect(params('/api/v1/forecasts').map((q) => [q.name, q.required])).toEqual([['sku', true], ['location', true], ['channel', false]])
    const minP = params('/api/v1/risk').find((q) => q.name === 'min_probability')
    expect(minP).toMatchObject({ required: false, schema: { type: 'number', minimum: 0, maximum: 1, default: 0 } })
    expect(doc.components.schemas.Policy.required).toEqual(expect.arrayContaining(['safety_stock', 'reorder_point', 'order_up_to', 'service_level', 'z', 'inputs', 'model']))
  })
})
