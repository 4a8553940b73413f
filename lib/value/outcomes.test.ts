import { describe, expect, it } from 'vitest'
import type { Event } from '@/lib/events/schema'
import { createSimulation } from '@/lib/sim'
import type { GroundTruth } from '@/lib/sim/types'
import { dayOutcomes, sumFigures } from './outcomes'

/** One DC and one store, one SKU sold at 10 (regular) and bought at 4. */
function tinyWorld() {
  const sim = createSimulation({
    seed: 7,
    start: '2025-03-01',
    scale: { regions: 1, dcs: 1, stores: 1, darkStores: 0, webShops: 0, marketplaces: 0, skus: 1, categories: 1, suppliers: 1, customers: 10 },
  })
  const w = sim.world
  w.carried.fill(1)
  w.products[0].price = 10
  w.products[0].unitCost = 4
  const dc = w.locations.find((l) => l.kind === 'dc')!
  const store = w.locations.find((l) => l.channel !== null)!
  return { w, dc, store, sku: w.products[0].id }
}

const TS = '2025-03-01T10:00:00.000Z'
const base = (n: number) => ({ event_id: `e${n}`, ts: TS })

describe('dayOutcomes', () => {
  const { w, dc, store, sku } = tinyWorld()
  const truth: GroundTruth = {
    day: 0,
    date: '2025-03-01',
    demand: Uint32Array.from(w.locations.map((l) => (l.channel ? 10 : 0))),
    expected: new Float32Array(2),
    sold: Uint32Array.from(w.locations.map((l) => (l.channel ? 7 : 0))),
    physicalOnHand: Int32Array.from(w.locations.map((l) => (l.channel ? 5 : 30))),
    bookOnHand: new Int32Array(2),
    // Marked down to 8 today.
    shelfPrice: Float64Array.from(w.locations.map((l) => (l.channel ? 8 : 0))),
    regularPrice: Float64Array.of(10),
    anomalies: [
      { kind: 'phantom_inventory', day: 0, date: '2025-03-01', sku, location: store.id, magnitude: 2, mechanism: 'unrecorded_loss', correctedOnDay: 9 },
      { kind: 'phantom_inventory', day: 0, date: '2025-03-01', sku, location: store.id, magnitude: 5, mechanism: 'phantom_receipt', correctedOnDay: 9 },
    ],
    churnedCustomers: [],
  }
  const events: Event[] = [
    { type: 'po_receipt', ...base(1), po_id: 'PO1', sku, location: dc.id, qty: 24, received_at: TS },
    { type: 'inventory_movement', ...base(2), sku, location: store.id, kind: 'transfer_in', qty: 4 },
    { type: 'inventory_movement', ...base(3), sku, location: store.id, kind: 'shrink', qty: 1 },
    // The policy's own DC -> store transfer: charged like any other, its transfer_out already in the truth's stock.
    { type: 'transfer', ...base(4), transfer_id: 'T1', from: dc.id, to: store.id, sku, qty: 6, shipped_at: TS, expected_at: TS },
    { type: 'inventory_movement', ...base(5), sku, location: dc.id, kind: 'transfer_out', qty: 6 },
    // A new PO of the day's own policy: not an expedite.
    { type: 'purchase_order', ...base(6), po_id: 'PO2', supplier: 'S', sku, location: dc.id, qty: 12, ordered_at: TS, promised_at: TS },
  ]
  const actionEvents: Event[] = [
    { type: 'transfer', ...base(7), transfer_id: 'T2', from: dc.id, to: store.id, sku, qty: 2, shipped_at: TS, expected_at: TS },
    { type: 'inventory_movement', ...base(8), sku, location: dc.id, kind: 'transfer_out', qty: 2 },
    // Restated promise of a PO ordered days ago: an expedite of 50 units.
    { type: 'purchase_order', ...base(9), po_id: 'PO0', supplier: 'S', sku, location: dc.id, qty: 50, ordered_at: '2025-02-20T22:00:00.000Z', promised_at: TS },
    // An action's new order (ordered when sent): not an expedite.
    { type: 'purchase_order', ...base(10), po_id: 'PO3', supplier: 'S', sku, location: dc.id, qty: 40, ordered_at: TS, promised_at: TS },
  ]
  const rows = dayOutcomes(w, { truth, events, actionEvents }, { carryingRate: 0.365 })
  const byLoc = Object.fromEntries(rows.map((r) => [r.location, r]))

  it('a selling pair: sales at the shelf price, lost margin, markdown, transfers in, write-offs', () => {
    expect(byLoc[store.id]).toEqual({
      date: '2025-03-01', sku, location: store.id,
      demand: 10, sold: 7, lost: 3,
      revenue: 56, // 7 x 8
      cogs: 28, // 7 x 4
      lost_margin: 12, // 3 x (8 - 4)
      inventory_units: 5, inventory_cost: 20,
      carrying_cost: expect.closeTo(0.02, 10), // 20 x 0.365 / 365
      expedite_cost: 0,
      transfer_cost: 32, // (15 + 0.25 x 6) + (15 + 0.25 x 2)
      markdown_cost: 14, // (10 - 8) x 7
      writeoff_cost: 12, // (1 shrink + 2 unrecorded) x 4; a phantom receipt loses nothing
      receipts: 1,
    })
  })

  it('a DC: no demand; stock less what an action shipped, the expedite fee, the receipt', () => {
    expect(byLoc[dc.id]).toEqual({
      date: '2025-03-01', sku, location: dc.id,
      demand: 0, sold: 0, lost: 0, revenue: 0, cogs: 0, lost_margin: 0,
      inventory_units: 28, // 30 - 2 shipped by the action after the day's figure
      inventory_cost: 112,
      carrying_cost: expect.closeTo(0.112, 10),
      expedite_cost: 20, // 0.1 x 50 x 4
      transfer_cost: 0, markdown_cost: 0, writeoff_cost: 0,
      receipts: 1,
    })
  })

  it('sums with weights', () => {
    const t = sumFigures([{ ...byLoc[store.id], weight: 0.25 }, { ...byLoc[store.id], weight: 0.75 }, byLoc[dc.id]])
    expect(t.revenue).toBe(56)
    expect(t.inventory_cost).toBe(132)
    expect(t.receipts).toBe(2)
  })

  it('no lost margin below cost, no markdown at or above regular', () => {
    const t2: GroundTruth = { ...truth, shelfPrice: Float64Array.from(w.locations.map((l) => (l.channel ? 3 : 0))), regularPrice: Float64Array.of(3) }
    const r = dayOutcomes(w, { truth: t2, events: [] }, { carryingRate: 0.25 }).find((x) => x.location === store.id)!
    expect(r.lost_margin).toBe(0)
    expect(r.markdown_cost).toBe(0)
    expect(r.receipts).toBe(0)
    expect(r.transfer_cost).toBe(0)
  })
})

describe('dayOutcomes on a simulated day', () => {
  it('revenue equals the sale events at their prices; demand, sold and stock equal the truth', () => {
    const sim = createSimulation({ seed: 3, scale: { stores: 3, darkStores: 1, webShops: 1, marketplaces: 1, skus: 40, categories: 4, suppliers: 3, customers: 300 } })
    for (let d = 0; d < 20; d++) {
      const r = sim.simulateDay(d)
      const rows = dayOutcomes(sim.world, r, { carryingRate: 0.25 })
      const t = sumFigures(rows)
      let revenue = 0
      for (const e of r.events) if (e.type === 'sale') revenue += e.qty * e.unit_price
      expect(t.revenue).toBeCloseTo(revenue, 6)
      let demand = 0
      let sold = 0
      let stock = 0
      for (let i = 0; i < sim.world.pairCount; i++) {
        if (!sim.world.carried[i]) continue
        stock += r.truth.physicalOnHand[i]
        if (sim.world.locations[Math.floor(i / sim.world.skuCount)].channel === null) continue
        demand += r.truth.demand[i]
        sold += r.truth.sold[i]
      }
      expect(t.demand).toBe(demand)
      expect(t.sold).toBe(sold)
      expect(t.inventory_units).toBe(stock)
    }
  })
})
