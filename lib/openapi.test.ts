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

describe('every operation', () => {
  type Response = { description: string; content?: Record<string, { schema: unknown }> }
  type Operation = { operationId?: string; summary?: string; tags?: string[]; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown; responses: Record<string, Response> }
  const doc = openApiDocument() as { tags: { name: string }[]; paths: Record<string, Record<string, Operation>> }
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })))

  it('has an operationId, a summary, a declared tag and its own security requirement', () => {
    const tags = doc.tags.map((t) => t.name)
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length)
    for (const { at, op } of ops) {
      expect(op.operationId, at).toMatch(/^[a-z][A-Za-z]+$/)
      expect(op.summary, at).toBeTruthy()
      expect(op.tags?.length, at).toBe(1)
      expect(tags, at).toContain(op.tags![0])
      expect(Array.isArray(op.security), at).toBe(true)
    }
  })

  it('types its success answer and documents the errors it gives', () => {
    for (const { at, op } of ops) {
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'))
      expect(success, at).toHaveLength(1)
      expect(Object.values(op.responses[success[0]].content ?? {})[0]?.schema, at).toBeDefined()
      for (const [status, r] of Object.entries(op.responses)) if (status !== '200' || (at !== 'GET /metrics' && at !== 'GET /api/v1/reports/value.pdf')) expect(r.content?.['application/json']?.schema, `${at} ${status}`).toBeDefined()
      if (op.security!.length) expect(Object.keys(op.responses), at).toEqual(expect.arrayContaining(['401', '403']))
      // Bad input is a 400; an id that names nothing (whatever its form) may be a 404 instead.
      if (op.parameters?.length || op.requestBody) expect(Object.keys(op.responses).some((s) => s === '400' || s === '404'), at).toBe(true)
    }
  })

  it('says that /api/health and the document itself need no credentials', () => {
    expect(doc.paths['/api/health'].get.security).toEqual([])
    expect(doc.paths['/api/v1/openapi.json'].get.security).toEqual([])
    expect(doc.paths['/api/v1/events'].post.security).toEqual([{ apiKey: ['ingest'] }])
  })

  it('says which KPI figures may be null, and why', () => {
    const kpis = (openApiDocument() as { components: { schemas: { KpiSnapshot: { properties: { kpis: { properties: Record<string, { type: unknown; description: string }> } } } } } }).components.schemas.KpiSnapshot.properties.kpis.properties
    expect(kpis.units_sold_today.type).toBe('number')
    expect(kpis.revenue_today.type).toBe('number')
    for (const k of ['stockout_risk_count', 'in_stock_rate', 'fill_rate', 'days_of_supply', 'inventory_turns', 'markdown_exposure']) {
      expect(kpis[k].type, k).toEqual(['number', 'null'])
      expect(kpis[k].description, k).toContain('null while no plan covers this scope')
    }
    expect(kpis.fill_rate.description).toContain('a service level without demand is undefined')
  })
})
