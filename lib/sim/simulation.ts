/**
 * The retail simulation: serves the demand model's true demand from physical stock, day by day,
 * under a replenishment policy, and writes two things apart from each other:
 *
 *   - the event stream (v1 events, exactly what a retailer's systems would send), and
 *   - the ground truth (true demand, physical stock, injected anomalies), which the product's own
 *     decisions must never read.
 *
 * Pure and deterministic: no I/O, no clock. Same config and seed, same policy => same events.
 * Days run in order (`simulateDay(nextDay)`), because stock carries over.
 *
 * Within a day: cycle counts at midnight; arrivals (POs, transfers) in the morning; price changes,
 * promotions, weather and local events; sales (censored at physical stock) with loyalty baskets;
 * returns; shrink and injected anomalies; then the evening policy run (transfers, POs) and the
 * end-of-day inventory snapshots at 23:59.
 */
import type { Event } from '../events/schema'
import { resolveConfig } from './config'
import type { SimConfig, SimOptions } from './config'
import { DemandModel, doyNoLeap } from './demand'
import type { DemandDay } from './demand'
import { minMaxPolicy } from './policy'
import type { Policy, PolicyAction, PolicyState } from './policy'
import { Rng, hash, hash01 } from './random'
import { DAY_MS, HOUR_MS, SimDay, isoInstant } from './time'
import type { Anomaly, Channel, GroundTruth } from './types'
import { buildWorld, customerEvent, masterDataEvents, productEvent } from './world'
import type { World } from './world'

const SALT_BASKET = 0xba5e
const SALT_RETURN = 0x7e70
const SALT_SHRINK = 0x5421
const SALT_SPIKE = 0x5b1e
const SALT_PHANTOM = 0xf4a7
const SALT_LEAD = 0x1ead
const SALT_FILL = 0xf111
const SALT_TRANSIT = 0x7a45
const SALT_DISRUPT = 0xd157
const SALT_SFS = 0x5f5

/** Hourly shape of sales within a day, per channel (index = hour). */
const INTRADAY: Record<Channel, number[]> = {
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0.4, 0.7, 0.9, 1.1, 1.4, 1.3, 1.0, 1.0, 1.2, 1.5, 1.5, 1.1, 0.6, 0, 0, 0],
  dark_store: [0, 0, 0, 0, 0, 0, 0, 0.3, 0.6, 0.7, 0.8, 1.0, 1.3, 1.1, 0.9, 0.9, 1.1, 1.4, 1.6, 1.5, 1.2, 0.8, 0.4, 0],
  ecommerce: [0.2, 0.12, 0.08, 0.06, 0.06, 0.1, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0, 0.95, 0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 1.45, 1.4, 1.0, 0.5],
  marketplace: [0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0, 0.95, 0.9, 0.9, 0.95, 1.0, 1.1, 1.25, 1.35, 1.3, 1.0, 0.55],
}

const RETURN_REASONS = ['changed_mind', 'wrong_size', 'defective', 'not_as_described', 'damaged_in_transit', 'late_delivery'] as const
const SHRINK_REASONS = ['damaged', 'expired', 'theft', 'admin_error'] as const
const SEGMENT_TIMES_MS = { snapshot: 23 * HOUR_MS + 59 * 60_000, policyTransfer: 21 * HOUR_MS, policyOrder: 22 * HOUR_MS }

export interface DayResult {
  day: number
  date: string
  /** The day's events, ordered by timestamp. */
  events: Event[]
  /** Epoch milliseconds of each event's ts (same order). */
  times: Float64Array
  /** Kept apart from the events: never feed it to the product. */
  truth: GroundTruth
}

export interface Simulation {
  readonly config: SimConfig
  readonly world: World
  /** The demand model (ground truth: for analysis and tests, never for a policy). */
  readonly demand: DemandModel
  /** The baseline static min-max policy used when simulateDay gets none. */
  readonly baseline: Policy
  /** The day simulateDay expects next. */
  readonly nextDay: number
  /** Location, supplier, product and customer master events, stamped one hour before day 0. */
  masterData(): Event[]
  /** Simulate one day (must be `nextDay`). */
  simulateDay(day: number, policy?: Policy): DayResult
  /** Epoch ms of a day's midnight (UTC). */
  dayStartMs(day: number): number
  /** The day index an instant falls on. */
  dayOf(ms: number): number
}

interface Arrival {
  kind: 0 | 1 // 0 = PO, 1 = transfer
  id: string
  pair: number
  qty: number
  serial: number
}

interface PendingReturn {
  pair: number
  qty: number
  price: number
  channel: Channel
  orderId: string | undefined
  customerId: string | undefined
}

interface Spike {
  pair: number
  endDay: number
  unitsPerDay: number
}

/** Growable struct-of-arrays for the day's sale lines. */
class Lines {
  n = 0
  sku = new Int32Array(4096)
  loc = new Int16Array(4096)
  qty = new Int32Array(4096)
  price = new Float64Array(4096)
  promo = new Int32Array(4096)
  t = new Float64Array(4096)
  cust = new Int32Array(4096)
  order = new Int32Array(4096)
  fulfil = new Int16Array(4096)
  ident = new Uint8Array(4096)

  reset(): void {
    this.n = 0
  }

  push(sku: number, loc: number, qty: number, price: number, promo: number, t: number, fulfil: number, ident: number): void {
    if (this.n === this.sku.length) this.grow()
    const i = this.n++
    this.sku[i] = sku
    this.loc[i] = loc
    this.qty[i] = qty
    this.price[i] = price
    this.promo[i] = promo
    this.t[i] = t
    this.cust[i] = -1
    this.order[i] = -1
    this.fulfil[i] = fulfil
    this.ident[i] = ident
  }

  private grow(): void {
    const g = <T extends Int32Array | Int16Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2)
      b.set(a)
      return b
    }
    this.sku = g(this.sku)
    this.loc = g(this.loc)
    this.qty = g(this.qty)
    this.price = g(this.price)
    this.promo = g(this.promo)
    this.t = g(this.t)
    this.cust = g(this.cust)
    this.order = g(this.order)
    this.fulfil = g(this.fulfil)
    this.ident = g(this.ident)
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100

function cumulative(w: number[]): Float64Array {
  const c = new Float64Array(w.length)
  let s = 0
  for (let i = 0; i < w.length; i++) c[i] = s += w[i]
  for (let i = 0; i < w.length; i++) c[i] /= s
  return c
}

/** Millisecond of the day for a uniform u under an hourly profile (cumulative, normalised). */
function timeOfDay(cum: Float64Array, u: number): number {
  let h = 0
  while (h < 23 && cum[h] <= u) h++
  const lo = h === 0 ? 0 : cum[h - 1]
  const frac = (u - lo) / (cum[h] - lo || 1)
  return (h + Math.min(0.999999, Math.max(0, frac))) * HOUR_MS
}

export function createSimulation(options: SimOptions = {}): Simulation {
  return new SimulationImpl(resolveConfig(options))
}

class SimulationImpl implements Simulation {
  readonly config: SimConfig
  readonly world: World
  readonly baseline: Policy
  nextDay = 0
  /** The model the simulation draws from; `demand` is a separate instance, so reading it cannot disturb a run. */
  private readonly model: DemandModel
  private analysisModel: DemandModel | null = null

  get demand(): DemandModel {
    return (this.analysisModel ??= new DemandModel(this.world))
  }

  private readonly seed: number
  private readonly prefix: string
  private readonly nSku: number
  private readonly nLoc: number
  private readonly nPairs: number
  private readonly skuIds: string[]
  private readonly locIds: string[]

  // Inventory state per pair.
  private readonly sys: Int32Array
  private readonly phys: Int32Array
  private readonly onOrder: Int32Array
  private readonly inTransit: Int32Array
  private readonly outflow: Int32Array
  private readonly ewma: Float64Array
  private readonly lastSnap: Int32Array
  private readonly phantomUntil: Int32Array

  private readonly arrivals = new Map<number, Arrival[]>()
  private readonly counts = new Map<number, number[]>()
  private readonly returnsDue = new Map<number, PendingReturn[]>()
  private spikes: Spike[] = []
  private readonly lastPrice: Float64Array
  private readonly lastMarkdown: Float64Array
  private readonly joinByDay = new Map<number, number[]>()
  private readonly churnByDay = new Map<number, number[]>()
  private readonly membersByHome = new Map<number, number[]>()
  private serial = 0

  // Per-day scratch.
  private events: Event[] = []
  private times: number[] = []
  private n = 0
  private cal!: SimDay
  private readonly lines = new Lines()
  private readonly rng = new Rng()
  private readonly rng2 = new Rng()
  private readonly lineQty = new Int32Array(64)
  private readonly lineT = new Float64Array(64)
  private readonly intraday: Record<Channel, Float64Array>
  private readonly state: PolicyState

  constructor(config: SimConfig) {
    this.config = config
    this.world = buildWorld(config)
    this.model = new DemandModel(this.world)
    this.baseline = minMaxPolicy()
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
    this.intraday = {
      store: cumulative(INTRADAY.store),
      dark_store: cumulative(INTRADAY.dark_store),
      ecommerce: cumulative(INTRADAY.ecommerce),
      marketplace: cumulative(INTRADAY.marketplace),
    }
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
      push(this.membersByHome, c.home[i], i)
      if (c.joinDay[i] > 0) push(this.joinByDay, c.joinDay[i], i)
      push(this.churnByDay, c.churnDay[i], i)
    }
    this.cal = new SimDay(0, w.startMs)
    this.state = {
      day: 0, date: '', dow: 0, sku: 0, location: 0, product: w.products[0], site: w.locations[0], onHand: 0, onOrder: 0,
      inTransit: 0, position: 0, outflowToday: 0, avgDailyOutflow: 0, nominalDailyRate: 0, leadTimeDays: 0,
      replenishedBy: 'transfer', parent: -1, supplier: 0, price: 0,
    }
  }

  dayStartMs(day: number): number {
    return this.world.startMs + day * DAY_MS
  }

  dayOf(ms: number): number {
    return Math.floor((ms - this.world.startMs) / DAY_MS)
  }

  masterData(): Event[] {
    let n = 0
    return masterDataEvents(this.world, () => `${this.prefix}-m-${++n}`)
  }

  // ------------------------------------------------------------------ emission helpers

  private id(): string {
    return `${this.prefix}-${this.cal.index}-${++this.n}`
  }

  private emit(e: Event, msOfDay: number): void {
    this.events.push(e)
    this.times.push(msOfDay < 0 ? 0 : msOfDay >= DAY_MS ? DAY_MS - 1 : Math.floor(msOfDay))
  }

  private move(pair: number, kind: 'receipt' | 'transfer_out' | 'transfer_in' | 'adjustment' | 'shrink' | 'count', qty: number, ref: string, t: number): void {
    const l = (pair / this.nSku) | 0
    this.emit(
      { type: 'inventory_movement', event_id: this.id(), ts: this.cal.ts(t), sku: this.skuIds[pair - l * this.nSku], location: this.locIds[l], kind, qty, ref },
      t,
    )
  }

  // ------------------------------------------------------------------ the day

  simulateDay(day: number, policy: Policy = this.baseline): DayResult {
    if (day !== this.nextDay) throw new RangeError(`simulateDay(${day}): days run in order; the next day is ${this.nextDay}`)
    const w = this.world
    this.cal = new SimDay(day, w.startMs)
    this.events = []
    this.times = []
    this.n = 0
    const truth: GroundTruth = {
      day,
      date: this.cal.date,
      demand: new Uint32Array(this.nPairs),
      expected: new Float32Array(this.nPairs),
      sold: new Uint32Array(this.nPairs),
      physicalOnHand: new Int32Array(this.nPairs),
      anomalies: [],
      churnedCustomers: [],
    }
    const ctx = this.model.context(day)

    if (day === 0) this.snapshots(0, true)
    this.morning(day)
    this.masterUpdates(day)
    this.prices(day, ctx)
    this.signals(day)
    this.sales(day, ctx, truth)
    this.returns(day)
    this.shrinkAndAnomalies(day, truth)
    for (const sh of this.model.shocksStarting(day)) {
      truth.anomalies.push({
        kind: 'demand_shock', day, date: this.cal.date, skus: sh.skus.map((s) => this.skuIds[s]), locations: sh.locations.map((l) => this.locIds[l]),
        startDay: sh.start, endDay: sh.end, multiplier: sh.multiplier,
      })
    }
    for (let s = 0; s < w.suppliers.length; s++) {
      const d = this.disruptionStarting(s, day)
      if (d) truth.anomalies.push({ kind: 'supplier_delay', day, date: this.cal.date, supplier: w.suppliers[s].id, startDay: day, endDay: d.end, extraDays: d.extra })
    }
    for (const i of this.churnByDay.get(day) ?? []) truth.churnedCustomers.push(w.customers.id(i))
    this.churnByDay.delete(day)
    this.runPolicy(day, policy, truth)
    this.snapshots(SEGMENT_TIMES_MS.snapshot, day === 0 || this.config.events.snapshots === 'daily' || this.cal.dow === 6)
    truth.physicalOnHand.set(this.phys)

    // Order by time (ties keep creation order).
    const m = this.events.length
    const keys = new Float64Array(m)
    for (let i = 0; i < m; i++) keys[i] = this.times[i] * 16_777_216 + i
    keys.sort()
    const events = new Array<Event>(m)
    const times = new Float64Array(m)
    const start = this.cal.startMs
    for (let i = 0; i < m; i++) {
      const k = keys[i]
      const t = Math.floor(k / 16_777_216)
      events[i] = this.events[k - t * 16_777_216]
      times[i] = start + t
    }
    this.events = []
    this.times = []
    this.nextDay = day + 1
    return { day, date: this.cal.date, events, times, truth }
  }

  // ------------------------------------------------------------------ morning: counts and arrivals

  private morning(day: number): void {
    const w = this.world
    // Cycle counts first, stamped at midnight before any of the day's movements or sales: a count
    // states the counted on-hand quantity (the event schema's meaning; the product takes it as a
    // snapshot), so it must be the physical stock at its own timestamp.
    const due = this.counts.get(day)
    if (due) {
      this.counts.delete(day)
      for (const pair of due) {
        if (this.phys[pair] === this.sys[pair]) continue
        this.sys[pair] = this.phys[pair]
        this.move(pair, 'count', this.phys[pair], `count-${day}`, 0)
      }
    }
    const list = this.arrivals.get(day)
    if (list) {
      this.arrivals.delete(day)
      let k = 0
      for (const a of list) {
        k++
        const t = 6 * HOUR_MS + (hash(this.seed, SALT_TRANSIT, a.serial) % (4 * HOUR_MS))
        if (a.kind === 0) {
          const l = (a.pair / this.nSku) | 0
          const sup = w.suppliers[w.products[a.pair - l * this.nSku].supplier]
          const u = hash01(this.seed, SALT_FILL, a.serial)
          const received = u < sup.fillProb ? a.qty : Math.floor(a.qty * (0.5 + 0.45 * hash01(this.seed, SALT_FILL + 1, a.serial)))
          this.onOrder[a.pair] -= a.qty
          this.sys[a.pair] += received
          this.phys[a.pair] += received
          const ts = this.cal.ts(t)
          this.emit(
            { type: 'po_receipt', event_id: this.id(), ts, po_id: a.id, sku: this.skuIds[a.pair - l * this.nSku], location: this.locIds[l], qty: received, received_at: ts },
            t,
          )
          if (received > 0) this.move(a.pair, 'receipt', received, a.id, t)
        } else {
          this.inTransit[a.pair] -= a.qty
          this.sys[a.pair] += a.qty
          this.phys[a.pair] += a.qty
          this.move(a.pair, 'transfer_in', a.qty, a.id, t + k)
        }
      }
    }
  }

  // ------------------------------------------------------------------ master data, prices, signals

  private masterUpdates(day: number): void {
    const w = this.world
    for (const i of this.joinByDay.get(day) ?? []) this.emit(customerEvent(w, i, this.id(), this.cal.ts(8 * HOUR_MS)), 8 * HOUR_MS)
    this.joinByDay.delete(day)
    if (day === 0) return
    // A season ended yesterday: the product's season_end rolls to next year's.
    const yesterday = new SimDay(day - 1, w.startMs)
    for (const p of w.products) {
      const season = w.categories[p.category].season
      if (!p.seasonal || !season) continue
      if (doyNoLeap(yesterday.startMs) === season.endDoy) {
        this.emit(productEvent(w, p, this.id(), this.cal.ts(1000), this.cal.startMs, this.model.regularPrice(p.index, day)), 1000)
      }
    }
  }

  private prices(day: number, ctx: DemandDay): void {
    const w = this.world
    const t0 = 2000
    // Regular price reviews and markdowns, chain-wide.
    for (let s = 0; s < this.nSku; s++) {
      const md = ctx.markdown[s]
      const shelf = round2(ctx.regularPrice[s] * (1 - md))
      if (md !== this.lastMarkdown[s] || shelf !== this.lastPrice[s]) {
        this.emit({ type: 'price_change', event_id: this.id(), ts: this.cal.ts(t0), sku: this.skuIds[s], kind: md > 0 ? 'markdown' : 'regular', price: shelf }, t0)
        this.lastMarkdown[s] = md
        this.lastPrice[s] = shelf
      }
    }
    const allSelling = w.locations.filter((l) => l.kind !== 'dc').length
    for (const p of this.model.promotions(day - 1, day + 1)) {
      // Announce the day before it starts (start stays within a day of the announcement).
      if (p.start === day + 1) {
        const t = 9 * HOUR_MS
        this.emit(
          {
            type: 'promotion', event_id: this.id(), ts: this.cal.ts(t), promo_id: p.id, skus: p.skus.map((s) => this.skuIds[s]),
            locations: p.locations.map((l) => this.locIds[l]), channels: p.channels.slice(), start: isoInstant(this.dayStartMs(p.start)),
            end: isoInstant(this.dayStartMs(p.end + 1) - 1000), discount_pct: Math.round(p.discount * 100),
          },
          t,
        )
      }
      const starts = p.start === day
      const ended = p.end === day - 1
      if (!starts && !ended) continue
      const scoped = p.locations.length === allSelling ? [undefined] : p.locations.map((l) => this.locIds[l])
      for (const s of p.skus) {
        const regular = round2(ctx.regularPrice[s])
        const price = starts ? round2(regular * (1 - p.discount)) : regular
        for (const loc of scoped) {
          const e: Event = { type: 'price_change', event_id: this.id(), ts: this.cal.ts(t0 + 1), sku: this.skuIds[s], kind: starts ? 'promo' : 'regular', price }
          if (loc !== undefined) e.location = loc
          this.emit(e, t0 + 1)
        }
      }
    }
  }

  private signals(day: number): void {
    const w = this.world
    for (const l of w.locations) {
      const wx = this.model.weather(l.index, day)
      if (wx) {
        const tags = ['temp_c']
        if (wx.rain) tags.push('rain')
        if (wx.anomaly > 6) tags.push('heatwave')
        else if (wx.anomaly < -6) tags.push('cold_snap')
        const t = 6 * HOUR_MS + l.index * 1000
        this.emit({ type: 'external_signal', event_id: this.id(), ts: this.cal.ts(t), location: l.id, kind: 'weather', value: wx.tempC, tags }, t)
      }
      const ev = this.model.localEventStarting(l.index, day + 1)
      if (ev) {
        const t = 12 * HOUR_MS + l.index * 1000
        const tags = [ev.kind, `days:${ev.days}`, `starts:${new SimDay(day + 1, w.startMs).date}`]
        this.emit({ type: 'external_signal', event_id: this.id(), ts: this.cal.ts(t), location: l.id, kind: 'local_event', value: ev.attendance, tags }, t)
      }
    }
  }

  // ------------------------------------------------------------------ sales

  private sales(day: number, ctx: DemandDay, truth: GroundTruth): void {
    const w = this.world
    const nSku = this.nSku
    const lines = this.lines
    lines.reset()
    const discounts = new Map(ctx.activePromotions.map((p) => [p.index, p.discount]))
    const cap = this.config.events.maxSaleLinesPerPairDay
    const rng = this.rng
    const qtys = this.lineQty
    const ts = this.lineT
    const stores = w.storeIndices
    const sfsShare = this.config.inventory.shipFromStoreShare
    for (const l of w.processingOrder) {
      const loc = w.locations[l]
      const channel = loc.channel
      if (channel === null) continue
      const cum = this.intraday[channel]
      const identShare = this.config.customers.identifiedShare[channel]
      const isWeb = channel === 'ecommerce'
      const parentBase = loc.parent >= 0 ? loc.parent * nSku : -1
      const lineStart = lines.n
      for (let s = 0; s < nSku; s++) {
        const pair = l * nSku + s
        if (!w.carried[pair]) continue
        const mean = this.model.meanOf(ctx, pair)
        const d = this.model.drawPair(rng, day, pair, mean)
        truth.expected[pair] = mean
        truth.demand[pair] = d
        if (d === 0) continue
        // Split the day's units into lines (customers), then give each a time of day.
        const mover = w.products[s].mover
        let k = 0
        let left = d
        while (left > 0) {
          let q = mover === 'intermittent' ? left : mover === 'fast' ? 1 + rng.poisson(0.45) : rng.float() < 0.15 ? 2 : 1
          if (q > left) q = left
          if (k < qtys.length) qtys[k++] = q
          else qtys[k - 1] += q
          left -= q
        }
        if (k > cap) {
          // POS batch: merge neighbouring lines so one pair-day yields at most `cap` events.
          const per = Math.ceil(k / cap)
          let j = 0
          for (let i = 0; i < k; i += per) {
            let sum = 0
            for (let x = i; x < i + per && x < k; x++) sum += qtys[x]
            qtys[j++] = sum
          }
          k = j
        }
        for (let i = 0; i < k; i++) {
          const t = timeOfDay(cum, rng.float())
          let j = i
          while (j > 0 && ts[j - 1] > t) {
            ts[j] = ts[j - 1]
            j--
          }
          ts[j] = t
        }
        const promo = ctx.promoOf[pair]
        const md = ctx.markdown[s]
        const price = round2(ctx.regularPrice[s] * (1 - md) * (promo >= 0 ? 1 - (discounts.get(promo) ?? 0) : 1))
        let sold = 0
        for (let i = 0; i < k; i++) {
          const q = qtys[i]
          const ident = rng.float() < identShare ? 1 : 0
          // Where the units come from: the location itself; web orders may ship from a store, or fall back to the DC.
          let src = pair
          if (isWeb) {
            if (stores.length && rng.float() < sfsShare) {
              const st = stores[hash(this.seed, SALT_SFS, pair, day, i) % stores.length]
              const sp = st * nSku + s
              if (w.carried[sp] && this.phys[sp] > 0) src = sp
            }
            if (this.phys[src] <= 0 && parentBase >= 0 && this.phys[parentBase + s] > 0) src = parentBase + s
          }
          const avail = this.phys[src]
          if (avail <= 0) continue
          const served = q < avail ? q : avail
          this.phys[src] -= served
          this.sys[src] -= served
          this.outflow[src] += served
          sold += served
          lines.push(s, l, served, price, promo, ts[i], src === pair ? -1 : (src / nSku) | 0, ident)
        }
        truth.sold[pair] = sold
      }
      this.baskets(day, l, channel, lineStart)
    }
    this.emitSales(day)
  }

  /** Group a location's identified lines into baskets (orders), each with one member and one time. */
  private baskets(day: number, l: number, channel: Channel, from: number): void {
    const lines = this.lines
    const w = this.world
    const rng = this.rng2.seed(hash(this.seed, SALT_BASKET, l, day))
    const idx: number[] = []
    for (let i = from; i < lines.n; i++) if (lines.ident[i] || channel === 'marketplace') idx.push(i)
    if (idx.length === 0) return
    // Lines of the same shopping mission tend to share a basket.
    const key = new Float64Array(idx.length)
    for (let j = 0; j < idx.length; j++) key[j] = w.categories[w.products[lines.sku[idx[j]]].category].mission * 2 + rng.float()
    const order = idx.map((_, j) => j).sort((a, b) => key[a] - key[b])
    const pool = channel === 'marketplace' ? null : this.customerPool(l, day)
    let j = 0
    while (j < order.length) {
      let size = 1
      while (size < 6 && rng.float() < 0.45) size++
      const orderNo = ++this.orderCounter
      const cust = pool ? pickCustomer(pool, rng.float()) : -1
      const t = lines.t[idx[order[j]]]
      for (let x = 0; x < size && j < order.length; x++, j++) {
        const i = idx[order[j]]
        lines.order[i] = orderNo
        lines.cust[i] = cust
        lines.t[i] = t
      }
    }
  }

  private orderCounter = 0
  private poolDay = -1
  private readonly pools = new Map<number, { ids: Int32Array; cum: Float64Array }>()

  /** Active members of a home location, with cumulative purchase weights. */
  private customerPool(l: number, day: number): { ids: Int32Array; cum: Float64Array } | null {
    if (this.poolDay !== day) {
      this.pools.clear()
      this.poolDay = day
    }
    let p = this.pools.get(l)
    if (!p) {
      const c = this.world.customers
      const ids: number[] = []
      for (const i of this.membersByHome.get(l) ?? []) if (c.joinDay[i] <= day && c.churnDay[i] > day) ids.push(i)
      const cum = new Float64Array(ids.length)
      let s = 0
      for (let j = 0; j < ids.length; j++) cum[j] = s += c.weight[ids[j]]
      p = { ids: Int32Array.from(ids), cum }
      this.pools.set(l, p)
    }
    return p.ids.length ? p : null
  }

  private emitSales(day: number): void {
    const w = this.world
    const lines = this.lines
    const rng = this.rng2.seed(hash(this.seed, SALT_RETURN, day))
    const promos = this.model.promotions(day, day)
    const promoIds = new Map(promos.map((p) => [p.index, p.id]))
    for (let i = 0; i < lines.n; i++) {
      const s = lines.sku[i]
      const l = lines.loc[i]
      const loc = w.locations[l]
      const channel = loc.channel as Channel
      const t = lines.t[i]
      const e: Event = {
        type: 'sale', event_id: this.id(), ts: this.cal.ts(t), sku: this.skuIds[s], location: this.locIds[l], channel, qty: lines.qty[i],
        unit_price: lines.price[i],
      }
      const promo = lines.promo[i]
      if (promo >= 0) e.promo_id = promoIds.get(promo)
      let customerId: string | undefined
      let orderId: string | undefined
      if (lines.cust[i] >= 0) e.customer_id = customerId = w.customers.id(lines.cust[i])
      if (lines.order[i] >= 0) e.order_id = orderId = `${this.prefix}-O${lines.order[i]}`
      if (lines.fulfil[i] >= 0) e.fulfilment_location = this.locIds[lines.fulfil[i]]
      this.emit(e, t)
      // Some units come back later.
      const cat = w.categories[w.products[s].category]
      const rate = cat.returnRate * (channel === 'ecommerce' || channel === 'marketplace' ? 2.5 : 1)
      if (rng.float() < rate) {
        const q = lines.qty[i]
        const back = q === 1 ? 1 : 1 + rng.int(q)
        const lag = 1 + Math.min(59, Math.floor(rng.exponential(channel === 'store' ? 4 : 9)))
        push(this.returnsDue, day + lag, { pair: l * this.nSku + s, qty: back, price: lines.price[i], channel, orderId, customerId })
      }
    }
  }

  // ------------------------------------------------------------------ returns, shrink, anomalies

  private returns(day: number): void {
    const list = this.returnsDue.get(day)
    if (!list) return
    this.returnsDue.delete(day)
    const rng = this.rng2.seed(hash(this.seed, SALT_RETURN + 1, day))
    for (const r of list) {
      const l = (r.pair / this.nSku) | 0
      const u = rng.float()
      const condition = u < 0.65 ? 'resellable' : u < 0.8 ? 'damaged' : u < 0.95 ? 'defective' : 'unknown'
      const reason = condition === 'defective' ? 'defective' : condition === 'damaged' ? 'damaged_in_transit' : rng.pick(RETURN_REASONS)
      const open = r.channel === 'store' ? 9 * HOUR_MS : 8 * HOUR_MS
      const t = open + rng.float() * 11 * HOUR_MS
      const e: Event = {
        type: 'return', event_id: this.id(), ts: this.cal.ts(t), sku: this.skuIds[r.pair - l * this.nSku], location: this.locIds[l], channel: r.channel,
        qty: r.qty, unit_price: r.price, reason, condition,
      }
      if (r.orderId) e.order_id = r.orderId
      if (r.customerId) e.customer_id = r.customerId
      this.emit(e, t)
      if (condition === 'resellable' && this.world.carried[r.pair]) {
        this.sys[r.pair] += r.qty
        this.phys[r.pair] += r.qty
      }
    }
  }

  private shrinkAndAnomalies(day: number, truth: GroundTruth): void {
    const w = this.world
    const a = this.config.anomalies
    const pShrink = this.config.inventory.shrinkDailyProb
    const pSpike = a.shrinkSpikesPerPairYear / 365
    const pPhantom = a.phantomPerPairYear / 365
    const date = this.cal.date
    // Spikes already running.
    const spikeUnits = new Map<number, number>()
    this.spikes = this.spikes.filter((sp) => sp.endDay >= day)
    for (const sp of this.spikes) spikeUnits.set(sp.pair, (spikeUnits.get(sp.pair) ?? 0) + sp.unitsPerDay)
    for (let pair = 0; pair < this.nPairs; pair++) {
      if (!w.carried[pair]) continue
      const l = (pair / this.nSku) | 0
      const selling = w.locations[l].channel !== null
      // New shrink spike (selling locations): recorded write-offs far above normal for a while.
      if (selling && pSpike > 0 && hash01(this.seed, SALT_SPIKE, pair, day) < pSpike) {
        const h = hash(this.seed, SALT_SPIKE + 1, pair, day)
        const unitsPerDay = Math.max(1, Math.round(w.nominalRate[pair] * (0.3 + (h % 4) * 0.15))) + ((h >>> 4) % 2)
        const sp = { pair, endDay: day + 4 + ((h >>> 8) % 11), unitsPerDay }
        this.spikes.push(sp)
        spikeUnits.set(pair, (spikeUnits.get(pair) ?? 0) + unitsPerDay)
        truth.anomalies.push({
          kind: 'shrink_spike', day, date, sku: this.skuIds[pair - l * this.nSku], location: this.locIds[l], startDay: day, endDay: sp.endDay, unitsPerDay,
        })
      }
      let q = 0
      let reason: string = 'theft'
      const hs = hash01(this.seed, SALT_SHRINK, pair, day)
      if (hs < pShrink) {
        q += 1 + Math.floor((hs / pShrink) * 2)
        reason = SHRINK_REASONS[Math.floor((hs / pShrink) * 997) % SHRINK_REASONS.length]
      }
      const extra = spikeUnits.get(pair)
      if (extra) {
        q += extra
        reason = 'theft'
      }
      if (q > this.phys[pair]) q = this.phys[pair]
      if (q > 0) {
        this.phys[pair] -= q
        this.sys[pair] -= q
        this.move(pair, 'shrink', q, reason, 9 * HOUR_MS + (hash(this.seed, SALT_SHRINK + 1, pair, day) % (11 * HOUR_MS)))
      }
      // Phantom inventory: the books keep units the shelf does not have, until a count.
      // One at a time per pair, so each has its own correcting count.
      if (selling && pPhantom > 0 && day >= this.phantomUntil[pair] && hash01(this.seed, SALT_PHANTOM, pair, day) < pPhantom) {
        const h = hash(this.seed, SALT_PHANTOM + 1, pair, day)
        const frac = 0.5 + ((h % 1000) / 1000) * 0.5
        let magnitude = Math.round(this.phys[pair] * frac)
        let mechanism: 'unrecorded_loss' | 'phantom_receipt' = 'unrecorded_loss'
        if (magnitude >= 1) this.phys[pair] -= magnitude
        else {
          magnitude = Math.max(2, Math.round(w.nominalRate[pair] * 5))
          this.sys[pair] += magnitude
          mechanism = 'phantom_receipt'
        }
        const correctedOnDay = day + 7 + ((h >>> 10) % 39)
        this.phantomUntil[pair] = correctedOnDay
        push(this.counts, correctedOnDay, pair)
        truth.anomalies.push({
          kind: 'phantom_inventory', day, date, sku: this.skuIds[pair - l * this.nSku], location: this.locIds[l], magnitude, mechanism, correctedOnDay,
        })
      }
    }
  }

  /** A supplier disruption window starting on a day (policy-independent), or null. */
  private disruptionStarting(supplier: number, day: number): { end: number; extra: number } | null {
    const rate = this.config.anomalies.supplierDelaysPerSupplierYear / 365
    if (!(rate > 0) || hash01(this.seed, SALT_DISRUPT, supplier, day) >= rate) return null
    const h = hash(this.seed, SALT_DISRUPT + 1, supplier, day)
    return { end: day + 6 + (h % 22), extra: 3 + ((h >>> 8) % 12) }
  }

  /** Extra days for a PO placed with a supplier on a day (max over the windows containing it). */
  private supplierDelay(supplier: number, day: number): number {
    let extra = 0
    for (let d = day - 28; d <= day; d++) {
      if (d < 0) continue
      const dis = this.disruptionStarting(supplier, d)
      if (dis && day <= dis.end && dis.extra > extra) extra = dis.extra
    }
    return extra
  }

  // ------------------------------------------------------------------ evening: the policy

  private runPolicy(day: number, policy: Policy, truth: GroundTruth): void {
    const w = this.world
    const nSku = this.nSku
    policy.beginDay?.({
      day,
      date: this.cal.date,
      world: w,
      inventory: { onHand: this.sys, onOrder: this.onOrder, inTransit: this.inTransit, avgDailyOutflow: this.ewma },
    })
    const st = this.state
    st.day = day
    st.date = this.cal.date
    st.dow = this.cal.dow
    const ctx = this.model.context(day)
    let transfers = 0
    let orders = 0
    for (const l of w.processingOrder) {
      const loc = w.locations[l]
      const isDc = loc.kind === 'dc'
      // Outflow since this location's last evening run: sales, ship-from-store, web fallback, and
      // (for a DC) the transfers just shipped to the locations evaluated before it.
      for (let pair = l * nSku; pair < (l + 1) * nSku; pair++) {
        if (w.carried[pair]) this.ewma[pair] += (this.outflow[pair] - this.ewma[pair]) / 14
      }
      for (let s = 0; s < nSku; s++) {
        const pair = l * nSku + s
        if (!w.carried[pair]) continue
        const p = w.products[s]
        st.sku = s
        st.location = l
        st.product = p
        st.site = loc
        st.onHand = this.sys[pair]
        st.onOrder = this.onOrder[pair]
        st.inTransit = this.inTransit[pair]
        st.position = st.onHand + st.onOrder + st.inTransit
        st.outflowToday = this.outflow[pair]
        st.avgDailyOutflow = this.ewma[pair]
        st.nominalDailyRate = w.nominalRate[pair]
        st.replenishedBy = isDc ? 'supplier' : 'transfer'
        st.leadTimeDays = isDc ? w.suppliers[p.supplier].leadMean : this.transitDays(loc.parent, l)
        st.parent = loc.parent
        st.supplier = p.supplier
        st.price = round2(ctx.regularPrice[s] * (1 - ctx.markdown[s]))
        const r = policy.decide(st)
        if (!r) continue
        const actions: readonly PolicyAction[] = Array.isArray(r) ? r : [r as PolicyAction]
        for (const act of actions) {
          if (act.kind === 'transfer') this.transfer(day, act.from, l, s, act.qty, ++transfers)
          else if (act.kind === 'order') {
            this.order(day, pair, act.qty, act.supplier ?? p.supplier, ++orders, truth)
          }
        }
      }
      this.outflow.fill(0, l * nSku, (l + 1) * nSku)
    }
  }

  private transitDays(from: number, to: number): number {
    const w = this.world
    return w.locations[from]?.region === w.locations[to].region ? 1 : 2
  }

  private transfer(day: number, from: number, to: number, sku: number, qty: number, k: number): void {
    const w = this.world
    if (!Number.isInteger(from) || from < 0 || from >= this.nLoc || from === to) return
    const src = from * this.nSku + sku
    const dst = to * this.nSku + sku
    if (!w.carried[src]) return
    const shipped = Math.min(Math.floor(qty), this.phys[src])
    if (!(shipped > 0)) return
    this.phys[src] -= shipped
    this.sys[src] -= shipped
    this.outflow[src] += shipped
    this.inTransit[dst] += shipped
    const serial = ++this.serial
    const nominal = this.transitDays(from, to)
    const actual = nominal + (hash01(this.seed, SALT_TRANSIT + 1, dst, day) < 0.06 ? 1 : 0)
    const id = `${this.prefix}-T${day}-${k}`
    const t = SEGMENT_TIMES_MS.policyTransfer + (k % 3_600_000)
    const ts = this.cal.ts(t)
    this.emit(
      {
        type: 'transfer', event_id: this.id(), ts, transfer_id: id, from: this.locIds[from], to: this.locIds[to], sku: this.skuIds[sku], qty: shipped,
        shipped_at: ts, expected_at: isoInstant(this.dayStartMs(day + nominal) + 8 * HOUR_MS),
      },
      t,
    )
    this.move(src, 'transfer_out', shipped, id, t)
    push(this.arrivals, day + actual, { kind: 1, id, pair: dst, qty: shipped, serial })
  }

  private order(day: number, pair: number, qty: number, supplier: number, k: number, truth: GroundTruth): void {
    const w = this.world
    const q = Math.floor(qty)
    if (!(q > 0) || !Number.isInteger(supplier) || supplier < 0 || supplier >= w.suppliers.length) return
    const sup = w.suppliers[supplier]
    const l = (pair / this.nSku) | 0
    const s = pair - l * this.nSku
    const rng = this.rng2.seed(hash(this.seed, SALT_LEAD, pair, day))
    const lead = Math.max(1, Math.round(sup.leadMean + sup.leadSd * rng.normal()))
    const extra = this.supplierDelay(supplier, day)
    const arrival = day + lead + extra
    const promised = day + sup.leadMean
    const serial = ++this.serial
    const id = `${this.prefix}-PO${day}-${k}`
    const t = SEGMENT_TIMES_MS.policyOrder + (k % 3_600_000)
    const ts = this.cal.ts(t)
    this.onOrder[pair] += q
    this.emit(
      {
        type: 'purchase_order', event_id: this.id(), ts, po_id: id, supplier: sup.id, sku: this.skuIds[s], location: this.locIds[l], qty: q,
        ordered_at: ts, promised_at: isoInstant(this.dayStartMs(promised) + 8 * HOUR_MS),
      },
      t,
    )
    push(this.arrivals, arrival, { kind: 0, id, pair, qty: q, serial })
    if (extra > 0) {
      const a: Anomaly = {
        kind: 'po_delay', day, date: this.cal.date, supplier: sup.id, poId: id, sku: this.skuIds[s], location: this.locIds[l], promisedDay: promised,
        arrivalDay: arrival, extraDays: extra,
      }
      truth.anomalies.push(a)
    }
  }

  // ------------------------------------------------------------------ snapshots

  private snapshots(t: number, all: boolean): void {
    const w = this.world
    const ts = this.cal.ts(t)
    for (let pair = 0; pair < this.nPairs; pair++) {
      if (!w.carried[pair]) continue
      const v = this.sys[pair]
      if (!all && v === this.lastSnap[pair]) continue
      this.lastSnap[pair] = v
      const l = (pair / this.nSku) | 0
      this.emit({ type: 'inventory_snapshot', event_id: this.id(), ts, sku: this.skuIds[pair - l * this.nSku], location: this.locIds[l], on_hand: v }, t)
    }
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

function pickCustomer(pool: { ids: Int32Array; cum: Float64Array }, u: number): number {
  const cum = pool.cum
  const target = u * cum[cum.length - 1]
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cum[mid] <= target) lo = mid + 1
    else hi = mid
  }
  return pool.ids[lo]
}

