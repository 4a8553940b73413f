import { describe, expect, it } from 'vitest'
import { parseBatch } from '@/lib/events/batch'
import type { Event } from '@/lib/events/schema'
import { defaultConfig, type SimOptions } from './config'
import { minMaxPolicy, noReplenishment } from './policy'
import { createSimulation } from './simulation'
import type { DayResult } from './simulation'
import { run, small } from './simulation.fixture'

const allEvents = (r: { master: Event[]; days: DayResult[] }) => [...r.master, ...r.days.flatMap((d) => d.events)]
const dateOf = (e: Event) => e.ts.slice(0, 10)

describe('simulation: determinism', () => {
  it('gives identical events and truth for the same seed, different ones for another seed', () => {
    const a = run({ seed: 11, start: '2024-05-01' }, 6)
    const b = run({ seed: 11, start: '2024-05-01' }, 6)
    const c = run({ seed: 12, start: '2024-05-01' }, 6)
    expect(JSON.stringify(allEvents(a))).toBe(JSON.stringify(allEvents(b)))
    expect(a.days.map((d) => Array.from(d.truth.demand))).toEqual(b.days.map((d) => Array.from(d.truth.demand)))
    expect(JSON.stringify(allEvents(a))).not.toBe(JSON.stringify(allEvents(c)))
    // Deterministic, unique event ids with the seed in them.
    const ids = allEvents(a).map((e) => e.event_id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.every((id) => id.startsWith('sim-11-'))).toBe(true)
  })

  it('runs days in order only', () => {
    const sim = createSimulation(small)
    expect(() => sim.simulateDay(1)).toThrow(/in order/)
    sim.simulateDay(0)
    expect(sim.nextDay).toBe(1)
  })

  it('rejects a scale beyond 50 locations or 10,000 SKUs', () => {
    expect(() => createSimulation({ scale: { stores: 48 } })).toThrow(/at most 50 locations/)
    expect(() => createSimulation({ scale: { skus: 10_001 } })).toThrow(RangeError)
    expect(() => createSimulation({ scale: { stores: 43, skus: 10 } })).not.toThrow()
  })
})

describe('simulation: events', () => {
  it('announces each promotion once, announceDays before it starts (day 0: all starting within that lead), with its promo price on its first day', () => {
    const days = 70
    const lead = defaultConfig().promotions.announceDays
    const r = run(small, days)
    const promos = r.days.flatMap((d) => d.events).filter((e) => e.type === 'promotion')
    expect(promos.length).toBeGreaterThan(5)
    const ids = promos.map((e) => e.type === 'promotion' && e.promo_id)
    expect(new Set(ids).size).toBe(ids.length)
    const dayMs = 86_400_000
    const dayOf = (iso: string) => Math.round((Date.parse(iso.slice(0, 10)) - Date.parse(small.start as string)) / dayMs)
    for (const e of promos) {
      if (e.type !== 'promotion') continue
      const announced = dayOf(e.ts)
      const start = dayOf(e.start)
      if (announced === 0) expect(start).toBeLessThanOrEqual(lead)
      else expect(start - announced).toBe(lead)
      expect(start).toBeGreaterThan(announced)
      // The promotion's price change lands on its first day, not on its announcement.
      if (start < days) {
        const sku = e.skus[0]
        const onStart = r.days[start].events.some((p) => p.type === 'price_change' && p.kind === 'promo' && p.sku === sku)
        expect(onStart).toBe(true)
      }
    }
    // Promotions starting after the last simulated day are already announced.
    expect(promos.some((e) => e.type === 'promotion' && dayOf(e.start) > days)).toBe(true)
  })

  it('builds the default network: 2 regions, 1 DC, 12 stores, a dark store, a web shop, a marketplace, 500 SKUs, 10 categories, 8 suppliers', () => {
    const sim = createSimulation({ start: '2024-01-01' })
    const md = sim.masterData()
    const locs = md.filter((e) => e.type === 'location')
    const count = (k: string) => locs.filter((e) => e.type === 'location' && e.kind === k).length
    expect([count('dc'), count('store'), count('dark_store'), count('ecom_node')]).toEqual([1, 12, 1, 2])
    expect(new Set(locs.map((e) => e.type === 'location' && e.region)).size).toBe(2)
    const products = md.filter((e) => e.type === 'product')
    expect(products).toHaveLength(500)
    expect(new Set(products.map((e) => e.type === 'product' && e.category)).size).toBe(10)
    expect(md.filter((e) => e.type === 'supplier')).toHaveLength(8)
    // Master data comes first, before day 0.
    expect(md.map((e) => e.type).slice(0, 3)).toEqual(['location', 'location', 'location'])
    expect(md.every((e) => e.ts < '2024-01-01')).toBe(true)
    const p = products[0]
    expect(p.type === 'product' && p.case_pack && p.moq && p.department && p.brand && p.supplier).toBeTruthy()
  })

  it('every event of a year (small network) and of two weeks at default scale passes parseBatch', () => {
    const year = allEvents(run(small, 366))
    const r = parseBatch(year, 10_000_000)
    expect(r.ok ? [] : r.errors.slice(0, 5)).toEqual([])
    const types = new Set(year.map((e) => e.type))
    expect([...types].sort()).toEqual(
      ['customer', 'external_signal', 'inventory_movement', 'inventory_snapshot', 'location', 'po_receipt', 'price_change', 'product', 'promotion',
        'purchase_order', 'return', 'sale', 'supplier', 'transfer'].sort(),
    )
    const kinds = (t: string, f: (e: Event) => string) => new Set(year.filter((e) => e.type === t).map(f))
    expect(kinds('inventory_movement', (e) => (e.type === 'inventory_movement' ? e.kind : ''))).toEqual(
      new Set(['receipt', 'transfer_out', 'transfer_in', 'shrink', 'count']),
    )
    expect(kinds('price_change', (e) => (e.type === 'price_change' ? e.kind : ''))).toEqual(new Set(['regular', 'promo', 'markdown']))
    expect(kinds('external_signal', (e) => (e.type === 'external_signal' ? e.kind : ''))).toEqual(new Set(['weather', 'local_event']))
    expect(kinds('sale', (e) => (e.type === 'sale' ? e.channel : ''))).toEqual(new Set(['store', 'ecommerce', 'marketplace', 'dark_store']))
    // Seasonal products roll their season_end after the season.
    expect(year.filter((e) => e.type === 'product').length).toBeGreaterThan(80)

    const big = allEvents(run({ seed: 5, start: '2024-11-20' }, 14))
    const rb = parseBatch(big, 10_000_000)
    expect(rb.ok ? [] : rb.errors.slice(0, 5)).toEqual([])
  }, 60_000)

  it("can snapshot only what changed (plus everything on Sundays) to cut volume", () => {
    const daily = run(small, 14)
    const changed = run({ ...small, events: { snapshots: 'changed' } }, 14)
    const snaps = (r: typeof daily, i: number) => r.days[i].events.filter((e) => e.type === 'inventory_snapshot').length
    // 2024-01-07 (day 6) is a Sunday: full; other days fewer.
    expect(snaps(changed, 6)).toBe(snaps(daily, 6))
    expect(snaps(changed, 3)).toBeLessThan(snaps(daily, 3))
    expect(snaps(changed, 3)).toBeGreaterThan(0)
    // Demand is untouched by the event options.
    expect(changed.days[9].truth.demand).toEqual(daily.days[9].truth.demand)
  })

  it('returns each day ordered by time, all inside the day', () => {
    const { days } = run(small, 5)
    for (const d of days) {
      expect(d.events.every((e) => dateOf(e) === d.date)).toBe(true)
      for (let i = 1; i < d.times.length; i++) expect(d.times[i]).toBeGreaterThanOrEqual(d.times[i - 1])
      expect(d.events.every((e, i) => Date.parse(e.ts) === d.times[i])).toBe(true)
    }
  })
})

describe('simulation: inventory', () => {
  it('censors sales at physical stock: never more than was there, never more than demand, stock never negative', () => {
    // No phantoms, so system on hand (snapshots) is physical on hand, there are no counts, and the events must balance.
    const opts: SimOptions = { ...small, seed: 21, anomalies: { phantomPerPairYear: 0 } }
    const sim = createSimulation(opts)
    const w = sim.world
    const key = (loc: string, sku: string) => `${loc}|${sku}`
    const onHand = new Map<string, number>()
    let lostDays = 0
    for (let d = 0; d < 120; d++) {
      const r = sim.simulateDay(d)
      if (d === 0) {
        for (const e of r.events) if (e.type === 'inventory_snapshot' && e.ts.endsWith('T00:00:00.000Z')) onHand.set(key(e.location, e.sku), e.on_hand)
      }
      const inflow = new Map<string, number>()
      const sold = new Map<string, number>()
      const out = new Map<string, number>()
      const add = (m: Map<string, number>, k: string, q: number) => m.set(k, (m.get(k) ?? 0) + q)
      for (const e of r.events) {
        if (e.type === 'sale') add(sold, key(e.fulfilment_location ?? e.location, e.sku), e.qty)
        else if (e.type === 'return' && e.condition === 'resellable') add(inflow, key(e.location, e.sku), e.qty)
        else if (e.type === 'inventory_movement') {
          const k = key(e.location, e.sku)
          if (e.kind === 'receipt' || e.kind === 'transfer_in') add(inflow, k, e.qty)
          else if (e.kind === 'transfer_out' || e.kind === 'shrink') add(out, k, e.qty)
        }
      }
      // Sales fulfilled from a location never exceed what it had plus what came in that day.
      for (const [k, q] of sold) expect(q).toBeLessThanOrEqual((onHand.get(k) ?? 0) + (inflow.get(k) ?? 0))
      for (const e of r.events) {
        if (e.type !== 'inventory_snapshot' || !e.ts.endsWith('T23:59:00.000Z')) continue
        const k = key(e.location, e.sku)
        const want = (onHand.get(k) ?? 0) + (inflow.get(k) ?? 0) - (sold.get(k) ?? 0) - (out.get(k) ?? 0)
        expect(e.on_hand).toBe(want)
        expect(e.on_hand).toBeGreaterThanOrEqual(0)
        onHand.set(k, e.on_hand)
      }
      for (let i = 0; i < w.pairCount; i++) {
        expect(r.truth.sold[i]).toBeLessThanOrEqual(r.truth.demand[i])
        expect(r.truth.physicalOnHand[i]).toBeGreaterThanOrEqual(0)
        if (r.truth.sold[i] < r.truth.demand[i]) lostDays++
      }
    }
    // Stockouts do happen (otherwise the test proves nothing).
    expect(lostDays).toBeGreaterThan(50)
  })

  it('with no replenishment, stock runs out and sales fall while demand stays the same', () => {
    const base = run(small, 60)
    const none = run(small, 60, noReplenishment)
    const total = (r: typeof base, f: (d: DayResult) => Uint32Array) => r.days.slice(40).reduce((a, d) => a + f(d).reduce((x, y) => x + y, 0), 0)
    expect(total(none, (d) => d.truth.demand)).toBe(total(base, (d) => d.truth.demand))
    expect(total(none, (d) => d.truth.sold)).toBeLessThan(0.7 * total(base, (d) => d.truth.sold))
    expect(allEvents(none).some((e) => e.type === 'transfer' || e.type === 'purchase_order')).toBe(false)
  })

  it('replays the same true demand under two policies, while what is sold and ordered differs', () => {
    const generous = minMaxPolicy({ storeMinDays: 10, storeMaxDays: 25, dcSafetyDays: 20, dcCycleDays: 30 })
    const opts: SimOptions = { ...small, seed: 8, scale: { ...small.scale, skus: 200 } }
    const a = run(opts, 90)
    const b = run(opts, 90, generous)
    let differ = 0
    let total = 0
    for (let d = 0; d < 90; d++) {
      const x = a.days[d].truth
      const y = b.days[d].truth
      for (let i = 0; i < x.demand.length; i++) {
        if (x.demand[i] !== y.demand[i] || x.expected[i] !== y.expected[i]) differ++
        total += x.demand[i]
      }
    }
    expect(total).toBeGreaterThan(10_000)
    expect(differ).toBe(0)
    const sold = (r: typeof a) => r.days.reduce((x, d) => x + d.truth.sold.reduce((p, q) => p + q, 0), 0)
    expect(sold(b)).not.toBe(sold(a))
    const transfers = (r: typeof a) => allEvents(r).filter((e) => e.type === 'transfer').length
    expect(transfers(b)).not.toBe(transfers(a))
  })

  it('moves stock DC -> stores with transfer events and matching transfer_out / transfer_in movements; POs are received', () => {
    const r = run(small, 60)
    const ev = allEvents(r)
    const transfers = ev.filter((e) => e.type === 'transfer')
    expect(transfers.length).toBeGreaterThan(100)
    const outs = new Map(ev.filter((e) => e.type === 'inventory_movement' && e.kind === 'transfer_out').map((e) => [e.type === 'inventory_movement' && e.ref, e]))
    const ins = new Map(ev.filter((e) => e.type === 'inventory_movement' && e.kind === 'transfer_in').map((e) => [e.type === 'inventory_movement' && e.ref, e]))
    for (const t of transfers.slice(0, 200)) {
      if (t.type !== 'transfer') continue
      const o = outs.get(t.transfer_id)
      expect(o && o.type === 'inventory_movement' && o.location === t.from && o.qty === t.qty).toBe(true)
      const i = ins.get(t.transfer_id)
      if (i && i.type === 'inventory_movement') {
        expect(i.location).toBe(t.to)
        expect(i.qty).toBe(t.qty)
        expect(i.ts > t.shipped_at).toBe(true)
      }
    }
    const pos = ev.filter((e) => e.type === 'purchase_order')
    const receipts = new Map(ev.filter((e) => e.type === 'po_receipt').map((e) => [e.type === 'po_receipt' && e.po_id, e]))
    expect(pos.length).toBeGreaterThan(10)
    let received = 0
    for (const p of pos) {
      if (p.type !== 'purchase_order') continue
      const rc = receipts.get(p.po_id)
      if (!rc || rc.type !== 'po_receipt') continue
      received++
      expect(rc.qty).toBeLessThanOrEqual(p.qty)
      expect(rc.received_at > p.ordered_at).toBe(true)
      expect(rc.location).toBe(p.location)
    }
    expect(received).toBeGreaterThan(pos.length / 2)
  })
})
