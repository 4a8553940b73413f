import { describe, expect, it } from 'vitest'
import { InFlightIds } from './ingest-inflight'

const ids = (...xs: string[]) => new Set(xs)

describe('InFlightIds', () => {
  it('keeps ids claimed and released during a look-up visible to that look-up', () => {
    const f = new InFlightIds()
    const b = f.beginLookup() // lane B starts its look-up: A's rows are not in yet
    const a = f.beginLookup()
    const aIds = ids('e1', 'e2')
    f.claim(a, aIds) // lane A claims, inserts and releases while B still waits on ClickHouse
    f.release(aIds)
    // B's look-up may not see A's rows: A's ids must still be pending for it.
    expect(f.pending()).toContain(aIds)
    const bIds = ids()
    f.claim(b, bIds)
    // No look-up that began before A's release runs any more: A's rows are visible to any new one.
    expect(f.pending()).toEqual([bIds])
    f.release(bIds)
    expect(f.size).toBe(0)
  })

  it('drops released ids at once when no look-up runs, and holds them for the oldest running one only', () => {
    const f = new InFlightIds()
    const x = ids('x')
    f.claim(f.beginLookup(), x)
    expect(f.pending()).toEqual([x])
    f.release(x)
    expect(f.pending()).toEqual([])
    // Released after look-up 1 began but before look-up 2 did: only look-up 1 holds it.
    const one = f.beginLookup()
    const y = ids('y')
    f.claim(f.beginLookup(), y)
    f.release(y)
    const two = f.beginLookup()
    expect(f.pending()).toEqual([y])
    f.end(one)
    expect(f.pending()).toEqual([])
    f.end(two)
    expect(f.size).toBe(0)
  })

  it('ignores a second release of the same ids', () => {
    const f = new InFlightIds()
    const z = ids('z')
    const t = f.beginLookup()
    f.claim(f.beginLookup(), z)
    f.release(z)
    f.release(z)
    expect(f.pending()).toEqual([z])
    f.end(t)
    expect(f.size).toBe(0)
  })
})
