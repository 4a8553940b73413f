/**
 * The audit API's shapes (server/api/audit.ts): the filters of GET /api/v1/audit, an entry as
 * answered (before, after and inputs as JSON values: their canonical text is what the hash
 * covers, and canonicalJson of the value gives it back), a page of entries, and the check.
 */
import { z } from 'zod'
import { AUDIT_KINDS } from './types'

const text = (max: number, description: string) =>
  z.string().min(1).max(max).refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), 'must not contain control characters').optional().meta({ description })
const instant = (description: string) => z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone (2026-12-06T10:00:00Z)' }).optional().meta({ description })

export const auditQuery = z
  .object({
    from: instant('entries at or after this time'),
    to: instant('entries before this time'),
    kind: z.enum(AUDIT_KINDS).optional().meta({ description: 'one kind of entry' }),
    actor: text(256, "an actor's id or name, exactly (a user id, an agent's name, an API key's name, a client address)"),
    subject_type: text(64, "what the entries are about: 'alert', 'user', 'route', 'action', 'rule', 'api_key'"),
    subject_id: text(512, 'the id of what the entries are about (an alert id, an email, "GET /api/v1/kpis")'),
    before_seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'only entries before this seq: the next page is next_before_seq of the previous one' }),
    limit: z.coerce.number().int().min(1).max(1_000).default(100).meta({ description: 'at most this many entries, newest first (JSON; CSV gives every matching entry)' }),
    format: z.enum(['json', 'csv']).optional().meta({ description: "csv: the matching entries as a CSV file (as does Accept: text/csv); json by default" }),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' })
  })
export type AuditQuery = z.infer<typeof auditQuery>

const dateTime = z.string().meta({ format: 'date-time' })

export const auditEntryBody = z.object({
  seq: z.number().int().meta({ description: 'position in the chain, from 1, gap-free' }),
  at: dateTime,
  kind: z.enum(AUDIT_KINDS),
  actor: z.object({ kind: z.enum(['person', 'agent', 'key', 'system', 'anonymous']), id: z.string(), name: z.string() }),
  subject_type: z.string(),
  subject_id: z.string(),
  location: z.string().meta({ description: "the region or location the subject belongs to; '' when none" }),
  before: z.unknown().meta({ description: 'state before (JSON; null when not applicable)' }),
  after: z.unknown().meta({ description: 'state after (JSON; null when not applicable)' }),
  reason: z.string(),
  inputs: z.unknown().meta({ description: 'the figures it was taken on (JSON; null when none)' }),
  model_version: z.string(),
  prev_hash: z.string().meta({ description: 'hash of the entry before (64 zeros for seq 1)' }),
  hash: z.string().meta({ description: 'SHA-256 hex of the canonical JSON of this entry with seq and prev_hash' }),
})
export type AuditEntryBody = z.infer<typeof auditEntryBody>

export const auditPage = z.object({
  entries: z.array(auditEntryBody).meta({ description: 'newest first' }),
  next_before_seq: z.number().int().nullable().meta({ description: 'before_seq of the next page; null on the last' }),
  as_of: dateTime,
})
export type AuditPage = z.infer<typeof auditPage>

export const auditVerifyBody = z.object({
  ok: z.boolean(),
  checked: z.number().int().meta({ description: 'entries found intact, in order, before the first broken one (or all)' }),
  head_seq: z.number().int().meta({ description: 'the highest seq in the trail when the check started; 0 when empty' }),
  first_broken: z
    .object({
      seq: z.number().int().meta({ description: 'the first entry that does not hold (for a gap: the missing seq)' }),
      at: dateTime.nullable().meta({ description: 'its time; null for a missing entry' }),
      kind: z.string().nullable().meta({ description: 'its kind; null for a missing entry' }),
      reason: z.string().meta({ description: 'what is wrong: altered, missing, out of order, twice, or a broken link' }),
    })
    .nullable(),
  parked: z.number().int().meta({ description: 'entries whose write failed and that wait for the next write to join the chain (0 when all is well)' }),
})
export type AuditVerifyBody = z.infer<typeof auditVerifyBody>
