import { describe, expect, it } from 'vitest'
import { record } from '@/lib/alerts/alerts.fixture'
import { autoApproval } from './auto-approve'
import { DEFAULT_RULES } from './rules'

const rules = { version: 4, rules: DEFAULT_RULES }
const NOW = '2026-12-06T10:00:00.000Z'
// The fixture's card: a high stockout alert recommending 48 units for 240 at cost, confidence 0.8.
const opened = record({ opened_at: NOW, updated_at: NOW })

describe('autoApproval', () => {
  it('approves a small routine reorder the agent just opened, as the rule, 1 ms after it opened', () => {
    const out = autoApproval(rules, null, opened, NOW, 't-1')!
    expect(out.alert).toMatchObject({ id: 'a-1', status: 'approved', updated_at: '2026-12-06T10:00:00.001Z', decided_quantity: null })
    expect(out.transition).toMatchObject({
      alert_id: 'a-1',
      transition_id: 't-1',
      at: '2026-12-06T10:00:00.001Z',
      actor: { kind: 'system', id: 'rule:v4', name: 'approval rules v4' },
      from: 'open',
      to: 'approved',
      reason: 'approved by rule v4: reorder with order value 240 below 500',
      quantity_before: 48,
      quantity_after: 48,
      rule_version: 4,
    })
  })

  it('leaves to a person the new episode on a scope whose last card expired (its action died), not one after a clear', () => {
    expect(autoApproval(rules, { id: 'a-0', revision: 1, status: 'expired' }, opened, NOW, 't')).toBeNull()
    expect(autoApproval(rules, { id: 'a-0', revision: 1, status: 'cleared' }, opened, NOW, 't')?.alert.status).toBe('approved')
  })

  it('leaves to a person: critical, a replenishment exception, low confidence, over X, investigate', () => {
    expect(autoApproval(rules, null, record({ severity: 'critical' }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, null, record({ type: 'replenishment_exception', confidence: 0.4 }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, null, record({ type: 'replenishment_exception', confidence: 0.9 }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, null, record({ confidence: 0.3 }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, null, record({ recommendation: { ...opened.recommendation, cost: 7_500 } }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, null, record({ recommendation: { ...opened.recommendation, action: 'investigate', cost: 0 } }), NOW, 't')).toBeNull()
  })

  it('approves a material update (new revision) of an open alert, not an unchanged rewrite, nor a snoozed or decided one', () => {
    const prev = { id: 'a-1', revision: 2, status: 'open' as const }
    expect(autoApproval(rules, prev, record({ revision: 3 }), NOW, 't')?.alert.status).toBe('approved')
    expect(autoApproval(rules, prev, record({ revision: 2 }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, prev, record({ revision: 3, status: 'snoozed', snoozed_until: '2026-12-07T00:00:00.000Z' }), NOW, 't')).toBeNull()
    expect(autoApproval(rules, prev, record({ revision: 3, status: 'cleared' }), NOW, 't')).toBeNull()
    // A new episode of the same key (another id) counts as opened.
    expect(autoApproval(rules, { id: 'a-0', revision: 9, status: 'cleared' }, record({ revision: 1 }), NOW, 't')?.alert.status).toBe('approved')
  })

  it('follows the rule set it is given: X lowered below the value sends it to a planner', () => {
    const strict = { version: 5, rules: { ...DEFAULT_RULES, thresholds: { ...DEFAULT_RULES.thresholds, reorder: { auto_below: 200, planner_up_to: 5_000 } } } }
    expect(autoApproval(strict, null, opened, NOW, 't')).toBeNull()
  })
})
