/**
 * The losses of a simulated day and the anomalies injected into it: returns coming back (resellable
 * ones restock), everyday shrink, shrink spikes, phantom inventory (books above the shelf until a
 * count corrects them), and the supplier disruption windows that delay purchase orders (evening.ts).
 * Every injected anomaly is written to the ground truth, never to the events.
 */
import type { Event } from '../../events/schema'
import { hash, hash01 } from '../random'
import { HOUR_MS } from '../time'
import type { GroundTruth } from '../types'
import { SALT_DISRUPT, SALT_PHANTOM, SALT_RETURN, SALT_SHRINK, SALT_SPIKE, push, type SimState } from './state'

/** A lastSnap no on-hand figure equals: the next end-of-day snapshot is sent whatever the books say. */
export const FORCE_SNAPSHOT = -2_147_483_648

const RETURN_REASONS = ['changed_mind', 'wrong_size', 'defective', 'not_as_described', 'damaged_in_transit', 'late_delivery'] as const
const SHRINK_REASONS = ['damaged', 'expired', 'theft', 'admin_error'] as const

export function returns(st: SimState, day: number): void {
  const list = st.returnsDue.get(day)
  if (!list) return
  st.returnsDue.delete(day)
  const rng = st.rng2.seed(hash(st.seed, SALT_RETURN + 1, day))
  for (const r of list) {
    const l = (r.pair / st.nSku) | 0
    const u = rng.float()
    const condition = u < 0.65 ? 'resellable' : u < 0.8 ? 'damaged' : u < 0.95 ? 'defective' : 'unknown'
    const reason = condition === 'defective' ? 'defective' : condition === 'damaged' ? 'damaged_in_transit' : rng.pick(RETURN_REASONS)
    const open = r.channel === 'store' ? 9 * HOUR_MS : 8 * HOUR_MS
    const t = open + rng.float() * 11 * HOUR_MS
    const e: Event = {
      type: 'return', event_id: st.id(), ts: st.cal.ts(t), sku: st.skuIds[r.pair - l * st.nSku], location: st.locIds[l], channel: r.channel,
      qty: r.qty, unit_price: r.price, reason, condition,
    }
    if (r.orderId) e.order_id = r.orderId
    if (r.customerId) e.customer_id = r.customerId
    st.emit(e, t)
    if (condition === 'resellable' && st.world.carried[r.pair]) {
      st.sys[r.pair] += r.qty
      st.phys[r.pair] += r.qty
    }
  }
}

export function shrinkAndAnomalies(st: SimState, day: number, truth: GroundTruth): void {
  const w = st.world
  const a = st.config.anomalies
  const pShrink = st.config.inventory.shrinkDailyProb
  const pSpike = a.shrinkSpikesPerPairYear / 365
  const pPhantom = a.phantomPerPairYear / 365
  const date = st.cal.date
  // Spikes already running.
  const spikeUnits = new Map<number, number>()
  st.spikes = st.spikes.filter((sp) => sp.endDay >= day)
  for (const sp of st.spikes) spikeUnits.set(sp.pair, (spikeUnits.get(sp.pair) ?? 0) + sp.unitsPerDay)
  for (let pair = 0; pair < st.nPairs; pair++) {
    if (!w.carried[pair]) continue
    const l = (pair / st.nSku) | 0
    const selling = w.locations[l].channel !== null
    // New shrink spike (selling locations): recorded write-offs far above normal for a while.
    if (selling && pSpike > 0 && hash01(st.seed, SALT_SPIKE, pair, day) < pSpike) {
      const h = hash(st.seed, SALT_SPIKE + 1, pair, day)
      const unitsPerDay = Math.max(1, Math.round(w.nominalRate[pair] * (0.3 + (h % 4) * 0.15))) + ((h >>> 4) % 2)
      const sp = { pair, endDay: day + 4 + ((h >>> 8) % 11), unitsPerDay }
      st.spikes.push(sp)
      spikeUnits.set(pair, (spikeUnits.get(pair) ?? 0) + unitsPerDay)
      truth.anomalies.push({
        kind: 'shrink_spike', day, date, sku: st.skuIds[pair - l * st.nSku], location: st.locIds[l], startDay: day, endDay: sp.endDay, unitsPerDay,
      })
    }
    let q = 0
    let reason: string = 'theft'
    const hs = hash01(st.seed, SALT_SHRINK, pair, day)
    if (hs < pShrink) {
      q += 1 + Math.floor((hs / pShrink) * 2)
      reason = SHRINK_REASONS[Math.floor((hs / pShrink) * 997) % SHRINK_REASONS.length]
    }
    const extra = spikeUnits.get(pair)
    if (extra) {
      q += extra
      reason = 'theft'
    }
    if (q > st.phys[pair]) q = st.phys[pair]
    if (q > 0) {
      st.phys[pair] -= q
      st.sys[pair] -= q
      st.move(pair, 'shrink', q, reason, 9 * HOUR_MS + (hash(st.seed, SALT_SHRINK + 1, pair, day) % (11 * HOUR_MS)))
    }
    // Phantom inventory: the books keep units the shelf does not have, until a count.
    // One at a time per pair, so each has its own correcting count.
    if (selling && pPhantom > 0 && day >= st.phantomUntil[pair] && hash01(st.seed, SALT_PHANTOM, pair, day) < pPhantom) {
      const h = hash(st.seed, SALT_PHANTOM + 1, pair, day)
      const frac = 0.5 + ((h % 1000) / 1000) * 0.5
      let magnitude = Math.round(st.phys[pair] * frac)
      let mechanism: 'unrecorded_loss' | 'phantom_receipt' = 'unrecorded_loss'
      if (magnitude >= 1) st.phys[pair] -= magnitude
      else {
        magnitude = Math.max(2, Math.round(w.nominalRate[pair] * 5))
        st.sys[pair] += magnitude
        // No event says so: the books change only through the end-of-day snapshot, which must be
        // sent even when the day's evented changes took the books back to the last snapshot's figure.
        st.lastSnap[pair] = FORCE_SNAPSHOT
        mechanism = 'phantom_receipt'
      }
      const correctedOnDay = day + 7 + ((h >>> 10) % 39)
      st.phantomUntil[pair] = correctedOnDay
      push(st.counts, correctedOnDay, pair)
      truth.anomalies.push({
        kind: 'phantom_inventory', day, date, sku: st.skuIds[pair - l * st.nSku], location: st.locIds[l], magnitude, mechanism, correctedOnDay,
      })
    }
  }
}

/** A supplier disruption window starting on a day (policy-independent), or null. */
export function disruptionStarting(st: SimState, supplier: number, day: number): { end: number; extra: number } | null {
  const rate = st.config.anomalies.supplierDelaysPerSupplierYear / 365
  if (!(rate > 0) || hash01(st.seed, SALT_DISRUPT, supplier, day) >= rate) return null
  const h = hash(st.seed, SALT_DISRUPT + 1, supplier, day)
  return { end: day + 6 + (h % 22), extra: 3 + ((h >>> 8) % 12) }
}

/** Extra days for a PO placed with a supplier on a day (max over the windows containing it). */
export function supplierDelay(st: SimState, supplier: number, day: number): number {
  let extra = 0
  for (let d = day - 28; d <= day; d++) {
    if (d < 0) continue
    const dis = disruptionStarting(st, supplier, d)
    if (dis && day <= dis.end && dis.extra > extra) extra = dis.extra
  }
  return extra
}
