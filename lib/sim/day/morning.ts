/**
 * The first phases of a simulated day, before any sale: cycle counts at midnight, arrivals of
 * purchase orders and transfers in the morning, master-data updates (customers joining, seasons
 * rolling over), price changes and promotions, and the external signals (weather, local events).
 */
import type { Event } from '../../events/schema'
import type { DemandDay } from '../demand'
import { hash, hash01 } from '../random'
import { HOUR_MS, SimDay, doyNoLeap, isoInstant } from '../time'
import { customerEvent, productEvent } from '../master-events'
import { SALT_FILL, SALT_TRANSIT, round2, type SimState } from './state'

export function morning(st: SimState, day: number): void {
  const w = st.world
  // Cycle counts first, stamped at midnight before any of the day's movements or sales: a count
  // states the counted on-hand quantity (the event schema's meaning; the product takes it as a
  // snapshot), so it must be the physical stock at its own timestamp.
  const due = st.counts.get(day)
  if (due) {
    st.counts.delete(day)
    for (const pair of due) {
      if (st.phys[pair] === st.sys[pair]) continue
      st.sys[pair] = st.phys[pair]
      st.move(pair, 'count', st.phys[pair], `count-${day}`, 0)
    }
  }
  const list = st.arrivals.get(day)
  if (list) {
    st.arrivals.delete(day)
    let k = 0
    for (const a of list) {
      k++
      const t = 6 * HOUR_MS + (hash(st.seed, SALT_TRANSIT, a.serial) % (4 * HOUR_MS))
      if (a.kind === 0) {
        const l = (a.pair / st.nSku) | 0
        const sup = w.suppliers[w.products[a.pair - l * st.nSku].supplier]
        const u = hash01(st.seed, SALT_FILL, a.serial)
        const received = u < sup.fillProb ? a.qty : Math.floor(a.qty * (0.5 + 0.45 * hash01(st.seed, SALT_FILL + 1, a.serial)))
        st.onOrder[a.pair] -= a.qty
        st.sys[a.pair] += received
        st.phys[a.pair] += received
        const ts = st.cal.ts(t)
        st.emit(
          { type: 'po_receipt', event_id: st.id(), ts, po_id: a.id, sku: st.skuIds[a.pair - l * st.nSku], location: st.locIds[l], qty: received, received_at: ts },
          t,
        )
        if (received > 0) st.move(a.pair, 'receipt', received, a.id, t)
      } else {
        st.inTransit[a.pair] -= a.qty
        st.sys[a.pair] += a.qty
        st.phys[a.pair] += a.qty
        st.move(a.pair, 'transfer_in', a.qty, a.id, t + k)
      }
    }
  }
}

export function masterUpdates(st: SimState, day: number): void {
  const w = st.world
  for (const i of st.joinByDay.get(day) ?? []) st.emit(customerEvent(w, i, st.id(), st.cal.ts(8 * HOUR_MS)), 8 * HOUR_MS)
  st.joinByDay.delete(day)
  if (day === 0) return
  // A season ended yesterday: the product's season_end rolls to next year's.
  const yesterday = new SimDay(day - 1, w.startMs)
  for (const p of w.products) {
    const season = w.categories[p.category].season
    if (!p.seasonal || !season) continue
    if (doyNoLeap(yesterday.startMs) === season.endDoy) {
      st.emit(productEvent(w, p, st.id(), st.cal.ts(1000), st.cal.startMs, st.model.regularPrice(p.index, day)), 1000)
    }
  }
}

export function prices(st: SimState, day: number, ctx: DemandDay): void {
  const w = st.world
  const t0 = 2000
  // Regular price reviews and markdowns, chain-wide.
  for (let s = 0; s < st.nSku; s++) {
    const md = ctx.markdown[s]
    const shelf = round2(ctx.regularPrice[s] * (1 - md))
    if (md !== st.lastMarkdown[s] || shelf !== st.lastPrice[s]) {
      st.emit({ type: 'price_change', event_id: st.id(), ts: st.cal.ts(t0), sku: st.skuIds[s], kind: md > 0 ? 'markdown' : 'regular', price: shelf }, t0)
      st.lastMarkdown[s] = md
      st.lastPrice[s] = shelf
    }
  }
  const allSelling = w.locations.filter((l) => l.kind !== 'dc').length
  // The promotional calendar is announced `announceDays` ahead (the first day announces everything
  // starting within that many days), as a retailer's promotion plan is settled weeks before it runs.
  const lead = Math.max(1, w.config.promotions.announceDays)
  for (let start = day === 0 ? 1 : day + lead; start <= day + lead; start++) {
    for (const p of st.model.promotionsStarting(start)) {
      const t = 9 * HOUR_MS
      st.emit(
        {
          type: 'promotion', event_id: st.id(), ts: st.cal.ts(t), promo_id: p.id, skus: p.skus.map((s) => st.skuIds[s]),
          locations: p.locations.map((l) => st.locIds[l]), channels: p.channels.slice(), start: isoInstant(st.dayStartMs(p.start)),
          end: isoInstant(st.dayStartMs(p.end + 1) - 1000), discount_pct: Math.round(p.discount * 100),
        },
        t,
      )
    }
  }
  for (const p of st.model.promotions(day - 1, day + 1)) {
    const starts = p.start === day
    const ended = p.end === day - 1
    if (!starts && !ended) continue
    const scoped = p.locations.length === allSelling ? [undefined] : p.locations.map((l) => st.locIds[l])
    for (const s of p.skus) {
      const regular = round2(ctx.regularPrice[s])
      const price = starts ? round2(regular * (1 - p.discount)) : regular
      for (const loc of scoped) {
        const e: Event = { type: 'price_change', event_id: st.id(), ts: st.cal.ts(t0 + 1), sku: st.skuIds[s], kind: starts ? 'promo' : 'regular', price }
        if (loc !== undefined) e.location = loc
        st.emit(e, t0 + 1)
      }
    }
  }
}

export function signals(st: SimState, day: number): void {
  const w = st.world
  for (const l of w.locations) {
    const wx = st.model.weather(l.index, day)
    if (wx) {
      const tags = ['temp_c']
      if (wx.rain) tags.push('rain')
      if (wx.anomaly > 6) tags.push('heatwave')
      else if (wx.anomaly < -6) tags.push('cold_snap')
      const t = 6 * HOUR_MS + l.index * 1000
      st.emit({ type: 'external_signal', event_id: st.id(), ts: st.cal.ts(t), location: l.id, kind: 'weather', value: wx.tempC, tags }, t)
    }
    const ev = st.model.localEventStarting(l.index, day + 1)
    if (ev) {
      const t = 12 * HOUR_MS + l.index * 1000
      const tags = [ev.kind, `days:${ev.days}`, `starts:${new SimDay(day + 1, w.startMs).date}`]
      st.emit({ type: 'external_signal', event_id: st.id(), ts: st.cal.ts(t), location: l.id, kind: 'local_event', value: ev.attendance, tags }, t)
    }
  }
}
