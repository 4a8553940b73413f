/**
 * The evening of a simulated day: the replenishment policy sees each carried pair as the books
 * show it (policy.ts) and answers with transfers (shipped from the source's physical stock, arriving
 * after the transit days) and purchase orders (arriving after the supplier's drawn lead time, plus
 * any disruption delay); then the end-of-day inventory snapshots.
 */
import type { Policy, PolicyAction } from '../policy'
import { hash, hash01 } from '../random'
import { HOUR_MS, isoInstant } from '../time'
import type { Anomaly, GroundTruth } from '../types'
import { supplierDelay } from './losses'
import { SALT_LEAD, SALT_TRANSIT, SEGMENT_TIMES_MS, push, round2, type SimState } from './state'

export function runPolicy(st: SimState, day: number, policy: Policy, truth: GroundTruth): void {
  const w = st.world
  const nSku = st.nSku
  policy.beginDay?.({
    day,
    date: st.cal.date,
    world: w,
    inventory: { onHand: st.sys, onOrder: st.onOrder, inTransit: st.inTransit, avgDailyOutflow: st.ewma },
  })
  const ps = st.policyState
  ps.day = day
  ps.date = st.cal.date
  ps.dow = st.cal.dow
  const ctx = st.model.context(day)
  let transfers = 0
  let orders = 0
  for (const l of w.processingOrder) {
    const loc = w.locations[l]
    const isDc = loc.kind === 'dc'
    // Outflow since this location's last evening run: sales, ship-from-store, web fallback, and
    // (for a DC) the transfers just shipped to the locations evaluated before it.
    for (let pair = l * nSku; pair < (l + 1) * nSku; pair++) {
      if (w.carried[pair]) st.ewma[pair] += (st.outflow[pair] - st.ewma[pair]) / 14
    }
    for (let s = 0; s < nSku; s++) {
      const pair = l * nSku + s
      if (!w.carried[pair]) continue
      const p = w.products[s]
      ps.sku = s
      ps.location = l
      ps.product = p
      ps.site = loc
      ps.onHand = st.sys[pair]
      ps.onOrder = st.onOrder[pair]
      ps.inTransit = st.inTransit[pair]
      ps.position = ps.onHand + ps.onOrder + ps.inTransit
      ps.outflowToday = st.outflow[pair]
      ps.avgDailyOutflow = st.ewma[pair]
      ps.nominalDailyRate = w.nominalRate[pair]
      ps.replenishedBy = isDc ? 'supplier' : 'transfer'
      ps.leadTimeDays = isDc ? w.suppliers[p.supplier].leadMean : transitDays(st, loc.parent, l)
      ps.parent = loc.parent
      ps.supplier = p.supplier
      ps.price = round2(ctx.regularPrice[s] * (1 - ctx.markdown[s]))
      const r = policy.decide(ps)
      if (!r) continue
      const actions: readonly PolicyAction[] = Array.isArray(r) ? r : [r as PolicyAction]
      for (const act of actions) {
        if (act.kind === 'transfer') transfer(st, day, act.from, l, s, act.qty, ++transfers)
        else if (act.kind === 'order') {
          order(st, day, pair, act.qty, act.supplier ?? p.supplier, ++orders, truth)
        }
      }
    }
    st.outflow.fill(0, l * nSku, (l + 1) * nSku)
  }
}

/** Days a transfer between two locations travels: 1 within a region, 2 across. */
export function transitDays(st: SimState, from: number, to: number): number {
  const w = st.world
  return w.locations[from]?.region === w.locations[to].region ? 1 : 2
}

function transfer(st: SimState, day: number, from: number, to: number, sku: number, qty: number, k: number): void {
  const w = st.world
  if (!Number.isInteger(from) || from < 0 || from >= st.nLoc || from === to) return
  const src = from * st.nSku + sku
  const dst = to * st.nSku + sku
  if (!w.carried[src]) return
  const shipped = Math.min(Math.floor(qty), st.phys[src])
  if (!(shipped > 0)) return
  st.phys[src] -= shipped
  st.sys[src] -= shipped
  st.outflow[src] += shipped
  st.inTransit[dst] += shipped
  const serial = ++st.serial
  const nominal = transitDays(st, from, to)
  const actual = nominal + (hash01(st.seed, SALT_TRANSIT + 1, dst, day) < 0.06 ? 1 : 0)
  const id = `${st.prefix}-T${day}-${k}`
  const t = SEGMENT_TIMES_MS.policyTransfer + (k % 3_600_000)
  const ts = st.cal.ts(t)
  st.emit(
    {
      type: 'transfer', event_id: st.id(), ts, transfer_id: id, from: st.locIds[from], to: st.locIds[to], sku: st.skuIds[sku], qty: shipped,
      shipped_at: ts, expected_at: isoInstant(st.dayStartMs(day + nominal) + 8 * HOUR_MS),
    },
    t,
  )
  st.move(src, 'transfer_out', shipped, id, t)
  push(st.arrivals, day + actual, { kind: 1, id, pair: dst, qty: shipped, serial })
}

function order(st: SimState, day: number, pair: number, qty: number, supplier: number, k: number, truth: GroundTruth): void {
  const w = st.world
  const q = Math.floor(qty)
  if (!(q > 0) || !Number.isInteger(supplier) || supplier < 0 || supplier >= w.suppliers.length) return
  const sup = w.suppliers[supplier]
  const l = (pair / st.nSku) | 0
  const s = pair - l * st.nSku
  const rng = st.rng2.seed(hash(st.seed, SALT_LEAD, pair, day))
  const lead = Math.max(1, Math.round(sup.leadMean + sup.leadSd * rng.normal()))
  const extra = supplierDelay(st, supplier, day)
  const arrival = day + lead + extra
  const promised = day + sup.leadMean
  const serial = ++st.serial
  const id = `${st.prefix}-PO${day}-${k}`
  const t = SEGMENT_TIMES_MS.policyOrder + (k % 3_600_000)
  const ts = st.cal.ts(t)
  st.onOrder[pair] += q
  st.emit(
    {
      type: 'purchase_order', event_id: st.id(), ts, po_id: id, supplier: sup.id, sku: st.skuIds[s], location: st.locIds[l], qty: q,
      ordered_at: ts, promised_at: isoInstant(st.dayStartMs(promised) + 8 * HOUR_MS),
    },
    t,
  )
  push(st.arrivals, arrival, { kind: 0, id, pair, qty: q, serial, orderedAt: ts, supplier })
  if (extra > 0) {
    const a: Anomaly = {
      kind: 'po_delay', day, date: st.cal.date, supplier: sup.id, poId: id, sku: st.skuIds[s], location: st.locIds[l], promisedDay: promised,
      arrivalDay: arrival, extraDays: extra,
    }
    truth.anomalies.push(a)
  }
}

export function snapshots(st: SimState, t: number, all: boolean): void {
  const w = st.world
  const ts = st.cal.ts(t)
  for (let pair = 0; pair < st.nPairs; pair++) {
    if (!w.carried[pair]) continue
    const v = st.sys[pair]
    if (!all && v === st.lastSnap[pair]) continue
    st.lastSnap[pair] = v
    const l = (pair / st.nSku) | 0
    st.emit({ type: 'inventory_snapshot', event_id: st.id(), ts, sku: st.skuIds[pair - l * st.nSku], location: st.locIds[l], on_hand: v }, t)
  }
}
