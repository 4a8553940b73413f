/**
 * Plausibility and undo against the real engine (embedded ClickHouse, the machine's Redis).
 * The reported case: a sale line of 1,000,000,000 units at £1,000,000,000 was accepted and summed
 * into the revenue tile. Now it is quarantined, whether it came through the API or a CSV file,
 * and an import can be undone by its id, leaving every table and figure as before it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestStatus } from '@/server/api/ingest-status'
import { importCsv } from '@/server/import'
import { sessionCookie } from '../helpers/socket'
import type { KpiSnapshot } from '@/lib/kpis/definitions'
import { Readable } from 'node:stream'
import { configurePlausibility } from '@/lib/events/quarantine'
import { DEFAULT_BOUNDS } from '@/lib/events/plausibility'
import { loadConfig } from '@/lib/config'
import { createTestRuntime, drainIngest, ingestRequest, INGEST_SECRET, READ_SECRET, sale, type TestRuntime } from '../helpers/runtime'
import { handleIngest, handleKpis, handleImport, handleImportUndo } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('plausibility.test.ts')

const ACTIONS_SECRET = 'test-actions-secret'
let t: TestRuntime
let dir: string

beforeAll(async () => {
  t = await createTestRuntime({ env: { API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read,ops:${ACTIONS_SECRET}:read+actions` } })
  dir = mkdtempSync(path.join(os.tmpdir(), 'sp-plaus-'))
}, 60_000)
afterAll(async () => {
  await t?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function q<T = Record<string, unknown>>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await t.rt.clickhouse.interactive.query({ query: sql, query_params: params, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } })
  return rs.json<T>()
}

async function kpis(location?: string): Promise<KpiSnapshot['kpis']> {
  const res = await handleKpis(t.rt, new Request(`http://t/api/v1/kpis${location ? `?location=${location}` : ''}`, { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  expect(res.status).toBe(200)
  return ((await res.json()) as KpiSnapshot).kpis
}

const file = (name: string, text: string) => {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

const now = () => new Date(Date.now() - 60_000).toISOString()

describe('plausibility: the reported sale line (1,000,000,000 units at 1,000,000,000)', () => {
  it('through the API: accepted (202), quarantined, not summed, listed as a data-quality issue; a replay stays one', async () => {
    const before = await kpis()
    const statusBefore = await ingestStatus(t.rt)
    const bad = sale({ location: 'PL-API', qty: 1e9, unit_price: 1e9, event_id: 'plaus-api-1' })
    const good = sale({ location: 'PL-API', qty: 2, unit_price: 5, event_id: 'plaus-api-2' })
    const res = await handleIngest(t.rt, ingestRequest([bad, good]))
    expect(res.status).toBe(202)
    await drainIngest(t.rt)
    expect(await q("SELECT event_id FROM raw_sales WHERE location = 'PL-API'")).toEqual([{ event_id: 'plaus-api-2' }])
    const [qrow] = await q<{ type: string; rules: string[]; event: string }>("SELECT type, rules, event FROM raw_quarantine WHERE event_id = 'plaus-api-1'")
    expect(qrow.type).toBe('sale')
    expect(qrow.rules).toContain('sale.qty 1000000000 is above the plausible maximum 10000')
    expect(JSON.parse(qrow.event)).toMatchObject({ qty: 1e9, unit_price: 1e9 })
    const [daily] = await q<{ revenue: number }>("SELECT sum(revenue) AS revenue FROM sales_daily WHERE location = 'PL-API'")
    expect(daily.revenue).toBe(10)
    const after = await kpis()
    expect(after.revenue_today).toBe((before.revenue_today ?? 0) + 10)
    expect((await kpis('PL-API')).revenue_today).toBe(10)

    // A replay is a duplicate: the quarantined id counts as landed.
    expect((await handleIngest(t.rt, ingestRequest([bad]))).status).toBe(202)
    await drainIngest(t.rt)
    expect(await q("SELECT count() AS n FROM raw_quarantine WHERE event_id = 'plaus-api-1'")).toEqual([{ n: 1 }])

    const status = await ingestStatus(t.rt)
    // Received 3 (one a replay): 2 landed, the quarantined one included, and 1 duplicate.
    expect(status.sources.find((x) => x.source === 'pos')).toBeDefined()
    expect(status.events_total - statusBefore.events_total).toBe(2)
    expect(status.duplicates_total - statusBefore.duplicates_total).toBe(1)
    expect(status.quarantined.count).toBeGreaterThanOrEqual(1)
    expect(status.quarantined.recent.find((r) => r.event_id === 'plaus-api-1')?.rules.length).toBe(3)
  })

  for (const way of ['byte path (no event_id column)', 'string path (event_id column)'] as const) {
    it(`through a CSV import, ${way}: the row is quarantined, the others land, figures hold only them`, async () => {
      const loc = way.startsWith('byte') ? 'PL-CSV-B' : 'PL-CSV-S'
      const withIds = !way.startsWith('byte')
      const ts = now()
      const lines = [
        `${withIds ? 'event_id,' : ''}ts,sku,location,channel,qty,unit_price`,
        `${withIds ? `${loc}-1,` : ''}${ts},SKU-1,${loc},store,3,2.5`,
        `${withIds ? `${loc}-2,` : ''}${ts},SKU-1,${loc},store,1000000000,1000000000`,
        `${withIds ? `${loc}-3,` : ''}${ts},SKU-2,${loc},store,4,1.25`,
      ]
      const csv = file(`${loc}.csv`, lines.join('\n') + '\n')
      const before = await kpis()
      const s = await importCsv(t.rt, { type: 'sale', input: csv, source: 'csv:test' })
      expect(s).toMatchObject({ ok: true, rows: 3, landed: 2, quarantined: 1, duplicates: 0 })
      expect(s.import_id).toMatch(/^imp-/)
      expect(await q('SELECT count() AS n, sum(qty) AS units FROM raw_sales WHERE location = {l:String}', { l: loc })).toEqual([{ n: 2, units: 7 }])
      const [daily] = await q<{ units: number; revenue: number; lines: number }>('SELECT sum(units) AS units, sum(revenue) AS revenue, sum(lines) AS lines FROM sales_daily WHERE location = {l:String}', { l: loc })
      expect(daily).toEqual({ units: 7, revenue: 12.5, lines: 2 })
      const [minutely] = await q<{ units: number; revenue: number }>('SELECT sum(units) AS units, sum(revenue) AS revenue FROM sales_minutely WHERE location = {l:String}', { l: loc })
      expect(minutely).toEqual({ units: 7, revenue: 12.5 })
      expect((await kpis(loc)).revenue_today).toBe(12.5)
      expect((await kpis()).revenue_today).toBe((before.revenue_today ?? 0) + 12.5)
      const [qrow] = await q<{ n: number; rules: string[] }>('SELECT count() AS n, any(rules) AS rules FROM raw_quarantine WHERE source = {s:String}', { s: `csv:test#${s.import_id}` })
      expect(qrow.n).toBe(1)
      expect(qrow.rules).toEqual([
        'sale.qty 1000000000 is above the plausible maximum 10000',
        'sale.unit_price 1000000000 is above the plausible maximum 100000',
        'sale.line_value 1000000000000000000 is above the plausible maximum 1000000',
      ])
      // Imported again: nothing new lands, nothing is quarantined twice.
      const again = await importCsv(t.rt, { type: 'sale', input: csv, source: 'csv:test' })
      expect(again).toMatchObject({ ok: true, landed: 0, duplicates: 3, quarantined: 0 })
      expect(await q("SELECT uniqExact(event_id) AS n FROM raw_quarantine WHERE startsWith(source, 'csv:test#')")).toEqual([{ n: way.startsWith('byte') ? 1 : 2 }])
      expect((await kpis(loc)).revenue_today).toBe(12.5)
    })
  }

  it('checks every type with bounds the same way in a CSV import (each rule in its SQL form)', async () => {
    const ts = now()
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString()
    const far = '2099-01-01'
    const cases: [type: string, csv: string, rule: string][] = [
      ['return', `ts,sku,location,qty,reason,condition,unit_price\n${ts},S,PL-T,1,x,resellable,1\n${ts},S,PL-T,50000,x,resellable,1\n`, 'return.qty'],
      ['inventory_snapshot', `ts,sku,location,on_hand\n${ts},S,PL-T,5\n${ts},S2,PL-T,-200000\n`, 'inventory_snapshot.on_hand'],
      ['inventory_movement', `ts,sku,location,kind,qty\n${ts},S,PL-T,receipt,5\n${ts},S,PL-T,adjustment,-20000000\n`, 'inventory_movement.qty'],
      ['purchase_order', `ts,po_id,supplier,sku,location,qty,ordered_at,promised_at\n${ts},PL-PO1,X,S,PL-T,5,${ts},${later}\n${ts},PL-PO2,X,S,PL-T,5,${ts},${far}\n`, 'purchase_order.lead_days'],
      ['po_receipt', `ts,po_id,qty,received_at\n${ts},PL-PO1,5,${ts}\n${ts},PL-PO1,50000000,${ts}\n`, 'po_receipt.qty'],
      ['transfer', `ts,transfer_id,from,to,sku,qty,shipped_at,expected_at\n${ts},T1,A,B,S,5,${ts},${later}\n${ts},T2,A,B,S,5,${ts},${far}\n`, 'transfer.transit_days'],
      ['price_change', `ts,sku,kind,price\n${ts},S,regular,5\n${ts},S,regular,500000\n`, 'price_change.price'],
      ['promotion', `ts,promo_id,skus,locations,channels,start,end,discount_pct\n${ts},PLP1,S,,store,${ts},${later},20\n${ts},PLP2,S,,store,${ts},${later},95\n`, 'promotion.discount_pct'],
      ['product', `ts,sku,name,category,price,unit_cost\n${ts},PL-S1,n,c,5,2\n${ts},PL-S2,n,c,5,200000\n`, 'product.unit_cost'],
    ]
    for (const [type, csv, rule] of cases) {
      const s = await importCsv(t.rt, { type, input: file(`t-${type}.csv`, csv), source: 'csv:types' })
      expect({ ...s, type }).toMatchObject({ type, ok: true, rows: 2, landed: 1, quarantined: 1 })
      const [row] = await q<{ rules: string[] }>('SELECT rules FROM raw_quarantine WHERE source = {s:String}', { s: `csv:types#${s.import_id}` })
      expect(row.rules[0].startsWith(`${rule} `)).toBe(true)
    }
  }, 60_000)

  it('respects PLAUSIBILITY_BOUNDS: a bound set above the figure lets it land', async () => {
    // What bootstrap does with the PLAUSIBILITY_BOUNDS of the configuration (one chDB data directory per process: no second runtime here).
    configurePlausibility(loadConfig({ PLAUSIBILITY_BOUNDS: '{"sale.qty":{"max":100}}' }).PLAUSIBILITY_BOUNDS)
    try {
      const csv = file('bounds.csv', `ts,sku,location,channel,qty,unit_price\n${now()},SKU-1,PL-B,store,50,1\n${now()},SKU-1,PL-B,store,500,1\n`)
      const s = await importCsv(t.rt, { type: 'sale', input: csv })
      expect(s).toMatchObject({ ok: true, landed: 1, quarantined: 1 })
      expect((await handleIngest(t.rt, ingestRequest([sale({ location: 'PL-B2', qty: 101 }), sale({ location: 'PL-B2', qty: 99 })]))).status).toBe(202)
      await drainIngest(t.rt)
      expect(await q("SELECT sum(qty) AS units FROM raw_sales WHERE location = 'PL-B2'")).toEqual([{ units: 99 }])
    } finally {
      configurePlausibility(DEFAULT_BOUNDS)
    }
  })
})

/** Everything an import can change, as plain numbers. */
async function figures() {
  const tables = ['raw_sales', 'raw_inventory_snapshots', 'raw_purchase_orders', 'raw_po_receipts', 'raw_quarantine', 'event_ids', 'event_days', 'stock_changes']
  const counts: Record<string, number> = {}
  for (const table of tables) counts[table] = (await q<{ n: number }>(`SELECT count() AS n FROM ${table}`))[0].n
  const [daily] = await q('SELECT sum(units) AS units, sum(revenue) AS revenue, sum(lines) AS lines FROM sales_daily')
  const dailyByKey = await q("SELECT location, sku, channel, day, sum(units) AS u, sum(revenue) AS r, sum(lines) AS l FROM sales_daily WHERE location LIKE 'UN-%' GROUP BY ALL HAVING l > 0 ORDER BY ALL")
  const [minutely] = await q('SELECT sum(units) AS units, sum(revenue) AS revenue, sum(lines) AS lines FROM sales_minutely')
  const stock = await q("SELECT location, sku, maxMerge(snap_ts) AS ts, argMaxMerge(on_hand) AS on_hand FROM stock_snapshots_latest WHERE location LIKE 'UN-%' GROUP BY location, sku ORDER BY location, sku")
  const pos = await q("SELECT po_id, max(ordered_qty) AS ordered, sum(received_qty) AS received FROM po_lifecycle WHERE po_id LIKE 'UN-%' GROUP BY po_id ORDER BY po_id")
  // The status API's figures come from what landed (migration 013): an undone import leaves them
  // as they were, neither landed nor duplicates.
  const { events_total, duplicates_total, by_type } = await ingestStatus(t.rt)
  const status = { events_total, duplicates_total, by_type }
  return { counts, daily, dailyByKey, minutely, stock, pos, status, kpis: await kpis(), kpisAt: await kpis('UN-1') }
}

async function as(userId: string): Promise<Record<string, string>> {
  return { cookie: await sessionCookie(t.rt, userId) }
}
const undo = (id: string, headers: Record<string, string>) => handleImportUndo(t.rt, new Request(`http://t/api/v1/imports/${id}`, { method: 'DELETE', headers }), id)

describe('DELETE /api/v1/imports/{id}', () => {
  it('takes an import back out of every landing table and rollup: figures are exactly as before', async () => {
    // What was there before: API sales on the same sku x location x channel x day keys as the
    // import, a stock snapshot and a PO, so the rollups' keys keep rows of their own.
    const ts = now()
    const earlier = new Date(Date.now() - 3_600_000).toISOString()
    const promised = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    const api = [
      sale({ location: 'UN-1', sku: 'SKU-1', qty: 2, unit_price: 12.99, ts }),
      sale({ location: 'UN-1', sku: 'SKU-2', qty: 1, unit_price: 0.1, ts }),
      { type: 'inventory_snapshot', event_id: 'un-snap-api', ts: earlier, sku: 'SKU-1', location: 'UN-1', on_hand: 40 },
      { type: 'purchase_order', event_id: 'un-po-api', ts: earlier, po_id: 'UN-PO-1', supplier: 'SUP', sku: 'SKU-1', location: 'UN-1', qty: 100, ordered_at: earlier, promised_at: promised },
    ]
    expect((await handleIngest(t.rt, ingestRequest(api))).status).toBe(202)
    await drainIngest(t.rt)
    const before = await figures()

    const up = (type: string, body: string) =>
      handleImport(t.rt, new Request(`http://t/api/v1/imports?type=${type}`, {
        method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${INGEST_SECRET}` },
        body: Readable.toWeb(Readable.from([body])) as ReadableStream, duplex: 'half',
      } as RequestInit))
    const sales = await up('sale', `ts,sku,location,channel,qty,unit_price\n${ts},SKU-1,UN-1,store,3,12.99\n${ts},SKU-2,UN-1,store,5,0.2\n${ts},SKU-3,UN-1,store,1000000000,1000000000\n`)
    const salesBody = (await sales.json()) as { import_id: string; landed: number; quarantined: number }
    expect(salesBody).toMatchObject({ landed: 2, quarantined: 1 })
    const snaps = await up('inventory_snapshot', `ts,sku,location,on_hand\n${ts},SKU-1,UN-1,7\n`)
    const snapsBody = (await snaps.json()) as { import_id: string }
    const pos = await up('purchase_order', `event_id,ts,po_id,supplier,sku,location,qty,ordered_at,promised_at\nun-po-imp,${ts},UN-PO-1,SUP,SKU-1,UN-1,250,${ts},${promised}\nun-po-imp2,${ts},UN-PO-2,SUP,SKU-2,UN-1,30,${ts},${promised}\n`)
    const posBody = (await pos.json()) as { import_id: string }
    const during = await figures()
    expect(during.kpisAt.units_sold_today).toBe((before.kpisAt.units_sold_today ?? 0) + 8)
    // 3 sales (one quarantined, still landed), 1 snapshot, 2 POs: landed, none a duplicate.
    expect(during.status.events_total).toBe(before.status.events_total + 6)
    expect(during.status.duplicates_total).toBe(before.status.duplicates_total)
    expect(during.stock).not.toEqual(before.stock)
    expect(during.pos).not.toEqual(before.pos)

    // Who may: not a read or ingest key, not a planner; an admin or an actions key.
    expect((await undo(salesBody.import_id, { authorization: `Bearer ${READ_SECRET}` })).status).toBe(403)
    expect((await undo(salesBody.import_id, { authorization: `Bearer ${INGEST_SECRET}` })).status).toBe(403)
    expect((await undo(salesBody.import_id, await as('u-planner'))).status).toBe(403)
    expect((await undo(salesBody.import_id, {})).status).toBe(401)
    expect((await undo('imp-nope', await as('u-admin'))).status).toBe(404)
    expect((await undo('../etc', await as('u-admin'))).status).toBe(404)

    const r1 = await undo(salesBody.import_id, await as('u-admin'))
    expect(r1.status).toBe(200)
    expect(await r1.json()).toEqual({ import_id: salesBody.import_id, status: 'undone', removed: { raw_sales: 2, raw_quarantine: 1 }, rows_removed: 3 })
    expect((await undo(snapsBody.import_id, { authorization: `Bearer ${ACTIONS_SECRET}` })).status).toBe(200)
    expect((await undo(posBody.import_id, await as('u-admin'))).status).toBe(200)

    const after = await figures()
    expect(after).toEqual(before)

    // Once only; the undo is recorded (who, when, what it removed).
    const second = await undo(salesBody.import_id, await as('u-admin'))
    expect(second.status).toBe(409)
    expect(await figures()).toEqual(before)
    const [log] = await q<{ actor: string; removed: Record<string, number> }>("SELECT actor, removed FROM imports WHERE import_id = {id:String} AND status = 'undone'", { id: salesBody.import_id })
    expect(log).toEqual({ actor: 'user:u-admin', removed: { raw_quarantine: 1, raw_sales: 2 } })
    const status = await ingestStatus(t.rt)
    expect(status.imports.find((i) => i.import_id === salesBody.import_id)).toMatchObject({ status: 'undone', landed: 2, quarantined: 1 })

    // The ids are free again: the same file imports anew.
    const redo = await up('inventory_snapshot', `ts,sku,location,on_hand\n${ts},SKU-1,UN-1,7\n`)
    expect(await redo.json()).toMatchObject({ landed: 1, duplicates: 0 })
  }, 60_000)
})
