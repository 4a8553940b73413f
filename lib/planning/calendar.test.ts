import { describe, expect, it } from 'vitest'
import { calendarFlags } from './calendar'

describe('calendarFlags', () => {
  it('marks Christmas Day and the Friday after Thanksgiving, by UTC date', () => {
    const start = Date.UTC(2025, 10, 1)
    const [christmas, blackFriday] = calendarFlags(start, 400)
    const day = (i: number) => new Date(start + i * 86_400_000).toISOString().slice(0, 10)
    const marked = (a: Float64Array) => [...a.keys()].filter((i) => a[i] === 1).map(day)
    expect(marked(christmas)).toEqual(['2025-12-25'])
    // Thanksgiving 2025 fell on 27 November and 2026 on the 26th.
    expect(marked(blackFriday)).toEqual(['2025-11-28', '2026-11-27'])
  })
})
