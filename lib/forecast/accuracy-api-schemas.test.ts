import { describe, expect, it } from 'vitest'
import { accuracyPeriod, accuracyQuery, toAccuracyBody } from './accuracy-api-schemas'
import { segmentAccuracy } from './accuracy'

describe('the model-accuracy query', () => {
  it('defaults to the 12 weeks to yesterday and refuses a period upside down or over 366 days', () => {
    // yesterday 2026-03-09; 84 days ending on it start 83 days before: 2025-12-16
    expect(accuracyPeriod({}, '2026-03-10')).toEqual({ from: '2025-12-16', to: '2026-03-09' })
    expect(accuracyPeriod({ to: '2026-01-31' }, '2026-03-10')).toEqual({ from: '2025-11-09', to: '2026-01-31' })
    expect(accuracyPeriod({ from: '2026-02-01', to: '2026-01-31' }, '2026-03-10')).toEqual({ path: 'from', error: 'must be on or before to' })
    // 2025-01-01 .. 2026-01-02 is 367 days
    expect(accuracyPeriod({ from: '2025-01-01', to: '2026-01-02' }, '2026-03-10')).toMatchObject({ path: 'from' })
    expect(accuracyPeriod({ from: '2025-01-02', to: '2026-01-02' }, '2026-03-10')).toEqual({ from: '2025-01-02', to: '2026-01-02' })
    expect(accuracyQuery.safeParse({ by: 'brand' }).success).toBe(false)
    expect(accuracyQuery.parse({}).by).toBe('category')
  })

  it('writes undefined ratios as null', () => {
    const [s] = toAccuracyBody({ from: '2026-01-01', to: '2026-01-07' }, 'channel', '', segmentAccuracy([{ segment: 'store', week_end: '2026-01-07', abs_error: 0, error: 0, actual: 0, forecast: 0, n: 7, naive_abs: 0 }])).segments
    expect(s).toMatchObject({ wape: null, bias: null, mase: null, bias_direction: 'unknown', drift: { judged: false, drifted: [] } })
  })
})
