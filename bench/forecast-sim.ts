/**
 * Simulator data for bench/forecast.ts: run the deterministic simulator in-process (no database)
 * and rebuild, per selling SKU x location, only what the product itself could see in the event
 * stream, plus the simulator's ground truth for scoring:
 *
 *   sales[t]     units on `sale` events (the selling location; one channel per location)
 *   censored[t]  1 when the end-of-day `inventory_snapshot` shows on_hand <= 0: the shelf ran out that
 *                day, so sales understate demand (censored, not zero)
 *   discount[t]  promotion depth from `promotion` events (known from their announcement, the
 *                simulator's `promotions.announceDays` before the start), for history days and for
 *                forecast days announced by the cutoff
 *   price[t]     shelf price / regular price from `price_change` events (markdowns), carried forward
 *                into the horizon (the bench does not assume future markdowns are known)
 *   truth[t]     true unconstrained demand (GroundTruth.demand)
 *
 * buildSimFull records every simulated day; simAtOrigin cuts it at an origin n: history [0, n),
 * promotions announced before n, the price ratio of day n - 1 carried forward, and the truth of
 * [n, n + horizon). So one simulation serves every rolling origin.
 */
import { createSimulation } from '@/lib/sim'
import type { SimOptions } from '@/lib/sim'
import type { SignalEvent } from '@/lib/forecast/external-signals-apply'

export interface SimSeries {
  id: string
  sku: number
  location: number
  /** The location's channel (one per selling location). */
  channel: string
  category: number
  department: string
  /** Product master lifecycle = 'seasonal' (the product event says so; season windows recur yearly). */
  seasonal: boolean
  /** Observed history, days [0, n). */
  sales: Float64Array
  censored: Uint8Array
  /** Promotion depth, days [0, n + horizon): future days only for promotions announced by day n - 1. */
  discount: Float64Array
  /** Shelf price / regular price, days [0, n + horizon): the last known ratio carried into the horizon. */
  price_ratio: Float64Array
  /** True demand on days [n, n + horizon). */
  truth: Float64Array
}

/** One selling SKU x location over every simulated day; `atOrigin` cuts it at an origin. */
export interface SimFullSeries extends Omit<SimSeries, 'sales' | 'censored' | 'discount' | 'price_ratio' | 'truth'> {
  sales: Float64Array
  censored: Uint8Array
  discount: Float64Array
  /** Day the promotion covering each day was announced (its event's day); Infinity when none. */
  announced: Float64Array
  /** Chain-wide shelf / regular price ratio of the SKU per day. */
  price_ratio: Float64Array
  truth: Float64Array
  /** The simulator's true markdown elasticity of the SKU (log scale, negative; lib/sim/demand.ts). */
  markdown_elasticity: number
}

export interface SimData {
  series: SimSeries[]
  n: number
  horizon: number
  categories: string[]
  /** Simulation wall time. */
  ms: number
  days: number
  start: string
}

/** The `external_signal` events as emitted, and the simulator's truth about them (bench/forecast-signals.ts). */
export interface SimSignals {
  events: SignalEvent[]
  /** Location ids and kinds, by location index. */
  locations: string[]
  location_kind: string[]
  /** Per category: the true log effect of one degree C above normal (lib/sim/demand.ts: weatherSens x weatherEffect / 10). */
  temp_effect: number[]
  /** Strength of the weather effect (config.demand.weatherEffect): rain x (1 - 0.07 s) at stores, x (1 + 0.05 s) at dark stores. */
  weather_effect: number
}

export interface SimFullData {
  series: SimFullSeries[]
  signals?: SimSignals
  horizon: number
  categories: string[]
  ms: number
  days: number
  start: string
}

export interface SimBenchOptions {
  seed: number
  start: string
  days: number
  horizon: number
  scale: NonNullable<SimOptions['scale']>
}

const dayOfTs = (ts: string, startMs: number) => Math.floor((Date.parse(ts) - startMs) / 86_400_000)

/**
 * What the product could see at an origin n (days before n only) and the truth of the `horizon`
 * days from n: promotions announced before n, the shelf price ratio of day n - 1 carried forward.
 */
export function simAtOrigin(data: SimFullData, n: number): SimData {
  const H = data.horizon
  if (n < 1 || n + H > data.days) throw new RangeError(`origin ${n} outside 1..${data.days - H}`)
  const series = data.series.map((s): SimSeries => {
    const discount = new Float64Array(n + H)
    for (let t = 0; t < n + H; t++) if (s.announced[t] < n) discount[t] = s.discount[t]
    const price = s.price_ratio.slice(0, n + H)
    price.fill(price[n - 1], n)
    return { ...s, sales: s.sales.subarray(0, n), censored: s.censored.subarray(0, n), discount, price_ratio: price, truth: s.truth.subarray(n, n + H) }
  })
  return { series, n, horizon: H, categories: data.categories, ms: data.ms, days: n + H, start: data.start }
}

/** The simulator bench's data at the last origin (days - horizon). */
export function buildSimData(o: SimBenchOptions): SimData {
  const full = buildSimFull(o)
  return simAtOrigin(full, full.days - o.horizon)
}

export function buildSimFull(o: SimBenchOptions): SimFullData {
  const t0 = performance.now()
  const sim = createSimulation({ seed: o.seed, start: o.start, scale: o.scale })
  const w = sim.world
  const nSku = w.skuCount
  const total = o.days
  const skuIndex = new Map(w.products.map((p, i) => [p.id, i]))
  const locIndex = new Map(w.locations.map((l, i) => [l.id, i]))
  // Selling, carried pairs get a slot.
  const slot = new Int32Array(w.pairCount).fill(-1)
  const pairs: number[] = []
  for (let i = 0; i < w.pairCount; i++) {
    const l = (i / nSku) | 0
    if (w.carried[i] && w.locations[l].channel !== null) {
      slot[i] = pairs.length
      pairs.push(i)
    }
  }
  const m = pairs.length
  const sales = new Float64Array(m * total)
  const onHand = new Float64Array(m * total).fill(NaN)
  const truth = new Float64Array(m * total)
  const discount = new Float64Array(m * total)
  const announced = new Float64Array(m * total).fill(Infinity)
  const shelf = new Float64Array(nSku * total) // chain-wide price ratio per sku-day (markdowns)
  const regular = Float64Array.from(w.products, (p) => p.price)
  const ratioNow = new Float64Array(nSku).fill(1)
  const signalEvents: SignalEvent[] = []

  for (let d = 0; d < total; d++) {
    const { events, truth: gt } = sim.simulateDay(d)
    for (let k = 0; k < m; k++) truth[k * total + d] = gt.demand[pairs[k]]
    for (const e of events) {
      switch (e.type) {
        case 'sale': {
          const k = slot[(locIndex.get(e.location) as number) * nSku + (skuIndex.get(e.sku) as number)]
          if (k >= 0) sales[k * total + d] += e.qty
          break
        }
        case 'inventory_snapshot': {
          const k = slot[(locIndex.get(e.location) as number) * nSku + (skuIndex.get(e.sku) as number)]
          if (k >= 0) onHand[k * total + d] = e.on_hand
          break
        }
        case 'promotion': {
          const from = Math.max(0, dayOfTs(e.start, w.startMs))
          const to = Math.min(total - 1, dayOfTs(e.end, w.startMs))
          const depth = e.discount_pct / 100
          for (const locId of e.locations) {
            const l = locIndex.get(locId) as number
            for (const skuId of e.skus) {
              const k = slot[l * nSku + (skuIndex.get(skuId) as number)]
              if (k < 0) continue
              for (let t = from; t <= to; t++) {
                discount[k * total + t] = depth
                announced[k * total + t] = d
              }
            }
          }
          break
        }
        case 'price_change': {
          const s = skuIndex.get(e.sku) as number
          if (e.kind === 'promo' || e.location !== undefined) break // promotions come from promotion events
          if (e.kind === 'regular') {
            regular[s] = e.price
            ratioNow[s] = 1
          } else if (e.kind === 'markdown') {
            // A markdown price is regular x (1 - share); a later regular review moves `regular` too.
            ratioNow[s] = regular[s] > 0 ? Math.min(1, e.price / regular[s]) : 1
          }
          break
        }
        case 'external_signal':
          signalEvents.push({ ts: e.ts, location: e.location, kind: e.kind, value: e.value, tags: e.tags })
          break
        default:
          break
      }
    }
    for (let s = 0; s < nSku; s++) shelf[s * total + d] = ratioNow[s]
  }

  const series: SimFullSeries[] = []
  for (let k = 0; k < m; k++) {
    const pair = pairs[k]
    const l = (pair / nSku) | 0
    const s = pair - l * nSku
    const cens = new Uint8Array(total)
    let carry = NaN
    for (let t = 0; t < total; t++) {
      const v = onHand[k * total + t]
      if (!Number.isNaN(v)) carry = v
      cens[t] = carry <= 0 ? 1 : 0
    }
    const p = w.products[s]
    series.push({
      id: `${p.id}@${w.locations[l].id}`,
      sku: s,
      location: l,
      channel: w.locations[l].channel as string,
      category: p.category,
      department: w.categories[p.category].department,
      seasonal: p.seasonal,
      sales: sales.subarray(k * total, (k + 1) * total),
      censored: cens,
      discount: discount.subarray(k * total, (k + 1) * total),
      announced: announced.subarray(k * total, (k + 1) * total),
      price_ratio: shelf.subarray(s * total, (s + 1) * total),
      truth: truth.subarray(k * total, (k + 1) * total),
      // lib/sim/demand.ts: a markdown multiplies demand by (1 - md)^(-0.7 min(elasticity, 2)).
      markdown_elasticity: -0.7 * Math.min(p.elasticity, 2),
    })
  }
  const weatherEffect = w.config.demand.weatherEffect
  const signals: SimSignals = {
    events: signalEvents,
    locations: w.locations.map((l) => l.id),
    location_kind: w.locations.map((l) => l.kind),
    temp_effect: w.categories.map((c) => (c.weatherSens * weatherEffect) / 10),
    weather_effect: weatherEffect,
  }
  return { series, signals, horizon: o.horizon, categories: w.categories.map((c) => c.name), ms: performance.now() - t0, days: total, start: o.start }
}
