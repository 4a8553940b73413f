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
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/events', '/api/v1/kpis', '/api/health', '/api/v1/ingest/status']))
  })
})
