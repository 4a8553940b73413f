import { describe, expect, it } from 'vitest'
import type { ActionPayload } from '@/lib/actions/types'
import type { Event } from '@/lib/events/schema'
import { noReplenishment } from './policy'
import { policyForDay, simulateRunDay, type RunPlan } from './replay'
import { createSimulation } from './simulation'
import { small } from './simulation.fixture'
import { SimulationStream } from './stream'
import { DAY_MS } from './time'

const opts = { ...small, seed: 9 }
const LIVE = 20

const base = { alert_id: '', channel: '', supplier: '', cost: 0, value: 0, rule_version: 1, approved_by: { kind: 'rule', rule_version: 1 }, created_at: '2024-01-21T00:00:00.000Z' } as const

describe('a run replayed from its plan', () => {
  it('is the world the live stream made: same seed, same policy switch, same actions at the same instants', () => {
    // Live: min-max history, then the stream without replenishment of its own, actions applied as it goes.
    const live = createSimulation(opts)
    for (let d = 0; d < LIVE; d++) live.simulateDay(d)
    const stream = new SimulationStream(live, { policy: noReplenishment, speed: 3_600, fromMs: live.dayStartMs(LIVE) })
    const w = live.world
    const store = w.locations.find((l) => l.kind === 'store')!
    const dc = w.locations[store.parent].id
    const p = w.products.find((x) => !x.seasonal && x.mover === 'fast' && w.carried[w.pair(store.index, x.index)])!
    const plan: RunPlan = { liveFrom: LIVE, livePolicy: noReplenishment, actions: [] }
    const actions: ActionPayload[] = [
      { ...base, action_id: 'r1', kind: 'reorder', sku: p.id, location: dc, quantity: 60 },
      { ...base, action_id: 't1', kind: 'transfer', sku: p.id, location: store.id, from_location: dc, quantity: 9 },
      { ...base, action_id: 'm1', kind: 'markdown', sku: p.id, location: store.id, quantity: 0, price: Math.round(p.price * 60) / 100 },
      { ...base, action_id: 'e1', kind: 'expedite', sku: p.id, location: dc, quantity: 0 },
      { ...base, action_id: 'bad', kind: 'transfer', sku: 'NOPE', location: dc, quantity: 1 },
    ]
    const liveEvents: Event[] = []
    const statuses: string[] = []
    // Real time far ahead of the simulated clock, so nothing caps it; each step is ten simulated minutes.
    const realStart = live.dayStartMs(LIVE) + 400 * DAY_MS
    for (let step = 0; step < 6 * 24 * 4; step++) {
      liveEvents.push(...stream.tick(realStart + (step * 10 * 60_000) / 3_600).events)
      if (step % 61 === 5 && actions.length) {
        const action = actions.shift()!
        const applied = stream.applyAction(action)
        statuses.push(`${action.action_id} ${applied.outcome.status}`)
        liveEvents.push(...applied.events)
        ;(plan.actions as { at: number; action: unknown }[]).push({ at: stream.simTimeMs, action })
      }
    }
    expect(actions).toEqual([])
    expect(statuses).toEqual(['r1 accepted', 't1 accepted', 'm1 accepted', 'e1 accepted', 'bad refused'])
    const lastDay = live.nextDay - 1
    expect(lastDay).toBeGreaterThan(LIVE + 1)
    expect(plan.actions.map((a) => Math.floor((a.at - live.dayStartMs(0)) / DAY_MS))).toContain(LIVE)

    // Replayed from nothing but the plan.
    const again = createSimulation(opts)
    const replayed: Event[] = []
    for (let d = 0; d <= lastDay; d++) {
      const { result, actionEvents } = simulateRunDay(again, plan, d)
      if (d >= LIVE) replayed.push(...result.events, ...actionEvents)
    }
    // The same events, snapshots corrected by the actions included (the stream releases them by
    // time, the replay by day: compared by id, every one the stream released).
    const byId = new Map(replayed.map((e) => [e.event_id, JSON.stringify(e)]))
    expect(liveEvents.length).toBeGreaterThan(1000)
    for (const e of liveEvents) expect(byId.get(e.event_id), e.event_id).toBe(JSON.stringify(e))
    // And the next day, simulated in both, is the same day.
    const a = live.simulateDay(lastDay + 1, policyForDay(plan, lastDay + 1))
    const b = again.simulateDay(lastDay + 1, policyForDay(plan, lastDay + 1))
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events))
    expect(Array.from(b.truth.bookOnHand)).toEqual(Array.from(a.truth.bookOnHand))
    expect(Array.from(b.truth.expected)).toEqual(Array.from(a.truth.expected))
    expect(policyForDay(plan, LIVE - 1)).toBeUndefined()
    expect(policyForDay(plan, LIVE)).toBe(noReplenishment)
  })
})
