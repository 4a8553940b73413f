import { describe, expect, it } from 'vitest'
import type { SimOptions } from './config'
import { createSimulation } from './simulation'
import type { DayResult } from './simulation'
import { small } from './simulation.fixture'
import { truthDemandRows } from './truth'

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

describe('simulation: the events add up to the books', () => {
  it("the product's accounting (latest snapshot or count + stock changes and sales stamped after it) gives the simulator's own on hand, every day", () => {
    // Snapshots only when the books changed (what bench:agents and the demo stream), phantoms of both mechanisms.
    const sim = createSimulation({ ...small, seed: 5, events: { snapshots: 'changed' }, anomalies: { phantomPerPairYear: 4 } })
    const w = sim.world
    const snap = new Map<string, { ts: number; qty: number }>()
    const changes = new Map<string, { ts: number; delta: number }[]>()
    const key = (loc: string, sku: string) => `${loc}|${sku}`
    const change = (k: string, ts: number, delta: number) => changes.set(k, [...(changes.get(k) ?? []), { ts, delta }])
    const mechanisms = new Set<string>()
    const wrong: string[] = []
    for (let d = 0; d < 120; d++) {
      const r = sim.simulateDay(d)
      for (const e of r.events) {
        const ts = Date.parse(e.ts)
        if (e.type === 'inventory_snapshot' || (e.type === 'inventory_movement' && e.kind === 'count')) {
          const k = key(e.location, e.sku)
          if (ts >= (snap.get(k)?.ts ?? -Infinity)) snap.set(k, { ts, qty: e.type === 'inventory_snapshot' ? e.on_hand : e.qty })
        } else if (e.type === 'inventory_movement') {
          change(key(e.location, e.sku), ts, e.kind === 'receipt' || e.kind === 'transfer_in' ? e.qty : e.kind === 'transfer_out' || e.kind === 'shrink' ? -e.qty : e.qty)
        } else if (e.type === 'return' && e.condition === 'resellable') change(key(e.location, e.sku), ts, e.qty)
        else if (e.type === 'sale') change(key(e.fulfilment_location ?? e.location, e.sku), ts, -e.qty)
      }
      for (const a of r.truth.anomalies) if (a.kind === 'phantom_inventory') mechanisms.add(a.mechanism)
      for (const l of w.locations) {
        for (let s = 0; s < w.skuCount; s++) {
          const i = w.pair(l.index, s)
          if (!w.carried[i]) continue
          const k = key(l.id, w.products[s].id)
          const base = snap.get(k)
          const after = (changes.get(k) ?? []).filter((c) => c.ts > (base?.ts ?? -Infinity))
          changes.set(k, after)
          const books = (base?.qty ?? 0) + after.reduce((a, c) => a + c.delta, 0)
          if (books !== r.truth.bookOnHand[i]) wrong.push(`day ${d} ${k}: events say ${books}, books ${r.truth.bookOnHand[i]}`)
        }
      }
    }
    expect(mechanisms).toEqual(new Set(['unrecorded_loss', 'phantom_receipt']))
    expect(wrong.slice(0, 5)).toEqual([])
  })
})
