import { describe, expect, it } from 'vitest'
import { alertTransitionEntry, auditActorOf, refusedEntry, signInEntry, signInFailedEntry, signOutEntry } from './entries'
import { record as alertRecord, planner } from '@/lib/alerts/alerts.fixture'
import { DEMO_USERS } from '@/lib/auth/users'

describe('audit entries', () => {
  it('names an API key decision as the key, and people and agents as they are', () => {
    expect(auditActorOf({ kind: 'system', id: 'key:erp', name: 'API key erp' })).toEqual({ kind: 'key', id: 'erp', name: 'API key erp' })
    expect(auditActorOf({ kind: 'system', id: 'system', name: 'expiry' })).toEqual({ kind: 'system', id: 'system', name: 'expiry' })
    expect(auditActorOf(planner)).toEqual(planner)
  })

  it('records a transition with before and after, the figures and the model version', () => {
    const alert = alertRecord()
    const e = alertTransitionEntry(alert, { alert_id: alert.id, transition_id: 't1', at: '2026-12-06T10:00:00.000Z', actor: planner, from: 'open', to: 'modified', reason: 'supplier short', quantity_before: 48, quantity_after: 36, revision: 2 })
    expect(e).toMatchObject({
      kind: 'alert.transition', actor: planner, subject_type: 'alert', subject_id: alert.id, location: alert.scope.location,
      before: { status: 'open', quantity: 48 }, after: { status: 'modified', quantity: 36 }, reason: 'supplier short', model_version: alert.model_version,
      at: '2026-12-06T10:00:00.000Z',
    })
    expect(e.inputs).toMatchObject({ signal: alert.signal, severity: alert.severity, value_at_risk: alert.value_at_risk, confidence: alert.confidence, recommendation: alert.recommendation })
  })

  it('records a failed sign-in with the address and the email tried, and nothing of the password', () => {
    const e = signInFailedEntry('  Mallory@Example.COM ', '203.0.113.9', 'wrong email or password')
    expect(e).toEqual({
      kind: 'auth.sign_in_failed', actor: { kind: 'anonymous', id: '203.0.113.9', name: '' }, subject_type: 'user', subject_id: 'mallory@example.com',
      inputs: { email: 'mallory@example.com', address: '203.0.113.9' }, reason: 'wrong email or password',
    })
    // What it records of the attempt: the email and the address, no other field (a password has no way in).
    expect(Object.keys(e.inputs as object).sort()).toEqual(['address', 'email'])
  })

  it('records sign-in and sign-out as the person, and a refusal with its route and method', () => {
    const ada = DEMO_USERS[0]
    expect(signInEntry(ada, '::1')).toMatchObject({ kind: 'auth.sign_in', actor: { kind: 'person', id: ada.id, name: ada.name }, subject_id: ada.email })
    expect(signOutEntry(ada, '::1')).toMatchObject({ kind: 'auth.sign_out', actor: { kind: 'person', id: ada.id } })
    const r = refusedEntry({ kind: 'anonymous', id: '::1', name: '' }, { method: 'POST', url: 'http://h/api/v1/alerts/a1/decision?x=1' }, 401, 'no API key', '::1')
    expect(r).toMatchObject({ kind: 'auth.refused', subject_type: 'route', subject_id: 'POST /api/v1/alerts/a1/decision', inputs: { route: '/api/v1/alerts/a1/decision', method: 'POST', status: 401 } })
  })
})
