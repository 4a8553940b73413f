import { describe, expect, it } from 'vitest'
import { formatInZone, isValidTimeZone, localDate, startOfLocalDay, zoneOffsetMs } from './zone'
import { regionTimeZone, REGION_TIME_ZONES } from '../sim/master-events'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString()

describe('a location\'s business day', () => {
  it('New York at 22:00 on the 6th (03:00 UTC on the 7th): today is the 6th, begun at 05:00 UTC (EST, UTC-5)', () => {
    expect(localDate(at('2026-12-07T03:00:00Z'), 'America/New_York')).toBe('2026-12-06')
    expect(iso(startOfLocalDay(at('2026-12-07T03:00:00Z'), 'America/New_York'))).toBe('2026-12-06T05:00:00.000Z')
    expect(zoneOffsetMs(at('2026-12-07T03:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000)
  })

  it('in summer New York is UTC-4: its day begins at 04:00 UTC', () => {
    expect(iso(startOfLocalDay(at('2026-07-01T12:00:00Z'), 'America/New_York'))).toBe('2026-07-01T04:00:00.000Z')
  })

  it('Tokyo (UTC+9) at 03:00 UTC on the 7th: today is the 7th, begun at 15:00 UTC on the 6th', () => {
    expect(iso(startOfLocalDay(at('2026-12-07T03:00:00Z'), 'Asia/Tokyo'))).toBe('2026-12-06T15:00:00.000Z')
  })

  it('a clock change on the day: London\'s 29 March 2026 began at 00:00 UTC (GMT), its 30th at 23:00 UTC (BST)', () => {
    expect(iso(startOfLocalDay(at('2026-03-29T12:00:00Z'), 'Europe/London'))).toBe('2026-03-29T00:00:00.000Z')
    expect(iso(startOfLocalDay(at('2026-03-30T12:00:00Z'), 'Europe/London'))).toBe('2026-03-29T23:00:00.000Z')
  })

  it('where midnight does not exist (Santiago, 6 Sep 2026: 00:00 -> 01:00), the day begins at 01:00 local = 04:00 UTC', () => {
    expect(iso(startOfLocalDay(at('2026-09-06T12:00:00Z'), 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z')
  })

  it('UTC by default', () => {
    expect(iso(startOfLocalDay(at('2026-12-07T03:00:00Z')))).toBe('2026-12-07T00:00:00.000Z')
  })
})

describe('zones', () => {
  it('knows IANA zones and refuses anything else', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true)
    expect(isValidTimeZone('UTC')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })

  it('every simulated region has a zone the runtime knows', () => {
    for (const tz of Object.values(REGION_TIME_ZONES)) expect(isValidTimeZone(tz)).toBe(true)
    expect(regionTimeZone('nowhere')).toBe('Europe/London')
  })

  it('writes a time in the viewer\'s zone with the zone named', () => {
    expect(formatInZone('2026-12-07T03:00:00Z', 'America/New_York')).toBe('06 Dec, 22:00:00 GMT-5')
    expect(formatInZone('2026-12-07T03:00:00Z', 'UTC', { seconds: false })).toBe('07 Dec, 03:00 UTC')
  })
})
