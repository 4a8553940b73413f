import { describe, expect, it } from 'vitest'
import { rateRow, rateTable } from './rates'
import { changesRates, formatRate, rateLines, ratesPeriod, ratesSummary } from './rates-view'

describe('a rate as the board writes it', () => {
  it('is a whole percentage, "–" when nothing was decided', () => {
    expect(formatRate(0.6)).toBe('60%')
    expect(formatRate(2 / 3)).toBe('67%')
    expect(formatRate(null)).toBe('–')
    expect(formatRate(Number.NaN)).toBe('–')
  })
  it('reads 0% and 100% only when exact', () => {
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(199 / 200)).toBe('99%')
    expect(formatRate(1 / 300)).toBe('1%')
  })
})

describe('the panel rows', () => {
  const answer = rateTable([
    { key: 'b-agent', approved: 1, modified: 0, rejected: 0 },
    { key: 'a-agent', approved: 6, modified: 3, rejected: 1 },
    { key: 'c-agent', approved: 0, modified: 0, rejected: 1 },
  ])
  it('come most decisions first, then by name, with the decisions behind each rate', () => {
    const { rows, total } = rateLines(answer, 'agent')
    expect(rows).toEqual([
      { key: 'a-agent', label: 'a-agent', decided: 10, accepted: '60%', overridden: '40%', few: false },
      { key: 'b-agent', label: 'b-agent', decided: 1, accepted: '100%', overridden: '0%', few: true },
      { key: 'c-agent', label: 'c-agent', decided: 1, accepted: '0%', overridden: '100%', few: true },
    ])
    // 7 approved of 12 decided; 5 overridden.
    expect(total).toEqual({ key: 'all', label: 'All', decided: 12, accepted: '58%', overridden: '42%', few: false })
  })
  it('past the limit, sum the rest into one row whose counts add up to the total', () => {
    const { rows, total } = rateLines(answer, 'planner', 2)
    expect(rows.map((r) => r.label)).toEqual(['a-agent', 'Other (2 planners)'])
    // The rest: 1 approved, 1 rejected: 50% each, from the summed counts.
    expect(rows[1]).toMatchObject({ key: '(other)', decided: 2, accepted: '50%', overridden: '50%', few: true })
    expect(rows.reduce((s, r) => s + r.decided, 0)).toBe(total.decided)
  })
  it('are none while nothing was decided', () => {
    expect(rateLines(rateTable([]), 'category')).toEqual({ rows: [], total: { key: 'all', label: 'All', decided: 0, accepted: '–', overridden: '–', few: true } })
  })
})

describe('the words around the figures', () => {
  it('say the period in UTC', () => {
    expect(ratesPeriod(30, '2026-11-06T15:36:22.123Z')).toBe('Last 30 days (UTC), since 06 Nov, 15:36:22 UTC')
  })
  it("write the feed's line from the same total", () => {
    expect(ratesSummary(rateRow('all', { approved: 1234, modified: 0, rejected: 1 }), 30)).toBe('Last 30 days: 1,235 decided · 99% accepted · 1% overridden')
    expect(ratesSummary(rateRow('all', { approved: 0, modified: 0, rejected: 0 }), 30)).toBe('No recommendations decided in the last 30 days.')
  })
})

describe('which pushes change the figures', () => {
  const pushed = (status: 'open' | 'approved' | 'modified' | 'rejected' | 'snoozed', location = 'P1') => ({ status, scope: { location } })
  it('a decision does, in scope', () => {
    for (const s of ['approved', 'modified', 'rejected'] as const) expect(changesRates(pushed(s), 'all')).toBe(true)
    expect(changesRates(pushed('approved'), 'P1')).toBe(true)
    expect(changesRates(pushed('approved', 'P2'), 'P1')).toBe(false)
  })
  it('a new card, a snooze or a malformed push does not', () => {
    expect(changesRates(pushed('open'), 'all')).toBe(false)
    expect(changesRates(pushed('snoozed'), 'all')).toBe(false)
    expect(changesRates(null, 'all')).toBe(false)
    expect(changesRates({ status: 'approved' }, 'all')).toBe(false)
  })
})
