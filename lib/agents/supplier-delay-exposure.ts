/**
 * What a purchase order arriving late puts at risk (the supplier-delay agent's exposure; its
 * mandate: lib/agents/supplier-delay.ts). Pure.
 *
 * On the PO's own shelf (a store that orders from suppliers): stock runs out after t0 = on hand / d
 * days; a PO due `a` days from now that comes H days late loses the demand between max(a, t0) and
 * a + H, at most its own quantity (unitsShortWhileLate).
 *
 * Through a DC: a DC sells nothing, so a PO late there costs sales at the stores it feeds by
 * transfer (its children in the locations master) that carry the sku. Child c, with position p_c
 * (on hand + on its way, its policy row), daily demand d_c and transfer lead time L_c (its policy
 * row's lead time), would have had the PO's stock at a + L_c and now gets it at a + H + L_c. Until
 * then it lives on its position and on a share of what the DC still holds available, S: shared in
 * proportion to demand (fair shares, as a DC allocates a short sku), so every child's cover grows by
 * the same S / D days, D = sum of the children's d. So
 *   t0_c = p_c / d_c + S / D,   units short_c = d_c x max(0, a + H + L_c - max(a + L_c, t0_c))
 * and value at risk_c = units short_c x unit margin_c. The PO can only ever have supplied its own
 * quantity: when the children's units short add up to more, each is scaled down by the same factor.
 */
import { round } from './signals'
import { fmtMoneyAuto, fmtNum, plural } from './wording'

const key = (sku: string, location: string) => `${sku}|${location}`

/** A SKU-location an open PO feeds. */
export interface Exposure {
  sku: string
  location: string
  /** Forecast daily demand, units a day. */
  d: number
  /** Units on hand that can be sold now (on hand - reserved). */
  on_hand: number
  unit_margin: number
}


/** Units lost to a PO due in `a` days arriving `h` days late: min(qty, d x max(0, a + h - max(a, t0))). */
export function unitsShortWhileLate(d: number, on_hand: number, qty: number, a: number, h: number): number {
  if (!(d > 0) || !(qty > 0) || !(h > 0)) return 0
  const t0 = Math.max(0, on_hand) / d
  return Math.min(qty, d * Math.max(0, a + h - Math.max(a, t0)))
}

/** A SKU-location replenished by transfer from `parent`, exposed by the parent's POs of that sku. */
export interface DownstreamExposure {
  sku: string
  location: string
  /** The location that feeds it (its DC). */
  parent: string
  /** Forecast daily demand, units a day. */
  d: number
  /** On hand + on its way to it (transfers), units (its policy row's position). */
  position: number
  /** Days from stock at the parent to stock on this shelf (its policy row's lead time). */
  transit_days: number
  unit_margin: number
}

/** One child that runs short before a late PO's stock can reach it. */
export interface ExposedStore {
  location: string
  /** Days until it runs out, counting its share of the DC's stock. */
  runs_out_in_days: number
  /** Days until the late PO's stock can be on its shelf. */
  restocked_in_days: number
  units_short: number
  value: number
}

export interface DownstreamShortfall {
  /** Children carrying the sku (with a policy row for it), selling or not. */
  carrying: number
  /** Children that run short, most value first. */
  stores: ExposedStore[]
  units_short: number
  value: number
}

/**
 * The children of a DC short of `sku` while its PO of `qty` units, due in `a` days, comes `h` days
 * late; `available` is what the DC holds of the sku now (on hand - reserved), shared by demand.
 */
export function downstreamShortfall(children: readonly DownstreamExposure[], available: number, qty: number, a: number, h: number): DownstreamShortfall {
  const selling = children.filter((c) => c.d > 0)
  const D = selling.reduce((s, c) => s + c.d, 0)
  const share = D > 0 ? Math.max(0, available) / D : 0
  const raw = selling.map((c) => {
    const t0 = Math.max(0, c.position) / c.d + share
    const L = Math.max(0, c.transit_days)
    // Stock of t0 x d_c days: the same formula, due at a + L instead of a.
    const short = unitsShortWhileLate(c.d, t0 * c.d, Infinity, a + L, h)
    return { c, t0, restocked: a + h + L, short }
  })
  const total = raw.reduce((s, x) => s + x.short, 0)
  const scale = qty > 0 && total > qty ? qty / total : qty > 0 ? 1 : 0
  const stores = raw
    .filter((x) => x.short * scale > 0)
    .map((x) => {
      const units = x.short * scale
      return { location: x.c.location, runs_out_in_days: x.t0, restocked_in_days: x.restocked, units_short: units, value: units * Math.max(0, x.c.unit_margin) }
    })
    .sort((p, q) => q.value - p.value || p.location.localeCompare(q.location))
  return {
    carrying: children.length,
    stores,
    units_short: stores.reduce((s, x) => s + x.units_short, 0),
    value: round(stores.reduce((s, x) => s + x.value, 0)),
  }
}

export interface ExposureMaps {
  exposure: Map<string, Exposure>
  /** Children by (sku, parent). */
  downstream: Map<string, DownstreamExposure[]>
  dcStock: Map<string, number>
}

export function exposureMaps(input: { exposure: readonly Exposure[]; downstream?: readonly DownstreamExposure[]; dc_stock?: readonly { sku: string; location: string; available: number }[] }): ExposureMaps {
  const downstream = new Map<string, DownstreamExposure[]>()
  for (const c of input.downstream ?? []) {
    const k = key(c.sku, c.parent)
    const list = downstream.get(k)
    if (list) list.push(c)
    else downstream.set(k, [c])
  }
  return {
    exposure: new Map(input.exposure.map((e) => [key(e.sku, e.location), e])),
    downstream,
    dcStock: new Map((input.dc_stock ?? []).map((x) => [key(x.sku, x.location), x.available])),
  }
}

export interface PoShortfall {
  e: Exposure | undefined
  /** Units short on the PO's own shelf. */
  own: number
  down: DownstreamShortfall | null
  units: number
  value: number
  /** Some demand figure exists for the PO's sku here or downstream. */
  known: boolean
}

/** What `qty` units of `sku` for `location`, due in `a` days and coming `h` days late, cost: own shelf first, then the stores it feeds. */
export function poShortfall(m: ExposureMaps, sku: string, location: string, qty: number, a: number, h: number): PoShortfall {
  const e = m.exposure.get(key(sku, location))
  const own = e ? unitsShortWhileLate(e.d, e.on_hand, qty, a, h) : 0
  const children = m.downstream.get(key(sku, location))
  const down = children?.length ? downstreamShortfall(children, m.dcStock.get(key(sku, location)) ?? 0, qty - own, a, h) : null
  const ownValue = e ? own * Math.max(0, e.unit_margin) : 0
  return { e, own, down, units: own + (down?.units_short ?? 0), value: round(ownValue + (down?.value ?? 0)), known: !!e || !!down?.carrying }
}

/** The stores a late PO at a DC leaves short, named (at most max_named) with their figures. */
export function downstreamText(down: DownstreamShortfall | null, available: number, sku: string, location: string, horizon: number, o: { max_named: number; currency_symbol: string }): string {
  if (!down?.carrying) return ''
  const head = ` ${location} has ${fmtNum(Math.max(0, available))} of ${sku} available and feeds ${plural(down.carrying, 'store')} carrying it`
  if (!down.stores.length) return `${head}; none runs short if the PO takes ${plural(horizon, 'more day', 'more days')}.`
  const names = down.stores
    .slice(0, o.max_named)
    .map((s) => `${s.location} (out in ${fmtNum(s.runs_out_in_days, 1)} days, restocked in ${fmtNum(s.restocked_in_days, 1)}: ${plural(s.units_short, 'unit')} short, ${fmtMoneyAuto(round(s.value), o.currency_symbol)})`)
  const more = down.stores.length > o.max_named ? ` and ${plural(down.stores.length - o.max_named, 'more store')}` : ''
  return (
    `${head}; if the PO takes ${plural(horizon, 'more day', 'more days')}, ${plural(down.stores.length, 'store runs', 'stores run')} short before its stock can reach them: ` +
    `${names.join(', ')}${more}; ${fmtMoneyAuto(down.value, o.currency_symbol)} of margin at risk.`
  )
}
