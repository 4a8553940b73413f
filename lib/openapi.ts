/**
 * The OpenAPI 3.1 document of the public API, generated from the same zod schemas that validate
 * requests (OpenAPI 3.1 uses JSON Schema 2020-12, which zod emits directly). Served at
 * /api/v1/openapi.json and rendered at /api-docs.
 */
import { z } from 'zod'
import { event, EVENT_TYPES } from './events/schema'
import { KPI_DEFINITIONS } from './kpis/definitions'
import { IMPORT_MODES, IMPORT_TYPES } from './import/mapping'
import { forecastBody, forecastsQuery, jobBody, jobsBody, jobsQuery, policiesQuery, policyBody, riskItem, riskQuery } from './planning/api-schemas'

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
const importSummary = z.object({
  ok: z.literal(true),
  import_id: z.string().meta({ description: 'undo with DELETE /api/v1/imports/{id}' }),
  type: z.string(),
  mode: z.enum(IMPORT_MODES),
  rows: z.number().int(),
  landed: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int().meta({ description: 'rows outside the plausibility bounds: in quarantine, not summed' }),
  rejected: z.number().int(),
  ms: z.number(),
  bytes: z.number().int(),
})
const importUndo = z.object({
  import_id: z.string(),
  status: z.literal('undone'),
  removed: z.record(z.string(), z.number().int()).meta({ description: 'rows removed per landing table' }),
  rows_removed: z.number().int(),
})
const health = z.object({
  status: z.enum(['ok', 'degraded']),
  redis: z.enum(['ok', 'unavailable']),
  clickhouse: z.enum(['ok', 'unavailable']),
  simulator: z.enum(['off', 'backfill', 'live']),
  ingest: z.object({
    state: z.enum(['ok', 'stuck', 'failed', 'unknown']).describe("stuck: the oldest accepted batch not landed has waited over INGEST_STUCK_MS; failed: batches whose retries ran out; unknown: the queue did not answer"),
    lag_ms: z.number().nullable(),
    queue_depth: z.number().nullable(),
    failed_jobs: z.number().nullable(),
    dead_lettered_batches: z.number().nullable().describe('batches set aside after failing alone; they do not degrade health'),
  }),
})

type JsonSchema = Record<string, unknown>
const schema = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as JsonSchema
  return rest
}
/** Query parameters of a GET, from the zod object that validates them. */
function queryParams(q: z.ZodObject): JsonSchema[] {
  const js = schema(q) as { properties: Record<string, JsonSchema>; required?: string[] }
  return Object.entries(js.properties).map(([name, s]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s }))
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const jsonContent = (s: JsonSchema) => ({ 'application/json': { schema: s } })
const errors = {
  '400': { description: 'Invalid input: every problem with its index and field', content: jsonContent(ref('Errors')) },
  '401': { description: 'Missing or invalid credentials', content: jsonContent(ref('Message')) },
  '403': { description: 'The API key lacks the scope', content: jsonContent(ref('Message')) },
}

/**
 * A GET with read scope or a session: its parameters, its 200 body, and a 404 when it looks up
 * one thing by its keys.
 */
function readOp(o: { summary: string; description?: string; parameters: JsonSchema[]; ok: [string, JsonSchema]; notFound?: string }): JsonSchema {
  return {
    get: {
      summary: o.summary,
      ...(o.description ? { description: o.description } : {}),
      security: [{ apiKey: [] }, { session: [] }],
      parameters: o.parameters,
      responses: {
        '200': { description: o.ok[0], content: jsonContent(o.ok[1]) },
        ...errors,
        ...(o.notFound ? { '404': { description: o.notFound, content: jsonContent(ref('Message')) } } : {}),
      },
    },
  }
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
        Forecast: schema(forecastBody),
        Policy: schema(policyBody),
        RiskItem: schema(riskItem),
        Job: schema(jobBody),
        Jobs: schema(jobsBody),
        ImportSummary: schema(importSummary),
        ImportUndo: schema(importUndo),
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
            '415': { description: 'Content-Type is missing, or neither JSON nor NDJSON', content: jsonContent(ref('Errors')) },
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
          summary: 'What landed, from where, how fresh; queue depth, lag, stuck and failed work, dead-lettered and rejected batches, unknown master data',
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
      '/api/v1/imports': {
        post: {
          summary: 'Import a CSV file of one event type',
          description: 'The body is the CSV (header row = field names). strict: one bad row rejects the file and nothing is written; skip-bad: bad rows are skipped and listed. Re-importing the same file lands nothing twice. People need the admin role.',
          security: [{ apiKey: [] }, { session: [] }],
          parameters: [
            { name: 'type', in: 'query', required: true, schema: { type: 'string', enum: [...IMPORT_TYPES] } },
            { name: 'mode', in: 'query', required: false, schema: { type: 'string', enum: [...IMPORT_MODES], default: 'strict' } },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: {
            '200': { description: 'Rows read, landed, already there, quarantined (implausible: kept aside, not summed) and skipped; import_id undoes the import', content: jsonContent(ref('ImportSummary')) },
            '400': { description: 'Bad parameters, or bad rows with their line numbers' },
            '401': errors['401'],
            '403': errors['403'],
          },
        },
      },
      '/api/v1/imports/{id}': {
        delete: {
          summary: 'Undo a CSV import',
          description:
            "Removes exactly that import's rows from every landing table (quarantine included) and from every rollup fed by them, so every figure is as before the import; its event ids are freed (the file can be imported again). Recorded with who and when. Needs the actions scope, or the admin role.",
          security: [{ apiKey: [] }, { session: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^imp-[a-z0-9-]{1,60}$' }, description: 'the import_id its import answered' }],
          responses: {
            '200': { description: 'Undone: rows removed per landing table', content: jsonContent(ref('ImportUndo')) },
            '401': errors['401'],
            '403': { description: 'The key lacks the actions scope, or the role may not undo imports', content: jsonContent(ref('Message')) },
            '404': { description: 'No import with this id', content: jsonContent(ref('Message')) },
            '409': { description: 'Already undone (undone_at), or being undone right now', content: jsonContent(ref('Message')) },
          },
        },
      },
      '/api/v1/forecasts': readOp({
        summary: 'The latest daily demand forecast of a SKU at a location, with its 80% interval',
        description: 'With channel, or where one channel sells: one Forecast. Otherwise {sku, location, channels: Forecast[]}.',
        parameters: queryParams(forecastsQuery),
        ok: ['Forecast', ref('Forecast')],
        notFound: 'No forecast for these keys',
      }),
      '/api/v1/policies': readOp({
        summary: 'Safety stock, reorder point and order-up-to level of a SKU at a location, with every input behind them',
        parameters: queryParams(policiesQuery),
        ok: ['Policy', ref('Policy')],
        notFound: 'No policy for these keys',
      }),
      '/api/v1/risk': readOp({
        summary: 'SKU x locations by stockout probability within the lead time, highest first',
        parameters: queryParams(riskQuery),
        ok: ['Risk list', { type: 'array', items: ref('RiskItem') }],
      }),
      '/api/v1/recompute': {
        post: {
          summary: 'Start a full recompute of forecasts, policies and risk',
          description: 'Needs the actions scope, or a person whose role may run it (admin, ops manager, planner). While one is queued or running, a new request joins it: the answer names that job with already_running: true.',
          security: [{ apiKey: [] }, { session: [] }],
          responses: {
            '202': { description: 'Queued (or joined)', content: jsonContent({ type: 'object', properties: { job_id: { type: 'string' }, already_running: { type: 'boolean' } }, required: ['job_id'] }) },
            '401': errors['401'],
            '403': { description: 'The key lacks the actions scope, or the role may not run it', content: jsonContent(ref('Message')) },
            '503': { description: 'Queue unavailable; retry after Retry-After seconds', content: jsonContent(ref('Message')) },
          },
        },
      },
      '/api/v1/jobs': readOp({
        summary: 'Recompute jobs, newest first, and when the schedule runs next',
        parameters: queryParams(jobsQuery),
        ok: ['Jobs', ref('Jobs')],
      }),
      '/api/v1/jobs/{id}': readOp({
        summary: "A recompute job's state and progress",
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        ok: ['Job', ref('Job')],
        notFound: 'No such job',
      }),
      '/api/health': {
        get: {
          summary: 'Liveness of Redis and ClickHouse, and whether ingest is moving (no auth, no secrets)',
          responses: { '200': { description: 'All parts answer and ingest is moving', content: jsonContent(ref('Health')) }, '503': { description: 'A part is unavailable, or ingest is stuck or has failed batches', content: jsonContent(ref('Health')) } },
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
