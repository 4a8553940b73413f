import { describe, expect, it } from 'vitest'
import { signalNote, signedPct } from './signal-note'

// 2025-06-09 is a Monday: day 5 is Saturday 14 June.
const START = '2025-06-09'

describe('signalNote', () => {
  it('says nothing when no signal moved the forecast', () => {
    expect(signalNote([], START)).toBeNull()
  })

  it('sums a hot spell up by its mean change and anomaly, and names an event by its day', () => {
    const note = signalNote(
      [
        { day: 0, signal: 'temp_anomaly', change: 0.2, value: 3.0 },
        { day: 1, signal: 'temp_anomaly', change: 0.18, value: 2.4 },
        { day: 2, signal: 'temp_anomaly', change: 0.16, value: 1.8 },
        { day: 5, signal: 'local_event', change: 0.35, value: 1 },
      ],
      START,
    )
    // (0.20 + 0.18 + 0.16) / 3 = 0.18; (3.0 + 2.4 + 1.8) / 3 = 2.4.
    expect(note).toBe('Weather: +18% on Mon 9 Jun–Wed 11 Jun (hot spell, 2.4 °C above normal) · Local event Sat 14 Jun: +35%')
  })

  it('keeps cold days, rain and a multi-day event apart', () => {
    const note = signalNote(
      [
        { day: 0, signal: 'temp_anomaly', change: -0.1, value: -3 },
        { day: 3, signal: 'rain', change: -0.07, value: 1 },
        { day: 10, signal: 'local_event', change: 0.3, value: 1 },
        { day: 11, signal: 'local_event', change: 0.3, value: 1 },
      ],
      START,
    )
    expect(note).toBe('Weather: −10% on Mon 9 Jun (cold spell, 3.0 °C below normal) · Rain: −7% on Thu 12 Jun · Local event Thu 19 Jun–Fri 20 Jun: +30%')
  })

  it('counts the days instead of naming them when they fall in more than two separate runs', () => {
    const rain = [0, 2, 4, 5].map((day) => ({ day, signal: 'rain' as const, change: -0.05, value: 1 }))
    expect(signalNote(rain, START)).toBe('Rain: −5% on 4 days')
    expect(signalNote(rain.slice(2), START)).toBe('Rain: −5% on Fri 13 Jun–Sat 14 Jun')
  })

  it('signs percentages with a true minus', () => {
    expect(signedPct(0.354)).toBe('+35%')
    expect(signedPct(-0.066)).toBe('−7%')
  })
})
