/**
 * The audit trail's operations in the OpenAPI document (merged into lib/openapi-paths.ts): the
 * trail, filtered and paged, as JSON or CSV, and the check of its hash chain.
 */
import { auditQuery } from './audit/api-schemas'
import { queryParams, ref, type JsonSchema } from './api/json-schema'
import { answer, badQuery, forbidden, keyOrSession, op, unauthorized } from './api/openapi-parts'

const WHO = 'An API key with the read scope, or an administrator signed in; other roles get 403 (the refusal is itself audited).'

export function auditPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/audit': {
      get: op({
        operationId: 'listAudit',
        tag: 'Audit',
        summary: 'The audit trail: every alert transition, sign-in (failed ones too), sign-out and refused request, newest first',
        description: `Filters combine (all must hold). Page with before_seq = next_before_seq of the previous page. With format=csv, or Accept: text/csv, the answer is a CSV file of every matching entry (limit does not apply), cells safe to open in a spreadsheet. ${WHO}`,
        security: keyOrSession('read'),
        parameters: queryParams(auditQuery),
        responses: {
          '200': {
            description: 'A page of entries (JSON), or all matching entries (CSV)',
            content: {
              'application/json': { schema: ref('AuditPage') },
              'text/csv': { schema: { type: 'string', description: 'a header row (seq, at, kind, actor_kind, actor_id, actor_name, subject_type, subject_id, location, before, after, reason, inputs, model_version, prev_hash, hash), then one row per entry' } },
            },
          },
          '400': badQuery,
          '401': unauthorized(true),
          '403': forbidden('read', 'a person who is not an administrator'),
        },
      }),
    },
    '/api/v1/audit/verify': {
      get: op({
        operationId: 'verifyAudit',
        tag: 'Audit',
        summary: 'Check the hash chain of the audit trail and name the first broken entry',
        description: `Reads every entry up to the head found when the check starts, recomputes each hash (SHA-256 of the canonical JSON of the entry with its seq and the previous hash) and follows the links. An altered entry, a missing seq, entries out of order or twice, and a broken link make ok false and name the first such entry. ${WHO}`,
        security: keyOrSession('read'),
        responses: {
          '200': answer('The outcome of the check', ref('AuditVerify')),
          '401': unauthorized(true),
          '403': forbidden('read', 'a person who is not an administrator'),
        },
      }),
    },
  }
}
