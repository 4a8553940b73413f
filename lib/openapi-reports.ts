/**
 * The executive value report's operations in the OpenAPI document (merged into
 * lib/openapi-paths.ts): the report as JSON or CSV, as PDF, and the decisions behind it.
 */
import { valueDecisionsQuery, valuePdfQuery, valueReportQuery } from './value/api-schemas'
import { queryParams, ref, type JsonSchema } from './api/json-schema'
import { answer, badQuery, forbidden, keyOrSession, op, unauthorized } from './api/openapi-parts'

const WHO = 'An API key with the read scope, or a signed-in admin, executive or operations manager (a planner: 403). A caller restricted to locations (a person\'s regions and locations, a key\'s locations) gets the figures of those locations only; `scope` in the report names them.'
const PERIOD = 'The period is whole UTC days, from and to included, at most 2 years; previous = the period of equal length just before it. A bad date, to before from, or a longer period: 400 naming the field.'
const refused = forbidden('read', 'a person whose role may not read the value report (a planner)')

export function reportPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/reports/value': {
      get: op({
        operationId: 'getValueReport',
        tag: 'Reports',
        summary: 'The executive value report: figures with baseline and previous period, value by use case, daily series, decision rates, calibration',
        description: `basis simulation: the demo's simulator ran the same demand under the baseline static min-max policy and under StockPulse, so value is measured (baseline cost - StockPulse cost) and every run figure has its baseline; basis real: value is what the executed decisions were estimated at and settled at, with no baseline. Every figure carries its definition. With Accept: text/csv (or format=csv) the answer is a CSV file of every table: the filters first, then each table under a line naming it and a header line, tables separated by an empty line; cells safe to open in a spreadsheet. ${PERIOD} ${WHO}`,
        security: keyOrSession('read'),
        parameters: queryParams(valueReportQuery),
        responses: {
          '200': {
            description: 'The report (JSON), or its tables (CSV)',
            content: {
              'application/json': { schema: ref('ValueReport') },
              'text/csv': { schema: { type: 'string', description: 'sections Filters, Figures, Use cases, Daily, Decision rates, Calibration' } },
            },
          },
          '400': badQuery,
          '401': unauthorized(true),
          '403': refused,
        },
      }),
    },
    '/api/v1/reports/value.pdf': {
      get: op({
        operationId: 'getValueReportPdf',
        tag: 'Reports',
        summary: 'The executive value report as a PDF',
        description: `A4, drawn on the server (no browser): the filters it was made with (period, previous period, basis, scope, currency, generated at), the figures with baseline and previous, value by use case, decision rates, calibration, the daily series (long tables break across pages with their header repeated) and every figure's definition. ${PERIOD} ${WHO}`,
        security: keyOrSession('read'),
        parameters: queryParams(valuePdfQuery),
        responses: {
          '200': { description: 'The PDF file', content: { 'application/pdf': { schema: { type: 'string', description: 'PDF 1.3 bytes' } } } },
          '400': badQuery,
          '401': unauthorized(true),
          '403': refused,
        },
      }),
    },
    '/api/v1/reports/value/decisions': {
      get: op({
        operationId: 'listValueDecisions',
        tag: 'Reports',
        summary: 'The settled decisions behind the report\'s figures, newest first, a page at a time',
        description: `Executed decisions whose horizon ended in the period (by day decided), with their estimate at decision time, their settled value and the figures behind it; filter by use case or action kind. Page with offset = next_offset. ${PERIOD} ${WHO}`,
        security: keyOrSession('read'),
        parameters: queryParams(valueDecisionsQuery),
        responses: {
          '200': answer('Decisions', ref('ValueDecisions')),
          '400': badQuery,
          '401': unauthorized(true),
          '403': refused,
        },
      }),
    },
  }
}
