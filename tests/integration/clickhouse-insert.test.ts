/**
 * insertRows round trip through the embedded engine: values that need escaping in TabSeparated,
 * floats that must come back exactly as JavaScript wrote them, and rows that fall back to JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeTsv, openClickHouse, type ClickHouse } from '@/lib/clickhouse/client'

let ch: ClickHouse
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-insert-'))
  ch = await openClickHouse({ dataDir: dir, database: 'default' })
  await ch.bulk.command({
    query: `CREATE TABLE t (id UInt32, s String, x Float64, ts DateTime64(3, 'UTC'), tags Array(String) DEFAULT [], d String DEFAULT 'dflt') ENGINE = MergeTree ORDER BY id`,
  })
})
afterAll(async () => {
  await ch?.close()
  rmSync(dir, { recursive: true, force: true })
})

const read = async () => {
  const rs = await ch.interactive.query({ query: 'SELECT id, s, x, toString(ts) AS ts, tags, d FROM t ORDER BY id', format: 'JSONEachRow' })
  return rs.json<{ id: number; s: string; x: number; ts: string; tags: string[]; d: string }>()
}

describe('insertRows', () => {
  it('encodes strings and numbers as TabSeparated, escaping what needs it', () => {
    expect(encodeTsv([{ a: 'x\ty', b: 1.5 }, { a: 'back\\slash\nline', b: -0.1 }], ['a', 'b'])).toBe('x\\ty\t1.5\nback\\\\slash\\nline\t-0.1\n')
    expect(encodeTsv([{ a: 'x', b: null }], ['a', 'b'])).toBeUndefined()
    expect(encodeTsv([{ a: 'x', b: ['y'] }], ['a', 'b'])).toBeUndefined()
    expect(encodeTsv([{ a: 'x' }], ['a', 'b'])).toBeUndefined()
  })

  it('lands escaped strings, exact floats and timestamps with offsets unchanged', async () => {
    const strings = ['plain', 'tab\there', 'new\nline', 'cr\rlf', 'back\\slash', 'quote\'"', 'zero\0byte', 'ünïcødé ✓', '\\N', '']
    // Doubles with 1 to 17 significant digits must come back bit for bit.
    const floats = Array.from({ length: 3000 }, (_, i) => Number((Math.sin(i + 1) * 10 ** ((i % 9) - 3)).toPrecision(1 + (i % 17))))
    const rows = floats.map((x, i) => ({ id: i, s: strings[i % strings.length], x, ts: i % 2 ? '2026-01-31T01:30:00+02:00' : '2026-01-31T09:15:00.123Z' }))
    await ch.insertRows('bulk', 't', rows)
    const back = await read()
    expect(back.map((r) => r.s)).toEqual(rows.map((r) => r.s))
    expect(back.map((r) => r.x)).toEqual(floats)
    expect(back[0].ts).toBe('2026-01-31 09:15:00.123')
    expect(back[1].ts).toBe('2026-01-30 23:30:00.000')
    expect(back.every((r) => r.d === 'dflt' && r.tags.length === 0)).toBe(true)
  })

  it('takes a database-qualified table (the simulator writes its truth to another database)', async () => {
    await ch.bulk.command({ query: 'CREATE DATABASE IF NOT EXISTS other' })
    await ch.bulk.command({ query: 'CREATE TABLE other.u (id UInt32, s String) ENGINE = MergeTree ORDER BY id' })
    await ch.insertRows('heavy', 'other.u', [{ id: 1, s: 'x' }])
    const rs = await ch.interactive.query({ query: 'SELECT s FROM other.u', format: 'JSONEachRow' })
    expect(await rs.json()).toEqual([{ s: 'x' }])
    await expect(ch.insertRows('heavy', 'other.u; DROP TABLE t', [{ id: 2, s: 'y' }])).rejects.toThrow(/invalid identifier/)
  })

  it('falls back to JSON for arrays and missing keys, which then take their DEFAULT', async () => {
    await ch.insertRows('bulk', 't', [
      { id: 100_000, s: 'a', x: 1, ts: '2026-01-31T00:00:00Z', tags: ['p', 'q'] },
      { id: 100_001, s: 'b', x: 2, ts: '2026-01-31T00:00:00Z' },
    ])
    const back = (await read()).filter((r) => r.id >= 100_000)
    expect(back.map((r) => [r.tags, r.d])).toEqual([[['p', 'q'], 'dflt'], [[], 'dflt']])
  })
})

describe('insertRowBinary', () => {
  it('lands strings, dates, float arrays and millisecond timestamps exactly as written', async () => {
    await ch.bulk.command({
      query: `CREATE TABLE rb (loc LowCardinality(String), sku String, day Date, path Array(Float32), d Float32, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY sku`,
    })
    const { RowBinaryWriter } = await import('@/lib/clickhouse/row-binary')
    const w = new RowBinaryWriter()
    const long = 'x'.repeat(300) // a length over 127 takes two varint bytes
    const at = Date.UTC(2026, 10, 24, 9, 15, 30, 123)
    w.string('S01').string('ünïcødé ✓').date('2026-11-24').float32Array([1.234, 0, 2.5], 2).float32(0.5).dateTime64ms(at)
    w.string('').string(long).date('1970-01-01').float32Array([]).float32(-3.25).dateTime64ms(0)
    await ch.insertRowBinary('bulk', 'rb', [['loc', 'String'], ['sku', 'String'], ['day', 'Date'], ['path', 'Array(Float32)'], ['d', 'Float32'], ['at', "DateTime64(3, 'UTC')"]], w.take())
    const rs = await ch.interactive.query({ query: 'SELECT loc, sku, toString(day) AS day, path, d, toUnixTimestamp64Milli(at) AS at FROM rb ORDER BY sku', format: 'JSONEachRow' })
    expect(await rs.json()).toEqual([
      { loc: '', sku: long, day: '1970-01-01', path: [], d: -3.25, at: 0 },
      { loc: 'S01', sku: 'ünïcødé ✓', day: '2026-11-24', path: [1.23, 0, 2.5], d: 0.5, at },
    ])
  })
})

describe('sqlLiteral', () => {
  it('reads back as the same string, whatever quotes, backslashes or bytes it holds', async () => {
    const { sqlLiteral } = await import('@/lib/clickhouse/literal')
    const tricky = ["it's", "\\'; DROP TABLE t; --", 'back\\slash\\', 'tab\tnew\nline', 'zero\0byte', "''", '\\N', 'ünïcødé ✓', '/tmp/a b/c\'d.csv', '']
    const rs = await ch.interactive.query({ query: `SELECT [${tricky.map(sqlLiteral).join(', ')}] AS v`, format: 'JSONEachRow' })
    expect(await rs.json()).toEqual([{ v: tricky }])
    const [{ n }] = await (await ch.interactive.query({ query: 'SELECT count() AS n FROM t', format: 'JSONEachRow' })).json<{ n: string }>()
    expect(Number(n)).toBeGreaterThan(0) // t is still there
  })

  it('defineQuery writes `literals` parameters into the SQL and binds the rest', async () => {
    const { defineQuery } = await import('@/lib/clickhouse/query')
    const { z } = await import('zod')
    const q = defineQuery({
      name: 'test.literal',
      sql: 'SELECT {path:String} AS path, {n:UInt32} + 1 AS m',
      params: z.object({ path: z.string(), n: z.number() }),
      row: z.object({ path: z.string(), m: z.number() }),
      literals: ['path'],
    })
    expect(await q(ch.interactive, { path: "/tmp/it's a \\path", n: 41 })).toEqual([{ path: "/tmp/it's a \\path", m: 42 }])
    const bad = defineQuery({ name: 'test.bad', sql: 'SELECT {n:UInt32} AS n', params: z.object({ n: z.number() }), row: z.object({ n: z.number() }), literals: ['n'] })
    await expect(bad(ch.interactive, { n: 1 })).rejects.toThrow(/not a string/)
  })
})
