/**
 * The audit entries of the things this product audits, built from what each call site has (pure):
 * an alert's transition, a sign-in (and a failed one), a sign-out, a refused request.
 */
import type { AlertRecord, AlertTransition, Actor } from '@/lib/alerts/types'
import type { User } from '@/lib/auth/roles'
import type { AuditActor, AuditEntryInput } from './types'

/** A transition's actor as the trail names it: an API key's decision (id `key:<name>`) is the key's. */
export function auditActorOf(a: Actor): AuditActor {
  return a.kind === 'system' && a.id.startsWith('key:') ? { kind: 'key', id: a.id.slice(4), name: a.name } : { kind: a.kind, id: a.id, name: a.name }
}

/** One alert transition, with the figures it was taken on and the model behind the alert. */
export function alertTransitionEntry(alert: AlertRecord, t: AlertTransition): AuditEntryInput {
  return {
    kind: 'alert.transition',
    actor: auditActorOf(t.actor),
    subject_type: 'alert',
    subject_id: t.alert_id,
    location: alert.scope.location,
    before: { status: t.from, quantity: t.quantity_before },
    after: { status: t.to, quantity: t.quantity_after },
    reason: t.reason,
    inputs: {
      signal: alert.signal,
      severity: alert.severity,
      value_at_risk: alert.value_at_risk,
      recommendation: alert.recommendation,
      confidence: alert.confidence,
      type: alert.type,
      sku: alert.scope.sku,
      transition_id: t.transition_id,
      revision: t.revision,
    },
    model_version: alert.model_version,
    at: t.at,
  }
}

export const personActor = (u: Pick<User, 'id' | 'name'>): AuditActor => ({ kind: 'person', id: u.id, name: u.name })
export const anonymousActor = (address: string): AuditActor => ({ kind: 'anonymous', id: address, name: '' })

/** A sign-in that succeeded. */
export function signInEntry(user: User, address: string): AuditEntryInput {
  return { kind: 'auth.sign_in', actor: personActor(user), subject_type: 'user', subject_id: user.email, after: { role: user.role }, inputs: { address }, reason: 'password' }
}

/** A sign-in that failed: who tried (their address) and the email they gave, never the password. */
export function signInFailedEntry(email: string, address: string, reason: string): AuditEntryInput {
  const tried = email.trim().toLowerCase().slice(0, 256)
  return { kind: 'auth.sign_in_failed', actor: anonymousActor(address), subject_type: 'user', subject_id: tried, inputs: { email: tried, address }, reason }
}

export function signOutEntry(user: User, address: string): AuditEntryInput {
  return { kind: 'auth.sign_out', actor: personActor(user), subject_type: 'user', subject_id: user.email, inputs: { address }, reason: 'signed out' }
}

/** A request refused with 401 or 403: the route and method, and what was missing. */
export function refusedEntry(actor: AuditActor, req: { method: string; url: string }, status: 401 | 403, reason: string, address: string): AuditEntryInput {
  const route = new URL(req.url).pathname.slice(0, 512)
  return { kind: 'auth.refused', actor, subject_type: 'route', subject_id: `${req.method} ${route}`, inputs: { route, method: req.method, status, address }, reason }
}

/** A Socket.IO room join refused (the same check as the API route that reads the same data). */
export function roomRefusedEntry(user: User, room: string, reason: string, address: string): AuditEntryInput {
  return { kind: 'auth.refused', actor: personActor(user), subject_type: 'room', subject_id: room.slice(0, 512), inputs: { room, address }, reason }
}
