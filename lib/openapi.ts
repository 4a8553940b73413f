/**
 * The OpenAPI 3.1 document of the public API, generated from the same zod schemas that validate
 * requests (OpenAPI 3.1 uses JSON Schema 2020-12, which zod emits directly). Served at
 * /api/v1/openapi.json and rendered at /api-docs.
 */
import { z } from 'zod'
import { event, EVENT_TYPES } from './events/schema'
import { KPI_DEFINITIONS } from './kpis/definitions'

const errorBody = z.object({
  errors: z.array(z.object({ index: z.number().int().meta({ description: 'position in the batch; -1 for the request as a whole' }), path: z.string(), message: z.string() })),
})
const messageBody = z.object({ error: z.string() })
const kpiSnapshot = z.object({
  as_of: z.string().meta({ format: 'date-time' }),
  location: z.string().meta({ description: 'a location id, or "all"' }),
  kpis: z.object(Object.fromEntries(Object.keys(KPI_DEFINITIONS).map((k) => [k, z.number()]))),
  trend: z.array(z.object({ minute: z.string().meta({ format: 'date-time' }), units: z.number() })),
})
const health = z.object({ status: z.enum(['ok', 'degraded']), redis: z.enum(['ok', 'unavailable']), clickhouse: z.enum(['ok', 'unavailable']) })

type JsonSchema = Record<string, unknown>
const schema = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as JsonSchema
  return rest
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const jsonContent = (s: JsonSchema) => ({ 'application/json': { schema: s } })
const errors = {
  '400': { description: 'Invalid input: every problem with its index and field', content: jsonContent(ref('Errors')) },
  '401': { description: 'Missing or invalid credentials', content: jsonContent(ref('Message')) },
  '403': { description: 'The API key lacks the scope', content: jsonContent(ref('Message')) },
}

export function openApiDocument(): JsonSchema {
  const eventSchemas = Object.fromEntries(event.options.map((o) => [eventSchemaName(o.shape.type.value), schema(o)]))
  return {
    openapi: '3.1.0',
    info: {
      title: 'StockPulse API',
      version: '1',
      description: 'Real-time inventory intelligence. Machines authenticate with `Authorization: Bearer <API key>`; keys carry scopes (ingest, read, actions).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key from API_KEYS' }, session: { type: 'apiKey', in: 'cookie', name: 'sp_session' } },
      schemas: {
        Event: { oneOf: EVENT_TYPES.map((t) => ref(eventSchemaName(t))), discriminator: { propertyName: 'type' } },
        ...eventSchemas,
        Errors: schema(errorBody),
        Message: schema(messageBody),
        KpiSnapshot: schema(kpiSnapshot),
        Health: schema(health),
      },
    },
    paths: {
      '/api/v1/events': {
        post: {
          summary: 'Send a batch of events',
          description: 'A JSON array, or NDJSON (one event per line). The whole batch is validated; one invalid event rejects it and nothing is written. Replays are harmless: each event_id counts once.',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'array', items: ref('Event'), minItems: 1 } },
              'application/x-ndjson': { schema: { type: 'string', description: 'one Event as JSON per line' } },
            },
          },
          responses: {
            '202': { description: 'Accepted: queued for landing', content: jsonContent({ type: 'object', properties: { accepted: { type: 'integer' } }, required: ['accepted'] }) },
            ...errors,
            '413': { description: 'Body over MAX_BODY_BYTES', content: jsonContent(ref('Errors')) },
            '415': { description: 'Content-Type is neither JSON nor NDJSON', content: jsonContent(ref('Errors')) },
            '429': { description: 'Ingest backlog over its bound; retry after Retry-After seconds', content: jsonContent(ref('Message')) },
            '503': { description: 'Queue unavailable; nothing accepted; retry after Retry-After seconds', content: jsonContent(ref('Message')) },
          },
        },
      },
      '/api/v1/kpis': {
        get: {
          summary: "Today's KPIs and the per-minute trend",
          security: [{ apiKey: [] }, { session: [] }],
          parameters: [{ name: 'location', in: 'query', required: false, schema: { type: 'string' }, description: 'a location id; omit for all locations' }],
          responses: { '200': { description: 'KPI snapshot (an unknown location gives zeros)', content: jsonContent(ref('KpiSnapshot')) }, ...errors },
        },
      },
      '/api/v1/ingest/status': {
        get: {
          summary: 'What landed, from where, how fresh; queue depth, lag, rejected batches, unknown master data',
          security: [{ apiKey: [] }, { session: [] }],
          responses: { '200': { description: 'Ingest status' }, '401': errors['401'], '403': errors['403'] },
        },
      },
      '/api/v1/ops/storage': {
        get: {
          summary: 'Rows, bytes on disk and active parts per ClickHouse table',
          security: [{ apiKey: [] }, { session: [] }],
          responses: { '200': { description: 'Storage summary' }, '401': errors['401'], '403': errors['403'] },
        },
      },
      '/api/health': {
        get: {
          summary: 'Liveness of Redis and ClickHouse (no auth, no secrets)',
          responses: { '200': { description: 'All parts answer', content: jsonContent(ref('Health')) }, '503': { description: 'A part is unavailable', content: jsonContent(ref('Health')) } },
        },
      },
    },
  }
}

export function eventSchemaName(type: string): string {
  return type
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('') + 'Event'
}
