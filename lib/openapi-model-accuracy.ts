/**
 * Model monitoring's operation in the OpenAPI document (merged into lib/openapi-paths.ts).
 */
import { accuracyQuery, DEFAULT_WEEKS, MAX_PERIOD_DAYS } from './forecast/accuracy-api-schemas'
import { queryParams, ref, type JsonSchema } from './api/json-schema'
import { answer, readOp } from './api/openapi-parts'

export function modelAccuracyPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/model-accuracy': readOp({
      operationId: 'getModelAccuracy',
      tag: 'Planning',
      summary: 'Live accuracy of the stored forecasts by segment: WAPE, bias, MASE, weekly blocks and drift',
      description:
        `The forecast in force for each day (the latest run that covered it) against the units sold that day, for every sku x location x channel with a stored forecast, by category, region, channel or demand class. ` +
        `WAPE = sum |A - F| / sum A; bias = sum (F - A) / sum A (positive: over-forecast); MASE = sum |A - F| / the same days' in-sample seasonal naive (7-day) error of each series over the 8 weeks before the period. ` +
        `Weekly blocks end on \`to\`; the drift judgement compares the latest block with the ones before it (drift_rule). The period defaults to the ${DEFAULT_WEEKS} weeks to yesterday and may cover at most ${MAX_PERIOD_DAYS} days. A caller restricted to some locations gets theirs.`,
      parameters: queryParams(accuracyQuery),
      ok: ['Accuracy by segment, largest volume first', ref('ModelAccuracy')],
      errors: { '400': answer('Invalid query parameter: every problem with its field', ref('Errors')) },
    }),
  }
}
