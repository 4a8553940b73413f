import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleIngest } from '@/server/api/ingest'
import { handleIngestStatus } from '@/server/api/ingest-status'
import { createTestRuntime, drainIngest, ingestRequest, nowIso, READ_SECRET, sale, type TestRuntime } from '../helpers/runtime'

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
