/**
 * Property-based fuzzing of POST /api/v1/events: whatever arrives, the answer is a 4xx that names
 * the problem, never a 500, and nothing is queued (so nothing can be written). Hostile text
 * (lone surrogates, control characters, noncharacters, very long strings) is refused naming the
 * field, and every other text lands, completely and byte for byte as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestRuntime, drainIngest, ingestRequest, nowIso, sale, type TestRuntime } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-fuzz.test.ts')

let t: TestRuntime
beforeAll(async () => {
  // Workers on: the hostile-text tests check what lands. Rejected batches never reach the queue.
  t = await createTestRuntime({ env: { MAX_BODY_BYTES: '65536', MAX_BATCH_EVENTS: '100' } })
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

/** Text ClickHouse stores exactly as sent: kept. */
const KEPT_TEXT = [
  'tab\there', 'line\nfeed', 'crlf\r\nend', 'back\\slash', '\\N', '\\0 not a NUL', `quotes "double" 'single'`, 'emoji \u{1f600} pair',
  'line\u2028separator', 'c1 \u0085 control', '\ufeffbom', 'replacement \ufffd', "'; DROP TABLE customers; --", '{x:String}', 'Zürich 中文',
]
/** Text refused at the boundary, and the message that names why. */
const REFUSED_TEXT: [string, string][] = [
  ['high \ud800 alone', 'contains a lone UTF-16 surrogate'],
  ['\udc00 low alone', 'contains a lone UTF-16 surrogate'],
  ['ends high \udbff', 'contains a lone UTF-16 surrogate'],
  ['reversed \ude00\ud83d', 'contains a lone UTF-16 surrogate'],
  ['nul \0 byte', 'contains a control character (U+0000)'],
  ['bell \x07', 'contains a control character (U+0007)'],
  ['escape \x1b[31m', 'contains a control character (U+001B)'],
  ['del \x7f', 'contains a control character (U+007F)'],
  ['\ufffe', 'contains a Unicode noncharacter (U+FFFE)'],
  ['\uffff', 'contains a Unicode noncharacter (U+FFFF)'],
]

let seq = 0
const eid = (p: string) => `${p}-${process.pid}-${++seq}`

/** A text-bearing event with `value` in its free-text field; `where` is that field's error path. */
const TEXT_FIELDS: { where: string; max: number; make: (value: string) => Record<string, unknown> }[] = [
  { where: 'segment', max: 64, make: (v) => ({ type: 'customer', event_id: eid('c'), ts: nowIso(), customer_id: eid('C'), segment: v }) },
  { where: 'attributes.note', max: 256, make: (v) => ({ type: 'customer', event_id: eid('c'), ts: nowIso(), customer_id: eid('C'), attributes: { note: v, n: 3, vip: true } }) },
  { where: 'name', max: 256, make: (v) => ({ type: 'supplier', event_id: eid('s'), ts: nowIso(), supplier: eid('SUP'), name: v }) },
  { where: 'reason', max: 128, make: (v) => ({ type: 'return', event_id: eid('r'), ts: nowIso(), sku: 'SKU-1', location: 'S01', qty: 1, reason: v, condition: 'resellable' }) },
  { where: 'tags.1', max: 64, make: (v) => ({ type: 'external_signal', event_id: eid('x'), ts: nowIso(), location: 'S01', kind: 'weather', value: 2, tags: ['rain', v] }) },
  { where: 'brand', max: 128, make: (v) => ({ type: 'product', event_id: eid('p'), ts: nowIso(), sku: eid('SKU'), name: 'Thing', category: 'Cat', price: 2, unit_cost: 1, brand: v }) },
]

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase()

/** What landed for these events, each text as the hex of its stored bytes, by event_id. */
async function landedText(events: Record<string, unknown>[]): Promise<Map<string, unknown>> {
  const ids = events.map((e) => e.event_id as string)
  const out = new Map<string, unknown>()
  const read = async (query: string) => {
    const rs = await t.rt.clickhouse.interactive.query({ query, query_params: { ids }, format: 'JSONEachRow' })
    for (const r of await rs.json<{ event_id: string; v: unknown }>()) {
      if (out.has(r.event_id)) throw new Error(`${r.event_id} landed twice`)
      out.set(r.event_id, r.v)
    }
  }
  await read('SELECT event_id, [hex(segment)] AS v FROM customers WHERE event_id IN {ids:Array(String)} AND segment != \'\'')
  await read('SELECT event_id, arraySort(arrayMap((k, x) -> concat(hex(k), \'=\', hex(x)), mapKeys(attributes), mapValues(attributes))) AS v FROM customers WHERE event_id IN {ids:Array(String)} AND segment = \'\'')
  await read('SELECT event_id, [hex(name)] AS v FROM suppliers WHERE event_id IN {ids:Array(String)}')
  await read('SELECT event_id, [hex(reason)] AS v FROM raw_returns WHERE event_id IN {ids:Array(String)}')
  await read('SELECT event_id, arrayMap(x -> hex(x), tags) AS v FROM raw_external_signals WHERE event_id IN {ids:Array(String)}')
  await read('SELECT event_id, [hex(brand)] AS v FROM products WHERE event_id IN {ids:Array(String)}')
  return out
}

/** The stored form `landedText` reads back for an event sent as `e`. */
function expectedText(e: Record<string, unknown>): unknown {
  switch (e.type) {
    case 'customer':
      if (e.segment !== undefined) return [hex(e.segment as string)]
      return Object.entries(e.attributes as Record<string, unknown>).map(([k, v]) => `${hex(k)}=${hex(String(v))}`).sort()
    case 'supplier':
      return [hex(e.name as string)]
    case 'return':
      return [hex(e.reason as string)]
    case 'external_signal':
      return (e.tags as string[]).map(hex)
    default:
      return [hex(e.brand as string)]
  }
}

describe('hostile text', () => {
  /** Every event sent in a batch that was refused: none may ever land. */
  const refused: Record<string, unknown>[] = []
  /** Every event sent in a batch answered 202: each must land once, text as sent. */
  const accepted: Record<string, unknown>[] = []

  const keptText = fc.oneof(
    fc.constantFrom(...KEPT_TEXT),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }),
  )
  const goodEvent = fc.tuple(fc.constantFrom(...TEXT_FIELDS), keptText).map(([f, v]) => f.make(v.slice(0, f.max)))
  const badEvent = fc.oneof(
    fc.tuple(fc.constantFrom(...TEXT_FIELDS), fc.constantFrom(...REFUSED_TEXT)).map(([f, [v, message]]) => ({ e: f.make(v), path: f.where, message })),
    fc.constantFrom(...TEXT_FIELDS).map((f) => ({ e: f.make('x'.repeat(f.max + 1)), path: f.where, message: `must be at most ${f.max} characters` })),
    fc.constantFrom(...TEXT_FIELDS).map((f) => ({ e: f.make('é'.repeat(10_000)), path: f.where, message: `must be at most ${f.max} characters` })),
  )

  it('refuses a batch holding text ClickHouse cannot store: 400 naming the index and field, nothing queued', async () => {
    const before = await queued()
    await fc.assert(
      fc.asyncProperty(fc.array(goodEvent, { maxLength: 6 }), badEvent, fc.nat(), async (good, bad, pos) => {
        const batch = [...good]
        const at = pos % (good.length + 1)
        batch.splice(at, 0, bad.e)
        const errors = await expectRejected(ingestRequest(batch))
        expect(errors).toContainEqual({ index: at, path: bad.path, message: bad.message })
        refused.push(...batch)
      }),
      { numRuns: 150 },
    )
    // A lone surrogate sent as a JSON escape, the form a client's JSON encoder writes: the customer of issue 12.
    const raw = JSON.stringify([TEXT_FIELDS[0].make('SEG')]).replace('SEG', '\\ud800')
    expect(raw).toContain('"segment":"\\ud800"')
    expect(await expectRejected(ingestRequest(null, { raw }))).toEqual([{ index: 0, path: 'segment', message: 'contains a lone UTF-16 surrogate' }])
    expect(await queued()).toBe(before)
  })

  it('lands every batch it answers 202 completely, each text byte for byte as sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(goodEvent, { minLength: 1, maxLength: 8 }), async (batch) => {
        const res = await handleIngest(t.rt, ingestRequest(batch))
        expect(res.status).toBe(202)
        expect(await res.json()).toEqual({ accepted: batch.length })
        accepted.push(...batch)
      }),
      { numRuns: 40 },
    )
    // Each kept string in each field, and each field at its longest in two-byte characters.
    const each = TEXT_FIELDS.flatMap((f) => [...KEPT_TEXT.map((v) => f.make(v.slice(0, f.max))), f.make('é'.repeat(f.max))])
    const res = await handleIngest(t.rt, ingestRequest(each))
    expect(res.status).toBe(202)
    accepted.push(...each)

    await drainIngest(t.rt)
    const landed = await landedText(accepted)
    expect(landed.size).toBe(accepted.length)
    for (const e of accepted) expect(landed.get(e.event_id as string), JSON.stringify(e)).toEqual(expectedText(e))
  })

  it('wrote nothing of any refused batch', async () => {
    expect(refused.length).toBeGreaterThan(100)
    await drainIngest(t.rt)
    expect((await landedText(refused)).size).toBe(0)
  })
})

