/**
 * The simulation's state that carries from day to day, shared by the phases of a day (morning.ts,
 * sales.ts, losses.ts, evening.ts): stock per SKU x location pair as the books see it and as the
 * shelf holds it, what is on order and in transit, what is due on later days (arrivals, counts,
 * returns), and the emission helpers that stamp the day's events.
 *
 * Internal to lib/sim: simulation.ts owns one and runs the phases over it in order.
 */
import type { Event } from '../../events/schema'
import type { SimConfig } from '../config'
import { DemandModel, PriceOverrides } from '../demand'
import type { PolicyState } from '../policy'
import { Rng } from '../random'
import { DAY_MS, HOUR_MS, SimDay } from '../time'
import type { Channel } from '../types'
import { buildWorld } from '../world'
import type { World } from '../world'

/** Salts of the hashes that make each kind of draw replayable on its own. */
export const SALT_BASKET = 0xba5e
export const SALT_RETURN = 0x7e70
export const SALT_SHRINK = 0x5421
export const SALT_SPIKE = 0x5b1e
export const SALT_PHANTOM = 0xf4a7
export const SALT_LEAD = 0x1ead
export const SALT_FILL = 0xf111
export const SALT_TRANSIT = 0x7a45
export const SALT_DISRUPT = 0xd157
export const SALT_SFS = 0x5f5

export const SEGMENT_TIMES_MS = { snapshot: 23 * HOUR_MS + 59 * 60_000, policyTransfer: 21 * HOUR_MS, policyOrder: 22 * HOUR_MS }

export interface Arrival {
  kind: 0 | 1 // 0 = PO, 1 = transfer
  id: string
  pair: number
  qty: number
  serial: number
  /** PO: when it was ordered (ISO) and the supplier's index, what an expedite restates. */
  orderedAt?: string
  supplier?: number
}

export interface PendingReturn {
  pair: number
  qty: number
  price: number
  channel: Channel
  orderId: string | undefined
  customerId: string | undefined
}

export interface Spike {
  pair: number
  endDay: number
  unitsPerDay: number
}

export const round2 = (x: number) => Math.round(x * 100) / 100

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

export class SimState {
  readonly config: SimConfig
  readonly world: World
  /** The model the simulation draws from (the Simulation's `demand` is a separate instance). */
  readonly model: DemandModel
  readonly seed: number
  readonly prefix: string
  readonly nSku: number
  readonly nLoc: number
  readonly nPairs: number
  readonly skuIds: string[]
  readonly locIds: string[]

  // Inventory state per pair.
  readonly sys: Int32Array
  readonly phys: Int32Array
  readonly onOrder: Int32Array
  readonly inTransit: Int32Array
  readonly outflow: Int32Array
  readonly ewma: Float64Array
  readonly lastSnap: Int32Array
  readonly phantomUntil: Int32Array

  readonly arrivals = new Map<number, Arrival[]>()
  readonly counts = new Map<number, number[]>()
  readonly returnsDue = new Map<number, PendingReturn[]>()
  spikes: Spike[] = []
  readonly lastPrice: Float64Array
  readonly lastMarkdown: Float64Array
  readonly joinByDay = new Map<number, number[]>()
  readonly churnByDay = new Map<number, number[]>()
  serial = 0
  /** Outcomes of the actions applied from outside (lib/sim/actions.ts), by action id: each applies once. */
  readonly actions = new Map<string, { status: 'accepted' | 'refused'; note: string }>()

  // Per-day scratch.
  events: Event[] = []
  times: number[] = []
  n = 0
  cal: SimDay
  /** Reseeded before each use (baskets, returns, lead times), so its draws do not depend on order. */
  readonly rng2 = new Rng()
  /** The policy's view of one pair, reused (policy.ts: read it, do not keep it). */
  readonly policyState: PolicyState

  constructor(config: SimConfig) {
    this.config = config
    this.world = buildWorld(config)
    this.model = new DemandModel(this.world, new PriceOverrides())
    this.seed = config.seed
    this.prefix = config.idPrefix
    const w = this.world
    this.nSku = w.skuCount
    this.nLoc = w.locationCount
    this.nPairs = w.pairCount
    this.skuIds = w.products.map((p) => p.id)
    this.locIds = w.locations.map((l) => l.id)
    this.sys = new Int32Array(this.nPairs)
    this.phys = new Int32Array(this.nPairs)
    this.onOrder = new Int32Array(this.nPairs)
    this.inTransit = new Int32Array(this.nPairs)
    this.outflow = new Int32Array(this.nPairs)
    this.ewma = new Float64Array(this.nPairs)
    this.lastSnap = new Int32Array(this.nPairs).fill(-1)
    this.phantomUntil = new Int32Array(this.nPairs).fill(-1)
    this.lastPrice = Float64Array.from(w.products, (p) => p.price)
    this.lastMarkdown = new Float64Array(this.nSku)
    // Opening stock: a few days of nominal demand everywhere (policy-independent).
    const cover = config.inventory.openingCoverDays
    for (let i = 0; i < this.nPairs; i++) {
      if (!w.carried[i]) continue
      const loc = w.locations[(i / this.nSku) | 0]
      const q = Math.max(1, Math.round(w.nominalRate[i] * (loc.kind === 'dc' ? cover.dc : cover.store)))
      this.sys[i] = q
      this.phys[i] = q
      this.ewma[i] = w.nominalRate[i]
    }
    const c = w.customers
    for (let i = 0; i < c.count; i++) {
      if (c.joinDay[i] > 0) push(this.joinByDay, c.joinDay[i], i)
      push(this.churnByDay, c.churnDay[i], i)
    }
    this.cal = new SimDay(0, w.startMs)
    this.policyState = {
      day: 0, date: '', dow: 0, sku: 0, location: 0, product: w.products[0], site: w.locations[0], onHand: 0, onOrder: 0,
      inTransit: 0, position: 0, outflowToday: 0, avgDailyOutflow: 0, nominalDailyRate: 0, leadTimeDays: 0,
      replenishedBy: 'transfer', parent: -1, supplier: 0, price: 0,
    }
  }

  dayStartMs(day: number): number {
    return this.world.startMs + day * DAY_MS
  }

  // ------------------------------------------------------------------ emission helpers

  id(): string {
    return `${this.prefix}-${this.cal.index}-${++this.n}`
  }

  emit(e: Event, msOfDay: number): void {
    this.events.push(e)
    this.times.push(msOfDay < 0 ? 0 : msOfDay >= DAY_MS ? DAY_MS - 1 : Math.floor(msOfDay))
  }

  move(pair: number, kind: 'receipt' | 'transfer_out' | 'transfer_in' | 'adjustment' | 'shrink' | 'count', qty: number, ref: string, t: number): void {
    const l = (pair / this.nSku) | 0
    this.emit(
      { type: 'inventory_movement', event_id: this.id(), ts: this.cal.ts(t), sku: this.skuIds[pair - l * this.nSku], location: this.locIds[l], kind, qty, ref },
      t,
    )
  }
}
