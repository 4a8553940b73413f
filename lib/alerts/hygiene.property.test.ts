import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { at, finding, planner, rule, Store } from './alerts.fixture'
import { isActive } from './hygiene'
import { applyDecision } from './lifecycle'
import type { DecisionInput } from './lifecycle'
import type { AlertRecord, HysteresisRule, Severity } from './types'
import { SEVERITIES } from './types'

const ruleArb: fc.Arbitrary<HysteresisRule> = fc
  .record({ a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }), open_after: fc.integer({ min: 1, max: 4 }), clear_after: fc.integer({ min: 1, max: 4 }) })
  .map(({ a, b, open_after, clear_after }) => ({ open: Math.max(a, b), clear: Math.min(a, b), open_after, clear_after }))

/** Any signal, with the thresholds themselves and the band's middle drawn often. */
const signalArb = (r: HysteresisRule) => fc.oneof(fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.constantFrom(r.open, r.clear, (r.open + r.clear) / 2))

const cardArb = fc.record({ severity: fc.constantFrom<Severity>(...SEVERITIES), value_at_risk: fc.integer({ min: 0, max: 5000 }), quantity: fc.integer({ min: 0, max: 100 }) })
const card = (c: { severity: Severity; value_at_risk: number; quantity: number }, signal: number) =>
  finding({ signal, severity: c.severity, value_at_risk: c.value_at_risk, recommendation: { ...finding().recommendation, quantity: c.quantity } })

/** Maximal runs of consecutive indices where `pred` holds, as lengths. */
const runs = (xs: number[], pred: (x: number) => boolean): number[] => {
  const out: number[] = []
  let n = 0
  for (const x of xs) {
    if (pred(x)) n++
    else if (n > 0) {
      out.push(n)
      n = 0
    }
  }
  if (n > 0) out.push(n)
  return out
}

const opensAt = (s: Store) => s.results.flatMap((r, i) => (r.transition?.from === 'none' ? [i] : []))
const clearsAt = (s: Store) => s.results.flatMap((r, i) => (r.transition?.to === 'cleared' ? [i] : []))

describe('hygiene properties: hysteresis', () => {
  it('opens and clears only after full runs beyond the thresholds, and never inside the band', () => {
    fc.assert(
      fc.property(ruleArb.chain((r) => fc.tuple(fc.constant(r), fc.array(signalArb(r), { maxLength: 60 }))), ([r, signals]) => {
        const s = new Store().run(signals.map((signal) => ({ signal })), r)
        const above = (x: number) => x >= r.open
        const below = (x: number) => x < r.clear
        for (const i of opensAt(s)) {
          expect(i).toBeGreaterThanOrEqual(r.open_after - 1)
          expect(signals.slice(i - r.open_after + 1, i + 1).every(above)).toBe(true)
        }
        for (const i of clearsAt(s)) {
          expect(i).toBeGreaterThanOrEqual(r.clear_after - 1)
          expect(signals.slice(i - r.clear_after + 1, i + 1).every(below)).toBe(true)
        }
        // An evaluation in the band never writes (no material changes: every card is the same).
        signals.forEach((x, i) => {
          if (!above(x) && !below(x)) expect(s.results[i].alert).toBeNull()
        })
        // Bounded: one opening per long-enough run above, one clearing per long-enough run below.
        expect(opensAt(s).length).toBeLessThanOrEqual(runs(signals, above).filter((n) => n >= r.open_after).length)
        expect(clearsAt(s).length).toBeLessThanOrEqual(runs(signals, below).filter((n) => n >= r.clear_after).length)
        // Opens and clears alternate, separated by at least the runs they need.
        const events = [...opensAt(s).map((i) => [i, 'open'] as const), ...clearsAt(s).map((i) => [i, 'clear'] as const)].sort((a, b) => a[0] - b[0])
        events.forEach(([i, kind], k) => {
          expect(kind).toBe(k % 2 === 0 ? 'open' : 'clear')
          if (k > 0) expect(i - events[k - 1][0]).toBeGreaterThanOrEqual(kind === 'open' ? r.open_after : r.clear_after)
        })
      }),
    )
  })

  it('changes nothing while the signal stays inside the band, whatever came before', () => {
    fc.assert(
      fc.property(
        ruleArb.filter((r) => r.open - r.clear > 1e-9).chain((r) =>
          fc.tuple(fc.constant(r), fc.array(signalArb(r), { maxLength: 20 }), fc.array(fc.double({ min: r.clear, max: r.open, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 })),
        ),
        ([r, prefix, band]) => {
          const s = new Store().run([...prefix, ...band].map((signal) => ({ signal })), r)
          const statusBefore = s.results.slice(0, prefix.length).reduce<string | null>((st, x) => x.alert?.status ?? st, null)
          for (const res of s.results.slice(prefix.length)) {
            expect(res.alert).toBeNull()
            expect(res.notify).toBe(false)
          }
          expect(s.latest()?.status ?? null).toBe(statusBefore)
        },
      ),
    )
  })

  it('opens exactly once when the signal always stays at or above open, never when it stays below clear', () => {
    fc.assert(
      fc.property(ruleArb, fc.integer({ min: 1, max: 40 }), fc.array(cardArb, { minLength: 40, maxLength: 40 }), (r, n, cards) => {
        const up = new Store().run(Array.from({ length: n }, (_, i) => ({ signal: r.open + i / 100, finding: card(cards[i], r.open) })), r)
        expect(opensAt(up)).toEqual(n >= r.open_after ? [r.open_after - 1] : [])
        expect(clearsAt(up)).toEqual([])
        expect(new Set(up.rows.map((a) => a.id)).size).toBe(n >= r.open_after ? 1 : 0)
        const down = new Store().run(Array.from({ length: n }, (_, i) => ({ signal: r.clear - 0.01 - i / 100, finding: card(cards[i], r.clear) })), r)
        expect(down.rows).toEqual([])
      }),
    )
  })
})

describe('hygiene properties: snooze', () => {
  it('never notifies for a snoozed alert before its time, whatever updates arrive; wakes it at its time', () => {
    const stepArb = fc.record({ signal: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.5, 0.3)), card: cardArb, hasCard: fc.boolean() })
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 30 }), fc.array(stepArb, { minLength: 30, maxLength: 30 }), (wake, steps) => {
        const s = new Store().run([{ signal: 0.6 }, { signal: 0.6 }])
        const snoozed = applyDecision(s.latest()!, { decision: 'snooze', until: at(wake) }, planner, at(2), 't')
        if (!snoozed.ok) throw new Error(snoozed.message)
        s.put(snoozed.alert)
        for (let i = 2; i <= wake; i++) {
          const st = steps[i - 2]
          const wasSnoozed = s.latest()?.id === 'a-1' && s.latest()?.status === 'snoozed'
          const res = s.step(i, { signal: st.signal, finding: st.hasCard ? card(st.card, st.signal) : null })
          if (i < wake && res.alert?.id === 'a-1') expect(res.notify).toBe(false)
          if (i < wake && wasSnoozed) expect(res.notify).toBe(false)
          if (i === wake && wasSnoozed) {
            if (res.alert?.status === 'cleared') expect(res.notify).toBe(false)
            else expect(res).toMatchObject({ notify: true, alert: { id: 'a-1', status: 'open', snoozed_until: null } })
          }
        }
      }),
    )
  })
})

describe('hygiene properties: one open alert per key', () => {
  const decisionArb = fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<DecisionInput | 'expire'>(
        { decision: 'acknowledge' },
        { decision: 'approve' },
        { decision: 'reject', reason: 'forecast wrong' },
        { decision: 'modify', quantity: 7, reason: 'quantity too high' },
        { decision: 'snooze', until: 'set per step' },
        'expire',
      ),
    },
  )
  const stepArb = fc.record({
    signal: fc.constantFrom(0.1, 0.29, 0.3, 0.4, 0.5, 0.7, 0.9),
    card: cardArb,
    decision: decisionArb,
    suppressed: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  /** Length of the run of signals below clear ending at j. */
  const belowRunAt = (signals: number[], j: number) => {
    let n = 0
    for (let k = j; k >= 0 && signals[k] < rule.clear; k--) n++
    return n
  }

  it('keeps at most one active alert, updates only an active one, and opens after a decision only once the condition cleared', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80 }), (steps) => {
        const s = new Store()
        const signals = steps.map((st) => st.signal)
        const decidedAt = new Map<string, number>()
        steps.forEach((st, i) => {
          const d = st.decision
          const before =
            d === null
              ? undefined
              : (a: AlertRecord): AlertRecord => {
                  if (d === 'expire') return isActive(a.status) ? { ...a, status: 'expired', updated_at: at(i) } : a
                  const r = applyDecision(a, d.decision === 'snooze' ? { ...d, until: at(i + 3) } : d, planner, at(i), `d-${i}`)
                  return r.ok ? r.alert : a
                }
          const res = s.step(i, { signal: st.signal, finding: st.signal >= rule.open ? card(st.card, st.signal) : null, before, suppressed: st.suppressed })
          const base = s.prevs[i]
          if (base && ['approved', 'modified', 'rejected'].includes(base.status) && !decidedAt.has(base.id)) decidedAt.set(base.id, i)
          if (res.notify) expect(res.alert).not.toBeNull()
          if (res.alert && base && res.alert.id === base.id) {
            expect(isActive(base.status)).toBe(true) // a finished alert is never written again by hygiene
            expect([0, 1]).toContain(res.alert.revision - base.revision)
          } else if (res.alert) {
            expect(base === null || !isActive(base.status)).toBe(true) // a new id only when none is active
            expect(res.alert).toMatchObject({ status: 'open', revision: 1 })
            expect(st.suppressed).toBe(false)
            if (base && decidedAt.has(base.id)) {
              const from = decidedAt.get(base.id)!
              const cleared = Array.from({ length: i - from + 1 }, (_, k) => belowRunAt(signals, from + k)).some((n) => n >= rule.clear_after)
              expect(cleared).toBe(true)
            }
          }
          const latestById = new Map(s.rows.map((a) => [a.id, a.status]))
          expect([...latestById.values()].filter(isActive).length).toBeLessThanOrEqual(1)
        })
      }),
    )
  })
})
