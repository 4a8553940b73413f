import { describe, expect, it } from 'vitest'
import { floodNotice, floodSummary, refusalVerdict, unrecordedRefusals } from './refusal-budget'

describe('refusal budget', () => {
  it('records the first `limit` refusals, notes the next, counts the rest', () => {
    expect([1, 3, 4, 5, 6].map((n) => refusalVerdict(n, 3))).toEqual(['record', 'record', 'record-with-notice', 'count-only', 'count-only'])
    expect(refusalVerdict(1, 0)).toBe('record-with-notice')
  })

  it('summarises what was only counted: a minute of 10 with a limit of 3 recorded 4 (3 + the notice), 6 unrecorded', () => {
    expect(unrecordedRefusals(10, 3)).toBe(6)
    expect(unrecordedRefusals(4, 3)).toBe(0)
    expect(unrecordedRefusals(2, 3)).toBe(0)
    expect(floodNotice('invalid API key', 3)).toBe('invalid API key; more than 3 refusals of this caller this minute: further ones are counted and summarised, not recorded one by one')
    expect(floodSummary(6, '2026-12-07T03:00:00.000Z')).toMatch(/^6 further refused requests/)
  })
})
