/**
 * The approval rules' operations in the OpenAPI document (merged into lib/openapi-paths.ts): the
 * rules in force, their versions, and a new version saved by an admin.
 */
import { ref, type JsonSchema } from './api/json-schema'
import { answer, forbidden, json, keyOrSession, op, readOp, unauthorized } from './api/openapi-parts'

const RULES_SEMANTICS =
  'Per action type (reorder, expedite, transfer, reallocate, markdown) two thresholds X = auto_below <= Y = planner_up_to, compared with the money the recommendation commits (its cost: the order value at cost, the expedite fee, the transfer cost; after a modification, scaled to the decided quantity): below X it is approved by the rule and executes without a person; from X to Y a planner (or an operations manager, or an admin) approves; above Y an operations manager (or an admin). Critical alerts, replenishment exceptions and recommendations whose confidence is below confidence_floor never run without a person. Version 1 is the defaults; every decision records the version that applied.'

export function rulePaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/approval-rules': {
      ...readOp({
        operationId: 'getApprovalRules',
        tag: 'Alerts',
        summary: 'The approval rules in force: who must approve a recommendation, by action type and value',
        description: RULES_SEMANTICS,
        ok: ['The current version', ref('ApprovalRuleSet')],
      }),
      post: op({
        operationId: 'postApprovalRules',
        tag: 'Alerts',
        summary: 'Save a new version of the approval rules (admins, signed in)',
        description: `${RULES_SEMANTICS} Send the version the change was made on as expected_version: if another version was saved since, the answer is 409 and nothing is written. Needs an admin's session; API keys are refused (403). Audited as a rule change with the rules before and after.`,
        security: keyOrSession('actions'),
        requestBody: { required: true, content: json(ref('SaveApprovalRules')) },
        responses: {
          '200': answer('Saved: the new version, now in force', ref('ApprovalRuleSet')),
          '400': answer('Invalid rules: every problem with its field (X above Y, negative, not finite, missing); nothing was written', ref('Errors')),
          '401': unauthorized(true),
          '403': forbidden('actions', 'any API key, or a person who is not an admin'),
          '409': answer('Another version was saved since expected_version; nothing was written', ref('ApprovalRulesConflict')),
          '413': answer('Body over 16 KiB', ref('Errors')),
          '415': answer('Content-Type is not application/json', ref('Errors')),
        },
      }),
    },
    '/api/v1/approval-rules/versions': readOp({
      operationId: 'listApprovalRuleVersions',
      tag: 'Alerts',
      summary: 'Every version of the approval rules, newest first: who changed them, when and why',
      ok: ['The versions', ref('ApprovalRuleVersions')],
    }),
  }
}
