import { describe, expect, it } from 'vitest'
import { parseBatch } from '@/lib/events/batch'
import type { Event } from '@/lib/events/schema'
import type { SimOptions } from './config'
import { minMaxPolicy, noReplenishment } from './policy'
import type { Policy } from './policy'
import { createSimulation } from './simulation'
import type { DayResult } from './simulation'
import { SimulationStream } from './stream'
import { truthDemandRows } from './truth'

/** A small network that still has every kind of location: fast enough for a year in a test. */
const small: SimOptions = {
  start: '2024-01-01',
  scale: { stores: 4, darkStores: 1, webShops: 1, marketplaces: 1, skus: 80, categories: 10, suppliers: 4, customers: 600 },
}

function run(options: SimOptions, days: number, policy?: Policy): { master: Event[]; days: DayResult[] } {
  const sim = createSimulation(options)
  const master = sim.masterData()
  const out: DayResult[] = []
  for (let d = 0; d < days; d++) out.push(sim.simulateDay(d, policy))
  return { master, days: out }
}

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

describe('simulation: ground truth', () => {
  const noisy: SimOptions = {
    ...small,
    seed: 31,
    anomalies: { phantomPerPairYear: 2, shrinkSpikesPerPairYear: 0.5, demandShocksPerYear: 60, supplierDelaysPerSupplierYear: 12 },
  }

  it('records every injected anomaly kind, apart from the events', () => {
    const sim = createSimulation(noisy)
    const w = sim.world
    const days: DayResult[] = []
    for (let d = 0; d < 90; d++) days.push(sim.simulateDay(d))
    const anomalies = days.flatMap((d) => d.truth.anomalies)
    expect(new Set(anomalies.map((a) => a.kind))).toEqual(new Set(['phantom_inventory', 'shrink_spike', 'demand_shock', 'supplier_delay', 'po_delay']))
    // Nothing of the truth leaks into the events.
    const text = JSON.stringify(days.flatMap((d) => d.events))
    expect(text).not.toMatch(/phantom|shock|unconstrained/)

    const events = days.flatMap((d) => d.events)
    const snap = (day: number, loc: string, sku: string) =>
      days[day].events.find((e) => e.type === 'inventory_snapshot' && e.location === loc && e.sku === sku && e.ts.endsWith('T23:59:00.000Z'))
    let phantomsChecked = 0
    const spikes: boolean[] = []
    for (const a of anomalies) {
      if (a.kind === 'phantom_inventory') {
        // The books show more than the shelf holds at the end of that day.
        const s = snap(a.day, a.location, a.sku)
        const phys = days[a.day].truth.physicalOnHand[w.pair(w.locationIndex(a.location), w.skuIndex(a.sku))]
        expect(s && s.type === 'inventory_snapshot' && s.on_hand - phys).toBeGreaterThanOrEqual(a.magnitude)
        expect(a.magnitude).toBeGreaterThan(0)
        // ... until a cycle count corrects it.
        if (a.correctedOnDay < 90) {
          const count = days[a.correctedOnDay].events.find(
            (e) => e.type === 'inventory_movement' && e.kind === 'count' && e.location === a.location && e.sku === a.sku,
          )
          // A count states the counted quantity: the shelf at its midnight timestamp, not the correction.
          const pair = w.pair(w.locationIndex(a.location), w.skuIndex(a.sku))
          expect(count && count.type === 'inventory_movement' && count.qty).toBe(days[a.correctedOnDay - 1].truth.physicalOnHand[pair])
          expect(count?.ts).toBe(`${days[a.correctedOnDay].date}T00:00:00.000Z`)
        }
        phantomsChecked++
      } else if (a.kind === 'shrink_spike') {
        // Written off as shrink while it lasts (as far as there is stock to lose).
        const last = days[Math.min(89, a.endDay)].date
        const units = events
          .filter((e) => e.type === 'inventory_movement' && e.kind === 'shrink' && e.location === a.location && e.sku === a.sku)
          .filter((e) => e.ts.slice(0, 10) >= a.date && e.ts.slice(0, 10) <= last)
          .reduce((x, e) => x + (e.type === 'inventory_movement' ? e.qty : 0), 0)
        spikes.push(units >= a.unitsPerDay)
      } else if (a.kind === 'po_delay') {
        const receipt = events.find((e) => e.type === 'po_receipt' && e.po_id === a.poId)
        if (receipt && receipt.type === 'po_receipt') expect(receipt.received_at.slice(0, 10)).toBe(days[a.arrivalDay].date)
        expect(a.arrivalDay - a.day).toBeGreaterThan(a.extraDays)
      } else if (a.kind === 'demand_shock') {
        expect(a.multiplier).not.toBe(1)
        expect(a.skus.length).toBeGreaterThan(0)
      }
    }
    expect(phantomsChecked).toBeGreaterThan(10)
    expect(spikes.length).toBeGreaterThan(5)
    expect(spikes.filter(Boolean).length).toBeGreaterThan(spikes.length / 2)
  })

  it('flattens truth into rows per carried SKU x selling location', () => {
    const sim = createSimulation(small)
    const day = sim.simulateDay(0)
    const rows = [...truthDemandRows(day.truth, sim.world)]
    const carriedSelling = sim.world.locations
      .filter((l) => l.channel)
      .reduce((a, l) => a + sim.world.products.filter((p) => sim.world.carried[l.index * sim.world.skuCount + p.index]).length, 0)
    expect(rows).toHaveLength(carriedSelling)
    expect(rows.reduce((a, r) => a + r.demand, 0)).toBe(day.truth.demand.reduce((a, b) => a + b, 0))
    expect(rows.every((r) => r.sold + r.lost === r.demand && r.date === '2024-01-01')).toBe(true)
  })
})

describe('simulation: customers and channels', () => {
  it('has members who buy again, in segments, who stop after churning; web orders carry fulfilment locations', () => {
    const sim = createSimulation({ ...small, seed: 4, scale: { ...small.scale, customers: 300 } })
    const master = sim.masterData()
    const segment = new Map(master.filter((e) => e.type === 'customer').map((e) => [e.type === 'customer' && e.customer_id, e.type === 'customer' && e.segment]))
    const orders = new Map<string, Set<string>>()
    const churned = new Map<string, string>()
    const joined = new Map<string, string>()
    const saleAfterChurn: string[] = []
    const linesPerOrder = new Map<string, number>()
    let sales = 0
    let identified = 0
    let fulfilled = 0
    let marketplaceWithCustomer = 0
    for (let d = 0; d < 180; d++) {
      const r = sim.simulateDay(d)
      for (const e of r.events) {
        if (e.type === 'customer') {
          joined.set(e.customer_id, r.date)
          segment.set(e.customer_id, e.segment)
        }
        if (e.type !== 'sale') continue
        sales++
        if (e.fulfilment_location) {
          fulfilled++
          expect(e.channel).toBe('ecommerce')
        }
        if (e.channel === 'marketplace') {
          expect(e.order_id).toBeTruthy()
          if (e.customer_id) marketplaceWithCustomer++
        }
        if (!e.customer_id) continue
        identified++
        expect(e.order_id).toBeTruthy()
        if (churned.has(e.customer_id)) saleAfterChurn.push(e.customer_id)
        const j = joined.get(e.customer_id)
        if (j) expect(r.date >= j).toBe(true)
        linesPerOrder.set(e.order_id!, (linesPerOrder.get(e.order_id!) ?? 0) + 1)
        if (!orders.has(e.customer_id)) orders.set(e.customer_id, new Set())
        orders.get(e.customer_id)!.add(e.order_id!)
      }
      for (const c of r.truth.churnedCustomers) churned.set(c, r.date)
    }
    expect(identified / sales).toBeGreaterThan(0.2)
    expect(identified / sales).toBeLessThan(0.8)
    expect(fulfilled).toBeGreaterThan(0)
    expect(marketplaceWithCustomer).toBe(0)
    expect(saleAfterChurn).toEqual([])
    expect(churned.size).toBeGreaterThan(10)
    const repeaters = [...orders.values()].filter((o) => o.size >= 2).length
    expect(repeaters).toBeGreaterThan(50)
    // Champions come back more often than occasional shoppers.
    const perCapita = (seg: string) => {
      const ids = [...segment].filter(([, s]) => s === seg).map(([id]) => id as string)
      return ids.reduce((a, id) => a + (orders.get(id)?.size ?? 0), 0) / ids.length
    }
    expect(perCapita('champions')).toBeGreaterThan(2 * perCapita('occasional'))
    // Baskets: some orders have several lines.
    expect([...linesPerOrder.values()].filter((n) => n >= 2).length).toBeGreaterThan(50)
  })
})

describe('SimulationStream', () => {
  it('releases the same events as simulateDay, in ts order, never past the clock', () => {
    const ref = run(small, 3)
    const sim = createSimulation(small)
    const day0 = sim.dayStartMs(0)
    const realStart = day0 + 30 * 86_400_000 // real time is a month ahead: the stream may catch up
    const stream = new SimulationStream(sim, { speed: 86_400 / 4 }) // a simulated day every 4 real seconds
    const got: Event[] = []
    let last = ''
    for (let s = 0; s <= 12; s++) {
      const slice = stream.tick(realStart + s * 1000)
      for (const e of slice.events) {
        expect(Date.parse(e.ts)).toBeLessThanOrEqual(slice.simTimeMs)
        expect(e.ts >= last).toBe(true)
        last = e.ts
      }
      got.push(...slice.events)
      if (s === 2) expect(slice.simTimeMs).toBe(day0 + 12 * 3_600_000)
    }
    expect(got.map((e) => e.event_id)).toEqual(ref.days.flatMap((d) => d.events).map((e) => e.event_id))
  })

  it('never stamps events after real time (plus the allowed lead), so speed > 1 catches up then follows the clock', () => {
    const sim = createSimulation(small)
    const day0 = sim.dayStartMs(0)
    const stream = new SimulationStream(sim, { speed: 1000 })
    const realStart = day0 + 6 * 3_600_000 // 06:00 on day 0
    const a = stream.tick(realStart)
    expect(a.simTimeMs).toBe(day0) // starts at midnight of day 0 ...
    const b = stream.tick(realStart + 60_000)
    expect(b.simTimeMs).toBe(realStart + 60_000) // ... catches up within a minute, then stays on real time
    expect(b.events.every((e) => Date.parse(e.ts) <= realStart + 60_000)).toBe(true)
    const c = stream.tick(realStart + 120_000)
    expect(c.simTimeMs).toBe(realStart + 120_000)
    expect(a.truth.map((t) => t.day)).toEqual([0])
    expect(b.truth).toEqual([])
  })
})
