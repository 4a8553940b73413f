/**
 * Promotions for the recompute: which days of each series (sku x channel at a location) run a
 * promotion, and how deep, from the `promotion` events (raw_promotions). Pure: the recompute reads
 * the promotions once, then asks for each location's spans while it packs the location's block.
 *
 * A promotion names its skus, locations and channels; an empty `locations` list means every
 * location and an empty `channels` list every channel. Days are offsets from the history's first
 * day, so a promotion announced ahead reaches past the history into the forecast days. Where two
 * promotions overlap on a day, the deeper discount counts (the shopper gets the better price).
 */

export interface PromotionWindow {
  promo_id: string
  skus: string[]
  locations: string[]
  channels: string[]
  /** First and last day (inclusive), as offsets from the history's first day. */
  first_day: number
  last_day: number
  /** Fraction off, 0..1. */
  depth: number
}

interface SkuSpan {
  channels: string[]
  first_day: number
  last_day: number
  depth: number
}

/** Promotion spans per series of a block, flat: span k covers series[k] over days [from[k], to[k]]. */
export interface PromoSpans {
  series: Int32Array
  from: Int32Array
  to: Int32Array
  depth: Float64Array
}

export class PromotionIndex {
  private readonly everywhere: PromotionWindow[] = []
  private readonly byLocation = new Map<string, PromotionWindow[]>()
  private readonly all: PromotionWindow[] = []

  /** Windows outside [0, days) are dropped; so are windows without a discount. */
  constructor(windows: readonly PromotionWindow[], days: number) {
    for (const w of windows) {
      if (!(w.depth > 0) || w.last_day < 0 || w.first_day >= days || w.last_day < w.first_day) continue
      const clipped = { ...w, first_day: Math.max(0, w.first_day), last_day: Math.min(days - 1, w.last_day), depth: Math.min(1, w.depth) }
      this.all.push(clipped)
      if (w.locations.length === 0) this.everywhere.push(clipped)
      for (const l of new Set(w.locations)) {
        let list = this.byLocation.get(l)
        if (!list) this.byLocation.set(l, (list = []))
        list.push(clipped)
      }
    }
  }

  /** The spans of one location's series (`series[i]` = its sku and channel). */
  spansAt(location: string, series: readonly { sku: string; channel: string }[]): PromoSpans {
    return spansOf([...this.everywhere, ...(this.byLocation.get(location) ?? [])], series)
  }

  /** The spans of each sku x channel at any location (the pooled level's group totals, pooled-level.ts). */
  spansAnywhere(series: readonly { sku: string; channel: string }[]): PromoSpans {
    return spansOf(this.all, series)
  }
}

function spansOf(windows: readonly PromotionWindow[], series: readonly { sku: string; channel: string }[]): PromoSpans {
  const empty = { series: new Int32Array(0), from: new Int32Array(0), to: new Int32Array(0), depth: new Float64Array(0) }
  if (windows.length === 0) return empty
  const bySku = new Map<string, SkuSpan[]>()
  for (const w of windows) {
    for (const sku of w.skus) {
      let list = bySku.get(sku)
      if (!list) bySku.set(sku, (list = []))
      list.push({ channels: w.channels, first_day: w.first_day, last_day: w.last_day, depth: w.depth })
    }
  }
  const s: number[] = []
  const f: number[] = []
  const t: number[] = []
  const d: number[] = []
  series.forEach((row, i) => {
    const spans = bySku.get(row.sku)
    if (!spans) return
    for (const span of spans) {
      if (span.channels.length > 0 && !span.channels.includes(row.channel)) continue
      s.push(i)
      f.push(span.first_day)
      t.push(span.last_day)
      d.push(span.depth)
    }
  })
  return { series: Int32Array.from(s), from: Int32Array.from(f), to: Int32Array.from(t), depth: Float64Array.from(d) }
}

/**
 * Discount depth per day of each series that has a promotion, over `days` days (history and
 * forecast): the deepest discount of the spans covering the day, 0 on the others.
 */
export function discountPaths(spans: PromoSpans, days: number): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>()
  for (let k = 0; k < spans.series.length; k++) {
    const i = spans.series[k]
    let path = out.get(i)
    if (!path) out.set(i, (path = new Float64Array(days)))
    const to = Math.min(days - 1, spans.to[k])
    for (let t = Math.max(0, spans.from[k]); t <= to; t++) if (spans.depth[k] > path[t]) path[t] = spans.depth[k]
  }
  return out
}
