/**
 * The actions operations of the OpenAPI document (merged into lib/openapi-paths.ts): the list of
 * action records, one with its delivery attempts, and the receiver's callback.
 */
import { actionIdParam, actionsQuery } from './actions/api-schemas'
import { queryParams, ref, schema, type JsonSchema } from './api/json-schema'
import { answer, badQuery, forbidden, json, keyOnly, op, pathParam, readOp, unauthorized } from './api/openapi-parts'

export function actionPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/actions': readOp({
      operationId: 'listActions',
      tag: 'Actions',
      summary: 'Action records (approved recommendations sent to the ERP/WMS/OMS), newest first, with their delivery status',
      description:
        'Each approved or auto-approved recommendation that changes stock becomes one action, delivered by webhook signed as the Standard Webhooks specification says (webhook-id = action_id on every try). Status: pending, delivered (2xx), failed (a try failed; retried with exponential backoff and jitter), dead (the last try failed, or the receiver rejected it: needs a person), confirmed (the receiver called back).',
      parameters: queryParams(actionsQuery),
      ok: ['One page of actions and how many match', ref('Actions')],
      errors: { '400': badQuery },
    }),
    '/api/v1/actions/{id}': readOp({
      operationId: 'getAction',
      tag: 'Actions',
      summary: 'One action with every delivery try',
      parameters: [pathParam('id', schema(actionIdParam))],
      ok: ['The action and its delivery tries', ref('ActionDetail')],
      errors: { '400': badQuery, '404': answer('No such action', ref('Message')) },
    }),
    '/api/v1/actions/{id}/callback': {
      post: op({
        operationId: 'postActionCallback',
        tag: 'Actions',
        summary: "The receiver's word on a delivered action: confirmed, or rejected",
        description:
          'Sent by the ERP/WMS/OMS (an API key with the actions scope) once it carried the action out (confirmed) or refused it (rejected: the action becomes dead and its card asks for a person). Idempotent: the same callback again answers the action as it is; one that contradicts a final state answers 409.',
        security: keyOnly('actions'),
        parameters: [pathParam('id', schema(actionIdParam))],
        requestBody: { required: true, content: json(ref('ActionCallback')) },
        responses: {
          '200': answer('Applied (or applied before): the action as it is now, with its delivery tries', ref('ActionDetail')),
          '400': answer('Invalid callback: every problem with its field; nothing was written', ref('Errors')),
          '401': unauthorized(false),
          '403': forbidden('actions'),
          '404': answer('No such action', ref('Message')),
          '409': answer('The action is already final in another state: its status', ref('ActionConflict')),
          '413': answer('Body over 16 KiB', ref('Errors')),
          '415': answer('Content-Type is not application/json', ref('Errors')),
        },
      }),
    },
  }
}
