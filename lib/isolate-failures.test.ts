import { describe, expect, it } from 'vitest'
import { isolateFailures } from './isolate-failures'

/** A store that refuses parts holding a poison item, or everything while `down`. */
function store(poison: Set<number>) {
  const landed: number[] = []
  const state = { down: false, attempts: 0 }
  return {
    landed,
    state,
    land: async (part: number[]) => {
      state.attempts++
      if (state.down || part.some((x) => poison.has(x))) throw new Error(state.down ? 'down' : 'poison')
      landed.push(...part)
    },
    probe: async () => !state.down,
  }
}

describe('isolateFailures', () => {
  it('lands everything but the poison item, found by halves', async () => {
    const s = store(new Set([5]))
    const items = Array.from({ length: 16 }, (_, i) => i)
    const r = await isolateFailures(items, new Error('flush'), s.land, s.probe)
    expect(r.poison.map((p) => p.item)).toEqual([5])
    expect(String(r.poison[0].error)).toContain('poison')
    expect(r.retry).toEqual([])
    expect(s.landed.sort((a, b) => a - b)).toEqual(items.filter((x) => x !== 5))
    expect(s.state.attempts).toBeLessThanOrEqual(2 * Math.log2(16) + 1)
  })

  it('marks a single failing item poison when the store takes other inserts', async () => {
    const s = store(new Set([1]))
    const r = await isolateFailures([1], new Error('flush'), s.land, s.probe)
    expect(r.poison.map((p) => p.item)).toEqual([1])
  })

  it('marks nothing poison and retries everything when the store is down', async () => {
    const s = store(new Set())
    s.state.down = true
    const r = await isolateFailures([1, 2, 3, 4], new Error('down'), s.land, s.probe)
    expect(r).toMatchObject({ poison: [], outage: true, landedParts: 0 })
    expect(r.retry.map((f) => f.item)).toEqual([1, 2, 3, 4])
    expect(s.state.attempts).toBe(0)
  })

  it('retries instead of dead-lettering when the store goes down during the search', async () => {
    const s = store(new Set([2]))
    const land = async (part: number[]) => {
      if (part.length === 1) s.state.down = true
      return s.land(part)
    }
    const r = await isolateFailures([1, 2, 3, 4], new Error('flush'), land, s.probe)
    expect(r.poison).toEqual([])
    expect(r.retry.length).toBeGreaterThan(0)
  })

  it('lands an item that failed once but lands when tried alone again', async () => {
    let flaky = true
    const landed: number[] = []
    const land = async (part: number[]) => {
      if (part.includes(3) && flaky) {
        if (part.length === 1) flaky = false
        throw new Error('passing')
      }
      landed.push(...part)
    }
    const r = await isolateFailures([1, 2, 3, 4], new Error('flush'), land, async () => true)
    expect(r.poison).toEqual([])
    expect(landed.sort()).toEqual([1, 2, 3, 4])
  })
})
