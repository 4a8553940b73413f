import { describe, expect, it } from 'vitest'
import { parseBatch } from '@/lib/events/batch'
import type { Event } from '@/lib/events/schema'
import type { ActionPayload } from '@/lib/actions/types'
import { noReplenishment } from './policy'
import { createSimulation, type DayResult, type Simulation } from './simulation'
import { small } from './simulation.fixture'
import { SimulationStream } from './stream'
import { HOUR_MS } from './time'

const SEED = 5
const opts = { ...small, seed: SEED }

/** A simulation run for `days` days without any replenishment of its own (only actions move stock). */
function world(days: number): { sim: Simulation; out: DayResult[] } {
  const sim = createSimulation(opts)
  sim.masterData()
  const out: DayResult[] = []
  for (let d = 0; d < days; d++) out.push(sim.simulateDay(d, noReplenishment))
  return { sim, out }
}
const more = (w: { sim: Simulation; out: DayResult[] }, days: number) => {
  for (let i = 0; i < days; i++) w.out.push(w.sim.simulateDay(w.sim.nextDay, noReplenishment))
}

let n = 0
function action(p: Partial<ActionPayload>): ActionPayload {
  return {
    action_id: `act-${++n}`, kind: 'reorder', alert_id: 'al-1', sku: '', location: '', channel: '', supplier: '', quantity: 0, cost: 0, value: 0,
    rule_version: 1, approved_by: { kind: 'rule', rule_version: 1 }, created_at: '2024-01-10T12:00:00.000Z', ...p,
  }
}

const DAY = 9
const at = (sim: Simulation, day = DAY) => sim.dayStartMs(day) + 14 * HOUR_MS
const pairOf = (sim: Simulation, loc: string, sku: string) => sim.world.pair(sim.world.locationIndex(loc), sim.world.skuIndex(sku))

describe('lib/sim/actions: reorder', () => {
  it('places a PO with the sku supplier; it arrives after the drawn lead time and raises on-hand by what was received', () => {
    const w = world(DAY + 1)
    const twin = world(DAY + 1)
    const { sim } = w
    const dc = sim.world.locations.find((l) => l.kind === 'dc')!.id
    const product = sim.world.products[3]
    const supplier = sim.world.suppliers[product.supplier]
    const r = sim.applyAction(action({ kind: 'reorder', sku: product.id, location: dc, quantity: 120 }), at(sim))
    expect(r.outcome.status).toBe('accepted')
    expect(r.outcome.note).toMatch(/^PO sim-5-PO9-A1 placed with SUP\d+ for 120 units, due \d{4}-\d\d-\d\d$/)
    const po = r.events.find((e) => e.type === 'purchase_order')!
    expect(po).toMatchObject({ po_id: 'sim-5-PO9-A1', supplier: supplier.id, sku: product.id, location: dc, qty: 120, ts: '2024-01-10T14:00:00.000Z' })
    // Promised after the supplier's mean lead time, at 08:00 like the simulation's own orders.
    expect(po.type === 'purchase_order' && po.promised_at).toBe(new Date(sim.dayStartMs(DAY + supplier.leadMean) + 8 * HOUR_MS).toISOString())
    expect(parseBatch(r.events, 100)).toMatchObject({ ok: true })

    more(w, 40)
    more(twin, 40)
    const arrival = w.out.findIndex((d) => d.events.some((e) => e.type === 'po_receipt' && e.po_id === 'sim-5-PO9-A1'))
    expect(arrival).toBeGreaterThan(DAY)
    const receipt = w.out[arrival].events.find((e) => e.type === 'po_receipt' && e.po_id === 'sim-5-PO9-A1')!
    const received = receipt.type === 'po_receipt' ? receipt.qty : -1
    // Full, or a short shipment of at least half (the supplier's fill rate).
    expect(received === 120 || (received >= 60 && received < 120)).toBe(true)
    // Lead time within what the supplier's distribution (plus a disruption) can give.
    expect(arrival - DAY).toBeGreaterThanOrEqual(1)
    expect(arrival - DAY).toBeLessThanOrEqual(supplier.leadMean + Math.ceil(4 * supplier.leadSd) + 15)
    // A DC sells nothing: its on hand differs from the twin's by exactly the receipt, from that day on.
    const pair = pairOf(sim, dc, product.id)
    for (let d = DAY; d < DAY + 40; d++) {
      const diff = w.out[d].truth.bookOnHand[pair] - twin.out[d].truth.bookOnHand[pair]
      expect(diff, `day ${d}`).toBe(d < arrival ? 0 : received)
    }
  })

  it('draws lead times from the same model as the simulation: their mean is the suppliers’ mean lead time', () => {
    const { sim } = world(DAY + 1)
    const dc = sim.world.locations.find((l) => l.kind === 'dc')!.id
    const leads: number[] = []
    const means: number[] = []
    const ids = new Map<string, number>()
    for (const p of sim.world.products) {
      const r = sim.applyAction(action({ kind: 'reorder', sku: p.id, location: dc, quantity: 10 }), at(sim))
      const po = r.events[0]
      if (po?.type === 'purchase_order') ids.set(po.po_id, sim.world.suppliers[p.supplier].leadMean)
    }
    for (let d = DAY + 1; d < DAY + 60; d++) {
      for (const e of sim.simulateDay(d, noReplenishment).events) {
        if (e.type === 'po_receipt' && ids.has(e.po_id)) {
          leads.push(d - DAY)
          means.push(ids.get(e.po_id)!)
        }
      }
    }
    expect(leads.length).toBe(ids.size)
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    // Disruptions only ever add days, so the mean sits at or a little above the suppliers' means.
    expect(avg(leads) - avg(means)).toBeGreaterThan(-0.6)
    expect(avg(leads) - avg(means)).toBeLessThan(3)
  })
})

describe('lib/sim/actions: expedite', () => {
  it('halves the remaining days of the open PO, and is a no-op with a reason when none is open', () => {
    const { sim } = world(DAY + 1)
    const dc = sim.world.locations.find((l) => l.kind === 'dc')!.id
    const p = sim.world.products.find((x) => sim.world.suppliers[x.supplier].leadMean >= 8)!
    const none = sim.applyAction(action({ kind: 'expedite', sku: p.id, location: dc }), at(sim))
    expect(none.outcome).toMatchObject({ status: 'refused', duplicate: false })
    expect(none.outcome.note).toMatch(/nothing to expedite/)
    sim.applyAction(action({ kind: 'reorder', sku: p.id, location: dc, quantity: 50 }), at(sim))
    const r = sim.applyAction(action({ kind: 'expedite', sku: p.id, location: dc, supplier: '' }), at(sim))
    expect(r.outcome.status).toBe('accepted')
    const [, due, before] = /arrives (\S+) instead of (\S+)/.exec(r.outcome.note) ?? []
    const days = (iso: string) => Math.round((Date.parse(iso) - sim.dayStartMs(DAY)) / 86_400_000)
    expect(days(due)).toBe(Math.max(1, Math.ceil(days(before) / 2)))
    // Restated to StockPulse as the ERP would: the same PO, the new promise.
    expect(r.events).toEqual([expect.objectContaining({ type: 'purchase_order', sku: p.id, location: dc, qty: 50, promised_at: new Date(Date.parse(due) + 8 * HOUR_MS).toISOString() })])
    expect(parseBatch(r.events, 10)).toMatchObject({ ok: true })
    let arrived = -1
    for (let d = DAY + 1; d < DAY + 40 && arrived < 0; d++) {
      if (sim.simulateDay(d, noReplenishment).events.some((e) => e.type === 'po_receipt' && e.sku === p.id && e.location === dc)) arrived = d
    }
    expect(arrived - DAY).toBe(days(due))
  })
})

describe('lib/sim/actions: transfer', () => {
  it('moves min(quantity, what is there): the source never goes below zero, the destination gets it after the transit days', () => {
    const w = world(DAY + 1)
    const twin = world(DAY + 1)
    const { sim } = w
    const store = sim.world.locations.find((l) => l.kind === 'store')!
    const dc = sim.world.locations[store.parent].id
    const sku = sim.world.products.find((p) => w.out[DAY].truth.physicalOnHand[pairOf(sim, store.id, p.id)] >= 3)!.id
    const src = pairOf(sim, store.id, sku)
    const dst = pairOf(sim, dc, sku)
    const there = w.out[DAY].truth.physicalOnHand[src]
    const r = sim.applyAction(action({ kind: 'transfer', sku, location: dc, from_location: store.id, quantity: there + 50 }), at(sim))
    expect(r.outcome.status).toBe('accepted')
    expect(r.outcome.note).toContain(`${there} units ${store.id} -> ${dc} (${there + 50} asked, ${there} there)`)
    expect(r.events.map((e) => e.type)).toEqual(['transfer', 'inventory_movement'])
    expect(r.events[1]).toMatchObject({ kind: 'transfer_out', qty: there, location: store.id, sku })
    expect(r.bookDeltas).toEqual([{ sku, location: store.id, delta: -there }])
    expect(parseBatch(r.events, 100)).toMatchObject({ ok: true })
    // Nothing left: a second transfer is refused, and nothing moves.
    const again = sim.applyAction(action({ kind: 'transfer', sku, location: dc, from_location: store.id, quantity: 5 }), at(sim))
    expect(again.outcome).toMatchObject({ status: 'refused', note: `nothing to transfer: 0 units of ${sku} at ${store.id}` })
    expect(again.events).toEqual([])

    more(w, 4)
    more(twin, 4)
    for (let d = DAY + 1; d <= DAY + 4; d++) {
      expect(w.out[d].truth.physicalOnHand[src]).toBeGreaterThanOrEqual(0)
      expect(w.out[d].truth.bookOnHand[src]).toBeGreaterThanOrEqual(0)
    }
    // Same region: one day in transit, then the DC (which sells nothing) holds it.
    const inOn = w.out.findIndex((d) => d.events.some((e) => e.type === 'inventory_movement' && e.kind === 'transfer_in' && e.location === dc && e.sku === sku))
    expect(inOn).toBe(DAY + 1)
    expect(w.out[DAY + 1].truth.bookOnHand[dst] - twin.out[DAY + 1].truth.bookOnHand[dst]).toBe(there)
  })

  it('refuses a transfer without a source, from itself, from an unknown location, or of less than a unit', () => {
    const { sim } = world(DAY + 1)
    const store = sim.world.locations.find((l) => l.kind === 'store')!
    const sku = sim.world.products[0].id
    expect(sim.applyAction(action({ kind: 'transfer', sku, location: store.id, quantity: 1 }), at(sim)).outcome.note).toBe('a transfer needs from_location')
    expect(sim.applyAction(action({ kind: 'transfer', sku, location: store.id, from_location: store.id, quantity: 1 }), at(sim)).outcome.note).toMatch(/both/)
    expect(sim.applyAction(action({ kind: 'transfer', sku, location: store.id, from_location: 'NOPE', quantity: 1 }), at(sim)).outcome.note).toBe('unknown location NOPE')
    const dc = sim.world.locations[store.parent].id
    expect(sim.applyAction(action({ kind: 'transfer', sku, location: store.id, from_location: dc, quantity: 0.5 }), at(sim)).outcome.note).toBe('quantity must be at least 1 unit, got 0.5')
  })
})

describe('lib/sim/actions: markdown', () => {
  it('emits a markdown price change and raises expected demand by (price / regular) ^ -elasticity from the next day', () => {
    const w = world(DAY + 1)
    const twin = world(DAY + 1)
    const { sim } = w
    const p = sim.world.products.find((x) => !x.seasonal && x.mover === 'fast')!
    const regular = sim.demand.regularPrice(p.index, DAY + 1)
    const price = Math.round(regular * 0.8 * 100) / 100
    const r = sim.applyAction(action({ kind: 'markdown', sku: p.id, location: sim.world.locations[1].id, price }), at(sim))
    expect(r.outcome.status).toBe('accepted')
    expect(r.events).toEqual([expect.objectContaining({ type: 'price_change', sku: p.id, kind: 'markdown', price, ts: '2024-01-10T14:00:00.000Z' })])
    more(w, 2)
    more(twin, 2)
    const uplift = Math.pow(price / regular, -p.elasticity)
    expect(uplift).toBeGreaterThan(1.3)
    let pairs = 0
    for (let l = 0; l < sim.world.locationCount; l++) {
      const pair = sim.world.pair(l, p.index)
      const base = twin.out[DAY + 1].truth.expected[pair]
      if (!(base > 0)) continue
      pairs++
      expect(w.out[DAY + 1].truth.expected[pair] / base).toBeCloseTo(uplift, 4)
      // The action's day itself was simulated before it: unchanged.
      expect(w.out[DAY].truth.expected[pair]).toBe(twin.out[DAY].truth.expected[pair])
    }
    expect(pairs).toBeGreaterThan(3)
    // Sales the next day are at the marked-down price; no second price_change for the same price.
    const sales = w.out[DAY + 1].events.filter((e) => e.type === 'sale' && e.sku === p.id && !e.promo_id)
    expect(sales.length).toBeGreaterThan(0)
    expect(sales.every((e) => e.type === 'sale' && e.unit_price === price)).toBe(true)
    expect(w.out[DAY + 1].events.some((e) => e.type === 'price_change' && e.sku === p.id && !e.location)).toBe(false)
    // The analysis model (sim.demand) states the same truth.
    expect(sim.demand.expectedAt(p.index, 2, DAY + 1)).toBeCloseTo(w.out[DAY + 1].truth.expected[sim.world.pair(2, p.index)], 3)
  })

  it('refuses a price at or above the regular price, an absurd one, and one without a price', () => {
    const { sim } = world(DAY + 1)
    const p = sim.world.products.find((x) => !x.seasonal)!
    const regular = sim.demand.regularPrice(p.index, DAY + 1)
    const loc = sim.world.locations[1].id
    expect(sim.applyAction(action({ kind: 'markdown', sku: p.id, location: loc, price: regular }), at(sim)).outcome.note).toMatch(/not a markdown/)
    expect(sim.applyAction(action({ kind: 'markdown', sku: p.id, location: loc, price: regular * 0.01 }), at(sim)).outcome.note).toMatch(/not applied/)
    expect(sim.applyAction(action({ kind: 'markdown', sku: p.id, location: loc }), at(sim)).outcome.note).toBe('a markdown needs price')
  })
})

describe('lib/sim/actions: idempotence, bad payloads, determinism', () => {
  it('applies an action id once: a repeat is a duplicate with the first outcome and no events', () => {
    const { sim } = world(DAY + 1)
    const dc = sim.world.locations.find((l) => l.kind === 'dc')!.id
    const a = action({ kind: 'reorder', sku: sim.world.products[0].id, location: dc, quantity: 30 })
    const first = sim.applyAction(a, at(sim))
    const second = sim.applyAction({ ...a, quantity: 999 }, at(sim) + 1000)
    expect(first.outcome.duplicate).toBe(false)
    expect(second.outcome).toEqual({ ...first.outcome, duplicate: true })
    expect(second.events).toEqual([])
    let received = 0
    for (let d = DAY + 1; d < DAY + 50; d++) {
      for (const e of sim.simulateDay(d, noReplenishment).events) if (e.type === 'purchase_order') received += 1_000_000
      else if (e.type === 'po_receipt' && e.location === dc) received += 1
    }
    expect(received).toBe(1)
  })

  it('refuses unknown or absurd payloads with the reason, and the simulation carries on', () => {
    const { sim } = world(DAY + 1)
    const sku = sim.world.products[0].id
    const dc = sim.world.locations.find((l) => l.kind === 'dc')!.id
    const cases: [unknown, RegExp][] = [
      [null, /invalid payload: \(body\)/],
      ['reorder', /invalid payload/],
      [{ ...action({ sku, location: dc }), quantity: -5 }, /invalid payload: quantity/],
      [{ ...action({ sku, location: dc }), quantity: Number.NaN }, /invalid payload: quantity/],
      [{ ...action({ sku, location: dc }), kind: 'teleport' }, /invalid payload: kind/],
      [{ ...action({ sku, location: dc }), action_id: undefined }, /invalid payload: action_id/],
      [action({ sku: 'NO-SUCH-SKU', location: dc, quantity: 5 }), /^unknown sku NO-SUCH-SKU$/],
      [action({ sku, location: 'MOON', quantity: 5 }), /^unknown location MOON$/],
      [action({ sku, location: dc, quantity: 5, supplier: 'ACME-X' }), /^unknown supplier ACME-X$/],
      [action({ sku, location: dc, quantity: 5_000_000 }), /more than 100000 units/],
      [action({ sku, location: dc, quantity: 0 }), /at least 1 unit/],
      [action({ kind: 'reallocate', sku, location: sim.world.locations[1].id, quantity: 5, split: { store: 3, ecommerce: 2 } }), /holds no channel split at .* none to change/],
    ]
    for (const [raw, why] of cases) {
      const r = sim.applyAction(raw, at(sim))
      expect(r.outcome.status, String(why)).toBe('refused')
      expect(r.outcome.note).toMatch(why)
      expect(r.events).toEqual([])
    }
    expect(() => sim.simulateDay(DAY + 1, noReplenishment)).not.toThrow()
  })

  it('refuses before the first simulated day', () => {
    const sim = createSimulation(opts)
    const r = sim.applyAction(action({ sku: sim.world.products[0].id, location: 'DC01', quantity: 5 }), sim.dayStartMs(0))
    expect(r.outcome).toMatchObject({ status: 'refused', note: 'the simulation has not started' })
  })

  it('gives the same world for the same seed and the same actions at the same instants', () => {
    const go = () => {
      const w = world(DAY + 1)
      const { sim } = w
      const store = sim.world.locations.find((l) => l.kind === 'store')!
      const dc = sim.world.locations[store.parent].id
      const p = sim.world.products[7]
      const events: Event[] = []
      events.push(...sim.applyAction(action({ action_id: 'x1', kind: 'reorder', sku: p.id, location: dc, quantity: 40 }), at(sim)).events)
      events.push(...sim.applyAction(action({ action_id: 'x2', kind: 'transfer', sku: p.id, location: store.id, from_location: dc, quantity: 6 }), at(sim)).events)
      events.push(...sim.applyAction(action({ action_id: 'x3', kind: 'markdown', sku: p.id, location: store.id, price: p.price * 0.7 }), at(sim)).events)
      more(w, 20)
      return JSON.stringify([events, w.out.map((d) => d.events)])
    }
    expect(go()).toBe(go())
  })
})

describe('SimulationStream.applyAction', () => {
  it('stamps the events at the simulated clock and corrects the held end-of-day snapshot of the source', () => {
    const sim = createSimulation({ ...opts, events: { snapshots: 'daily' } })
    for (let d = 0; d < DAY; d++) sim.simulateDay(d, noReplenishment)
    const t0 = sim.dayStartMs(DAY) + 14 * HOUR_MS
    const stream = new SimulationStream(sim, { policy: noReplenishment, speed: 1, fromMs: t0 })
    const [truth] = stream.tick(t0).truth
    const store = sim.world.locations.find((l) => l.kind === 'store')!
    const dc = sim.world.locations[store.parent].id
    const p = sim.world.products.find((x) => truth.bookOnHand[sim.world.pair(store.parent, x.index)] >= 10)!
    const before = truth.bookOnHand[sim.world.pair(store.parent, p.index)]
    const r = stream.applyAction(action({ kind: 'transfer', sku: p.id, location: store.id, from_location: dc, quantity: 7 }))
    expect(r.outcome.status).toBe('accepted')
    expect(r.events.every((e) => Date.parse(e.ts) === t0)).toBe(true)
    // The rest of the day, to its 23:59 snapshot, computed before the transfer: it says what the books say now.
    const rest = stream.tick(t0 + 10 * HOUR_MS).events
    const snaps = rest.filter((e) => e.type === 'inventory_snapshot' && e.location === dc && e.sku === p.id)
    expect(snaps).toEqual([expect.objectContaining({ on_hand: before - 7 })])
  })
})
