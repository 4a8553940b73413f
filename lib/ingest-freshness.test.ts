import { describe, expect, it } from 'vitest'
import { freshnessLimits, judgeFreshness } from './ingest-freshness'

const now = Date.parse('2026-12-10T12:00:00Z')
const ago = (ms: number) => new Date(now - ms).toISOString()

describe('judgeFreshness', () => {
  it('judges against the usual gap, with floors of 2 and 15 minutes', () => {
    // Every minute: late past max(3 min, 2 min) = 3 min, silent past max(10 min, 15 min) = 15 min.
    expect(judgeFreshness(ago(180_000), 60_000, now)).toBe('fresh')
    expect(judgeFreshness(ago(180_001), 60_000, now)).toBe('late')
    expect(judgeFreshness(ago(900_000), 60_000, now)).toBe('late')
    expect(judgeFreshness(ago(900_001), 60_000, now)).toBe('silent')
    // Every 10 minutes: late past 30 min, silent past 100 min.
    expect(judgeFreshness(ago(29 * 60_000), 600_000, now)).toBe('fresh')
    expect(judgeFreshness(ago(31 * 60_000), 600_000, now)).toBe('late')
    expect(judgeFreshness(ago(101 * 60_000), 600_000, now)).toBe('silent')
    expect(judgeFreshness(null, 60_000, now)).toBe('silent')
    expect(freshnessLimits(600_000)).toEqual({ late_ms: 1_800_000, silent_ms: 6_000_000 })
    expect(freshnessLimits(0)).toEqual({ late_ms: 120_000, silent_ms: 900_000 })
  })
})
