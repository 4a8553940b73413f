/**
 * The audit trail's vocabulary (DESIGN.md "Security"): every alert transition, decision, override,
 * automated action, delivery attempt, rule change, API-key change, user change, sign-in (failed
 * ones too) and refused authorisation is one append-only entry, hash-chained to the one before.
 * Types only; the chain and its check: lib/audit/chain.ts; the one writer: lib/audit/store.ts.
 */

/** What happened, by area. New kinds are added here, and only here. */
export const AUDIT_KINDS = [
  'alert.transition',
  'action.created',
  'action.delivery',
  'action.callback',
  'rule.change',
  'api_key.create',
  'api_key.revoke',
  'user.change',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.refused',
] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

/** Who did it: a person, an agent, an API key, or the system (expiry, the delivery worker). */
export interface AuditActor {
  kind: 'person' | 'agent' | 'key' | 'system' | 'anonymous'
  /** User id, agent name, key name, 'system', or for anonymous the client address. */
  id: string
  name: string
}

/** One entry as a writer hands it over; the store adds seq, at (if absent), prev_hash and hash. */
export interface AuditEntryInput {
  kind: AuditKind
  actor: AuditActor
  /** What it is about: ('alert', id), ('action', id), ('rule', action type), ('user', email), ... */
  subject_type: string
  subject_id: string
  /** Region or location the subject belongs to, '' when none: what a scoped reader filters on. */
  location?: string
  /** State before and after, as small JSON-able objects (null when not applicable). */
  before?: unknown
  after?: unknown
  reason?: string
  /** The figures the decision was taken on (signal, forecast, quantity, thresholds). */
  inputs?: unknown
  /** Model or agent version behind it, '' for people. */
  model_version?: string
  /** ISO 8601 UTC; defaults to the time of writing. */
  at?: string
}

/** One entry as stored and read back. */
export interface AuditEntry extends Required<Omit<AuditEntryInput, 'before' | 'after' | 'inputs'>> {
  /** Position in the chain, 1-based, gap-free. */
  seq: number
  /** Canonical JSON strings of before, after and inputs ('null' when absent). */
  before: string
  after: string
  inputs: string
  prev_hash: string
  hash: string
}
