import { describe, expect, it } from 'vitest'
import { approvalRulesSchema } from './rules-schema'
import { approverLine, approvalValue, DEFAULT_RULES, keyMayApprove, mayApprove, requiredApprover, type RuleSubject } from './rules'

const set = { version: 3, rules: DEFAULT_RULES }
const card = (over: Partial<RuleSubject> & { cost?: number; quantity?: number; action?: RuleSubject['recommendation']['action'] } = {}): RuleSubject => ({
  type: over.type ?? 'stockout_risk',
  severity: over.severity ?? 'high',
  confidence: over.confidence ?? 0.8,
  recommendation: { action: over.action ?? 'reorder', quantity: over.quantity ?? 120, cost: over.cost ?? 240, value: 600, summary: 'Order 120 units' },
})

describe('requiredApprover', () => {
  it('lets a small routine reorder run by itself: 240 < X = 500', () => {
    const r = requiredApprover(set, card())
    expect(r).toEqual({ level: 'auto', reason: 'approved by rule v3: reorder with order value 240 below 500', value: 240, rule_version: 3 })
  })

  it('asks a planner from X to Y inclusive, an operations manager above Y', () => {
    expect(requiredApprover(set, card({ cost: 500 })).level).toBe('planner') // X itself is not below X
    expect(requiredApprover(set, card({ cost: 5_000 })).level).toBe('planner') // Y itself: a planner
    const big = requiredApprover(set, card({ cost: 12_400 }))
    expect(big.level).toBe('ops_manager')
    expect(big.reason).toBe('needs an operations manager: order value 12,400 above 5,000')
    expect(requiredApprover(set, card({ cost: 1_200 })).reason).toBe('needs a planner: order value 1,200 from 500 to 5,000')
  })

  it('never auto-approves a critical alert, a replenishment exception or a low-confidence one', () => {
    expect(requiredApprover(set, card({ severity: 'critical' }))).toMatchObject({ level: 'planner', reason: 'needs a planner: a critical alert never runs without a person (order value 240)' })
    expect(requiredApprover(set, card({ type: 'replenishment_exception', confidence: 0.9 })).level).toBe('planner')
    const low = requiredApprover(set, card({ confidence: 0.49 }))
    expect(low).toMatchObject({ level: 'planner', reason: 'needs a planner: confidence 0.49 is below the floor 0.5 (order value 240)' })
    expect(requiredApprover(set, card({ confidence: 0.5 })).level).toBe('auto') // at the floor is not below it
    // Blocked from auto, but still an operations manager's above Y.
    expect(requiredApprover(set, card({ severity: 'critical', cost: 6_000 })).level).toBe('ops_manager')
  })

  it('uses each action type its own thresholds: an expedite fee of 150 is over its X = 100', () => {
    expect(requiredApprover(set, card({ action: 'expedite', cost: 150 })).reason).toBe('needs a planner: expedite fee 150 from 100 to 1,000')
    expect(requiredApprover(set, card({ action: 'transfer', cost: 40 })).level).toBe('auto')
    expect(requiredApprover(set, card({ action: 'markdown', cost: 0 })).level).toBe('planner') // markdown X = 0: nothing is below it
    expect(requiredApprover(set, card({ action: 'investigate', cost: 0 })).level).toBe('planner')
  })

  it('judges a modification by the value at the decided quantity', () => {
    // 120 units cost 240 (2 each); 3,000 units cost 6,000 > Y = 5,000.
    expect(approvalValue(card(), 3_000)).toBe(6_000)
    expect(requiredApprover(set, card(), 3_000).level).toBe('ops_manager')
    expect(requiredApprover(set, card({ cost: 12_400, quantity: 124 }), 40)).toMatchObject({ level: 'planner', value: 4_000 })
    expect(approvalValue(card(), 120)).toBe(240)
  })

  it('sends a value that is no number to an operations manager', () => {
    expect(requiredApprover(set, card({ cost: Number.NaN })).level).toBe('ops_manager')
    expect(requiredApprover(set, card({ cost: -5 })).level).toBe('ops_manager')
  })
})

describe('mayApprove', () => {
  it('planner level: planners, ops managers and admins; ops-manager level: ops managers and admins', () => {
    expect(['admin', 'ops_manager', 'planner', 'executive'].map((r) => mayApprove(r as 'admin', 'planner'))).toEqual([true, true, true, false])
    expect(['admin', 'ops_manager', 'planner', 'executive'].map((r) => mayApprove(r as 'admin', 'ops_manager'))).toEqual([true, true, false, false])
    expect(mayApprove('planner', 'auto')).toBe(true)
    expect(keyMayApprove('planner')).toBe(true)
    expect(keyMayApprove('ops_manager')).toBe(false)
  })
})

describe('approvalRulesSchema', () => {
  const withReorder = (t: Record<string, unknown>) => ({ ...DEFAULT_RULES, thresholds: { ...DEFAULT_RULES.thresholds, reorder: t } })
  const paths = (input: unknown) => {
    const r = approvalRulesSchema.safeParse(input)
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  it('accepts the defaults and X = Y', () => {
    expect(paths(DEFAULT_RULES)).toEqual([])
    expect(paths(withReorder({ auto_below: 700, planner_up_to: 700 }))).toEqual([])
  })

  it('names the field: X above Y, negative, infinite, missing, unknown', () => {
    expect(paths(withReorder({ auto_below: 6_000, planner_up_to: 5_000 }))).toEqual(['thresholds.reorder.auto_below: must be at most planner_up_to (5000)'])
    expect(paths(withReorder({ auto_below: -1, planner_up_to: 5_000 }))).toEqual(['thresholds.reorder.auto_below: must be 0 or more'])
    expect(paths(withReorder({ auto_below: 1, planner_up_to: Infinity }))[0]).toMatch(/^thresholds\.reorder\.planner_up_to: /)
    expect(paths({ ...DEFAULT_RULES, confidence_floor: 1.5 })).toEqual(['confidence_floor: must be at most 1'])
    const { markdown: _m, ...noMarkdown } = DEFAULT_RULES.thresholds
    expect(paths({ ...DEFAULT_RULES, thresholds: noMarkdown })[0]).toMatch(/^thresholds\.markdown: /)
    expect(paths({ ...DEFAULT_RULES, thresholds: { ...DEFAULT_RULES.thresholds, investigate: { auto_below: 0, planner_up_to: 0 } } })[0]).toMatch(/^thresholds: /)
  })
})

describe('approverLine', () => {
  it('says on the card who must approve, and under which version', () => {
    expect(approverLine(requiredApprover(set, card({ cost: 12_400 })))).toBe('Needs an operations manager: order value 12,400 above 5,000 (rules v3)')
    expect(approverLine(requiredApprover(set, card()))).toBe('Anyone who may decide can approve: reorder with order value 240 below 500 (rules v3)')
  })
})
