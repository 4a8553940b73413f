/**
 * "Today" is each location's business day in its own time zone (DESIGN.md "Time and money"): the
 * board's units and revenue today, through ingest (a location event carrying its zone), real
 * Redis and embedded ClickHouse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { createTestRuntime, drainIngest, ingestRequest, sale, type TestRuntime } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { forgetLocationZones, kpiSnapshots } from '@/lib/clickhouse/queries/kpis'

let t: TestRuntime

beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.cleanup()
})

const location = (id: string, timezone?: string) => ({
  type: 'location', event_id: `loc-${randomBytes(6).toString('hex')}`, ts: '2026-12-01T00:00:00.000Z', location: id, kind: 'store', region: 'R1',
  ...(timezone ? { timezone } : {}),
})

describe('today by time zone', () => {
  it('rejects a location with a zone no one knows, naming the field', async () => {
    const res = await handleIngest(t.rt, ingestRequest([location('TZ-BAD', 'Mars/Olympus_Mons')]))
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.errors[0].path).toContain('timezone')
    expect(body.errors[0].message).toContain('IANA time zone')
  })

  it("counts each location's own business day, and 'all' sums them", async () => {
    // Now: 2026-12-07 03:00 UTC = 22:00 on the 6th in New York (its day began 2026-12-06 05:00 UTC)
    // and 12:00 on the 7th in Tokyo (its day began 2026-12-06 15:00 UTC).
    const now = new Date('2026-12-07T03:00:00.000Z')
    const batch = [
      location('TZ-NY', 'America/New_York'), location('TZ-UTC'), location('TZ-TYO', 'Asia/Tokyo'),
      // New York: 23:30 UTC is 18:30 there, before its midnight: today. 04:30 UTC on the 6th is 23:30 on the 5th: not.
      sale({ location: 'TZ-NY', ts: '2026-12-06T23:30:00.000Z', qty: 3, unit_price: 10 }),
      sale({ location: 'TZ-NY', ts: '2026-12-06T04:30:00.000Z', qty: 5, unit_price: 10 }),
      // UTC: 23:30 on the 6th was yesterday; 00:30 on the 7th is today.
      sale({ location: 'TZ-UTC', ts: '2026-12-06T23:30:00.000Z', qty: 7, unit_price: 10 }),
      sale({ location: 'TZ-UTC', ts: '2026-12-07T00:30:00.000Z', qty: 2, unit_price: 10 }),
      // Tokyo: 16:00 UTC on the 6th is 01:00 on the 7th there: today; 14:00 UTC is 23:00 on the 6th: not.
      sale({ location: 'TZ-TYO', ts: '2026-12-06T16:00:00.000Z', qty: 4, unit_price: 10 }),
      sale({ location: 'TZ-TYO', ts: '2026-12-06T14:00:00.000Z', qty: 6, unit_price: 10 }),
    ]
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    await drainIngest(t.rt)
    const ch = t.rt.clickhouse.interactive
    forgetLocationZones(ch)
    const within = ['TZ-NY', 'TZ-UTC', 'TZ-TYO']
    const [all, ny, utc, tyo] = await kpiSnapshots(ch, ['all', 'TZ-NY', 'TZ-UTC', 'TZ-TYO'], now, within)
    expect(ny.kpis.units_sold_today).toBe(3)
    expect(ny.kpis.revenue_today).toBe(30)
    expect(utc.kpis.units_sold_today).toBe(2)
    expect(tyo.kpis.units_sold_today).toBe(4)
    // Each location's own today in its time zone, summed: 3 + 2 + 4.
    expect(all.kpis.units_sold_today).toBe(9)
    expect(all.kpis.revenue_today).toBe(90)
  })
})
