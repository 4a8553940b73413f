/**
 * What the alert tests share: a finding, a stored alert, a rule, a planner, and a small in-memory
 * store that runs hygiene over a sequence of evaluations the way the agents' job will (latest
 * version of the key's latest alert in, appended rows out). Test code only.
 */
import { alertKey, evaluate } from './hygiene'
import type { EvaluateResult } from './hygiene'
import type { Actor, AgentFinding, AlertRecord, AlertTransition, HysteresisRule, ScopeTrack } from './types'

export const scope = { sku: 'SKU-1', location: 'STORE-7', channel: '', supplier: '' }
export const KEY = alertKey('stockout_risk', scope)
export const planner: Actor = { kind: 'person', id: 'u-1', name: 'Priya Planner' }

/** Opens at >= 0.5 after 2 evaluations, clears below 0.3 after 2. */
export const rule: HysteresisRule = { open: 0.5, clear: 0.3, open_after: 2, clear_after: 2 }

export function finding(over: Partial<AgentFinding> = {}): AgentFinding {
  return {
    type: 'stockout_risk',
    scope,
    signal: 0.6,
    severity: 'high',
    value_at_risk: 1000,
    why: 'Stockout probability 60 % within the 7-day lead time.',
    recommendation: { action: 'reorder', quantity: 48, cost: 240, value: 900, summary: 'Order 48 units (4 cases of 12) from ACME' },
    confidence: 0.8,
    agent: 'stockout-risk',
    model_version: 'ets-1',
    ...over,
  }
}

export function record(over: Partial<AlertRecord> = {}): AlertRecord {
  const f = finding()
  return {
    id: 'a-1',
    key: KEY,
    type: f.type,
    scope: f.scope,
    status: 'open',
    severity: f.severity,
    value_at_risk: f.value_at_risk,
    signal: f.signal,
    why: f.why,
    recommendation: f.recommendation,
    confidence: f.confidence,
    agent: f.agent,
    model_version: f.model_version,
    chart: null,
    opened_at: '2026-12-01T10:00:00.000Z',
    updated_at: '2026-12-01T10:00:00.000Z',
    snoozed_until: null,
    revision: 1,
    cleared_reason: null,
    decided_quantity: null,
    ...over,
  }
}

/** Evaluation i's instant: one every 15 minutes from 2026-12-01T00:00Z. */
export const at = (i: number) => new Date(Date.UTC(2026, 11, 1) + i * 15 * 60_000).toISOString()

export interface Step {
  signal: number
  /** The agent's card; defaults to finding({ signal }) when the signal is at or above the rule's open. */
  finding?: AgentFinding | null
  suppressed?: boolean
  /** Applied to the stored alert before the evaluation (a planner's decision), when one is active. */
  before?: (a: AlertRecord) => AlertRecord
}

/** An in-memory store: every appended version and transition, the key's latest alert and its track. */
export class Store {
  rows: AlertRecord[] = []
  transitions: AlertTransition[] = []
  track: ScopeTrack | null = null
  results: EvaluateResult[] = []
  /** The `prev` each evaluation was given (after any decision of its step). */
  prevs: (AlertRecord | null)[] = []
  private n = 0
  latest(): AlertRecord | null {
    return this.rows.length ? this.rows[this.rows.length - 1] : null
  }
  /** Writes a version made outside hygiene (a decision). */
  put(a: AlertRecord): void {
    this.rows.push(a)
  }
  step(i: number, s: Step, r: HysteresisRule = rule): EvaluateResult {
    const prev = this.latest()
    if (prev && s.before) this.put(s.before(prev))
    const f = s.finding !== undefined ? s.finding : s.signal >= r.open ? finding({ signal: s.signal }) : null
    this.prevs.push(this.latest())
    const res = evaluate({ prev: this.latest(), track: this.track, finding: f, signal: s.signal, key: KEY, rule: r, now: at(i), newId: () => `a-${++this.n}`, suppressed: s.suppressed })
    if (res.alert) this.rows.push(res.alert)
    if (res.transition) this.transitions.push(res.transition)
    this.track = res.track
    this.results.push(res)
    return res
  }
  run(steps: Step[], r: HysteresisRule = rule): this {
    steps.forEach((s, i) => this.step(i, s, r))
    return this
  }
}
