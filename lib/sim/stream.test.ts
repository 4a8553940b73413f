import { describe, expect, it } from 'vitest'
import type { Event } from '@/lib/events/schema'
import { createSimulation } from './simulation'
import { run, small } from './simulation.fixture'
import { SimulationStream } from './stream'

describe('SimulationStream', () => {
  it('releases the same events as simulateDay, in ts order, never past the clock', () => {
    const ref = run(small, 3)
    const sim = createSimulation(small)
    const day0 = sim.dayStartMs(0)
    const realStart = day0 + 30 * 86_400_000 // real time is a month ahead: the stream may catch up
    const stream = new SimulationStream(sim, { speed: 86_400 / 4 }) // a simulated day every 4 real seconds
    const got: Event[] = []
    let last = ''
    for (let s = 0; s <= 12; s++) {
      const slice = stream.tick(realStart + s * 1000)
      for (const e of slice.events) {
        expect(Date.parse(e.ts)).toBeLessThanOrEqual(slice.simTimeMs)
        expect(e.ts >= last).toBe(true)
        last = e.ts
      }
      got.push(...slice.events)
      if (s === 2) expect(slice.simTimeMs).toBe(day0 + 12 * 3_600_000)
    }
    expect(got.map((e) => e.event_id)).toEqual(ref.days.flatMap((d) => d.events).map((e) => e.event_id))
  })

  it('never stamps events after real time (plus the allowed lead), so speed > 1 catches up then follows the clock', () => {
    const sim = createSimulation(small)
    const day0 = sim.dayStartMs(0)
    const stream = new SimulationStream(sim, { speed: 1000 })
    const realStart = day0 + 6 * 3_600_000 // 06:00 on day 0
    const a = stream.tick(realStart)
    expect(a.simTimeMs).toBe(day0) // starts at midnight of day 0 ...
    const b = stream.tick(realStart + 60_000)
    expect(b.simTimeMs).toBe(realStart + 60_000) // ... catches up within a minute, then stays on real time
    expect(b.events.every((e) => Date.parse(e.ts) <= realStart + 60_000)).toBe(true)
    const c = stream.tick(realStart + 120_000)
    expect(c.simTimeMs).toBe(realStart + 120_000)
    expect(a.truth.map((t) => t.day)).toEqual([0])
    expect(b.truth).toEqual([])
  })
})
