import { describe, expect, it } from 'vitest'
import { fillTrend, kpiRoom } from './definitions'

describe('fillTrend', () => {
  it('fills missing minutes with zero, ending at the current minute', () => {
    const now = new Date('2026-01-01T10:05:30Z')
    const t = fillTrend([{ minute: '2026-01-01T10:03:00Z', units: 4 }], now, 4)
    expect(t).toEqual([
      { minute: '2026-01-01T10:02:00.000Z', units: 0 },
      { minute: '2026-01-01T10:03:00.000Z', units: 4 },
      { minute: '2026-01-01T10:04:00.000Z', units: 0 },
      { minute: '2026-01-01T10:05:00.000Z', units: 0 },
    ])
  })

  it('names rooms by scope', () => {
    expect(kpiRoom('all')).toBe('kpi:all')
    expect(kpiRoom('S01')).toBe('kpi:location:S01')
  })
})
