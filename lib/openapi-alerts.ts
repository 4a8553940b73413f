/**
 * The alerts operations of the OpenAPI document (merged into lib/openapi-paths.ts): the inbox
 * list, the decision rates, one alert with its history, and a decision on an alert.
 */
import { alertIdParam, alertsQuery, ratesQuery } from './alerts/api-schemas'
import { queryParams, ref, schema, type JsonSchema } from './api/json-schema'
import { RETRY_AFTER, answer, badQuery, forbidden, json, keyOrSession, op, pathParam, readOp, unauthorized } from './api/openapi-parts'

export function alertPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/alerts': readOp({
      operationId: 'listAlerts',
      tag: 'Alerts',
      summary: 'Alert cards, by value at risk, with counts by severity and type',
      parameters: queryParams(alertsQuery),
      ok: ['Alerts', ref('Alerts')],
      errors: { '400': badQuery },
    }),
    '/api/v1/alerts/rates': readOp({
      operationId: 'getDecisionRates',
      tag: 'Alerts',
      summary: 'Acceptance and override rates of decided recommendations, by agent, category or planner',
      description: 'Decided = approved + modified + rejected. Acceptance = approved unchanged / decided; override = (modified + rejected) / decided (DESIGN.md).',
      parameters: queryParams(ratesQuery),
      ok: ['Rates', ref('DecisionRates')],
      errors: { '400': badQuery },
    }),
    '/api/v1/alerts/{id}': readOp({
      operationId: 'getAlert',
      tag: 'Alerts',
      summary: 'One alert card with every lifecycle step',
      parameters: [pathParam('id', schema(alertIdParam))],
      ok: ['The alert and its history', ref('AlertDetail')],
      errors: { '400': badQuery, '404': answer('No such alert, or one outside the caller\'s access (not confirmed to exist)', ref('Message')) },
    }),
    '/api/v1/alerts/{id}/decision': {
      post: op({
        operationId: 'decideAlert',
        tag: 'Alerts',
        summary: 'Approve, modify, reject, snooze or acknowledge an alert',
        description:
          'modify needs quantity and reason; reject needs reason; snooze needs until (in the future, at most 30 days ahead). Send the revision you looked at: if the alert changed since, or was already decided, the answer is 409 naming its status. Needs the actions scope, or a person whose role may decide (admin, ops manager, planner). Approving or modifying also needs the approver the approval rules ask for at the value decided (GET /api/v1/approval-rules): a planner up to Y, an operations manager (or admin) above it; an API key approves up to a planner\'s limit. Every decision records the rule version that applied (rule_version in the history).',
        security: keyOrSession('actions'),
        parameters: [pathParam('id', schema(alertIdParam))],
        requestBody: { required: true, content: json(ref('Decision')) },
        responses: {
          '200': answer('Decided: the alert as it is now, with its history', ref('AlertDetail')),
          '400': answer('Invalid decision: every problem with its field; nothing was written', ref('Errors')),
          '401': unauthorized(true),
          '403': forbidden('actions', 'a person whose role may not decide, or a caller below the approver the approval rules ask for (the message says who must approve and why)'),
          '404': answer('No such alert, or one outside the caller\'s access (not confirmed to exist)', ref('Message')),
          '409': answer('Already decided, or changed since the revision sent: its current status and revision', ref('AlertConflict')),
          '413': answer('Body over 16 KiB', ref('Errors')),
          '415': answer('Content-Type is not application/json', ref('Errors')),
          '503': answer('Someone else is writing this alert right now; nothing was done', ref('Message'), RETRY_AFTER),
        },
      }),
    },
  }
}
