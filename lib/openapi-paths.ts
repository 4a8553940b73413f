/**
 * The operations of the OpenAPI document (lib/openapi.ts): each with its operationId, summary,
 * tag, who may call it, its parameters (from the zod schemas that validate them) and every answer
 * its handler (server/api/*) gives, success and errors, with the schema of each body.
 */
import { IMPORT_MODES } from './import/mapping'
import { importIdParam, importQuery } from './import/api-schemas'
import { kpisQuery } from './kpis/api-schemas'
import { forecastsQuery, jobIdParam, jobsQuery, policiesQuery, riskQuery } from './planning/api-schemas'
import { queryParams, ref, schema, type JsonSchema } from './api/json-schema'
import { PUBLIC, RETRY_AFTER, answer, badQuery, forbidden, keyOnly, keyOrSession, op, pathParam, readOp, unauthorized, unavailable } from './api/openapi-parts'
import { alertPaths } from './openapi-alerts'
import { summaryPaths } from './openapi-summary'
import { auditPaths } from './openapi-audit'
import { rulePaths } from './openapi-rules'
import { identityPaths } from './openapi-identity'
import { actionPaths } from './openapi-actions'
import { reportPaths } from './openapi-reports'

export function apiPaths(): Record<string, JsonSchema> {
  return {
    ...alertPaths(),
    ...summaryPaths(),
    ...auditPaths(),
    ...rulePaths(),
    ...identityPaths(),
    ...actionPaths(),
    ...reportPaths(),
    '/api/v1/events': {
      post: op({
        operationId: 'postEvents',
        tag: 'Ingest',
        summary: 'Send a batch of events',
        description:
          'A JSON array, or NDJSON (one event per line). The whole batch is validated; one invalid event rejects it and nothing is written. Replays are harmless: each event_id counts once.',
        security: keyOnly('ingest'),
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'array', items: ref('Event'), minItems: 1 } },
            'application/x-ndjson': { schema: { type: 'string', description: 'one Event as JSON per line' } },
          },
        },
        responses: {
          '202': answer('Accepted: the whole batch is queued for landing', ref('Accepted')),
          '400': answer('Invalid batch: every problem with its index and field; nothing was written', ref('Errors')),
          '401': unauthorized(false),
          '403': forbidden('ingest', 'the key is restricted to locations and an event names another, or none (master data); nothing was accepted'),
          '413': answer('Body over MAX_BODY_BYTES', ref('Errors')),
          '415': answer('Content-Type is missing, or neither JSON nor NDJSON', ref('Errors')),
          '429': answer('Ingest backlog over INGEST_MAX_BACKLOG batches; nothing was accepted; retry after Retry-After seconds', ref('Message'), RETRY_AFTER),
          '503': unavailable('Queue'),
        },
      }),
    },
    '/api/v1/ingest/status': readOp({
      operationId: 'getIngestStatus',
      tag: 'Ingest',
      summary: 'What landed, from where, how fresh; the queue, stuck and failed work, rejected and dead-lettered batches, unknown master data',
      ok: ['Ingest status', ref('IngestStatus')],
    }),
    '/api/v1/imports': {
      post: op({
        operationId: 'postImport',
        tag: 'Imports',
        summary: 'Import a CSV file of one event type',
        description:
          'The body is the CSV (header row = field names), streamed. strict: one bad row rejects the file and nothing is written; skip-bad: bad rows are skipped and listed. Re-importing the same file lands nothing twice. Needs the ingest scope; people need the admin role.',
        security: keyOrSession('ingest'),
        parameters: queryParams(importQuery),
        requestBody: {
          required: true,
          description: 'The CSV file; no Content-Type is taken as text/csv',
          content: Object.fromEntries(['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'].map((t) => [t, { schema: { type: 'string' } }])),
        },
        responses: {
          '200': answer('Rows read, landed, already there, quarantined (implausible: kept aside, not summed) and skipped; import_id undoes the import', ref('ImportSummary')),
          '400': answer(`Refused: bad parameters (type, mode: ${IMPORT_MODES.join(' or ')}), an empty body, a bad file, or bad rows with their line numbers; nothing was written`, ref('ImportError')),
          '401': unauthorized(true),
          '403': forbidden('ingest', 'a person who is not an admin, or a caller restricted to locations'),
          '413': answer('Content-Length over IMPORT_MAX_BYTES', ref('ImportError')),
          '415': answer('Content-Type is not CSV', ref('ImportError')),
          '503': answer('ClickHouse or Redis failed mid-way; run the import again: rows that landed are not written twice', ref('Message'), RETRY_AFTER),
        },
      }),
    },
    '/api/v1/imports/{id}': {
      delete: op({
        operationId: 'deleteImport',
        tag: 'Imports',
        summary: 'Undo a CSV import',
        description:
          "Removes exactly that import's rows from every landing table (quarantine included) and from every rollup fed by them, so every figure is as before the import; its event ids are freed (the file can be imported again). Recorded with who and when. Needs the actions scope, or the admin role.",
        security: keyOrSession('actions'),
        parameters: [pathParam('id', schema(importIdParam))],
        responses: {
          '200': answer('Undone: rows removed per landing table', ref('ImportUndo')),
          '401': unauthorized(true),
          '403': forbidden('actions', 'a person whose role may not undo imports, or a caller restricted to locations'),
          '404': answer('No import with this id (an id not of this form included)', ref('Message')),
          '409': answer('Already undone (undone_at), or being undone right now', ref('UndoConflict')),
        },
      }),
    },
    '/api/v1/kpis': readOp({
      operationId: 'getKpis',
      tag: 'KPIs',
      summary: "Today's KPIs and the per-minute trend, of one location or all",
      description: 'An unknown location answers zeros for its sales and null for its planning figures (no plan covers it), not an error.',
      parameters: queryParams(kpisQuery),
      ok: ['KPI snapshot', ref('KpiSnapshot')],
      errors: { '400': badQuery },
    }),
    '/api/v1/forecasts': readOp({
      operationId: 'getForecasts',
      tag: 'Planning',
      summary: 'The latest daily demand forecast of a SKU at a location, with its 80% interval',
      description: 'With channel, or where one channel sells: one Forecast. Otherwise one per channel.',
      parameters: queryParams(forecastsQuery),
      ok: ['The forecast, or one per channel', { oneOf: [ref('Forecast'), ref('ForecastsByChannel')] }],
      errors: { '400': badQuery, '404': answer('No forecast for these keys', ref('Message')) },
    }),
    '/api/v1/policies': readOp({
      operationId: 'getPolicy',
      tag: 'Planning',
      summary: 'Safety stock, reorder point and order-up-to level of a SKU at a location, with every input behind them',
      parameters: queryParams(policiesQuery),
      ok: ['Policy', ref('Policy')],
      errors: { '400': badQuery, '404': answer('No policy for these keys', ref('Message')) },
    }),
    '/api/v1/risk': readOp({
      operationId: 'getRisk',
      tag: 'Planning',
      summary: 'SKU x locations by stockout probability within the lead time, highest first, each with its product name and category',
      parameters: queryParams(riskQuery),
      ok: ['Risk list', { type: 'array', items: ref('RiskItem') }],
      errors: { '400': badQuery },
    }),
    '/api/v1/recompute': {
      post: op({
        operationId: 'postRecompute',
        tag: 'Planning',
        summary: 'Start a full recompute of forecasts, policies and risk',
        description:
          'Needs the actions scope, or a person whose role may run it (admin, ops manager, planner). While one is queued or running, a new request joins it: the answer names that job with already_running: true.',
        security: keyOrSession('actions'),
        responses: {
          '202': answer('Queued (or joined)', ref('RecomputeAccepted')),
          '401': unauthorized(true),
          '403': forbidden('actions', 'a person whose role may not run it'),
          '503': unavailable('Job queue'),
        },
      }),
    },
    '/api/v1/jobs': readOp({
      operationId: 'listJobs',
      tag: 'Planning',
      summary: 'Recompute jobs, newest first, and when the schedule runs next',
      parameters: queryParams(jobsQuery),
      ok: ['Jobs', ref('Jobs')],
      errors: { '400': badQuery, '503': unavailable('Job queue') },
    }),
    '/api/v1/jobs/{id}': readOp({
      operationId: 'getJob',
      tag: 'Planning',
      summary: "A recompute job's state and progress",
      parameters: [pathParam('id', schema(jobIdParam))],
      ok: ['Job', ref('Job')],
      errors: { '400': badQuery, '404': answer('No such job', ref('Message')) },
    }),
    '/api/v1/ops/storage': readOp({
      operationId: 'getStorage',
      tag: 'Operations',
      summary: 'Rows, bytes on disk and active parts per ClickHouse table',
      ok: ['Storage summary', ref('Storage')],
    }),
    '/api/health': {
      get: op({
        operationId: 'getHealth',
        tag: 'Operations',
        summary: 'Liveness of Redis and ClickHouse, and whether ingest is moving',
        description: 'No credentials and no secrets: for load balancers and uptime checks.',
        security: PUBLIC,
        responses: {
          '200': answer('All parts answer and ingest is moving', ref('Health')),
          '503': answer('Degraded: a part is unavailable, or ingest is stuck or has failed batches', ref('Health')),
        },
      }),
    },
    '/metrics': {
      get: op({
        operationId: 'getMetrics',
        tag: 'Operations',
        summary: "The process's Prometheus metrics",
        description: 'For scrapers: an API key with the read scope, no session.',
        security: keyOnly('read'),
        responses: {
          '200': { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } },
          '401': unauthorized(false),
          '403': forbidden('read'),
        },
      }),
    },
    '/api/v1/openapi.json': {
      get: op({
        operationId: 'getOpenApiDocument',
        tag: 'Operations',
        summary: 'This document',
        security: PUBLIC,
        responses: {
          '200': answer('The OpenAPI 3.1 document', {
            type: 'object',
            properties: {
              openapi: { type: 'string', const: '3.1.0' },
              info: { type: 'object' },
              servers: { type: 'array' },
              tags: { type: 'array' },
              components: { type: 'object' },
              paths: { type: 'object' },
            },
            required: ['openapi', 'info', 'paths'],
          }),
        },
      }),
    },
  }
}
