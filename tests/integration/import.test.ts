/**
 * CSV import against the real engine: embedded ClickHouse in a temp directory and the machine's
 * Redis under a prefix of its own (tests/helpers/runtime.ts). No mocks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from '@/server/import'
import { handleImport } from '@/server/api/imports'
import { landEvents } from '@/jobs/ingest-writer'
import { rejectedBatchesKey } from '@/lib/redis-keys'
import type { Event } from '@/lib/events/schema'
import { readCsv } from '@/lib/import/sources'
import { createTestRuntime, INGEST_SECRET, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { createHash } from 'node:crypto'
import { derivedId, derivedIdPrefix, RowEncoder } from '@/lib/import/encode'
import { planHeader } from '@/lib/import/mapping'
import { rowValidator } from '@/lib/import/validate'
import { csvLanding } from '@/server/import/csv-landing'
import { ChunkLander } from '@/server/import/lander'
import { encodeRows } from '@/server/import/byte-pass'

let t: TestRuntime
let dir: string

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-import-'))
})
afterAll(async () => {
  await t?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const file = (name: string, text: string) => {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

async function q<T = Record<string, unknown>>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await t.rt.clickhouse.interactive.query({ query: sql, query_params: params, format: 'JSONEachRow' })
  return rs.json<T>()
}

/** Raw rows, units and revenue of a location, and the same from the daily rollup. */
async function figures(location: string) {
  const [raw] = await q<{ n: string; units: number; revenue: number }>(
    'SELECT count() AS n, sum(qty) AS units, sum(qty * unit_price) AS revenue FROM raw_sales WHERE location = {l:String}',
    { l: location },
  )
  const [daily] = await q<{ units: number; revenue: number; lines: string }>(
    'SELECT sum(units) AS units, sum(revenue) AS revenue, sum(lines) AS lines FROM sales_daily WHERE location = {l:String}',
    { l: location },
  )
  const [minutely] = await q<{ units: number }>('SELECT sum(units) AS units FROM sales_minutely WHERE location = {l:String}', { l: location })
  return {
    raw: Number(raw.n),
    units: Number(raw.units),
    revenue: Math.round(Number(raw.revenue) * 100) / 100,
    daily_units: Number(daily.units),
    daily_revenue: Math.round(Number(daily.revenue) * 100) / 100,
    daily_lines: Number(daily.lines),
    minutely_units: Number(minutely.units),
  }
}

// Even rows are history (January 2026), odd rows the last few days: only those reach the minutely
// rollup, which keeps the board's recent window (migration 009).
const NOW = Date.now()
const day = (i: number) =>
  new Date(i % 2 ? NOW - 3_600_000 - (i % 3) * 86_400_000 - (i % 60) * 60_000 : Date.UTC(2026, 0, 1 + (i % 20), 9, i % 60, 0)).toISOString()
const salesCsv = (location: string, n: number, opts: { ids?: (i: number) => string; bad?: Record<number, string> } = {}) => {
  const lines = [`${opts.ids ? 'event_id,' : ''}ts,sku,location,channel,qty,unit_price`]
  for (let i = 0; i < n; i++) {
    const row = `${opts.ids ? opts.ids(i) + ',' : ''}${day(i)},SKU-${i % 7},${location},${i % 3 ? 'store' : 'ecommerce'},${1 + (i % 4)},${(2.5 + (i % 5)).toFixed(2)}`
    lines.push(opts.bad?.[i] ?? row)
  }
  return lines.join('\n') + '\n'
}
const expectedUnits = (n: number) => Array.from({ length: n }, (_, i) => 1 + (i % 4)).reduce((a, b) => a + b, 0)
const expectedRecentUnits = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 1 + (i % 4) : 0)).reduce((a, b) => a + b, 0)

describe('CSV import', () => {
  it('lands a file: raw rows, rollups, event ids, ingest status', async () => {
    const p = file('a.csv', salesCsv('IMP-A', 500))
    const s = await importCsv(t.rt, { type: 'sale', input: p, chunkRows: 120, source: 'test-import' })
    expect(s).toMatchObject({ ok: true, rows: 500, landed: 500, duplicates: 0, rejected: 0 })
    const f = await figures('IMP-A')
    expect(f.raw).toBe(500)
    expect(f.units).toBe(expectedUnits(500))
    expect(f.daily_units).toBe(f.units)
    expect(f.daily_revenue).toBe(f.revenue)
    expect(f.daily_lines).toBe(500)
    expect(f.minutely_units).toBe(expectedRecentUnits(500))
    expect(f.minutely_units).toBeGreaterThan(0)
    expect(f.minutely_units).toBeLessThan(f.units)
    const flushes = await q<{ events: string }>("SELECT sum(events) AS events FROM ingest_flushes WHERE source = 'test-import' AND type = 'sale'")
    expect(Number(flushes[0].events)).toBe(500)
  })

  it('re-importing the same file duplicates nothing, in raw tables or rollups', async () => {
    const p = file('b.csv', salesCsv('IMP-B', 300))
    expect((await importCsv(t.rt, { type: 'sale', input: p, chunkRows: 100 })).landed).toBe(300)
    const before = await figures('IMP-B')
    for (const mode of ['strict', 'skip-bad'] as const) {
      const again = await importCsv(t.rt, { type: 'sale', input: p, mode, chunkRows: 70 })
      expect(again).toMatchObject({ ok: true, rows: 300, landed: 0, duplicates: 300 })
    }
    // The same bytes as an upload stream: same ids.
    const streamed = await importCsv(t.rt, { type: 'sale', input: Readable.from([readFileSync(p)]) })
    expect(streamed).toMatchObject({ landed: 0, duplicates: 300 })
    expect(await figures('IMP-B')).toEqual(before)
    expect(before).toMatchObject({ raw: 300, units: expectedUnits(300), daily_units: expectedUnits(300) })
  })

  it('with an event_id column: overlapping files and repeats land each id once', async () => {
    const first = file('c1.csv', salesCsv('IMP-C', 10, { ids: (i) => `c-${i}` }))
    // ids c-5..c-14: five already landed; plus a row repeating c-14 inside the file.
    const second = file('c2.csv', salesCsv('IMP-C', 11, { ids: (i) => `c-${Math.min(i + 5, 14)}` }))
    expect((await importCsv(t.rt, { type: 'sale', input: first })).landed).toBe(10)
    const s = await importCsv(t.rt, { type: 'sale', input: second, chunkRows: 4 })
    expect(s).toMatchObject({ ok: true, rows: 11, landed: 5, duplicates: 6 })
    const [n] = await q<{ n: string; ids: string }>("SELECT count() AS n, uniqExact(event_id) AS ids FROM raw_sales WHERE location = 'IMP-C'")
    expect(Number(n.n)).toBe(15)
    expect(Number(n.ids)).toBe(15)
    const f = await figures('IMP-C')
    expect(f.daily_lines).toBe(15)
    expect(f.daily_units).toBe(f.units)
  })

  it('strict: one bad row refuses the file, lists bad rows by line and reason, writes nothing', async () => {
    const p = file('d.csv', salesCsv('IMP-D', 20, { bad: { 1: `${day(1)},SKU-1,IMP-D,store,0,2`, 3: `2026-02-30T10:00:00Z,SKU 1,IMP-D,shop,1,2`, 6: 'too,few' } }))
    const s = await importCsv(t.rt, { type: 'sale', input: p, source: 'strict-test' })
    expect(s.ok).toBe(false)
    expect(s).toMatchObject({ rows: 20, landed: 0, rejected: 3 })
    expect(s.errors.map((e) => e.line)).toEqual([3, 5, 8])
    expect(s.errors[0].reason).toBe('qty: must be greater than 0')
    expect(s.errors[1].reason).toContain('ts: must be a real calendar date')
    expect(s.errors[1].reason).toContain('sku: must be printable ASCII without spaces')
    expect(s.errors[1].reason).toContain('channel:')
    expect(s.errors[2]).toEqual({ line: 8, reason: 'has 2 fields; the header has 6', row: 'too,few' })
    expect((await figures('IMP-D')).raw).toBe(0)
    const rejected = (await t.rt.redis.lrange(rejectedBatchesKey(t.rt.redisPrefix), 0, -1)).map((e) => JSON.parse(e))
    expect(rejected.some((r) => r.source === 'strict-test' && r.error_count === 3 && r.errors[0].message.startsWith('line 3:'))).toBe(true)
  })

  it('strict: the list of bad rows is bounded, the count is not', async () => {
    const bad: Record<number, string> = {}
    for (let i = 0; i < 150; i++) bad[i * 2] = `${day(i)},SKU-1,IMP-E,store,-1,2`
    const s = await importCsv(t.rt, { type: 'sale', input: file('e.csv', salesCsv('IMP-E', 300, { bad })) })
    expect(s).toMatchObject({ ok: false, rejected: 150, landed: 0 })
    expect(s.errors).toHaveLength(100)
  })

  it('skip-bad: good rows land, bad ones go to the rejects file with line, reason and row', async () => {
    const badRow = `${day(1)},SKU-1,IMP-F,store,abc,2`
    const quoted = `"${day(4)}","SKU 4, boxed",IMP-F,store,1,2`
    const p = file('f.csv', salesCsv('IMP-F', 10, { bad: { 1: badRow, 4: quoted } }))
    const rejects = path.join(dir, 'f.rejects.csv')
    const s = await importCsv(t.rt, { type: 'sale', input: p, mode: 'skip-bad', rejectsPath: rejects })
    expect(s).toMatchObject({ ok: true, rows: 10, landed: 8, rejected: 2, rejectsPath: rejects })
    const rows = readCsv(readFileSync(rejects, 'utf8'))
    expect(rows).toEqual([
      ['line', 'reason', 'row'],
      ['3', 'qty: must be a number, e.g. 12 or -3.5', badRow],
      ['6', 'sku: must be printable ASCII without spaces', quoted],
    ])
    const f = await figures('IMP-F')
    expect(f.raw).toBe(8)
    expect(f.daily_units).toBe(f.units)
    // Again: nothing new lands, the same rows are rejected.
    expect(await importCsv(t.rt, { type: 'sale', input: p, mode: 'skip-bad', rejectsPath: rejects })).toMatchObject({ landed: 0, duplicates: 8, rejected: 2 })
  })

  it('an imported event lands exactly as the same event sent to the API (both validators)', async () => {
    const events: Event[] = [
      { type: 'sale', event_id: 'api-1', ts: '2026-01-05T10:00:00+01:00', sku: 'SKU-X', location: 'IMP-API', channel: 'marketplace', qty: 1.5, unit_price: 19.99, promo_id: 'P1', customer_id: 'C\\1', order_id: 'O-1' },
      { type: 'sale', event_id: 'api-2', ts: '2026-01-05T10:00:00.123456Z', sku: 'SKU-Y', location: 'IMP-API', channel: 'store', qty: 3, unit_price: 0, fulfilment_location: 'DC-1' },
    ]
    await landEvents(t.rt.clickhouse, [{ source: 'same', events }])
    const csv = (loc: string) =>
      'event_id,ts,sku,location,channel,qty,unit_price,promo_id,customer_id,order_id,fulfilment_location\n' +
      events.map((e) => e.type === 'sale' && [`${loc}-${e.event_id}`, e.ts, e.sku, loc, e.channel, e.qty, e.unit_price, e.promo_id ?? '', e.customer_id ?? '', e.order_id ?? '', e.fulfilment_location ?? ''].join(',')).join('\n')
    expect((await importCsv(t.rt, { type: 'sale', input: file('g1.csv', csv('IMP-FAST')), source: 'same' })).landed).toBe(2)
    expect((await importCsv(t.rt, { type: 'sale', input: file('g2.csv', csv('IMP-ZOD')), source: 'same', fast: false })).landed).toBe(2)
    const cols = 'toString(ts) AS ts, sku, channel, qty, unit_price, promo_id, customer_id, order_id, fulfilment_location, splitByChar(\'#\', source)[1] AS source'
    const rows = async (loc: string) => q(`SELECT ${cols} FROM raw_sales WHERE location = {l:String} ORDER BY sku`, { l: loc })
    const api = await rows('IMP-API')
    expect(api).toHaveLength(2)
    expect(await rows('IMP-FAST')).toEqual(api)
    expect(await rows('IMP-ZOD')).toEqual(api)
  })

  it('lands master data, lists and attributes (the JSONEachRow path) and flags unknown references', async () => {
    const ts = '2026-01-02T00:00:00Z'
    expect((await importCsv(t.rt, { type: 'product', input: file('p.csv', `ts,sku,name,category,price,unit_cost,case_pack\n${ts},SKU-P1,"Mug, ""big""",Kitchen,9.5,4,6\n`) })).landed).toBe(1)
    expect((await importCsv(t.rt, { type: 'promotion', input: file('pr.csv', `ts,promo_id,skus,locations,channels,start,end,discount_pct\n${ts},PR1,SKU-P1|SKU-P2,,store|ecommerce,${ts},2026-01-09,15\n`) })).landed).toBe(1)
    expect((await importCsv(t.rt, { type: 'customer', input: file('cu.csv', `ts,customer_id,joined_at,attributes.country,attributes.tier\n${ts},CU-1,2025-12-01,UK,\n`) })).landed).toBe(1)
    const [p] = await q<{ name: string; case_pack: number }>("SELECT name, case_pack FROM products WHERE sku = 'SKU-P1'")
    expect(p).toEqual({ name: 'Mug, "big"', case_pack: 6 })
    const [pr] = await q("SELECT skus, channels, discount_pct FROM raw_promotions WHERE promo_id = 'PR1'")
    expect(pr).toEqual({ skus: ['SKU-P1', 'SKU-P2'], channels: ['store', 'ecommerce'], discount_pct: 15 })
    const [cu] = await q("SELECT attributes, toString(joined_at) AS joined_at FROM customers WHERE customer_id = 'CU-1'")
    expect(cu).toEqual({ attributes: { country: 'UK' }, joined_at: '2025-12-01' })
    // A sale of a sku nobody described: flagged like the ingest writer does.
    await importCsv(t.rt, { type: 'sale', input: file('h.csv', `ts,sku,location,channel,qty,unit_price\n${ts},SKU-NOBODY,IMP-H,store,1,1\n${ts},SKU-P1,IMP-H,store,1,1\n`) })
    const flagged = await q<{ ref: string }>("SELECT ref FROM data_quality_issues WHERE kind = 'sku' AND ref IN ('SKU-NOBODY', 'SKU-P1')")
    expect(flagged.map((r) => r.ref)).toEqual(['SKU-NOBODY'])
  })

  it('the byte path lands exactly what the string path lands: ids by line, values, rollups', async () => {
    // BOM, CRLF and LF, blank lines (middle and end), a type column, optional cells, prices like
    // 2.50 and 0.1, a valid row the byte check is not sure of (qty 1e0: its chunk is TSV-encoded),
    // bad rows (skip-bad: left out, the following lines shift), no line break at the end.
    const text = (loc: string) => {
      const rows: string[] = ['\ufeffts,sku,location,channel,qty,unit_price,promo_id,customer_id,fulfilment_location,type']
      for (let i = 0; i < 40; i++) {
        if (i === 9 || i === 10) rows.push('')
        if (i === 17) rows.push(`${day(i)},SKU-${i},${loc},store,0,1,,,,`) // bad: qty 0
        if (i === 30) rows.push(`${day(i)},SKU-${i},${loc},store,1e0,2.5,,,,sale`) // good, not byte-certain
        const price = ['2.50', '0.1', '123.456', '7', '0.30'][i % 5]
        rows.push(`${day(i)},SKU-${i % 6},${loc},${i % 4 ? 'store' : 'dark_store'},${1 + (i % 3)},${price},${i % 7 ? '' : 'P-' + i},${i % 2 ? 'C' + i : ''},${i % 5 ? '' : 'DC-1'},${i % 3 ? '' : 'sale'}${i % 4 === 1 ? '\r' : ''}`)
      }
      return rows.join('\n') + '\n\n' + `${day(50)},SKU-50,${loc},ecommerce,4,9.99,,,,`
    }
    const bytesPath = file('bp1.csv', text('IMP-BYTES'))
    const strPath = file('bp2.csv', text('IMP-STRS'))
    const a = await importCsv(t.rt, { type: 'sale', input: bytesPath, mode: 'skip-bad', chunkRows: 7, source: 'bp' })
    const b = await importCsv(t.rt, { type: 'sale', input: strPath, mode: 'skip-bad', chunkRows: 7, source: 'bp', fast: false })
    expect(a).toMatchObject({ ok: true, rows: 43, landed: 42, rejected: 1 })
    expect(b).toMatchObject({ ok: true, rows: 43, landed: 42, rejected: 1 })
    expect(a.errors).toEqual(b.errors.map((e) => ({ ...e, row: e.row.replace('IMP-STRS', 'IMP-BYTES') })))
    expect(a.timings!.csv_chunks).toBeGreaterThan(3)
    expect(a.timings!.encoded_chunks).toBe(1)
    expect(b.timings!.csv_chunks).toBe(0)
    const cols = 'substring(event_id, 26) AS line, toString(ts) AS ts, sku, channel, qty, unit_price, reinterpretAsUInt64(unit_price) AS bits, promo_id, customer_id, order_id, fulfilment_location, splitByChar(\'#\', source)[1] AS source'
    const rows = async (loc: string) => q(`SELECT ${cols} FROM raw_sales WHERE location = {l:String} ORDER BY line`, { l: loc })
    const viaBytes = await rows('IMP-BYTES')
    expect(viaBytes).toHaveLength(42)
    expect(viaBytes).toEqual(await rows('IMP-STRS'))
    // ids: the file's hash and the line of each good row (BOM, blank lines and the bad row counted)
    const prefix = derivedIdPrefix(createHash('sha256').update('sale\n').update(readFileSync(bytesPath)).digest('hex'))
    const ids = await q<{ event_id: string }>("SELECT event_id FROM raw_sales WHERE location = 'IMP-BYTES' ORDER BY event_id")
    const lines = text('X').split('\n').flatMap((l, i) => (i > 0 && l.replace('\r', '') !== '' && !l.includes(',0,1,') ? [i + 1] : []))
    expect(ids.map((r) => r.event_id)).toEqual(lines.map((l) => derivedId(prefix, l)))
    const fa = await figures('IMP-BYTES')
    const fb = await figures('IMP-STRS')
    expect(fa).toEqual(fb)
    expect(fa.daily_lines).toBe(42)
    // strict, again: all duplicates, nothing more written
    expect(await importCsv(t.rt, { type: 'sale', input: bytesPath, chunkRows: 7, source: 'bp' })).toMatchObject({ ok: false, rejected: 1, landed: 0 })
    expect(await importCsv(t.rt, { type: 'sale', input: bytesPath, mode: 'skip-bad', chunkRows: 5, source: 'bp' })).toMatchObject({ landed: 0, duplicates: 42 })
    expect(await figures('IMP-BYTES')).toEqual(fa)
  })

  it('byte path, strict: lands once the whole file passed, and a CSV chunk partly landed before lands only the rest', async () => {
    const p = file('bs.csv', salesCsv('IMP-BS', 90))
    const s = await importCsv(t.rt, { type: 'sale', input: p, chunkRows: 20, source: 'bs' })
    expect(s).toMatchObject({ ok: true, rows: 90, landed: 90 })
    expect(s.timings!.csv_chunks).toBe(5)
    expect((await figures('IMP-BS')).daily_lines).toBe(90)

    // A chunk of which the first half landed (as after a crash): the rest lands, TSV-encoded.
    const header = ['ts', 'sku', 'location', 'channel', 'qty', 'unit_price']
    const planned = planHeader('sale', header)
    if (!planned.ok) throw new Error(planned.error)
    const validate = rowValidator(planned.plan)
    const prefix = 'csv-00000000000000partial-'
    const enc = new RowEncoder('sale', 'bs')
    const landing = (await csvLanding(t.rt.clickhouse.heavy, enc.table, enc.columns!, planned.plan, prefix, 'bs'))!
    const spool = path.join(t.rt.config.DATA_DIR, 'tmp')
    const lander = new ChunkLander(t.rt.clickhouse.heavy, enc.table, enc.format, enc.columns, spool, landing)
    const body = salesCsv('IMP-PART', 10).split('\n').slice(1).join('\n')
    const payload = Buffer.from(body)
    const chunk = (n: number) => {
      const lines = Uint32Array.from({ length: n }, (_, i) => i + 2)
      const part = Buffer.from(body.split('\n').slice(0, n).join('\n') + '\n')
      return {
        rows: { csv: true as const, n, payload: part, lines: { first: 2, jumps: [] }, reencode: async () => encodeRows(payload, lines, n, validate, prefix, 'sale', 'bs') },
        derived: { prefix, lines },
      }
    }
    const { mkdirSync } = await import('node:fs')
    mkdirSync(spool, { recursive: true })
    expect(await lander.land(chunk(5))).toMatchObject({ landed: 5, duplicates: 0 })
    expect(await lander.land(chunk(10))).toMatchObject({ landed: 5, duplicates: 5 })
    expect(lander.timings).toMatchObject({ csv_chunks: 1, encoded_chunks: 1 })
    const ids = await q<{ event_id: string }>("SELECT event_id FROM raw_sales WHERE location = 'IMP-PART' ORDER BY event_id")
    expect(ids.map((r) => r.event_id)).toEqual(Array.from({ length: 10 }, (_, i) => derivedId(prefix, i + 2)))
    const f = await figures('IMP-PART')
    expect(f).toMatchObject({ raw: 10, units: expectedUnits(10), daily_units: expectedUnits(10), daily_lines: 10, minutely_units: expectedRecentUnits(10) })
  })

  it('refuses a bad header, an empty file and invalid UTF-8 as a whole', async () => {
    const header = await importCsv(t.rt, { type: 'sale', input: file('x1.csv', 'ts,sku,colour\n1,2,3\n') })
    expect(header.ok).toBe(false)
    expect(header.error).toContain('missing column(s): location, channel, qty, unit_price')
    expect(header.error).toContain('unknown column(s): colour')
    expect((await importCsv(t.rt, { type: 'sale', input: file('x2.csv', '') })).error).toContain('empty')
    const bytes = Buffer.concat([Buffer.from('ts,sku,location,channel,qty,unit_price\n2026-01-01T00:00:00Z,'), Buffer.from([0xff, 0xfe]), Buffer.from(',L,store,1,1\n')])
    writeFileSync(path.join(dir, 'x4.csv'), bytes)
    expect((await importCsv(t.rt, { type: 'sale', input: path.join(dir, 'x4.csv') })).error).toContain('UTF-8')
    expect((await importCsv(t.rt, { type: 'teleport', input: file('x5.csv', 'a\n') })).error).toContain('unknown event type')
  })

  it('reports progress while landing', async () => {
    const seen: string[] = []
    await importCsv(t.rt, { type: 'sale', input: Readable.from([salesCsv('IMP-P', 50)]), chunkRows: 10, onProgress: (p) => seen.push(p.phase) })
    expect(seen).toContain('landing')
  })
})

describe('POST /api/v1/imports', () => {
  const req = (query: string, body: string, secret: string | null = INGEST_SECRET, contentType = 'text/csv') =>
    new Request(`http://t/api/v1/imports?${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: Readable.toWeb(Readable.from([body])) as ReadableStream,
      duplex: 'half',
    } as RequestInit)

  it('imports a streamed body and answers the summary', async () => {
    const res = await handleImport(t.rt, req('type=sale', salesCsv('IMP-HTTP', 40)))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, type: 'sale', mode: 'strict', rows: 40, landed: 40, duplicates: 0, rejected: 0 })
    const [src] = await q<{ source: string }>("SELECT DISTINCT source FROM raw_sales WHERE location = 'IMP-HTTP'")
    expect(src.source).toMatch(/^csv:pos#imp-/)
    const again = await handleImport(t.rt, req('type=sale&mode=strict', salesCsv('IMP-HTTP', 40)))
    expect(await again.json()).toMatchObject({ landed: 0, duplicates: 40 })
  })

  it('answers 400 with the bad rows in strict mode, and lists rejects in skip-bad mode', async () => {
    const body = salesCsv('IMP-HTTP2', 5, { bad: { 2: `${day(2)},SKU-1,IMP-HTTP2,store,0,1` } })
    const strict = await handleImport(t.rt, req('type=sale', body))
    expect(strict.status).toBe(400)
    expect(await strict.json()).toMatchObject({ ok: false, rejected: 1, landed: 0, errors: [{ line: 4, reason: 'qty: must be greater than 0' }] })
    const skip = await handleImport(t.rt, req('type=sale&mode=skip-bad', body))
    expect(skip.status).toBe(200)
    expect(await skip.json()).toMatchObject({ ok: true, landed: 4, rejected: 1, rejects: [{ line: 4, reason: 'qty: must be greater than 0' }] })
  })

  it('checks the key, the type, the mode and the content type', async () => {
    expect((await handleImport(t.rt, req('type=sale', 'x', null))).status).toBe(401)
    expect((await handleImport(t.rt, req('type=sale', 'x', READ_SECRET))).status).toBe(403)
    expect((await handleImport(t.rt, req('type=teleport', 'x'))).status).toBe(400)
    expect((await handleImport(t.rt, req('type=sale&mode=maybe', 'x'))).status).toBe(400)
    expect((await handleImport(t.rt, req('type=sale', 'x', INGEST_SECRET, 'application/json'))).status).toBe(415)
  })
})
