/**
 * Property-based fuzzing of POST /api/v1/events: whatever arrives, the answer is a 4xx that names
 * the problem, never a 500, and nothing is queued (so nothing can be written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { handleIngest } from '@/server/api/ingest'
import { createTestRuntime, ingestRequest, sale, type TestRuntime } from '../helpers/runtime'

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { MAX_BODY_BYTES: '65536', MAX_BATCH_EVENTS: '100' } })
})
afterAll(async () => {
  await t?.cleanup()
})

const queued = async () => {
  const c = await t.rt.queues.ingest.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')
  return Object.values(c).reduce((s, n) => s + n, 0)
}

async function expectRejected(req: Request) {
  const res = await handleIngest(t.rt, req)
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  const body = await res.json()
  expect(Array.isArray(body.errors) && body.errors.length > 0).toBe(true)
  for (const e of body.errors) {
    expect(typeof e.message).toBe('string')
    expect(e.message.length).toBeGreaterThan(0)
  }
  return body.errors as { index: number; path: string; message: string }[]
}

const SQL = ["'; DROP TABLE raw_sales; --", '1 OR 1=1', "\\' UNION SELECT * FROM system.users --", '{x:String}', '`; SYSTEM SHUTDOWN']

const badId = fc.oneof(
  fc.constantFrom(undefined, null, '', 'has space', 'x'.repeat(129), ...SQL.filter((q) => q.includes(' '))),
  fc.integer(),
  fc.boolean(),
  fc.object({ maxDepth: 2 }),
)
const badTs = fc.oneof(
  fc.constantFrom(undefined, null, '1999-12-31T23:59:59Z', '2999-01-01T00:00:00Z', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '2026-01-01 10:00', '2026-01-01T10:00:00', 'x'.repeat(10_000), ...SQL),
  fc.integer(),
)
const badQty = fc.oneof(fc.constantFrom(undefined, null, 0, -0.5, 1e10, '3', 'NaN'), fc.integer({ max: 0 }), fc.double({ max: 0, noNaN: true }))
const badPrice = fc.oneof(fc.constantFrom(undefined, null, -0.01, 1e10, '3.50'), fc.integer({ max: -1 }))
const badChannel = fc.oneof(fc.constantFrom(undefined, null, 'shop', 'STORE', '', ...SQL), fc.integer())
const badType = fc.oneof(fc.constantFrom(undefined, null, 'teleport', 'Sale', '', ...SQL), fc.integer())
const BROKEN: Record<string, fc.Arbitrary<unknown>> = {
  event_id: badId, sku: badId, location: badId, ts: badTs, qty: badQty, unit_price: badPrice, channel: badChannel, type: badType,
}

/** A valid sale with one field broken in a way that breaks that field's rules. */
const brokenSale = fc.constantFrom(...Object.keys(BROKEN)).chain((field) =>
  BROKEN[field].map((value) => {
    const e: Record<string, unknown> = sale()
    if (value === undefined) delete e[field]
    else e[field] = value
    return e
  }),
)

describe('ingest fuzzing', () => {
  it('rejects arbitrary JSON values with a 4xx and queues nothing', async () => {
    const before = await queued()
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        // A batch that happens to be valid is not what this property tests.
        if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && 'type' in v)) return
        await expectRejected(ingestRequest(value))
      }),
      { numRuns: 150 },
    )
    expect(await queued()).toBe(before)
  })

  it('rejects a batch with one broken event, naming its index, and queues nothing', async () => {
    const before = await queued()
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constant(null).map(() => sale()), { maxLength: 5 }), brokenSale, fc.nat(), async (good, bad, pos) => {
        const batch: unknown[] = [...good]
        const at = pos % (good.length + 1)
        batch.splice(at, 0, bad)
        const errors = await expectRejected(ingestRequest(batch))
        expect(errors.some((e) => e.index === at)).toBe(true)
      }),
      { numRuns: 200 },
    )
    expect(await queued()).toBe(before)
  })

  it('rejects unknown event types, SQL fragments in the type and unknown fields', async () => {
    const before = await queued()
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...SQL)), async (type) => {
        if (['sale', 'return', 'inventory_snapshot', 'inventory_movement', 'purchase_order', 'po_receipt', 'transfer', 'price_change', 'promotion', 'external_signal', 'product', 'location', 'supplier', 'customer'].includes(type)) return
        const errors = await expectRejected(ingestRequest([sale({ type })]))
        expect(errors[0].path).toBe('type')
      }),
      { numRuns: 100 },
    )
    const errors = await expectRejected(ingestRequest([sale({ [SQL[0]]: 1 })]))
    expect(errors[0].message).toContain('unknown field')
    expect(await queued()).toBe(before)
  })

  it('rejects non-finite numbers written as JSON text, deep nesting, invalid UTF-8 and oversized bodies', async () => {
    const before = await queued()
    const base = JSON.stringify([sale()])
    for (const raw of [base.replace('"qty":1', '"qty":1e999'), base.replace('"qty":1', '"qty":-1e999')]) {
      const errors = await expectRejected(ingestRequest(null, { raw }))
      expect(errors[0].path).toBe('qty')
    }
    await expectRejected(ingestRequest(null, { raw: '['.repeat(100_000) + ']'.repeat(100_000) }))
    await expectRejected(ingestRequest([sale({ sku: { a: { b: { c: { d: { e: [1, [2, [3]]] } } } } } })]))
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (bytes) => {
        const raw = new Uint8Array([...new TextEncoder().encode('[{"type":"sale","sku":"'), 0xc3, 0x28, ...bytes, ...new TextEncoder().encode('"}]')])
        const errors = await expectRejected(ingestRequest(null, { raw }))
        expect(errors[0].message).toMatch(/UTF-8/)
      }),
      { numRuns: 50 },
    )
    const huge = await handleIngest(t.rt, ingestRequest(null, { raw: JSON.stringify([sale({ sku: 'x'.repeat(70_000) })]) }))
    expect(huge.status).toBe(413)
    const tooMany = await expectRejected(ingestRequest(Array.from({ length: 101 }, () => sale())))
    expect(tooMany[0].message).toContain('limit is 100')
    expect(await queued()).toBe(before)
  })

  it('rejects NDJSON with a broken line, naming the line', async () => {
    const raw = `${JSON.stringify(sale())}\n{"type":"sale",\n`
    const errors = await expectRejected(ingestRequest(null, { raw, contentType: 'application/x-ndjson' }))
    expect(errors[0].message).toContain('line 2')
  })
})
