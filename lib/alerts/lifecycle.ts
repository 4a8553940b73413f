/**
 * The lifecycle of an alert as a pure state machine: what a decision (POST
 * /api/v1/alerts/{id}/decision) does to the alert's current version. No I/O: the caller reads the
 * latest version, applies the decision, and appends the new version and the transition.
 *
 *   open          -> acknowledged | snoozed | approved | modified | rejected
 *   acknowledged  -> snoozed | approved | modified | rejected
 *   snoozed       -> acknowledged | approved | modified | rejected | snoozed (a new wake time)
 *   approved, modified, rejected, executed, expired, cleared: decided or ended; any decision is a
 *   conflict naming the current state (the API answers 409). Acknowledging an acknowledged alert is
 *   a conflict too (someone else got there first); nothing is written.
 *
 * The state is checked before the input: a decision on a decided alert is a conflict whatever it
 * carries, so the planner learns that someone else decided it rather than that a field is missing.
 *
 * Inputs (code 'invalid', the API answers 400):
 *   - modify: `quantity` a whole number >= 0 and a `reason`. A quantity EQUAL to the recommendation
 *     is recorded as an approval (status 'approved', decided_quantity null; the transition keeps
 *     the reason): the recommendation was accepted unchanged, and the acceptance and override rates
 *     (DESIGN.md) count it as accepted. An 'investigate' card has no quantity and cannot be modified.
 *   - reject: a `reason` (from DECISION_REASONS or free text).
 *   - snooze: `until` an ISO instant after `now` and at most MAX_SNOOZE_DAYS ahead. Snoozing a
 *     snoozed alert sets a new wake time (sooner or later), still within that bound from now.
 *   - reasons are trimmed and at most MAX_REASON_LENGTH characters; approve and acknowledge take an
 *     optional one.
 *
 * A decision never bumps `revision` (that counts material changes of the recommendation); the
 * transition carries the alert's current revision. `transitionId` is the caller's: a retry of the
 * same request re-uses it, so the append is idempotent.
 */
import type { Actor, AlertRecord, AlertStatus, AlertTransition, Decision } from './types'
import { DECISIONS } from './types'

export const MAX_SNOOZE_DAYS = 30
export const MAX_REASON_LENGTH = 1000
const DAY_MS = 86_400_000

export interface DecisionInput {
  decision: Decision
  /** modify: the decided quantity, units. */
  quantity?: number
  /** Required for modify and reject. */
  reason?: string
  /** snooze: when it wakes, an ISO instant. */
  until?: string
}

export type DecisionResult =
  | { ok: true; alert: AlertRecord; transition: AlertTransition }
  | { ok: false; code: 'conflict' | 'invalid'; message: string; current: AlertStatus; /** The input field at fault ('invalid'). */ field?: 'decision' | 'quantity' | 'reason' | 'until' }

/** What each status accepts; statuses not listed accept nothing (decided or ended). */
const ALLOWED: Partial<Record<AlertStatus, readonly Decision[]>> = {
  open: ['acknowledge', 'snooze', 'approve', 'modify', 'reject'],
  acknowledged: ['snooze', 'approve', 'modify', 'reject'],
  snoozed: ['acknowledge', 'approve', 'modify', 'reject', 'snooze'],
}

const TARGET: Record<Decision, AlertStatus> = {
  acknowledge: 'acknowledged',
  snooze: 'snoozed',
  approve: 'approved',
  modify: 'modified',
  reject: 'rejected',
}

/** The decisions `status` accepts (for the card's buttons). */
export function allowedDecisions(status: AlertStatus): readonly Decision[] {
  return ALLOWED[status] ?? []
}

function parseInstant(s: string, what: string): number {
  const t = Date.parse(s)
  if (!Number.isFinite(t)) throw new RangeError(`${what} is not an ISO instant: ${s}`)
  return t
}

/**
 * Applies a planner's (or an approval rule's) decision to the alert's current version. Returns
 * the new version and its transition, or why not: 'conflict' (the alert's state does not accept
 * it) or 'invalid' (the input is wrong), with the current status either way.
 */
export function applyDecision(alert: AlertRecord, d: DecisionInput, actor: Actor, now: string, transitionId: string): DecisionResult {
  const nowMs = parseInstant(now, 'now')
  const current = alert.status
  const fail = (code: 'conflict' | 'invalid', message: string, field?: 'decision' | 'quantity' | 'reason' | 'until'): DecisionResult => ({ ok: false, code, message, current, ...(field ? { field } : {}) })

  if (!(DECISIONS as readonly string[]).includes(d.decision)) return fail('invalid', `unknown decision "${String(d.decision)}"`, 'decision')
  const allowed = allowedDecisions(current)
  if (!allowed.includes(d.decision)) {
    const verb = TARGET[d.decision]
    return fail('conflict', allowed.length === 0 ? `alert ${alert.id} is already ${current}; it cannot be ${verb}` : `alert ${alert.id} is already ${current}; it cannot be ${verb} again`)
  }

  const reason = (d.reason ?? '').trim()
  if (reason.length > MAX_REASON_LENGTH) return fail('invalid', `reason is longer than ${MAX_REASON_LENGTH} characters`, 'reason')

  const recommended = alert.recommendation.quantity
  let to = TARGET[d.decision]
  let decidedQuantity: number | null = null
  let snoozedUntil: string | null = null
  let transitionReason = reason

  switch (d.decision) {
    case 'modify': {
      if (alert.recommendation.action === 'investigate') return fail('invalid', 'an investigate card has no quantity to modify', 'decision')
      const q = d.quantity
      if (q === undefined || !Number.isInteger(q) || q < 0) return fail('invalid', 'modify needs a quantity: a whole number of units, 0 or more', 'quantity')
      if (reason === '') return fail('invalid', 'modify needs a reason', 'reason')
      if (q === recommended) to = 'approved'
      else decidedQuantity = q
      break
    }
    case 'reject':
      if (reason === '') return fail('invalid', 'reject needs a reason', 'reason')
      break
    case 'snooze': {
      if (d.until === undefined || d.until === '') return fail('invalid', 'snooze needs a wake time (until)', 'until')
      const untilMs = Date.parse(d.until)
      if (!Number.isFinite(untilMs)) return fail('invalid', `until is not an ISO instant: ${d.until}`, 'until')
      if (untilMs <= nowMs) return fail('invalid', 'until must be in the future', 'until')
      if (untilMs - nowMs > MAX_SNOOZE_DAYS * DAY_MS) return fail('invalid', `until must be at most ${MAX_SNOOZE_DAYS} days ahead`, 'until')
      snoozedUntil = new Date(untilMs).toISOString()
      if (transitionReason === '') transitionReason = `snoozed until ${snoozedUntil}`
      break
    }
    case 'approve':
    case 'acknowledge':
      break
  }

  const next: AlertRecord = {
    ...alert,
    status: to,
    updated_at: now,
    snoozed_until: snoozedUntil,
    decided_quantity: decidedQuantity,
  }
  const transition: AlertTransition = {
    alert_id: alert.id,
    transition_id: transitionId,
    at: now,
    actor,
    from: current,
    to,
    reason: transitionReason,
    quantity_before: recommended,
    quantity_after: decidedQuantity ?? recommended,
    revision: alert.revision,
  }
  return { ok: true, alert: next, transition }
}
