/**
 * The data-set loaders (M5, Online Retail) on the real data in ../shared/data, through the CSV
 * import against the real engine (embedded ClickHouse in a temp directory, the machine's Redis
 * under a prefix of its own). Skipped where the data is not there. No mocks.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from '@/server/import'
import { readCsv, csvText } from '@/lib/import/sources'
import { m5Files } from '@/lib/import/m5'
import { onlineRetailFiles } from '@/lib/import/online-retail'
import { createTestRuntime, type TestRuntime } from '../helpers/runtime'

let t: TestRuntime

beforeAll(async () => {
  t = await createTestRuntime({ workers: false })
})
afterAll(async () => {
  await t?.cleanup()
})

async function q<T = Record<string, unknown>>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await t.rt.clickhouse.interactive.query({ query: sql, query_params: params, format: 'JSONEachRow' })
  return rs.json<T>()
}

const DATA = path.resolve(process.cwd(), '../shared/data')
const hasM5 = existsSync(path.join(DATA, 'm5', 'calendar.csv'))
const hasRetail = existsSync(path.join(DATA, 'online-retail', 'online_retail.csv.br'))

describe.skipIf(!hasM5)('M5 loader on the real data (first 3 series)', () => {
  it('lands those series with the right units per item and store, once', async () => {
    const m5 = path.join(DATA, 'm5')
    const salesName = readdirSync(m5).find((f) => f.startsWith('sales_train'))!
    const salesText = readFileSync(path.join(m5, salesName), 'utf8')
    const [header, ...series] = readCsv(salesText)
    const slice = [header, ...series.slice(0, 3)]
    const { files } = m5Files({
      calendar: readFileSync(path.join(m5, 'calendar.csv'), 'utf8'),
      prices: readFileSync(path.join(m5, 'sell_prices.csv'), 'utf8'),
      sales: slice.map((r) => r.join(',')).join('\n') + '\n',
    })
    const run = async () => {
      let landed = 0
      for (const f of files) {
        const s = await importCsv(t.rt, { type: f.type, input: Readable.from(csvText(f)), source: 'm5' })
        expect(s.ok).toBe(true)
        landed += s.landed
      }
      return landed
    }
    expect(await run()).toBeGreaterThan(0)
    const dayCols = header.map((h, i) => [h, i] as const).filter(([h]) => /^d_\d+$/.test(h))
    for (const row of series.slice(0, 3)) {
      const [item, store] = [row[header.indexOf('item_id')], row[header.indexOf('store_id')]]
      const units = dayCols.reduce((a, [, i]) => a + Number(row[i]), 0)
      const days = dayCols.filter(([, i]) => Number(row[i]) > 0).length
      const [daily] = await q<{ units: number; lines: string; first: string }>(
        'SELECT sum(units) AS units, sum(lines) AS lines, toString(min(day)) AS first FROM sales_daily WHERE sku = {s:String} AND location = {l:String}',
        { s: item, l: store },
      )
      expect(Number(daily.units)).toBe(units)
      expect(Number(daily.lines)).toBe(days)
      expect(daily.first >= '2011-01-29').toBe(true)
      const [raw] = await q<{ n: string; hour: number }>("SELECT count() AS n, any(toHour(ts)) AS hour FROM raw_sales WHERE sku = {s:String} AND location = {l:String} AND startsWith(source, 'm5#')", { s: item, l: store })
      expect(Number(raw.n)).toBe(days)
      expect(Number(raw.hour)).toBe(12)
    }
    // Loading again lands nothing.
    expect(await run()).toBe(0)
  })
})

describe.skipIf(!hasRetail)('Online Retail loader on the real data (first invoices)', () => {
  it('turns invoice lines into sales, cancellations into returns, and customers', async () => {
    const { brotliDecompressSync } = await import('node:zlib')
    const text = brotliDecompressSync(readFileSync(path.join(DATA, 'online-retail', 'online_retail.csv.br'))).toString('utf8')
    const head = text.split('\n').slice(0, 400).join('\n') + '\n'
    const { files, stats } = onlineRetailFiles(head)
    for (const f of files) expect((await importCsv(t.rt, { type: f.type, input: Readable.from(csvText(f)), source: 'olr' })).ok).toBe(true)
    expect(stats.sales).toBeGreaterThan(300)
    expect(stats.returns).toBeGreaterThan(0)
    // Invoice 536365: 7 lines for customer 17850, 2010-12-01 08:26 (winter: UTC).
    const [inv] = await q<{ n: string; customer: string; ts: string; loc: string }>(
      "SELECT toString(count()) AS n, any(customer_id) AS customer, toString(min(ts)) AS ts, any(location) AS loc FROM raw_sales WHERE order_id = '536365'",
    )
    expect(inv).toEqual({ n: '7', customer: '17850', ts: '2010-12-01 08:26:00.000', loc: 'UK-WEB' })
    const [ret] = await q<{ n: string; qty: number }>("SELECT count() AS n, min(qty) AS qty FROM raw_returns WHERE startsWith(source, 'olr#')")
    expect(Number(ret.n)).toBe(stats.returns)
    expect(Number(ret.qty)).toBeGreaterThan(0)
    const [cust] = await q<{ home: string; joined: string }>("SELECT home_location AS home, toString(joined_at) AS joined FROM customers WHERE customer_id = '17850'")
    expect(cust).toEqual({ home: 'UK-WEB', joined: '2010-12-01' })
  })
})
