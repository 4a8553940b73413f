/**
 * Action records, pure (DESIGN.md "Execution"): the payload an approved or modified alert
 * becomes, its deterministic id, the status machine of its delivery, the retry schedule, and
 * the alert's step to 'executed' once delivered and to 'expired' once its action is dead. No I/O:
 * lib/actions/execute.ts and the delivery worker (jobs/deliver.ts) read, decide here, and append.
 *
 * Status machine (one row per change; the latest row is the current state):
 *
 *   pending   -> delivered | failed | dead | confirmed
 *   failed    -> delivered | failed | dead | confirmed      (failed -> failed: another try failed)
 *   delivered -> confirmed | dead                            (dead: the receiver called back 'rejected')
 *   confirmed, dead: final
 *
 * A callback may arrive before the worker has recorded the 2xx it answers (the receiver calls back
 * inside the request), so pending and failed accept 'confirmed' too; the worker's 'delivered'
 * after it is then refused and only its attempt is recorded.
 */
import { createHash } from 'node:crypto'
import type { Actor, AlertRecord, AlertTransition } from '@/lib/alerts/types'
import { EXECUTABLE_ACTIONS, type ActionPayload, type ActionRecord, type ActionStatus, type ApprovedBy, type ExecutableAction } from './types'

/** Alert statuses that let a recommendation become an action. */
const DECIDED_TO_RUN = ['approved', 'modified'] as const

export const isExecutable = (kind: string): kind is ExecutableAction => (EXECUTABLE_ACTIONS as readonly string[]).includes(kind)

/**
 * The action's id: the same for the same decision (alert id and the transition that approved
 * it), so a retried approval finds the action it already made. Also the webhook-id.
 */
export function actionIdFor(alertId: string, transitionId: string): string {
  return `act_${createHash('sha256').update(`${alertId}\n${transitionId}`).digest('hex').slice(0, 32)}`
}

export type PayloadResult = { ok: true; payload: ActionPayload } | { ok: false; reason: string }

/**
 * The payload an approved or modified alert becomes: the recommendation's figures, with the
 * decided quantity when a person modified it (cost scaled to it when the recommended quantity was
 * not 0). `alert` is the version the decision wrote, `transition` the decision's step.
 */
export function actionPayloadFrom(alert: AlertRecord, transition: AlertTransition, approvedBy: ApprovedBy, ruleVersion: number, now: string): PayloadResult {
  const rec = alert.recommendation
  if (!isExecutable(rec.action)) return { ok: false, reason: `a ${rec.action} recommendation is not an action` }
  // The retailer's systems act on one SKU at one location: a card scoped wider (a supplier's) is not one action.
  if (!alert.scope.sku || !alert.scope.location) return { ok: false, reason: 'the alert names no SKU and location to act on' }
  if (transition.alert_id !== alert.id) return { ok: false, reason: `transition ${transition.transition_id} is not of alert ${alert.id}` }
  if (!(DECIDED_TO_RUN as readonly string[]).includes(transition.to)) return { ok: false, reason: `the alert was ${transition.to}, not approved or modified` }
  const decided = transition.to === 'modified' ? (alert.decided_quantity ?? transition.quantity_after ?? rec.quantity) : rec.quantity
  if (!Number.isFinite(decided) || decided < 0) return { ok: false, reason: `quantity ${decided} is not a number of units` }
  const cost = transition.to === 'modified' && rec.quantity > 0 ? round2((rec.cost * decided) / rec.quantity) : rec.cost
  const value = transition.to === 'modified' && rec.quantity > 0 ? round2((rec.value * decided) / rec.quantity) : rec.value
  const payload: ActionPayload = {
    action_id: actionIdFor(alert.id, transition.transition_id),
    kind: rec.action,
    alert_id: alert.id,
    sku: alert.scope.sku,
    location: alert.scope.location,
    channel: alert.scope.channel,
    supplier: rec.action === 'reorder' || rec.action === 'expedite' ? alert.scope.supplier : '',
    ...(rec.from_location !== undefined ? { from_location: rec.from_location } : {}),
    quantity: decided,
    ...(rec.split ? { split: scaleSplit(rec.split, rec.quantity, decided) } : {}),
    ...(rec.price !== undefined ? { price: rec.price } : {}),
    cost,
    value,
    rule_version: ruleVersion,
    approved_by: approvedBy,
    created_at: now,
  }
  return { ok: true, payload }
}

/** The webhook body of an action: `{ type: 'action.<kind>', timestamp, data }`, the same bytes on every try. */
export const webhookBody = (p: ActionPayload) => JSON.stringify({ type: `action.${p.kind}`, timestamp: p.created_at, data: p })

const round2 = (x: number) => Math.round(x * 100) / 100

/** A reallocation's split, scaled to a decided total (whole units, the remainder to the largest share). */
function scaleSplit(split: Record<string, number>, recommended: number, decided: number): Record<string, number> {
  if (recommended <= 0 || decided === recommended) return { ...split }
  const entries = Object.entries(split)
  const out: Record<string, number> = {}
  let given = 0
  for (const [k, v] of entries) {
    out[k] = Math.floor((v * decided) / recommended)
    given += out[k]
  }
  const largest = entries.reduce((a, b) => (b[1] > a[1] ? b : a), entries[0])
  if (largest) out[largest[0]] += decided - given
  return out
}

const NEXT: Record<ActionStatus, readonly ActionStatus[]> = {
  pending: ['delivered', 'failed', 'dead', 'confirmed'],
  failed: ['delivered', 'failed', 'dead', 'confirmed'],
  delivered: ['confirmed', 'dead'],
  confirmed: [],
  dead: [],
}

export const canMove = (from: ActionStatus, to: ActionStatus): boolean => NEXT[from].includes(to)
export const isFinal = (s: ActionStatus): boolean => NEXT[s].length === 0

export type StepResult = { ok: true; record: ActionRecord } | { ok: false; reason: string }

/** The next row of an action: its status, attempts so far and detail; refused when the machine does not allow it. */
export function nextRecord(current: ActionRecord, to: ActionStatus, change: { attempts?: number; detail?: string; now: string }): StepResult {
  if (!canMove(current.status, to)) return { ok: false, reason: `action ${current.action_id} is ${current.status}; it cannot become ${to}` }
  return { ok: true, record: { ...current, status: to, attempts: change.attempts ?? current.attempts, detail: change.detail ?? '', updated_at: change.now } }
}

/** The first row of an action. */
export const pendingRecord = (p: ActionPayload): ActionRecord => ({ ...p, status: 'pending', attempts: 0, detail: '', updated_at: p.created_at })

/**
 * What one delivery attempt leads to: 2xx delivered; otherwise failed while tries remain, dead
 * after the last (`attempt` counts from 1, of `maxAttempts`).
 */
export function afterAttempt(httpStatus: number, attempt: number, maxAttempts: number): ActionStatus {
  if (httpStatus >= 200 && httpStatus < 300) return 'delivered'
  return attempt >= maxAttempts ? 'dead' : 'failed'
}

export interface BackoffOptions {
  /** Delay before the 2nd try's window, ms; the window doubles each try. */
  baseMs: number
  /** Largest window, ms. */
  capMs: number
  jitter: 'full' | 'decorrelated'
}

/**
 * How long to wait before the next try, after `attempt` tries failed (1-based), exponential with
 * jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 *   full:          random in [0, min(cap, base * 2^(attempt-1)))
 *   decorrelated:  min(cap, random in [base, 3 * previous)), previous = base on the first
 * `random` returns [0, 1) (Math.random in use, a fixed sequence in tests). Whole milliseconds.
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random, previousMs?: number): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, not ${attempt}`)
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON)
  if (o.jitter === 'full') {
    const window = Math.min(o.capMs, o.baseMs * 2 ** Math.min(attempt - 1, 52))
    return Math.floor(r * window)
  }
  const prev = Math.max(previousMs ?? o.baseMs, o.baseMs)
  return Math.floor(Math.min(o.capMs, o.baseMs + r * (prev * 3 - o.baseMs)))
}

/** The alert's step to `to` by the delivery worker, for `actionId`; idempotent by its transition id. */
function systemStep(alert: AlertRecord, actionId: string, to: 'executed' | 'expired', reason: string, now: string): { alert: AlertRecord; transition: AlertTransition } {
  const actor: Actor = { kind: 'system', id: 'system', name: 'delivery worker' }
  const qty = alert.decided_quantity ?? alert.recommendation.quantity
  return {
    alert: { ...alert, status: to, updated_at: now },
    transition: {
      alert_id: alert.id, transition_id: `${actionId}:${to}`, at: now, actor, from: alert.status, to,
      reason, quantity_before: qty, quantity_after: qty, revision: alert.revision,
    },
  }
}

/** The alert's step to 'executed' once its action was delivered: by the system, idempotent by its transition id. */
export function alertExecuted(alert: AlertRecord, actionId: string, now: string): { alert: AlertRecord; transition: AlertTransition } | undefined {
  if (!(DECIDED_TO_RUN as readonly string[]).includes(alert.status)) return undefined
  return systemStep(alert, actionId, 'executed', `action ${actionId} delivered`, now)
}

/**
 * The alert's step to 'expired' once its action is dead (the last try failed, or the receiver
 * refused it): nothing ran, so the decision lapses and the scope re-arms (lib/alerts/hygiene.ts:
 * after 'expired' a new episode opens by the ordinary rule while the condition stands), where a
 * decided alert would hold it until the condition cleared. From approved or modified (never
 * delivered) or executed (delivered, then refused). By the system, idempotent by its transition id.
 */
export function alertExpired(alert: AlertRecord, actionId: string, why: string, now: string): { alert: AlertRecord; transition: AlertTransition } | undefined {
  if (!([...DECIDED_TO_RUN, 'executed'] as readonly string[]).includes(alert.status)) return undefined
  return systemStep(alert, actionId, 'expired', `action ${actionId} dead (${why}): nothing ran`, now)
}
