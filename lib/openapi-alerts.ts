/**
 * The alerts operations of the OpenAPI document (merged into lib/openapi-paths.ts): the inbox
 * list, one alert with its history, and a decision on an alert.
 */
import { alertIdParam, alertsQuery, ratesQuery } from './alerts/api-schemas'
import { queryParams, ref, schema, type JsonSchema } from './api/json-schema'

const json = (s: JsonSchema) => ({ 'application/json': { schema: s } })
const answer = (description: string, body?: JsonSchema, headers?: JsonSchema) => ({ description, ...(headers ? { headers } : {}), ...(body ? { content: json(body) } : {}) })
const WWW_AUTHENTICATE = { 'WWW-Authenticate': { description: 'Bearer realm="stockpulse"', required: true, schema: { type: 'string' } } }
const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before trying again', required: true, schema: { type: 'integer', minimum: 1 } } }
const unauthorized = answer('Neither a valid API key nor a session', ref('Message'), WWW_AUTHENTICATE)
const idParam = () => {
  const { description, ...rest } = schema(alertIdParam) as JsonSchema & { description?: string }
  return { name: 'id', in: 'path', required: true, description: description ?? 'an alert id', schema: rest }
}
const badQuery = answer('Invalid query or path parameter: every problem with its field', ref('Errors'))

export function alertPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/alerts': {
      get: {
        operationId: 'listAlerts',
        tags: ['Alerts'],
        summary: 'Alert cards, by value at risk, with counts by severity and type',
        security: [{ apiKey: ['read'] }, { session: [] }],
        parameters: queryParams(alertsQuery),
        responses: { '200': answer('Alerts', ref('Alerts')), '400': badQuery, '401': unauthorized, '403': answer('The API key lacks the read scope', ref('Message')) },
      },
    },
    '/api/v1/alerts/rates': {
      get: {
        operationId: 'getDecisionRates',
        tags: ['Alerts'],
        summary: 'Acceptance and override rates of decided recommendations, by agent, category or planner',
        description: 'Decided = approved + modified + rejected. Acceptance = approved unchanged / decided; override = (modified + rejected) / decided (DESIGN.md).',
        security: [{ apiKey: ['read'] }, { session: [] }],
        parameters: queryParams(ratesQuery),
        responses: { '200': answer('Rates', ref('DecisionRates')), '400': badQuery, '401': unauthorized, '403': answer('The API key lacks the read scope', ref('Message')) },
      },
    },
    '/api/v1/alerts/{id}': {
      get: {
        operationId: 'getAlert',
        tags: ['Alerts'],
        summary: 'One alert card with every lifecycle step',
        security: [{ apiKey: ['read'] }, { session: [] }],
        parameters: [idParam()],
        responses: {
          '200': answer('The alert and its history', ref('AlertDetail')),
          '400': badQuery,
          '401': unauthorized,
          '403': answer('The API key lacks the read scope', ref('Message')),
          '404': answer('No such alert', ref('Message')),
        },
      },
    },
    '/api/v1/alerts/{id}/decision': {
      post: {
        operationId: 'decideAlert',
        tags: ['Alerts'],
        summary: 'Approve, modify, reject, snooze or acknowledge an alert',
        description:
          'modify needs quantity and reason; reject needs reason; snooze needs until (in the future, at most 30 days ahead). Send the revision you looked at: if the alert changed since, or was already decided, the answer is 409 naming its status. Needs the actions scope, or a person whose role may decide (admin, ops manager, planner).',
        security: [{ apiKey: ['actions'] }, { session: [] }],
        parameters: [idParam()],
        requestBody: { required: true, content: json(ref('Decision')) },
        responses: {
          '200': answer('Decided: the alert as it is now, with its history', ref('AlertDetail')),
          '400': answer('Invalid decision: every problem with its field; nothing was written', ref('Errors')),
          '401': unauthorized,
          '403': answer('The API key lacks the actions scope, or a person whose role may not decide', ref('Message')),
          '404': answer('No such alert', ref('Message')),
          '409': answer('Already decided, or changed since the revision sent: its current status and revision', ref('AlertConflict')),
          '413': answer('Body over 16 KiB', ref('Errors')),
          '415': answer('Content-Type is not application/json', ref('Errors')),
          '503': answer('Someone else is writing this alert right now; nothing was done', ref('Message'), RETRY_AFTER),
        },
      },
    },
  }
}
