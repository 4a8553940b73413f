/**
 * The daily summary's operation in the OpenAPI document (merged into lib/openapi-paths.ts).
 */
import { summaryQuery } from './summary/api-schemas'
import { queryParams, ref, type JsonSchema } from './api/json-schema'

const json = (s: JsonSchema) => ({ 'application/json': { schema: s } })
const answer = (description: string, body?: JsonSchema, headers?: JsonSchema) => ({ description, ...(headers ? { headers } : {}), ...(body ? { content: json(body) } : {}) })
const WWW_AUTHENTICATE = { 'WWW-Authenticate': { description: 'Bearer realm="stockpulse"', required: true, schema: { type: 'string' } } }

export function summaryPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/summary': {
      get: {
        operationId: 'getDailySummary',
        tags: ['KPIs'],
        summary: "The day's summary for operations managers: a headline and paragraphs written from the day's figures",
        description:
          'Written from a template over the figures (no language model): every sentence is a figure. The day in progress is rewritten every hour; a day is written a last time just after midnight UTC. Changes are against the previous day\'s summary; without one they are left out.',
        security: [{ apiKey: ['read'] }, { session: [] }],
        parameters: queryParams(summaryQuery),
        responses: {
          '200': answer("The newest summary of the day", ref('DailySummary')),
          '400': answer('Invalid query parameter: every problem with its field', ref('Errors')),
          '401': answer('Neither a valid API key nor a session', ref('Message'), WWW_AUTHENTICATE),
          '403': answer('The API key lacks the read scope', ref('Message')),
          '404': answer('No summary of that day (and location) was written yet', ref('Message')),
        },
      },
    },
  }
}
