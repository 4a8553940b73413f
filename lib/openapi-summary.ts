/**
 * The daily summary's operation in the OpenAPI document (merged into lib/openapi-paths.ts).
 */
import { summaryQuery } from './summary/api-schemas'
import { queryParams, ref, type JsonSchema } from './api/json-schema'
import { answer, readOp } from './api/openapi-parts'

export function summaryPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/summary': readOp({
      operationId: 'getDailySummary',
      tag: 'KPIs',
      summary: "The day's summary for operations managers: a headline and paragraphs written from the day's figures",
      description:
        "Written from a template over the figures (no language model): every sentence is a figure. The day in progress is rewritten after each agents sweep (every 15 minutes and after each recompute) and every hour; a day is written a last time just after midnight UTC. Changes are against the previous day's summary; without one they are left out.",
      parameters: queryParams(summaryQuery),
      ok: ['The newest summary of the day', ref('DailySummary')],
      errors: {
        '400': answer('Invalid query parameter: every problem with its field', ref('Errors')),
        '404': answer('No summary of that day (and location) was written yet', ref('Message')),
      },
    }),
  }
}
