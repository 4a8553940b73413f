import { describe, expect, it } from 'vitest'
import { at, finding, KEY, planner, record, rule, Store } from './alerts.fixture'
import type { Step } from './alerts.fixture'
import { advanceTrack, evaluate, SUPERSEDED_REASON, SYSTEM_ACTOR } from './hygiene'
import { applyDecision } from './lifecycle'
import type { AgentFinding } from './types'

const high = (over: Partial<AgentFinding> = {}): Step => ({ signal: 0.6, finding: finding(over) })
const decide = (d: Parameters<typeof applyDecision>[1]) => (a: Parameters<typeof applyDecision>[0]) => {
  const r = applyDecision(a, d, planner, a.updated_at, 'd')
  if (!r.ok) throw new Error(r.message)
  return r.alert
}

describe('hygiene: opening and clearing with hysteresis', () => {
  it('opens after open_after consecutive evaluations at or above open', () => {
    const s = new Store().run([high(), high()])
    expect(s.results[0]).toEqual({ alert: null, transition: null, notify: false, track: { key: KEY, above: 1, below: 0, last_signal: 0.6, last_evaluated_at: at(0), hold_released: null } })
    const r = s.results[1]
    expect(r.notify).toBe(true)
    expect(r.alert).toEqual({ ...record({ opened_at: at(1), updated_at: at(1) }), id: 'a-1' })
    expect(r.transition).toEqual({
      alert_id: 'a-1', transition_id: 'a-1:r1:none>open', at: at(1),
      actor: { kind: 'agent', id: 'agent:stockout-risk', name: 'stockout-risk agent' },
      from: 'none', to: 'open', reason: 'signal 0.6 at or above 0.5 for 2 consecutive evaluations',
      quantity_before: 48, quantity_after: 48, revision: 1,
    })
  })

  it('restarts the run after an evaluation in the band', () => {
    const s = new Store().run([high(), { signal: 0.4 }, high()])
    expect(s.rows).toEqual([])
    s.step(3, high())
    expect(s.rows.map((a) => [a.id, a.status])).toEqual([['a-1', 'open']])
  })

  it('does not open without a card, whatever the signal', () => {
    expect(new Store().run([{ signal: 0.9, finding: null }, { signal: 0.9, finding: null }]).rows).toEqual([])
  })

  it('clears after clear_after evaluations below clear, by the agent, without notifying', () => {
    const s = new Store().run([high(), high(), { signal: 0.2 }, { signal: 0.2 }])
    expect(s.results[2].alert).toBeNull()
    const r = s.results[3]
    expect(r.notify).toBe(false)
    expect(r.alert?.status).toBe('cleared')
    expect(r.alert?.id).toBe('a-1')
    expect(r.alert?.cleared_reason).toBe('Condition cleared: the signal was 0.2, below 0.3, for 2 consecutive evaluations.')
    expect(r.transition).toMatchObject({ transition_id: 'a-1:r1:open>cleared', from: 'open', to: 'cleared', actor: { kind: 'agent', id: 'agent:stockout-risk' } })
  })

  it('clears with the agent\'s sentence when it gives one', () => {
    const s = new Store().run([high(), high(), { signal: 0.1 }])
    const r = evaluate({ prev: s.latest(), track: s.track, finding: null, signal: 0.12, key: KEY, rule, now: at(3), newId: () => 'x', clearText: 'Stockout probability fell to 12 %, below 30 %.' })
    expect(r.alert?.cleared_reason).toBe('Stockout probability fell to 12 %, below 30 %.')
    expect(r.transition?.reason).toBe('Stockout probability fell to 12 %, below 30 %.')
  })

  it('changes nothing while the signal stays in the band', () => {
    const s = new Store().run([high(), high(), ...Array.from({ length: 10 }, () => ({ signal: 0.45 }))])
    expect(s.rows).toHaveLength(1)
    expect(s.track).toMatchObject({ above: 0, below: 0, last_signal: 0.45 })
  })
})

describe('hygiene: updates in place', () => {
  it('writes nothing on an immaterial change, a new version of the same alert on a material one', () => {
    const s = new Store().run([high(), high(), high({ value_at_risk: 1100 }), high({ value_at_risk: 1300, why: 'worse' })])
    expect(s.results[2]).toMatchObject({ alert: null, transition: null, notify: false })
    const r = s.results[3]
    expect(r.notify).toBe(true)
    expect(r.alert).toMatchObject({ id: 'a-1', status: 'open', revision: 2, value_at_risk: 1300, why: 'worse', opened_at: at(1), updated_at: at(3) })
    expect(r.transition).toMatchObject({ transition_id: 'a-1:r2:open>open', from: 'open', to: 'open', reason: 'value at risk rose from 1,000 to 1,300', revision: 2 })
    expect(new Set(s.rows.map((a) => a.id))).toEqual(new Set(['a-1']))
  })

  it('keeps an acknowledged alert acknowledged and re-notifies on a material change', () => {
    const s = new Store().run([high(), high(), { ...high({ severity: 'critical' }), before: decide({ decision: 'acknowledge' }) }])
    expect(s.results[2]).toMatchObject({ notify: true, alert: { status: 'acknowledged', severity: 'critical', revision: 2 } })
  })
})

describe('hygiene: snooze', () => {
  const until = at(6)
  const snooze = decide({ decision: 'snooze', until })

  it('stays quiet until its time, then returns to open by the system and notifies', () => {
    const s = new Store().run([high(), high(), { ...high({ value_at_risk: 2000 }), before: snooze }, high({ value_at_risk: 5000 }), high(), high()])
    expect(s.results.slice(2).map((r) => r.notify)).toEqual([false, false, false, false])
    expect(s.results[2].alert).toMatchObject({ status: 'snoozed', revision: 2, value_at_risk: 2000, snoozed_until: until })
    expect(s.results[3].alert).toMatchObject({ status: 'snoozed', revision: 3, value_at_risk: 5000 })
    expect(s.results[4].alert).toMatchObject({ status: 'snoozed', revision: 4, value_at_risk: 1000 }) // fell by 80 %
    expect(s.results[5].alert).toBeNull()
    const woke = s.step(6, high({ value_at_risk: 1000 }))
    expect(woke.notify).toBe(true)
    expect(woke.alert).toMatchObject({ id: 'a-1', status: 'open', snoozed_until: null })
    expect(woke.transition).toMatchObject({ actor: SYSTEM_ACTOR, from: 'snoozed', to: 'open' })
    expect(woke.transition?.transition_id).toBe(`a-1:r4:snoozed>open@${until}`)
  })

  it('wakes without a card and without a material change', () => {
    const s = new Store().run([high(), high(), { ...high(), before: snooze }])
    expect(s.results[2].alert).toBeNull()
    const woke = s.step(6, { signal: 0.45 })
    expect(woke).toMatchObject({ notify: true, alert: { status: 'open', revision: 1 }, transition: { reason: 'snooze ended', revision: 1 } })
  })

  it('clears while snoozed, quietly', () => {
    const s = new Store().run([high(), high(), { signal: 0.1, before: snooze }, { signal: 0.1 }])
    expect(s.results[3]).toMatchObject({ notify: false, alert: { status: 'cleared', snoozed_until: null }, transition: { from: 'snoozed', to: 'cleared' } })
  })
})

describe('hygiene: decided episodes', () => {
  it('keeps a rejected scope quiet until the condition clears, then opens a new episode', () => {
    const s = new Store().run([high(), high(), { ...high({ severity: 'critical', value_at_risk: 9000 }), before: decide({ decision: 'reject', reason: 'forecast wrong' }) }])
    for (let i = 3; i < 10; i++) s.step(i, high({ severity: 'critical' }))
    expect(s.rows.map((a) => a.status)).toEqual(['open', 'rejected'])
    s.step(10, { signal: 0.1 })
    s.step(11, { signal: 0.1 })
    expect(s.track?.hold_released).toBe('a-1')
    expect(s.rows).toHaveLength(2) // the rejected alert is not rewritten
    s.step(12, high())
    const r = s.step(13, high())
    expect(r).toMatchObject({ notify: true, alert: { id: 'a-2', status: 'open', revision: 1 } })
  })

  it('does the same after an approval', () => {
    const s = new Store().run([high(), high(), { ...high(), before: decide({ decision: 'approve' }) }, high(), { signal: 0.4 }, high(), high()])
    expect(s.rows.map((a) => a.status)).toEqual(['open', 'approved'])
  })

  it('re-arms a scope whose action ran (executed) rearm_after_action_days ago while the condition stands; an undelivered approval and a rejection still hold', () => {
    // Re-arm after a quarter day: 24 steps of 15 minutes after the delivery (at step 1's instant).
    const r = { ...rule, rearm_after_action_days: 0.25 }
    const executed = new Store().run([high(), high(), { ...high(), before: (a) => ({ ...a, status: 'executed', updated_at: at(1) }) }], r)
    for (let i = 3; i < 25; i++) expect(executed.step(i, high(), r).alert).toBeNull()
    expect(executed.step(25, high(), r)).toMatchObject({ notify: true, alert: { id: 'a-2', status: 'open', revision: 1 } })
    // Approved, its order not delivered yet: a second card would order the same need twice.
    const approved = new Store().run([high(), high(), { ...high(), before: decide({ decision: 'approve' }) }], r)
    for (let i = 3; i < 40; i++) expect(approved.step(i, high(), r).alert).toBeNull()
    const rejected = new Store().run([high(), high(), { ...high(), before: decide({ decision: 'reject', reason: 'forecast wrong' }) }], r)
    for (let i = 3; i < 40; i++) expect(rejected.step(i, high(), r).alert).toBeNull()
  })

  it('opens a new episode at once after an expiry while the condition holds', () => {
    const s = new Store().run([high(), high(), { ...high(), before: (a) => ({ ...a, status: 'expired' }) }])
    expect(s.results[2]).toMatchObject({ notify: true, alert: { id: 'a-2', status: 'open' } })
  })

  it('needs open_after evaluations again after a clear', () => {
    const s = new Store().run([high(), high(), { signal: 0.1 }, { signal: 0.1 }, high()])
    expect(s.rows.map((a) => [a.id, a.status])).toEqual([['a-1', 'open'], ['a-1', 'cleared']])
    s.step(5, high())
    expect(s.latest()).toMatchObject({ id: 'a-2', status: 'open' })
  })
})

describe('hygiene: suppression, replays, misuse', () => {
  it('never opens a suppressed alert, and clears an active one at once', () => {
    expect(new Store().run([{ ...high(), suppressed: true }, { ...high(), suppressed: true }, { ...high(), suppressed: true }]).rows).toEqual([])
    const s = new Store().run([high(), high(), { ...high(), suppressed: true }])
    expect(s.results[2]).toMatchObject({ notify: false, alert: { status: 'cleared', cleared_reason: SUPERSEDED_REASON }, transition: { reason: SUPERSEDED_REASON } })
    expect(SUPERSEDED_REASON).toBe('superseded by the stock-out alert')
  })

  it('does not count a replay twice, and ignores an evaluation older than the last', () => {
    const first = evaluate({ prev: null, track: null, finding: finding(), signal: 0.6, key: KEY, rule, now: at(0), newId: () => 'a-1' })
    const replay = evaluate({ prev: null, track: first.track, finding: finding(), signal: 0.6, key: KEY, rule, now: at(0), newId: () => 'a-1' })
    expect(replay.track.above).toBe(1)
    expect(replay.alert).toBeNull()
    const second = evaluate({ prev: null, track: first.track, finding: finding(), signal: 0.6, key: KEY, rule, now: at(1), newId: () => 'a-1' })
    const old = evaluate({ prev: second.alert, track: second.track, finding: null, signal: 0.1, key: KEY, rule, now: at(0), newId: () => 'x' })
    expect(old).toEqual({ alert: null, transition: null, track: second.track, notify: false })
  })

  it('derives the same transition on a re-run over the same state', () => {
    const s = new Store().run([high(), high()])
    const input = { prev: s.latest(), track: s.track, finding: finding({ severity: 'critical' as const }), signal: 0.7, key: KEY, rule, now: at(2), newId: () => 'x' }
    expect(evaluate(input)).toEqual(evaluate(input))
    expect(evaluate(input).transition?.transition_id).toBe('a-1:r2:open>open')
  })

  it('refuses a bad rule or a mismatched key', () => {
    const base = { prev: null, track: null, finding: null, signal: 0, key: KEY, rule, now: at(0), newId: () => 'x' }
    expect(() => evaluate({ ...base, rule: { ...rule, clear: 0.6 } })).toThrow(/hysteresis/)
    expect(() => evaluate({ ...base, rule: { ...rule, open_after: 0 } })).toThrow(/hysteresis/)
    expect(() => evaluate({ ...base, key: 'low_stock|SKU-1|STORE-7||' , finding: finding() })).toThrow(/evaluated as/)
    expect(() => evaluate({ ...base, prev: record({ key: 'other' }) })).toThrow(/evaluated as/)
  })
})

describe('hygiene: per-day runs for signals built from whole days', () => {
  const daily = { open: 3, clear: 2, open_after: 2, clear_after: 2, per_day: true }
  const track = (steps: [string, number][], r = daily) => steps.reduce<ReturnType<typeof advanceTrack> | null>((t, [now, signal]) => advanceTrack(t, KEY, signal, r, now), null)!

  it('counts a second sweep on the same day once, and the next day again', () => {
    expect(track([['2026-12-01T00:15:00Z', 4], ['2026-12-01T00:30:00Z', 4]]).above).toBe(1)
    expect(track([['2026-12-01T00:15:00Z', 4], ['2026-12-01T00:30:00Z', 4], ['2026-12-02T00:15:00Z', 4]]).above).toBe(2)
    // Without per_day, the 15-minute sweeps alone would have reached 2.
    expect(track([['2026-12-01T00:15:00Z', 4], ['2026-12-01T00:30:00Z', 4]], { ...daily, per_day: false }).above).toBe(2)
  })

  it('still breaks a run within the day', () => {
    expect(track([['2026-12-01T00:15:00Z', 4], ['2026-12-01T09:00:00Z', 2.5], ['2026-12-01T10:00:00Z', 4]]).above).toBe(1)
    expect(track([['2026-12-01T00:15:00Z', 1], ['2026-12-01T09:00:00Z', 1], ['2026-12-02T00:15:00Z', 1]]).below).toBe(2)
  })
})
