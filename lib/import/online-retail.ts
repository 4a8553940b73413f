/**
 * UCI Online Retail (invoice lines of a UK online shop, 2010-12 to 2011-12) to StockPulse
 * import files. Pure: takes the decompressed CSV text (see /work/shared/data/README.md).
 *
 * - location: one web node per country: `UK-WEB` for the United Kingdom, `<COUNTRY>-WEB`
 *   otherwise (kind ecom_node; region UK or INTL).
 * - sale: each invoice line with a positive quantity: channel ecommerce, at the customer's
 *   country's web node, `order_id` = invoice number, `customer_id` when known (guests have none).
 * - return: each line of a cancellation invoice (`C...`, negative quantity): the quantity made
 *   positive, reason "order cancelled", condition unknown.
 * - customer: one per customer id: home location and region from its country, `joined_at` its
 *   first invoice day, `attributes.country`.
 * - product: one per stock code: the most frequent description as name, category giftware (the
 *   shop sells giftware; the data has no categories), price = the most frequent unit price. The
 *   data has no costs: the unit cost is ASSUMED at 60% of the price (UNIT_COST_SHARE).
 * Skipped, and counted: lines that are not merchandise (postage, carriage, manual entries,
 * discounts, samples, fees, bad-debt adjustments: NON_MERCHANDISE), lines with a negative price,
 * and stock write-offs (a negative quantity outside a cancellation, no customer, no price).
 *
 * Times: InvoiceDate is UK local time; it is written with its offset (Z in winter, +01:00 in
 * summer time). Event ids are `olr-<invoice>-<line>` (line of the source file), so loading the
 * same file twice lands nothing new.
 */
import { cents, csvRows, eachCsvRow, mode, slug, type SourceFile } from './sources'

export const UNIT_COST_SHARE = 0.6
export const NON_MERCHANDISE = new Set(['POST', 'DOT', 'M', 'm', 'C2', 'D', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS'])

export interface OnlineRetailStats {
  lines: number
  sales: number
  returns: number
  customers: number
  products: number
  locations: number
  skippedNonMerchandise: number
  skippedWriteOffs: number
  skippedNegativePrice: number
}

/** Last Sunday of a month (0-based month), as a day of the month. */
function lastSunday(year: number, month: number): number {
  const d = new Date(Date.UTC(year, month + 1, 0))
  return d.getUTCDate() - d.getUTCDay()
}

/** `YYYY-MM-DD HH:MM` UK local time to ISO-8601 with the UK offset of that moment. */
export function ukLocalToIso(local: string): string {
  const y = Number(local.slice(0, 4))
  const m = Number(local.slice(5, 7)) - 1
  const d = Number(local.slice(8, 10))
  const h = Number(local.slice(11, 13))
  const start = lastSunday(y, 2)
  const end = lastSunday(y, 9)
  // Summer time from 01:00 UTC on the last Sunday of March (02:00 local) to 01:00 UTC on the last Sunday of October.
  const bst = (m > 2 && m < 9) || (m === 2 && (d > start || (d === start && h >= 2))) || (m === 9 && (d < end || (d === end && h < 1)))
  return `${local.slice(0, 10)}T${local.slice(11, 16)}:00${bst ? '+01:00' : 'Z'}`
}

export const webLocation = (country: string) => (country === 'United Kingdom' ? 'UK-WEB' : `${slug(country)}-WEB`)

export function onlineRetailFiles(text: string): { files: SourceFile[]; stats: OnlineRetailStats } {
  const stats: OnlineRetailStats = { lines: 0, sales: 0, returns: 0, customers: 0, products: 0, locations: 0, skippedNonMerchandise: 0, skippedWriteOffs: 0, skippedNegativePrice: 0 }
  const countries = new Map<string, string>() // location -> country
  const customers = new Map<string, { ts: string; day: string; country: string }>()
  const products = new Map<string, { ts: string; names: Map<string, number>; prices: Map<number, number> }>()
  let firstTs = ''

  /** Which kind of line this is; `count`: tally the skipped ones (first pass only). */
  const classify = (inv: string, code: string, qty: number, price: number, count: boolean): 'sale' | 'return' | undefined => {
    const skip = (k: 'skippedNonMerchandise' | 'skippedNegativePrice' | 'skippedWriteOffs') => void (count && stats[k]++)
    if (NON_MERCHANDISE.has(code)) return skip('skippedNonMerchandise')
    if (price < 0) return skip('skippedNegativePrice')
    if (inv.startsWith('C')) return qty < 0 ? 'return' : skip('skippedWriteOffs')
    if (qty <= 0) return skip('skippedWriteOffs')
    return 'sale'
  }

  // First pass: master data (first appearance of each country, customer and product).
  eachCsvRow(text, (get) => {
    stats.lines++
    const inv = get('InvoiceNo')
    const code = get('StockCode')
    const qty = Number(get('Quantity'))
    const price = Number(get('UnitPrice'))
    const kind = classify(inv, code, qty, price, true)
    if (!kind) return
    const local = get('InvoiceDate')
    const ts = ukLocalToIso(local)
    if (!firstTs) firstTs = ts
    const country = get('Country')
    countries.set(webLocation(country), country)
    const customer = get('CustomerID')
    if (customer && !customers.has(customer)) customers.set(customer, { ts, day: local.slice(0, 10), country })
    let p = products.get(code)
    if (!p) products.set(code, (p = { ts, names: new Map(), prices: new Map() }))
    const name = get('Description').trim()
    if (name) p.names.set(name, (p.names.get(name) ?? 0) + 1)
    if (kind === 'sale') p.prices.set(price, (p.prices.get(price) ?? 0) + 1)
  })
  stats.customers = customers.size
  stats.products = products.size
  stats.locations = countries.size
  const lines = (want: 'sale' | 'return') =>
    function* (): Generator<string[]> {
      let n = 0
      for (const row of csvRows(text)) {
        const inv = row.get('InvoiceNo')
        const code = row.get('StockCode')
        const qty = Number(row.get('Quantity'))
        const price = Number(row.get('UnitPrice'))
        if (classify(inv, code, qty, price, false) !== want) continue
        const ts = ukLocalToIso(row.get('InvoiceDate'))
        const loc = webLocation(row.get('Country'))
        const customer = row.get('CustomerID')
        n++
        if (want === 'sale') yield [`olr-${inv}-${row.line}`, ts, code, loc, 'ecommerce', String(qty), String(price), customer, inv]
        else yield [`olr-${inv}-${row.line}`, ts, code, loc, 'ecommerce', String(-qty), String(price), 'order cancelled', 'unknown', customer]
      }
      if (want === 'sale') stats.sales = n
      else stats.returns = n
    }

  const files: SourceFile[] = [
    {
      type: 'location',
      header: ['event_id', 'ts', 'location', 'kind', 'region', 'name'],
      rows: () =>
        [...countries].sort().map(([loc, country]) => [`olr-loc-${loc}`, firstTs, loc, 'ecom_node', country === 'United Kingdom' ? 'UK' : 'INTL', `Online shop (${country})`]),
    },
    {
      type: 'product',
      header: ['event_id', 'ts', 'sku', 'name', 'category', 'price', 'unit_cost'],
      rows: () =>
        [...products].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, p]) => {
          const price = mode(p.prices) ?? 0
          return [`olr-prod-${code}`, p.ts, code, mode(p.names) ?? code, 'giftware', cents(price), cents(price * UNIT_COST_SHARE)]
        }),
    },
    {
      type: 'customer',
      header: ['event_id', 'ts', 'customer_id', 'region', 'home_location', 'joined_at', 'attributes.country'],
      rows: () =>
        [...customers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, c]) => [`olr-cust-${id}`, c.ts, id, slug(c.country), webLocation(c.country), c.day, c.country]),
    },
    { type: 'sale', header: ['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price', 'customer_id', 'order_id'], rows: lines('sale') },
    { type: 'return', header: ['event_id', 'ts', 'sku', 'location', 'channel', 'qty', 'unit_price', 'reason', 'condition', 'customer_id'], rows: lines('return') },
  ]
  return { files, stats }
}
