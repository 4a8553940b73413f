/**
 * The sales phase of a simulated day: each selling location's true demand, split into lines
 * (customers) at times of day under the channel's hourly profile, served from physical stock
 * (censored at what is there; web orders may ship from a store or fall back to the DC), grouped
 * into loyalty baskets, and emitted as sale events. Some units are scheduled to come back as
 * returns (losses.ts lands them).
 */
import type { Event } from '../../events/schema'
import type { DemandDay } from '../demand'
import { Rng, hash } from '../random'
import { HOUR_MS } from '../time'
import type { Channel, GroundTruth } from '../types'
import { SALT_BASKET, SALT_RETURN, SALT_SFS, SEGMENT_TIMES_MS, push, round2, type SimState } from './state'

/** Hourly shape of sales within a day, per channel (index = hour). */
const INTRADAY: Record<Channel, number[]> = {
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0.4, 0.7, 0.9, 1.1, 1.4, 1.3, 1.0, 1.0, 1.2, 1.5, 1.5, 1.1, 0.6, 0, 0, 0],
  dark_store: [0, 0, 0, 0, 0, 0, 0, 0.3, 0.6, 0.7, 0.8, 1.0, 1.3, 1.1, 0.9, 0.9, 1.1, 1.4, 1.6, 1.5, 1.2, 0.8, 0.4, 0],
  ecommerce: [0.2, 0.12, 0.08, 0.06, 0.06, 0.1, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0, 0.95, 0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 1.45, 1.4, 1.0, 0.5],
  marketplace: [0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0, 0.95, 0.9, 0.9, 0.95, 1.0, 1.1, 1.25, 1.35, 1.3, 1.0, 0.55],
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

function cumulative(w: number[]): Float64Array {
  const c = new Float64Array(w.length)
  let s = 0
  for (let i = 0; i < w.length; i++) c[i] = s += w[i]
  for (let i = 0; i < w.length; i++) c[i] /= s
  return c
}

/**
 * Millisecond of the day for a uniform u under an hourly profile (cumulative, normalised), squeezed
 * into the trading day before the end-of-day snapshot (23:59): the snapshot states the stock after
 * every sale of the day, so a sale stamped after it would be taken off the books twice.
 */
function timeOfDay(cum: Float64Array, u: number): number {
  let h = 0
  while (h < 23 && cum[h] <= u) h++
  const lo = h === 0 ? 0 : cum[h - 1]
  const frac = (u - lo) / (cum[h] - lo || 1)
  return (h + Math.min(0.999999, Math.max(0, frac))) * HOUR_MS * TRADING_SCALE
}

const TRADING_SCALE = (SEGMENT_TIMES_MS.snapshot - 1) / (24 * HOUR_MS)

/** The sales phase, with its scratch (the day's lines, the customer pools) kept from day to day. */
export class Sales {
  private readonly lines = new Lines()
  private readonly rng = new Rng()
  private readonly lineQty = new Int32Array(64)
  private readonly lineT = new Float64Array(64)
  private readonly intraday: Record<Channel, Float64Array>
  private readonly membersByHome = new Map<number, number[]>()

  constructor(private readonly st: SimState) {
    this.intraday = {
      store: cumulative(INTRADAY.store),
      dark_store: cumulative(INTRADAY.dark_store),
      ecommerce: cumulative(INTRADAY.ecommerce),
      marketplace: cumulative(INTRADAY.marketplace),
    }
    const c = st.world.customers
    for (let i = 0; i < c.count; i++) push(this.membersByHome, c.home[i], i)
  }

  run(day: number, ctx: DemandDay, truth: GroundTruth): void {
    const st = this.st
    const w = st.world
    const nSku = st.nSku
    const lines = this.lines
    lines.reset()
    const discounts = new Map(ctx.activePromotions.map((p) => [p.index, p.discount]))
    if (truth.regularPrice) for (let s = 0; s < nSku; s++) truth.regularPrice[s] = round2(ctx.regularPrice[s])
    const cap = st.config.events.maxSaleLinesPerPairDay
    const rng = this.rng
    const qtys = this.lineQty
    const ts = this.lineT
    const stores = w.storeIndices
    const sfsShare = st.config.inventory.shipFromStoreShare
    for (const l of w.processingOrder) {
      const loc = w.locations[l]
      const channel = loc.channel
      if (channel === null) continue
      const cum = this.intraday[channel]
      const identShare = st.config.customers.identifiedShare[channel]
      const isWeb = channel === 'ecommerce'
      const parentBase = loc.parent >= 0 ? loc.parent * nSku : -1
      const lineStart = lines.n
      for (let s = 0; s < nSku; s++) {
        const pair = l * nSku + s
        if (!w.carried[pair]) continue
        const promo = ctx.promoOf[pair]
        const md = ctx.markdown[s]
        const price = round2(ctx.regularPrice[s] * (1 - md) * (promo >= 0 ? 1 - (discounts.get(promo) ?? 0) : 1))
        if (truth.shelfPrice) truth.shelfPrice[pair] = price
        const mean = st.model.meanOf(ctx, pair)
        const d = st.model.drawPair(rng, day, pair, mean)
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
        let sold = 0
        for (let i = 0; i < k; i++) {
          const q = qtys[i]
          const ident = rng.float() < identShare ? 1 : 0
          // Where the units come from: the location itself; web orders may ship from a store, or fall back to the DC.
          let src = pair
          if (isWeb) {
            if (stores.length && rng.float() < sfsShare) {
              const store = stores[hash(st.seed, SALT_SFS, pair, day, i) % stores.length]
              const sp = store * nSku + s
              if (w.carried[sp] && st.phys[sp] > 0) src = sp
            }
            if (st.phys[src] <= 0 && parentBase >= 0 && st.phys[parentBase + s] > 0) src = parentBase + s
          }
          const avail = st.phys[src]
          if (avail <= 0) continue
          const served = q < avail ? q : avail
          st.phys[src] -= served
          st.sys[src] -= served
          st.outflow[src] += served
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
    const st = this.st
    const lines = this.lines
    const w = st.world
    const rng = st.rng2.seed(hash(st.seed, SALT_BASKET, l, day))
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
    const st = this.st
    if (this.poolDay !== day) {
      this.pools.clear()
      this.poolDay = day
    }
    let p = this.pools.get(l)
    if (!p) {
      const c = st.world.customers
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
    const st = this.st
    const w = st.world
    const lines = this.lines
    const rng = st.rng2.seed(hash(st.seed, SALT_RETURN, day))
    const promos = st.model.promotions(day, day)
    const promoIds = new Map(promos.map((p) => [p.index, p.id]))
    for (let i = 0; i < lines.n; i++) {
      const s = lines.sku[i]
      const l = lines.loc[i]
      const loc = w.locations[l]
      const channel = loc.channel as Channel
      const t = lines.t[i]
      const e: Event = {
        type: 'sale', event_id: st.id(), ts: st.cal.ts(t), sku: st.skuIds[s], location: st.locIds[l], channel, qty: lines.qty[i],
        unit_price: lines.price[i],
      }
      const promo = lines.promo[i]
      if (promo >= 0) e.promo_id = promoIds.get(promo)
      let customerId: string | undefined
      let orderId: string | undefined
      if (lines.cust[i] >= 0) e.customer_id = customerId = w.customers.id(lines.cust[i])
      if (lines.order[i] >= 0) e.order_id = orderId = `${st.prefix}-O${lines.order[i]}`
      if (lines.fulfil[i] >= 0) e.fulfilment_location = st.locIds[lines.fulfil[i]]
      st.emit(e, t)
      // Some units come back later.
      const cat = w.categories[w.products[s].category]
      const rate = cat.returnRate * (channel === 'ecommerce' || channel === 'marketplace' ? 2.5 : 1)
      if (rng.float() < rate) {
        const q = lines.qty[i]
        const back = q === 1 ? 1 : 1 + rng.int(q)
        const lag = 1 + Math.min(59, Math.floor(rng.exponential(channel === 'store' ? 4 : 9)))
        push(st.returnsDue, day + lag, { pair: l * st.nSku + s, qty: back, price: lines.price[i], channel, orderId, customerId })
      }
    }
  }
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
