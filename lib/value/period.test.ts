import { describe, expect, it } from 'vitest'
import { daysIn, isDay, periodFromQuery, periodProblem, presetOf, presetPeriod, previousPeriod, sayPeriod } from './period'

// 2026-12-07 03:00 UTC, a Monday in the fourth quarter.
const NOW = Date.parse('2026-12-07T03:00:00Z')

describe('the value report period', () => {
  it('counts presets back from today (UTC), both ends included', () => {
    expect(presetPeriod('7d', NOW)).toEqual({ from: '2026-12-01', to: '2026-12-07' }) // 1..7 Dec: 7 days
    expect(presetPeriod('28d', NOW)).toEqual({ from: '2026-11-10', to: '2026-12-07' }) // 21 in Nov + 7 in Dec
    expect(presetPeriod('90d', NOW)).toEqual({ from: '2026-09-09', to: '2026-12-07' }) // 22 Sep + 31 Oct + 30 Nov + 7 Dec
    expect(presetPeriod('qtd', NOW)).toEqual({ from: '2026-10-01', to: '2026-12-07' })
    expect(presetPeriod('ytd', NOW)).toEqual({ from: '2026-01-01', to: '2026-12-07' })
    expect(daysIn(presetPeriod('90d', NOW))).toBe(90)
    expect(presetPeriod('qtd', Date.parse('2026-03-31T23:59:59Z')).from).toBe('2026-01-01')
    expect(presetPeriod('qtd', Date.parse('2026-04-01T00:00:00Z')).from).toBe('2026-04-01')
  })

  it('knows which preset a period is', () => {
    expect(presetOf({ from: '2026-12-01', to: '2026-12-07' }, NOW)).toBe('7d')
    expect(presetOf({ from: '2026-12-01', to: '2026-12-06' }, NOW)).toBeUndefined()
  })

  it('takes the previous period of equal length, ending the day before', () => {
    expect(previousPeriod({ from: '2026-11-10', to: '2026-12-07' })).toEqual({ from: '2026-10-13', to: '2026-11-09' }) // 28 days
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28' })
    expect(daysIn(previousPeriod({ from: '2026-01-01', to: '2026-12-07' }))).toBe(341)
  })

  it('reads the address leniently, saying why it replaced a bad period', () => {
    expect(periodFromQuery({}, NOW)).toEqual({ period: { from: '2026-11-10', to: '2026-12-07' }, problem: null })
    expect(periodFromQuery({ from: '2026-11-01', to: '2026-11-30' }, NOW)).toEqual({ period: { from: '2026-11-01', to: '2026-11-30' }, problem: null })
    expect(periodFromQuery({ from: '2026-02-30', to: '2026-03-02' }, NOW).problem).toBe('from: not a date (YYYY-MM-DD)')
    expect(periodFromQuery({ from: '2026-11-01' }, NOW).problem).toBe('to: not a date (YYYY-MM-DD)')
    expect(periodProblem({ from: '2026-11-30', to: '2026-11-01' }, NOW)).toBe('from: after to')
    expect(periodProblem({ from: '2026-12-01', to: '2026-12-08' }, NOW)).toBe('to: after today (UTC)')
    expect(periodProblem({ from: '2025-01-01', to: '2026-12-07' }, NOW)).toBe('to: more than 400 days after from')
    expect(isDay('2028-02-29')).toBe(true)
    expect(isDay('2026-2-1')).toBe(false)
  })

  it('says a period in words', () => {
    expect(sayPeriod({ from: '2026-11-10', to: '2026-12-07' })).toBe('10 Nov – 7 Dec 2026 (28 days, UTC)')
    expect(sayPeriod({ from: '2025-12-31', to: '2026-01-01' })).toBe('31 Dec 2025 – 1 Jan 2026 (2 days, UTC)')
    expect(sayPeriod({ from: '2026-12-07', to: '2026-12-07' })).toBe('7 Dec 2026 (1 day, UTC)')
  })
})
