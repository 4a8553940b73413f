import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planner, record } from './alerts.fixture'
import { allowedDecisions, applyDecision, MAX_SNOOZE_DAYS } from './lifecycle'
import type { DecisionInput } from './lifecycle'
import { ALERT_STATUSES, DECISIONS } from './types'
import type { AlertRecord, AlertStatus } from './types'

const NOW = '2026-12-06T12:00:00.000Z'
const apply = (status: AlertStatus, d: DecisionInput, over: Partial<AlertRecord> = {}) => applyDecision(record({ status, ...over }), d, planner, NOW, 't-1')

describe('applyDecision: the transitions', () => {
  it('acknowledges, approves and keeps the recommended quantity', () => {
    const r = apply('open', { decision: 'approve' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.alert.status).toBe('approved')
    expect(r.alert.updated_at).toBe(NOW)
    expect(r.alert.decided_quantity).toBeNull()
    expect(r.alert.revision).toBe(1)
    expect(r.transition).toEqual({
      alert_id: 'a-1', transition_id: 't-1', at: NOW, actor: planner, from: 'open', to: 'approved',
      reason: '', quantity_before: 48, quantity_after: 48, revision: 1,
    })
    const ack = apply('open', { decision: 'acknowledge', reason: '  looking  ' })
    expect(ack.ok && ack.alert.status).toBe('acknowledged')
    expect(ack.ok && ack.transition.reason).toBe('looking')
  })

  it('modifies with a quantity and a reason; the decided quantity is recorded', () => {
    const r = apply('acknowledged', { decision: 'modify', quantity: 36, reason: 'quantity too high' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.alert.status).toBe('modified')
    expect(r.alert.decided_quantity).toBe(36)
    expect(r.transition.quantity_before).toBe(48)
    expect(r.transition.quantity_after).toBe(36)
    expect(r.transition.from).toBe('acknowledged')
  })

  it('records a modify to the recommended quantity as an approval', () => {
    const r = apply('open', { decision: 'modify', quantity: 48, reason: 'other' })
    expect(r.ok && r.alert.status).toBe('approved')
    expect(r.ok && r.alert.decided_quantity).toBeNull()
    expect(r.ok && r.transition.to).toBe('approved')
    expect(r.ok && r.transition.reason).toBe('other')
  })

  it('rejects with a reason', () => {
    const r = apply('snoozed', { decision: 'reject', reason: 'already handled' }, { snoozed_until: '2026-12-07T00:00:00.000Z' })
    expect(r.ok && r.alert.status).toBe('rejected')
    expect(r.ok && r.alert.snoozed_until).toBeNull()
    expect(r.ok && r.transition.reason).toBe('already handled')
  })

  it('snoozes, re-snoozes, and wakes by acknowledging', () => {
    const r = apply('open', { decision: 'snooze', until: '2026-12-07T09:00:00+01:00' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.alert.status).toBe('snoozed')
    expect(r.alert.snoozed_until).toBe('2026-12-07T08:00:00.000Z')
    expect(r.transition.reason).toBe('snoozed until 2026-12-07T08:00:00.000Z')
    const again = applyDecision(r.alert, { decision: 'snooze', until: '2026-12-06T13:00:00Z' }, planner, NOW, 't-2')
    expect(again.ok && again.alert.snoozed_until).toBe('2026-12-06T13:00:00.000Z')
    expect(again.ok && again.transition.from).toBe('snoozed')
    const ack = applyDecision(r.alert, { decision: 'acknowledge' }, planner, NOW, 't-3')
    expect(ack.ok && ack.alert.status).toBe('acknowledged')
    expect(ack.ok && ack.alert.snoozed_until).toBeNull()
  })
})

describe('applyDecision: conflicts and invalid input', () => {
  it('answers conflict, naming the current state, once an alert is decided or ended', () => {
    for (const s of ['approved', 'modified', 'rejected', 'cleared', 'expired', 'executed'] as const) {
      const r = apply(s, { decision: 'approve' })
      expect(r).toEqual({ ok: false, code: 'conflict', message: `alert a-1 is already ${s}; it cannot be approved`, current: s })
    }
    const twice = apply('acknowledged', { decision: 'acknowledge' })
    expect(twice).toEqual({ ok: false, code: 'conflict', message: 'alert a-1 is already acknowledged; it cannot be acknowledged again', current: 'acknowledged' })
  })

  it('checks the state before the input', () => {
    const r = apply('rejected', { decision: 'modify' })
    expect(!r.ok && r.code).toBe('conflict')
  })

  it('needs a whole, non-negative quantity and a reason to modify', () => {
    for (const quantity of [undefined, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const r = apply('open', { decision: 'modify', quantity, reason: 'x' })
      expect(!r.ok && r.code).toBe('invalid')
    }
    expect(apply('open', { decision: 'modify', quantity: 0, reason: 'x' }).ok).toBe(true)
    const noReason = apply('open', { decision: 'modify', quantity: 10, reason: '   ' })
    expect(noReason).toEqual({ ok: false, code: 'invalid', message: 'modify needs a reason', current: 'open', field: 'reason' })
    const inv = apply('open', { decision: 'modify', quantity: 10, reason: 'x' }, { recommendation: { ...record().recommendation, action: 'investigate', quantity: 0 } })
    expect(!inv.ok && inv.message).toBe('an investigate card has no quantity to modify')
  })

  it('needs a reason to reject', () => {
    expect(apply('open', { decision: 'reject' })).toEqual({ ok: false, code: 'invalid', message: 'reject needs a reason', current: 'open', field: 'reason' })
    expect(!apply('open', { decision: 'reject', reason: 'x'.repeat(1001) }).ok).toBe(true)
  })

  it('snoozes only into the future, at most 30 days ahead', () => {
    const cases: [string | undefined, boolean][] = [
      [undefined, false],
      ['tomorrow', false],
      [NOW, false],
      ['2026-12-06T11:59:59Z', false],
      ['2026-12-06T12:00:01Z', true],
      ['2027-01-05T12:00:00Z', true], // exactly 30 days
      ['2027-01-05T12:00:01Z', false],
    ]
    expect(MAX_SNOOZE_DAYS).toBe(30)
    for (const [until, ok] of cases) expect([until, apply('open', { decision: 'snooze', until }).ok]).toEqual([until, ok])
  })

  it('refuses an unknown decision', () => {
    const r = apply('open', { decision: 'escalate' as never })
    expect(!r.ok && r.code).toBe('invalid')
  })
})

describe('applyDecision: properties', () => {
  const valid: Record<string, DecisionInput> = {
    approve: { decision: 'approve' },
    acknowledge: { decision: 'acknowledge' },
    reject: { decision: 'reject', reason: 'forecast wrong' },
    modify: { decision: 'modify', quantity: 12, reason: 'quantity too high' },
    snooze: { decision: 'snooze', until: '2026-12-07T12:00:00Z' },
  }

  it('succeeds exactly for the allowed decisions, and never changes what it must not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALERT_STATUSES), fc.constantFrom(...DECISIONS), (status, decision) => {
        const before = record({ status, snoozed_until: status === 'snoozed' ? '2026-12-06T18:00:00.000Z' : null })
        const r = applyDecision(before, valid[decision], planner, NOW, 't')
        const allowed = ['open', 'acknowledged', 'snoozed'].includes(status) && !(status === 'acknowledged' && decision === 'acknowledge')
        expect(r.ok).toBe(allowed)
        expect(allowedDecisions(status).includes(decision)).toBe(allowed)
        if (!r.ok) {
          expect(r.current).toBe(status)
          expect(r.code).toBe('conflict')
          return
        }
        expect(r.transition.from).toBe(status)
        expect(r.transition.to).toBe(r.alert.status)
        expect({ ...r.alert, status: 'x', updated_at: 'x', snoozed_until: 'x', decided_quantity: 'x' }).toEqual({ ...before, status: 'x', updated_at: 'x', snoozed_until: 'x', decided_quantity: 'x' })
        expect(r.alert.snoozed_until !== null).toBe(r.alert.status === 'snoozed')
        expect(before.status).toBe(status) // the input is not mutated
      }),
    )
  })
})
