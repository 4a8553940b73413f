/**
 * The inbox's decision forms, as pure functions: the reason a planner gives (a listed reason plus
 * free text), the decided quantity, the snooze presets and the body POSTed to
 * /api/v1/alerts/{id}/decision; then what its answer means for the card (done, 409 already
 * decided, field errors, failure). Field errors come back keyed by field so the form shows each
 * beside its field.
 */
import { alertBody, alertConflict, decisionBody, type AlertBody, type DecisionBody } from './api-schemas'
import { DECISION_REASONS, type AlertStatus, type Decision } from './types'

export const MAX_QUANTITY = 10_000_000
const MAX_REASON = 500
const DAY_MS = 86_400_000
/** The API's limit on a snooze. */
export const MAX_SNOOZE_MS = 30 * DAY_MS

export type FieldErrors = Partial<Record<'quantity' | 'reason' | 'until' | 'form', string>>

/** "quantity too high" or "quantity too high: the promotion ended early"; 'other' needs the text. */
export function composeReason(reason: string | undefined, note: string): { reason?: string; error?: string } {
  const text = note.trim()
  if (!reason) return { error: 'choose a reason' }
  if (!(DECISION_REASONS as readonly string[]).includes(reason)) return { error: 'choose one of the listed reasons' }
  if (reason === 'other' && !text) return { error: 'say what the reason is' }
  const full = reason === 'other' ? `other: ${text}` : text ? `${reason}: ${text}` : reason
  if (full.length > MAX_REASON) return { error: `at most ${MAX_REASON} characters (${full.length} now)` }
  return { reason: full }
}

/** A quantity typed in a field: whole units, 0 to MAX_QUANTITY. */
export function parseQuantity(input: string): { quantity?: number; error?: string } {
  const t = input.trim()
  if (!t) return { error: 'enter a quantity' }
  if (!/^\d+$/.test(t)) return { error: 'must be a whole number of units' }
  const q = Number(t)
  if (q > MAX_QUANTITY) return { error: `at most ${MAX_QUANTITY.toLocaleString('en-GB')} units` }
  return { quantity: q }
}

export const SNOOZE_PRESETS = ['4h', 'tomorrow', 'week'] as const
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number]
export const SNOOZE_LABELS: Record<SnoozePreset, string> = { '4h': 'For 4 hours', tomorrow: 'Until tomorrow 08:00', week: 'For 1 week' }

/** When a preset wakes the alert, from `now`, in the viewer's own time zone (the Date's local time). */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date {
  switch (preset) {
    case '4h':
      return new Date(now.getTime() + 4 * 3_600_000)
    case 'tomorrow': {
      const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0, 0, 0)
      return d
    }
    case 'week':
      return new Date(now.getTime() + 7 * DAY_MS)
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A Date as a datetime-local input's value (local time, to the minute): "2026-12-07T08:00". */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A datetime-local value (local time) as an instant; checked to be ahead of `now` and at most 30 days on. */
export function parseLocalInput(value: string, now: Date): { until?: Date; error?: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!m) return { error: 'enter a date and time' }
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0))
  const until = new Date(y, mo - 1, d, h, mi, s)
  if (Number.isNaN(until.getTime()) || until.getMonth() !== mo - 1 || until.getDate() !== d) return { error: 'not a valid date' }
  if (until.getTime() <= now.getTime()) return { error: 'must be in the future' }
  if (until.getTime() - now.getTime() > MAX_SNOOZE_MS) return { error: 'at most 30 days ahead' }
  return { until }
}

/** The body to POST for a decision on a card, checked against the API's schema. */
export function decisionRequest(card: Pick<AlertBody, 'revision'>, decision: Decision, extra: Omit<DecisionBody, 'decision' | 'revision'> = {}): DecisionBody {
  return decisionBody.parse({ decision, revision: card.revision, ...extra })
}

export type DecisionOutcome =
  | { kind: 'done'; alert?: AlertBody }
  | { kind: 'conflict'; status: AlertStatus; revision: number; message: string }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'failed'; message: string }

const FIELDS = ['quantity', 'reason', 'until'] as const

/** The field an API error's path names ("quantity", "body.reason", "/until"), or 'form'. */
function fieldOf(path: unknown): keyof FieldErrors {
  const last = String(path ?? '').split(/[./]/).filter(Boolean).pop()
  return (FIELDS as readonly string[]).includes(last ?? '') ? (last as (typeof FIELDS)[number]) : 'form'
}

/**
 * What a decision's answer means: 2xx done (with the card when the answer is one); 409 already
 * decided or changed; other 4xx invalid, each error keyed by its field (`{errors:[{path,message}]}`
 * or `{error}`); anything else failed.
 */
export function readDecisionAnswer(status: number, body: unknown): DecisionOutcome {
  if (status >= 200 && status < 300) {
    const card = alertBody.safeParse(body)
    return card.success ? { kind: 'done', alert: card.data } : { kind: 'done' }
  }
  const b = (body ?? {}) as { error?: unknown; errors?: unknown }
  const message = typeof b.error === 'string' ? b.error : `the server answered ${status}`
  if (status === 409) {
    const c = alertConflict.safeParse(body)
    if (c.success) return { kind: 'conflict', status: c.data.status, revision: c.data.revision, message: c.data.error }
    return { kind: 'failed', message }
  }
  if (status >= 400 && status < 500) {
    const errors: FieldErrors = {}
    if (Array.isArray(b.errors)) {
      for (const e of b.errors as { path?: unknown; message?: unknown }[]) {
        const f = fieldOf(e?.path)
        const text = typeof e?.message === 'string' ? e.message : 'invalid'
        errors[f] = errors[f] ? `${errors[f]}; ${text}` : text
      }
    }
    if (!Object.keys(errors).length) errors.form = status === 401 ? 'signed out: sign in again' : message
    return { kind: 'invalid', errors }
  }
  return { kind: 'failed', message }
}

/** Statuses a person can still decide; a card in another shows its status instead of the keys. */
export const DECIDABLE: readonly AlertStatus[] = ['open', 'acknowledged', 'snoozed']
export const isDecidable = (s: AlertStatus) => DECIDABLE.includes(s)

/** Confidence in words: high from 80 %, medium from 50 %, low below. */
export function confidenceWord(c: number): string {
  const word = c >= 0.8 ? 'High' : c >= 0.5 ? 'Medium' : 'Low'
  return `${word} confidence (${Math.round(c * 100)}%)`
}
