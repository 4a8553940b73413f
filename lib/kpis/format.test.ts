import { describe, expect, it } from 'vitest'
import { formatCover, formatFigure, formatUnits, formatUtcStamp } from './format'

describe('formatFigure', () => {
  it('writes figures below a million out in full', () => {
    expect(formatFigure(0, 'currency')).toEqual({ short: '£0', full: '£0' })
    expect(formatFigure(999_999, 'units')).toEqual({ short: '999,999', full: '999,999 units' })
    expect(formatFigure(999_999, 'currency').short).toBe('£999,999')
    expect(formatFigure(-0, 'count').short).toBe('0')
  })

  it('writes large figures compactly, with the whole figure for the tooltip', () => {
    expect(formatFigure(1_200_000_000, 'currency')).toEqual({ short: '£1.2bn', full: '£1,200,000,000' })
    expect(formatFigure(3_400_000, 'units')).toEqual({ short: '3.4m', full: '3,400,000 units' })
    expect(formatFigure(1_000_000, 'count').short).toBe('1m')
    expect(formatFigure(-1_200_000_000, 'currency').short).toBe('-£1.2bn')
  })

  it('keeps absurd figures short (the reported tile: £1,000,000,000,000,083,500)', () => {
    const f = formatFigure(1_000_000_000_000_083_500, 'currency')
    expect(f.short).toBe('£1E18')
    expect(f.short.length).toBeLessThanOrEqual(10)
    expect(f.full).toBe('£1,000,000,000,000,083,500')
    expect(formatFigure(1e18, 'units').short).toBe('1E18')
    expect(formatFigure(1e9, 'percent').short.length).toBeLessThanOrEqual(10)
    expect(formatFigure(1e12, 'days').short).toBe('1tn d')
    expect(formatFigure(1e7, 'ratio').short).toBe('10m')
  })

  it('shows a dash for what is not a number', () => {
    for (const v of [null, undefined, NaN, Infinity, -Infinity]) expect(formatFigure(v, 'currency').short).toBe('—')
  })

  it('keeps the small units as they were', () => {
    expect(formatFigure(0.9734, 'percent').short).toBe('97.3%')
    expect(formatFigure(12.345, 'days').short).toBe('12.3 d')
    expect(formatFigure(4.567, 'ratio').short).toBe('4.57')
  })
})

describe('formatUtcStamp', () => {
  it('writes a UTC time from its digits, with the zone said', () => {
    expect(formatUtcStamp('2026-12-06T09:47:55.123Z')).toBe('06 Dec, 09:47:55 UTC')
    expect(formatUtcStamp('2026-01-31T00:00:00Z')).toBe('31 Jan, 00:00:00 UTC')
  })
  it('gives back what is not a UTC time unchanged', () => {
    expect(formatUtcStamp('2026-12-06T09:47:55+01:00')).toBe('2026-12-06T09:47:55+01:00')
    expect(formatUtcStamp('2026-13-06T09:47:55Z')).toBe('2026-13-06T09:47:55Z')
    expect(formatUtcStamp('')).toBe('')
  })
})

describe('formatCover', () => {
  it('rounds down to a tenth, as the run-out day counts (today + floor(cover))', () => {
    expect(formatCover(0.96)).toBe('0.9 d')
    expect(formatCover(1)).toBe('1.0 d')
    expect(formatCover(0.7)).toBe('0.7 d')
    expect(formatCover(2.55)).toBe('2.5 d')
    expect(formatCover(0)).toBe('0.0 d')
  })

  it('no demand: ∞', () => {
    for (const v of [null, undefined, Infinity, 9999]) expect(formatCover(v)).toBe('∞')
  })
})

describe('money in the deployment currency', () => {
  it('formats in the code given', () => {
    expect(formatFigure(1234, 'currency', 'EUR').short).toBe('€1,234')
    expect(formatFigure(1234, 'currency', 'USD').full).toBe('US$1,234')
  })
})

describe('formatUnits', () => {
  it('keeps one decimal from 1 up and two significant digits below, so a slow seller is not 0', () => {
    expect(formatUnits(16)).toBe('16')
    expect(formatUnits(12.34)).toBe('12.3')
    expect(formatUnits(1234.56)).toBe('1,234.6')
    expect(formatUnits(1)).toBe('1')
    expect(formatUnits(0.0417)).toBe('0.042')
    expect(formatUnits(0.35)).toBe('0.35')
    expect(formatUnits(0.004)).toBe('0.004')
    expect(formatUnits(0)).toBe('0')
    expect(formatUnits(Number.NaN)).toBe('—')
  })
})
