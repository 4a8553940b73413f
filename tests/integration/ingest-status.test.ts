import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { event } from '@/lib/events/schema'
import { toRow } from '@/lib/events/rows'
import { createTestRuntime, drainIngest, ingestRequest, nowIso, READ_SECRET, sale, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleIngestStatus } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-status.test.ts')

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime()
})
afterAll(async () => {
  await t?.cleanup()
})

const status = async () => {
  const res = await handleIngestStatus(t.rt, new Request('http://t/api/v1/ingest/status', { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  expect(res.status).toBe(200)
  return res.json()
}

describe('ingest status', () => {
  it('counts landed events by type and source, without duplicates', async () => {
    const batch = [sale({ location: 'ST-1' }), sale({ location: 'ST-1' }), { type: 'supplier', event_id: 'sup-1', ts: nowIso(), supplier: 'SUP-1', name: 'Acme' }]
    expect((await handleIngest(t.rt, ingestRequest(batch))).status).toBe(202)
    expect((await handleIngest(t.rt, ingestRequest([batch[0], sale({ location: 'ST-1' })]))).status).toBe(202)
    await drainIngest(t.rt)
    const s = await status()
    expect(s.events_total).toBe(4)
    expect(s.by_type).toEqual({ sale: 3, supplier: 1 })
    expect(s.duplicates_total).toBe(1)
    expect(s.sources).toHaveLength(1)
    expect(s.sources[0]).toMatchObject({ source: 'pos', events: 4, freshness: 'fresh' })
    expect(Date.parse(s.last_event_at.pos)).toBeGreaterThan(Date.now() - 60_000)
    expect(s.queue_depth).toBe(0)
  })

  it('accepts events naming unknown master data, flags them, and clears the flag when the master data arrives', async () => {
    expect((await handleIngest(t.rt, ingestRequest([sale({ sku: 'SKU-NEW', location: 'LOC-NEW' })]))).status).toBe(202)
    await drainIngest(t.rt)
    let s = await status()
    const refs = s.unknown_master_refs.top.map((r: { kind: string; ref: string }) => `${r.kind}:${r.ref}`)
    expect(refs).toContain('sku:SKU-NEW')
    expect(refs).toContain('location:LOC-NEW')

    const product = { type: 'product', event_id: 'p-new', ts: nowIso(), sku: 'SKU-NEW', name: 'New thing', category: 'Toys', price: 5, unit_cost: 2 }
    expect((await handleIngest(t.rt, ingestRequest([product]))).status).toBe(202)
    await drainIngest(t.rt)
    s = await status()
    const after = s.unknown_master_refs.top.map((r: { kind: string; ref: string }) => `${r.kind}:${r.ref}`)
    expect(after).not.toContain('sku:SKU-NEW')
    expect(after).toContain('location:LOC-NEW')
  })

  it('lists rejected batches with their errors, newest first', async () => {
    expect((await handleIngest(t.rt, ingestRequest([sale({ qty: 'three' })]))).status).toBe(400)
    const s = await status()
    expect(s.rejected_batches[0]).toMatchObject({ source: 'pos', error_count: 1 })
    expect(s.rejected_batches[0].errors[0]).toMatchObject({ index: 0, path: 'qty' })
  })
})

describe('ingest status after trouble', () => {
  it('counts an event_id once when it is re-sent with a timestamp on another UTC day', async () => {
    const before = await status()
    const id = `moved-day-${Date.now()}`
    const yesterday = new Date(Date.now() - 86_400_000).toISOString()
    expect((await handleIngest(t.rt, ingestRequest([sale({ event_id: id, location: 'ST-moved', qty: 2 })]))).status).toBe(202)
    await drainIngest(t.rt)
    // With another event beside it, so that the insert is not the same block as the first one.
    const moved = [sale({ event_id: id, location: 'ST-moved', qty: 2, ts: yesterday }), sale({ location: 'ST-moved', qty: 1 })]
    expect((await handleIngest(t.rt, ingestRequest(moved))).status).toBe(202)
    await drainIngest(t.rt)
    // A rollup sums whatever lands: a second landing would show 5 units.
    const rs = await t.rt.clickhouse.interactive.query({ query: "SELECT sum(units) AS u FROM sales_daily WHERE location = 'ST-moved'", format: 'JSONEachRow' })
    expect(Number((await rs.json<{ u: number }>())[0].u)).toBe(3)
    const s = await status()
    expect(s.events_total - before.events_total).toBe(2)
    expect(s.duplicates_total - before.duplicates_total).toBe(1)
  })

  it('counts a flush that landed but whose bookkeeping did not (a crash just then) as landed, not as duplicates, on replay', async () => {
    const before = await status()
    const events = Array.from({ length: 20 }, () => sale({ location: 'ST-crash' }))
    // What the writer's inserts do, without the bookkeeping that follows them.
    const parsed = events.map((e) => event.parse(e))
    await t.rt.clickhouse.insertRows('ingest', 'raw_sales', parsed.map((e) => toRow(e, 'pos')))
    // The job is retried after the restart: its events are all found landed.
    expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
    await drainIngest(t.rt)
    const s = await status()
    expect(s.events_total - before.events_total).toBe(20)
    expect(s.by_type.sale - before.by_type.sale).toBe(20)
    expect(s.duplicates_total - before.duplicates_total).toBe(0)
  })
})
