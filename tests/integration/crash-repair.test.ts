/**
 * The crash repair (server/ingest/crash-repair.ts), without kill timing: a block lands in its
 * landing tables while the views that feed the targets are detached (what a kill between the
 * source part's commit and the views' leaves behind), then the repair makes every target agree
 * with the landing rows again, and a second run changes nothing. Also: the run marker that tells
 * a crash from a clean stop.
 */
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Event } from '@/lib/events/schema'
import { landEvents } from '@/jobs/ingest-flush'
import { repairAfterCrash } from '@/server/ingest/crash-repair'
import { readRunMarker } from '@/server/ingest/run-marker'
import { closeRuntime } from '@/server/bootstrap'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { createTestRuntime, sale, type TestRuntime } from '../helpers/runtime'

/** Every view between a landing table and a target the repair looks after. */
const VIEWS = [
  'sales_daily_mv', 'sales_minutely_mv', 'raw_sales_ids_mv', 'raw_sales_days_mv', 'raw_sales_landed_counts_mv',
  'stock_changes_returns_mv', 'stock_changes_movements_mv', 'stock_snapshots_latest_mv', 'stock_counts_latest_mv',
  'po_lifecycle_orders_mv', 'po_lifecycle_receipts_mv', 'raw_returns_ids_mv', 'raw_inventory_movements_days_mv',
  'raw_quarantine_ids_mv', 'raw_quarantine_days_mv', 'raw_quarantine_landed_counts_mv', 'raw_purchase_orders_landed_counts_mv',
]

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString()

function events(tag: string, n: number): Event[] {
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < n; i++) {
    // Same keys before and after the crash, so a recomputed key sums old and new rows.
    out.push(sale({ event_id: `${tag}-s${i}`, sku: `SKU-${i % 3}`, location: 'L1', qty: 1 + (i % 4), unit_price: 2.5, ts: ago(i % 5) }))
  }
  out.push(
    { type: 'return', event_id: `${tag}-r`, ts: ago(1), sku: 'SKU-0', location: 'L1', qty: 2, reason: 'x', condition: 'resellable' },
    { type: 'inventory_movement', event_id: `${tag}-m`, ts: ago(1), sku: 'SKU-1', location: 'L1', kind: 'receipt', qty: 7 },
    { type: 'inventory_movement', event_id: `${tag}-c`, ts: ago(1), sku: 'SKU-2', location: 'L1', kind: 'count', qty: 40 },
    { type: 'inventory_snapshot', event_id: `${tag}-i`, ts: ago(1), sku: 'SKU-0', location: 'L1', on_hand: 30 },
    { type: 'purchase_order', event_id: `${tag}-po`, ts: ago(2), po_id: 'PO-1', supplier: 'V1', sku: 'SKU-1', location: 'L1', qty: 10, ordered_at: ago(2), promised_at: ago(-60 * 24) },
    { type: 'po_receipt', event_id: `${tag}-pr`, ts: ago(1), po_id: 'PO-1', qty: 4, received_at: ago(1) },
    // Implausible (more than 10M units on a PO line): lands in raw_quarantine.
    { type: 'purchase_order', event_id: `${tag}-q`, ts: ago(1), po_id: 'PO-Q', supplier: 'V1', sku: 'SKU-1', location: 'L1', qty: 2e7, ordered_at: ago(1), promised_at: ago(-60) },
  )
  return out as Event[]
}

/** Every target's figures, and what they should be from the landing rows. */
async function figures(t: TestRuntime) {
  const q = async (query: string) => (await (await t.rt.clickhouse.interactive.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>())
  const allIds = `SELECT event_id, toDate(ts) AS day FROM raw_sales UNION ALL SELECT event_id, toDate(ts) FROM raw_returns
    UNION ALL SELECT event_id, toDate(ts) FROM raw_inventory_movements UNION ALL SELECT event_id, toDate(ts) FROM raw_inventory_snapshots
    UNION ALL SELECT event_id, toDate(ts) FROM raw_purchase_orders UNION ALL SELECT event_id, toDate(ts) FROM raw_po_receipts
    UNION ALL SELECT event_id, toDate(ts) FROM raw_quarantine`
  return {
    salesDaily: await q('SELECT location, sku, channel, day, sum(units) AS u, round(sum(revenue), 6) AS r, sum(lines) AS n FROM sales_daily GROUP BY ALL ORDER BY ALL'),
    salesDailyWant: await q('SELECT location, sku, channel, toDate(ts) AS day, sum(qty) AS u, round(sum(qty * unit_price), 6) AS r, count() AS n FROM raw_sales GROUP BY ALL ORDER BY ALL'),
    minutely: await q('SELECT location, channel, minute, sum(units) AS u, sum(lines) AS n FROM sales_minutely GROUP BY ALL ORDER BY ALL'),
    minutelyWant: await q('SELECT location, channel, toStartOfMinute(ts) AS minute, sum(qty) AS u, count() AS n FROM raw_sales GROUP BY ALL ORDER BY ALL'),
    idsMissing: await q(`SELECT count() AS n FROM (${allIds}) WHERE event_id NOT IN (SELECT event_id FROM event_ids)`),
    daysMissing: await q(`SELECT count() AS n FROM (${allIds}) WHERE (day, event_id) NOT IN (SELECT day, event_id FROM event_days)`),
    landedIdsMissing: await q(`SELECT count() AS n FROM (${allIds}) WHERE sipHash64(event_id) NOT IN landed_ids`),
    stockChanges: await q('SELECT location, sku, kind, count() AS n, sum(delta) AS d FROM stock_changes GROUP BY ALL ORDER BY ALL'),
    snapshots: await q('SELECT location, sku, argMaxMerge(on_hand) AS on_hand, maxMerge(snap_ts) AS at FROM stock_snapshots_latest GROUP BY ALL ORDER BY ALL'),
    pos: await q('SELECT po_id, max(ordered_qty) AS o, sum(received_qty) AS r, max(supplier) AS s FROM po_lifecycle GROUP BY ALL ORDER BY ALL'),
    landed: await q('SELECT source, type, sum(events) AS n FROM landed_counts GROUP BY ALL HAVING n != 0 ORDER BY ALL'),
  }
}

describe('crash repair', () => {
  let t: TestRuntime | undefined
  afterEach(async () => {
    await t?.cleanup()
    t = undefined
  })

  it('puts back what a block left out of its views, and a second run changes nothing', { timeout: 120_000 }, async () => {
    t = await createTestRuntime({ workers: false })
    const ch = t.rt.clickhouse
    await landEvents(ch, [{ source: 'pos', events: events('before', 30) }])
    const consistent = await figures(t)
    const since = Date.now()
    // The crashed flush: landed in its tables, not through these views.
    for (const v of VIEWS) await ch.heavy.command({ query: `DETACH TABLE ${v}` })
    await landEvents(ch, [{ source: 'pos', events: events('crashed', 40) }])
    for (const v of VIEWS) await ch.heavy.command({ query: `ATTACH TABLE ${v}` })
    await ch.heavy.command({ query: 'TRUNCATE TABLE landed_ids' }) // as after a restart: filled again from event_ids

    const broken = await figures(t)
    expect(broken.salesDaily).not.toEqual(broken.salesDailyWant)
    expect(Number(broken.idsMissing[0].n)).toBeGreaterThan(0)
    expect(broken.landed).toEqual([{ source: 'pos', type: 'inventory_movement', n: 4 }, { source: 'pos', type: 'inventory_snapshot', n: 2 }, { source: 'pos', type: 'po_receipt', n: 2 }, { source: 'pos', type: 'purchase_order', n: 2 }, { source: 'pos', type: 'return', n: 2 }, { source: 'pos', type: 'sale', n: 30 }])

    const first = await repairAfterCrash(ch.heavy, { since, exclusive: true })
    // The margin for a clock step (a minute) reaches back into the run before: its rows are suspect too.
    expect(first.suspect).toEqual({ raw_sales: 70, raw_returns: 2, raw_inventory_movements: 4, raw_inventory_snapshots: 2, raw_purchase_orders: 2, raw_po_receipts: 2, raw_quarantine: 2 })
    expect(first.filled).toMatchObject({ event_ids: 42, stock_changes: 2 })
    expect(first.landedCounts).toEqual({ rows: 2, events: 42 })
    const after = await figures(t)
    expect(after.salesDaily).toEqual(after.salesDailyWant)
    expect(after.minutely).toEqual(after.minutelyWant)
    expect(after.idsMissing).toEqual([{ n: 0 }])
    expect(after.daysMissing).toEqual([{ n: 0 }])
    expect(after.landedIdsMissing).toEqual([{ n: 0 }])
    expect(after.stockChanges).toEqual([{ location: 'L1', sku: 'SKU-0', kind: 'return', n: 2, d: 4 }, { location: 'L1', sku: 'SKU-1', kind: 'receipt', n: 2, d: 14 }])
    expect(after.snapshots.map((r) => [r.sku, r.on_hand])).toEqual([['SKU-0', 30], ['SKU-2', 40]])
    expect(after.pos).toEqual([{ po_id: 'PO-1', o: 10, r: 8, s: 'V1' }])
    expect(after.landed).toEqual([
      { source: 'pos', type: 'inventory_movement', n: 4 }, { source: 'pos', type: 'inventory_snapshot', n: 2 }, { source: 'pos', type: 'po_receipt', n: 2 },
      { source: 'pos', type: 'purchase_order', n: 4 }, { source: 'pos', type: 'return', n: 2 }, { source: 'pos', type: 'sale', n: 70 },
    ])
    // The rows before the crash were left as they were.
    expect(consistent.salesDaily).toEqual(consistent.salesDailyWant)

    const second = await repairAfterCrash(ch.heavy, { since, exclusive: true })
    expect(second.filled).toMatchObject({ event_ids: 0, event_days: 0, stock_changes: 0 })
    expect(second.landedCounts).toEqual({ rows: 0, events: 0 })
    expect(await figures(t)).toEqual(after)
  })

  it('shared with other writers (not exclusive): only the id sets, the rollups are left alone', { timeout: 60_000 }, async () => {
    t = await createTestRuntime({ workers: false })
    const ch = t.rt.clickhouse
    const since = Date.now()
    for (const v of ['sales_daily_mv', 'raw_sales_ids_mv']) await ch.heavy.command({ query: `DETACH TABLE ${v}` })
    await landEvents(ch, [{ source: 'pos', events: [sale({ event_id: 'x-1' }), sale({ event_id: 'x-2' })] as Event[] }])
    for (const v of ['sales_daily_mv', 'raw_sales_ids_mv']) await ch.heavy.command({ query: `ATTACH TABLE ${v}` })
    const r = await repairAfterCrash(ch.heavy, { since, exclusive: false })
    expect(r.filled).toEqual({ event_ids: 2, event_days: 0, landed_ids: 2 })
    expect(r.recomputed).toEqual({})
    const f = await figures(t)
    expect(f.idsMissing).toEqual([{ n: 0 }])
    expect(f.salesDaily).toEqual([])
  })

  it('tells a crash from a clean stop by the run marker', { timeout: 60_000 }, async () => {
    t = await createTestRuntime({ workers: false })
    const dir = t.rt.config.DATA_DIR
    expect(readRunMarker(dir)).toEqual({ pid: process.pid, startedAt: t.rt.startedAt.getTime() })
    const rt = t.rt
    // Workers cut short: the marker stays, so the next start repairs.
    await closeRuntime(rt, { clean: false })
    expect(existsSync(path.join(dir, 'running'))).toBe(true)
    t = undefined
    await deleteKeysWithPrefix(rt.config.REDIS_URL, rt.config.REDIS_PREFIX)
    rmSync(dir, { recursive: true, force: true })
  })
})
