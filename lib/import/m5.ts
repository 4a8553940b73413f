/**
 * M5 (Walmart daily unit sales, wide format) to StockPulse import files. Pure: takes the three
 * files' text, returns the files to import (see /work/shared/data/README.md for the data set).
 *
 * - location: one per store (`CA_1`), kind store, region = state (`CA`).
 * - product: one per item (`FOODS_1_033`): category = cat_id, department = dept_id, price = the
 *   item's median weekly sell price. M5 has no names or costs: the name is the item id, and the
 *   unit cost is ASSUMED at 70% of the price (UNIT_COST_SHARE), so margins are plausible.
 * - price_change: per store x item, each week whose sell price differs from the week before
 *   (the first priced week included), kind regular, at noon of the week's first day.
 * - external_signal: per store, kind local_event, value 1: the calendar's events (tags: event
 *   name and type) and the SNAP days of the store's state (tags: snap, state).
 * - sale: per item x store x day with units > 0, channel store, at noon UTC of the day, priced at
 *   that store's sell price for the week (the nearest priced week when that week has none).
 *
 * Event ids are `m5-...` built from the source keys, so loading twice lands nothing new.
 */
import { cents, readCsv, eachCsvRow, type SourceFile } from './sources'

export interface M5Input {
  /** calendar.csv */
  calendar: string
  /** sell_prices.csv */
  prices: string
  /** sales_train_*.csv (wide: id,item_id,dept_id,cat_id,store_id,state_id,d_1..d_N) */
  sales: string
}

export const UNIT_COST_SHARE = 0.7

interface Day {
  date: string
  week: number
  events: [string, string][]
  snap: Record<string, boolean>
}

const noon = (date: string) => `${date}T12:00:00Z`

export interface M5Stats {
  series: number
  days: number
  stores: number
  items: number
  /** Sale days priced from a neighbouring week (filled in as the sale rows are read). */
  priceFallbacks: number
  /** Sale days of a store x item with no price at all: skipped. */
  unpriced: number
}

export function m5Files(input: M5Input): { files: SourceFile[]; stats: M5Stats } {
  // calendar: d_N -> day
  const days = new Map<string, Day>()
  const weekStart = new Map<number, string>()
  eachCsvRow(input.calendar, (get) => {
    const date = get('date')
    const week = Number(get('wm_yr_wk'))
    const events: [string, string][] = []
    for (const k of ['1', '2']) {
      const name = get(`event_name_${k}`)
      if (name) events.push([name, get(`event_type_${k}`)])
    }
    const snap: Record<string, boolean> = {}
    for (const st of ['CA', 'TX', 'WI']) {
      snap[st] = get(`snap_${st}`) === '1'
    }
    days.set(get('d'), { date, week, events, snap })
    const ws = weekStart.get(week)
    if (!ws || date < ws) weekStart.set(week, date)
  })
  const firstDate = [...days.values()].reduce((a, d) => (d.date < a ? d.date : a), '9999-12-31')

  // prices: store|item -> week -> price
  const prices = new Map<string, Map<number, number>>()
  const itemPrices = new Map<string, number[]>()
  eachCsvRow(input.prices, (get) => {
    const key = `${get('store_id')}|${get('item_id')}`
    let m = prices.get(key)
    if (!m) prices.set(key, (m = new Map()))
    const p = Number(get('sell_price'))
    m.set(Number(get('wm_yr_wk')), p)
    let all = itemPrices.get(get('item_id'))
    if (!all) itemPrices.set(get('item_id'), (all = []))
    all.push(p)
  })

  // sales: wide rows
  const [header, ...series] = readCsv(input.sales)
  const col = (name: string) => header.indexOf(name)
  const [iItem, iDept, iCat, iStore, iState] = ['item_id', 'dept_id', 'cat_id', 'store_id', 'state_id'].map(col)
  const dayCols: { index: number; d: string; day: Day }[] = []
  header.forEach((h, i) => {
    const day = days.get(h)
    if (day) dayCols.push({ index: i, d: h, day })
  })
  const stores = new Map<string, string>()
  const items = new Map<string, { dept: string; cat: string }>()
  for (const s of series) {
    stores.set(s[iStore], s[iState])
    items.set(s[iItem], { dept: s[iDept], cat: s[iCat] })
  }
  const stats: M5Stats = { series: series.length, days: dayCols.length, stores: stores.size, items: items.size, priceFallbacks: 0, unpriced: 0 }

  /** The store's price for the week, or the nearest priced week's. */
  const priceAt = (store: string, item: string, week: number): number | undefined => {
    const m = prices.get(`${store}|${item}`)
    if (!m) return undefined
    const p = m.get(week)
    if (p !== undefined) return p
    let best: number | undefined
    let dist = Infinity
    for (const [w, v] of m) {
      const d = Math.abs(w - week)
      if (d < dist) {
        dist = d
        best = v
      }
    }
    if (best !== undefined) stats.priceFallbacks++
    return best
  }

  const files: SourceFile[] = [
    {
      type: 'location',
      header: ['event_id', 'ts', 'location', 'kind', 'region', 'name'],
      rows: () => [...stores].sort().map(([store, state]) => [`m5-loc-${store}`, noon(firstDate), store, 'store', state, `Walmart ${store}`]),
    },
    {
      type: 'product',
      header: ['event_id', 'ts', 'sku', 'name', 'category', 'department', 'price', 'unit_cost'],
      rows: () =>
        [...items].sort(([a], [b]) => (a < b ? -1 : 1)).map(([item, { dept, cat }]) => {
          const all = [...(itemPrices.get(item) ?? [0])].sort((a, b) => a - b)
          const price = all[Math.floor(all.length / 2)]
          return [`m5-prod-${item}`, noon(firstDate), item, item, cat, dept, cents(price), cents(price * UNIT_COST_SHARE)]
        }),
    },
    {
      type: 'price_change',
      header: ['event_id', 'ts', 'sku', 'location', 'kind', 'price'],
      *rows() {
        for (const [key, weeks] of [...prices].sort(([a], [b]) => (a < b ? -1 : 1))) {
          const [store, item] = key.split('|')
          let last: number | undefined
          for (const [week, price] of [...weeks].sort(([a], [b]) => a - b)) {
            if (price === last) continue
            last = price
            const start = weekStart.get(week)
            if (!start) continue
            yield [`m5-price-${store}-${item}-${week}`, noon(start), item, store, 'regular', cents(price)]
          }
        }
      },
    },
    {
      type: 'external_signal',
      header: ['event_id', 'ts', 'location', 'kind', 'value', 'tags'],
      *rows() {
        const storeList = [...stores].sort()
        for (const [d, day] of days) {
          for (const [store, state] of storeList) {
            for (let k = 0; k < day.events.length; k++) {
              const [name, type] = day.events[k]
              yield [`m5-event-${store}-${d}-${k + 1}`, noon(day.date), store, 'local_event', '1', [name, type].filter(Boolean).join('|')]
            }
            if (day.snap[state]) yield [`m5-snap-${store}-${d}`, noon(day.date), store, 'local_event', '1', `snap|${state}`]
          }
        }
      },
    },
    {
      type: 'sale',
      header: ['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price'],
      *rows() {
        for (const s of series) {
          const item = s[iItem]
          const store = s[iStore]
          for (const { index, d, day } of dayCols) {
            const units = Number(s[index])
            if (!(units > 0)) continue
            const price = priceAt(store, item, day.week)
            if (price === undefined) {
              stats.unpriced++
              continue
            }
            yield [`m5-sale-${item}-${store}-${d}`, noon(day.date), item, store, 'store', String(units), cents(price)]
          }
        }
      },
    },
  ]
  return { files, stats }
}
