/**
 * Actions from outside the simulation (StockPulse's approved decisions, delivered to the simulated
 * retailer's ERP in demo mode) applied to the simulated world at a simulated instant:
 *
 *   reorder    a purchase order with the SKU's supplier (or the one named), delivered after that
 *              supplier's drawn lead time plus any disruption delay: the same lead-time model, fill
 *              rate and purchase_order / po_receipt events as the simulation's own orders.
 *   expedite   the open PO of the pair due soonest (still more than a day out) arrives after half
 *              its remaining days (at least one), restated as a purchase_order with the new
 *              promise; no-op with a reason when none is open.
 *   transfer   min(quantity, physical stock at from_location) leaves with a transfer event and a
 *              transfer_out movement, and arrives after the transit days (1 within a region, 2
 *              across) with a transfer_in movement, like the simulation's own transfers.
 *   reallocate refused: the simulated retailer holds no per-channel split of a location's stock
 *              (no reservations; ship-from-store and web orders take what is there), so there is
 *              no split to change (a transfer moves stock between locations instead).
 *   markdown   a chain-wide price_change (kind markdown) now; from the next simulated day the
 *              shelf shows that price and demand responds through the SKU's price elasticity
 *              (demand.ts PriceOverrides: x (price / regular) ^ -elasticity).
 *
 * The simulation runs whole days at their midnight, so an action lands on the last simulated day
 * (the one whose events are being released) at its instant, and changes the state that the next
 * day starts from. Pure and deterministic: same seed, same actions at the same instants, same world.
 * Idempotent by action_id; anything unknown or absurd is refused with the reason, never thrown.
 */
import type { Event } from '../events/schema'
import { actionPayloadSchema } from '../actions/payload-schema'
import type { ActionPayload } from '../actions/types'
import { overrideShare } from './demand'
import { Rng, hash, hashString } from './random'
import { DAY_MS, HOUR_MS, isoDate, isoInstant } from './time'
import type { Anomaly } from './types'
import { transitDays } from './day/evening'
import { FORCE_SNAPSHOT, supplierDelay } from './day/losses'
import { SALT_LEAD, push, round2, type Arrival, type SimState } from './day/state'

/** More units than this in one action is not a decision a retailer makes: refused. */
export const MAX_ACTION_UNITS = 100_000
/** A markdown below this share of the regular price is refused as absurd. */
export const MIN_MARKDOWN_RATIO = 0.05

export interface ActionOutcome {
  /** The action's id ('' when the payload had none). */
  action_id: string
  status: 'accepted' | 'refused'
  /** What happened ("PO sim-42-PO400-A1 placed with SUP03, due 2026-12-10") or why not. */
  note: string
  /** True when this id was applied before: nothing happened this time. */
  duplicate: boolean
}

/** A change of the books' on hand at a pair, which an end-of-day snapshot computed earlier must add. */
export interface BookDelta {
  sku: string
  location: string
  delta: number
}

export interface AppliedAction {
  outcome: ActionOutcome
  /** The events the action caused, in order, stamped at the instant it was applied. */
  events: Event[]
  /** Epoch ms of each event's ts (same order). */
  times: Float64Array
  /** Ground truth the action caused (a PO placed inside a supplier disruption). */
  anomalies: Anomaly[]
  bookDeltas: BookDelta[]
}

type Result = { status: 'accepted' | 'refused'; note: string }
const refuse = (note: string): Result => ({ status: 'refused', note })
const accept = (note: string): Result => ({ status: 'accepted', note })

interface Ctx {
  st: SimState
  day: number
  /** ms of the day the action's events are stamped at. */
  t: number
  /** Sequence number of this action among those applied (for ids). */
  k: number
  a: ActionPayload
  anomalies: Anomaly[]
  bookDeltas: BookDelta[]
}

/** Apply `raw` (an ActionPayload, validated here) at epoch ms `atMs`. Never throws for a bad payload. */
export function applyAction(st: SimState, day: number, raw: unknown, atMs: number): AppliedAction {
  const rawId = typeof raw === 'object' && raw !== null && typeof (raw as { action_id?: unknown }).action_id === 'string' ? (raw as { action_id: string }).action_id : ''
  const out = (r: Result, duplicate = false, ctx?: Ctx): AppliedAction => {
    const events = st.events
    const times = Float64Array.from(st.times, (t) => st.cal.startMs + t)
    st.events = []
    st.times = []
    return {
      outcome: { action_id: rawId, status: r.status, note: r.note, duplicate },
      events,
      times,
      anomalies: ctx?.anomalies ?? [],
      bookDeltas: ctx?.bookDeltas ?? [],
    }
  }
  const parsed = actionPayloadSchema.safeParse(raw)
  if (!parsed.success) {
    const i = parsed.error.issues[0]
    return out(refuse(`invalid payload: ${i.path.map(String).join('.') || '(body)'}: ${i.message}`))
  }
  const a = parsed.data
  const seen = st.actions.get(a.action_id)
  if (seen) return out(seen, true)
  if (day < 0 || st.cal.index !== day) return out(refuse('the simulation has not started'))
  const t = Math.min(DAY_MS - 1, Math.max(0, Math.floor(atMs - st.cal.startMs)))
  const ctx: Ctx = { st, day, t, k: st.actions.size + 1, a, anomalies: [], bookDeltas: [] }
  let r: Result
  try {
    r = dispatch(ctx)
  } catch (err) {
    // A bug here must not stop the simulation: the action is refused and the reason kept.
    r = refuse(`could not apply: ${err instanceof Error ? err.message : String(err)}`)
  }
  st.actions.set(a.action_id, r)
  return out(r, false, ctx)
}

function dispatch(c: Ctx): Result {
  const { st, a } = c
  const w = st.world
  const sku = w.products.findIndex((p) => p.id === a.sku)
  if (sku < 0) return refuse(`unknown sku ${a.sku}`)
  const loc = w.locations.findIndex((l) => l.id === a.location)
  if (loc < 0) return refuse(`unknown location ${a.location}`)
  if (a.quantity > MAX_ACTION_UNITS) return refuse(`quantity ${a.quantity} is more than ${MAX_ACTION_UNITS} units: not applied`)
  const pair = loc * st.nSku + sku
  switch (a.kind) {
    case 'reorder':
      return reorder(c, sku, loc, pair)
    case 'expedite':
      return expedite(c, pair)
    case 'transfer':
      return transfer(c, sku, loc, pair)
    case 'reallocate':
      return refuse(
        `the simulated retailer holds no channel split at ${a.location} (no reservations: its stock serves its own channel and ship-from-store or web orders first come, first served), so there is none to change; a transfer moves stock between locations`,
      )
    case 'markdown':
      return markdown(c, sku)
  }
}

function reorder(c: Ctx, sku: number, loc: number, pair: number): Result {
  const { st, a, day, t } = c
  const w = st.world
  if (!w.carried[pair]) return refuse(`${a.location} does not carry ${a.sku}`)
  const q = Math.floor(a.quantity)
  if (!(q > 0)) return refuse(`quantity must be at least 1 unit, got ${a.quantity}`)
  let supplier = w.products[sku].supplier
  if (a.supplier) {
    supplier = w.suppliers.findIndex((s) => s.id === a.supplier)
    if (supplier < 0) return refuse(`unknown supplier ${a.supplier}`)
  }
  const sup = w.suppliers[supplier]
  // The simulation's own lead-time model (day/evening.ts order): normal around the supplier's
  // mean, at least a day, plus the delay of any disruption running at the supplier.
  const rng = new Rng(hash(st.seed, SALT_LEAD, pair, day, hashString(a.action_id)))
  const lead = Math.max(1, Math.round(sup.leadMean + sup.leadSd * rng.normal()))
  const extra = supplierDelay(st, supplier, day)
  const arrival = day + lead + extra
  const promised = day + sup.leadMean
  const id = `${st.prefix}-PO${day}-A${c.k}`
  const ts = st.cal.ts(t)
  st.onOrder[pair] += q
  st.emit(
    {
      type: 'purchase_order', event_id: st.id(), ts, po_id: id, supplier: sup.id, sku: a.sku, location: a.location, qty: q, ordered_at: ts,
      promised_at: isoInstant(st.dayStartMs(promised) + 8 * HOUR_MS),
    },
    t,
  )
  push(st.arrivals, arrival, { kind: 0, id, pair, qty: q, serial: ++st.serial, orderedAt: ts, supplier })
  if (extra > 0) {
    c.anomalies.push({
      kind: 'po_delay', day, date: st.cal.date, supplier: sup.id, poId: id, sku: a.sku, location: w.locations[loc].id, promisedDay: promised,
      arrivalDay: arrival, extraDays: extra,
    })
  }
  return accept(`PO ${id} placed with ${sup.id} for ${q} units, due ${isoDate(st.dayStartMs(promised))}`)
}

function expedite(c: Ctx, pair: number): Result {
  const { st, a, day } = c
  let best: { due: number; i: number; arr: Arrival } | null = null
  for (const [due, list] of st.arrivals) {
    if (due <= day + 1) continue
    list.forEach((arr, i) => {
      if (arr.kind === 0 && arr.pair === pair && (!best || due < best.due || (due === best.due && arr.serial < best.arr.serial))) best = { due, i, arr }
    })
  }
  const found = best as { due: number; i: number; arr: Arrival } | null
  if (!found) return refuse(`no open purchase order of ${a.sku} at ${a.location} due later than tomorrow: nothing to expedite`)
  const remaining = found.due - day
  const due = day + Math.max(1, Math.ceil(remaining / 2))
  const list = st.arrivals.get(found.due)!
  list.splice(found.i, 1)
  if (!list.length) st.arrivals.delete(found.due)
  push(st.arrivals, due, found.arr)
  // The supplier's new promise, restated on the PO as an ERP would send it.
  const arr = found.arr
  const l = (arr.pair / st.nSku) | 0
  const sup = st.world.suppliers[arr.supplier ?? st.world.products[arr.pair - l * st.nSku].supplier]
  const ts = st.cal.ts(c.t)
  st.emit(
    {
      type: 'purchase_order', event_id: st.id(), ts, po_id: arr.id, supplier: sup.id, sku: st.skuIds[arr.pair - l * st.nSku], location: st.locIds[l], qty: arr.qty,
      ordered_at: arr.orderedAt ?? ts, promised_at: isoInstant(st.dayStartMs(due) + 8 * HOUR_MS),
    },
    c.t,
  )
  return accept(`PO ${found.arr.id} expedited: arrives ${isoDate(st.dayStartMs(due))} instead of ${isoDate(st.dayStartMs(found.due))}`)
}

function transfer(c: Ctx, sku: number, loc: number, pair: number): Result {
  const { st, a, day, t } = c
  const w = st.world
  if (!a.from_location) return refuse('a transfer needs from_location')
  const from = w.locations.findIndex((l) => l.id === a.from_location)
  if (from < 0) return refuse(`unknown location ${a.from_location}`)
  if (from === loc) return refuse(`from_location and location are both ${a.location}`)
  const src = from * st.nSku + sku
  if (!w.carried[src]) return refuse(`${a.from_location} does not carry ${a.sku}`)
  if (!w.carried[pair]) return refuse(`${a.location} does not carry ${a.sku}`)
  if (!(Math.floor(a.quantity) > 0)) return refuse(`quantity must be at least 1 unit, got ${a.quantity}`)
  // What is physically there and on the books: never below zero on either.
  const shipped = Math.min(Math.floor(a.quantity), st.phys[src], st.sys[src])
  if (!(shipped > 0)) return refuse(`nothing to transfer: ${Math.max(0, Math.min(st.phys[src], st.sys[src]))} units of ${a.sku} at ${a.from_location}`)
  st.phys[src] -= shipped
  st.sys[src] -= shipped
  st.outflow[src] += shipped
  st.inTransit[pair] += shipped
  const transit = transitDays(st, from, loc)
  const id = `${st.prefix}-T${day}-A${c.k}`
  const ts = st.cal.ts(t)
  st.emit(
    {
      type: 'transfer', event_id: st.id(), ts, transfer_id: id, from: a.from_location, to: a.location, sku: a.sku, qty: shipped, shipped_at: ts,
      expected_at: isoInstant(st.dayStartMs(day + transit) + 8 * HOUR_MS),
    },
    t,
  )
  st.move(src, 'transfer_out', shipped, id, t)
  push(st.arrivals, day + transit, { kind: 1, id, pair, qty: shipped, serial: ++st.serial })
  // The books changed after the day's snapshot was computed: the next one is sent whatever it says.
  st.lastSnap[src] = FORCE_SNAPSHOT
  c.bookDeltas.push({ sku: a.sku, location: a.from_location, delta: -shipped })
  const part = shipped < a.quantity ? ` (${a.quantity} asked, ${shipped} there)` : ''
  return accept(`transfer ${id}: ${shipped} units ${a.from_location} -> ${a.location}${part}, arrives ${isoDate(st.dayStartMs(day + transit))}`)
}

function markdown(c: Ctx, sku: number): Result {
  const { st, a, day, t } = c
  if (a.price === undefined) return refuse('a markdown needs price')
  const regular = st.model.regularPrice(sku, day + 1)
  const price = round2(a.price)
  if (!(price < regular)) return refuse(`price ${price} is not below the regular price ${regular}: not a markdown`)
  if (price < regular * MIN_MARKDOWN_RATIO) return refuse(`price ${price} is below ${MIN_MARKDOWN_RATIO * 100} % of the regular price ${regular}: not applied`)
  const seasonal = st.model.markdown(sku, day + 1)
  if (overrideShare(price, regular) <= seasonal) return refuse(`${a.sku} is already marked down ${Math.round(seasonal * 100)} % (price ${round2(regular * (1 - seasonal))}): ${price} is not lower`)
  st.model.overrides.set(sku, price, day + 1)
  st.emit({ type: 'price_change', event_id: st.id(), ts: st.cal.ts(t), sku: a.sku, kind: 'markdown', price }, t)
  // What the next day's price phase will compare with: no second event for the same price.
  st.lastPrice[sku] = round2(regular * (1 - overrideShare(price, regular)))
  st.lastMarkdown[sku] = overrideShare(price, regular)
  const elasticity = st.world.products[sku].elasticity
  const uplift = Math.pow(price / regular, -elasticity)
  return accept(`${a.sku} marked down to ${price} from ${regular} chain-wide from ${isoDate(st.dayStartMs(day + 1))}: demand x${uplift.toFixed(2)} (elasticity ${elasticity.toFixed(2)})`)
}

/**
 * Add the books' changes an action made to the end-of-day snapshots of its day that were computed
 * before it and stamped after it (`times[i] > afterMs`): the snapshot then states what the books say.
 */
export function correctSnapshots(events: Event[], times: ArrayLike<number>, afterMs: number, deltas: readonly BookDelta[]): void {
  if (!deltas.length) return
  for (let i = 0; i < events.length; i++) {
    const e = events[i]
    if (e.type !== 'inventory_snapshot' || !(times[i] > afterMs)) continue
    for (const b of deltas) if (e.sku === b.sku && e.location === b.location) e.on_hand += b.delta
  }
}
