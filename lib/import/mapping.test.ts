import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Event, EventType } from '@/lib/events/schema'
import { parseBatch } from '@/lib/events/batch'
import { CsvReader } from './csv'
import { IMPORT_TYPES, columnsOf, planHeader, toCandidate, checkCalendar } from './mapping'
import { rowValidator, describeIssues } from './validate'

/** Parse a small CSV text and validate its rows as `type`; derived ids are `id-<line>`. */
function importText(type: EventType, text: string, fast = true) {
  const out: { line: number; event?: Event; reason?: string }[] = []
  let validate: ReturnType<typeof rowValidator> | undefined
  let hasId = false
  const r = new CsvReader(
    (rec) => {
      if (!validate) {
        const p = planHeader(type, rec.fields)
        if (!p.ok) throw new Error(p.error)
        validate = rowValidator(p.plan, { fast })
        hasId = p.plan.hasEventId
        return
      }
      const v = validate(rec.fields, hasId ? undefined : `id-${rec.line}`)
      out.push(v.ok ? { line: rec.line, event: v.event } : { line: rec.line, reason: describeIssues(v.issues) })
    },
    () => {},
  )
  r.push(text)
  r.end()
  return out
}

const TS = '2026-01-31T09:15:00Z'

/** One good file per type, and the event its row must become (the API's shape exactly). */
const GOOD: Record<EventType, { csv: string; event: Record<string, unknown> }> = {
  sale: {
    csv: `ts,sku,location,channel,qty,unit_price,promo_id,customer_id,order_id,fulfilment_location\n${TS},SKU-1,S01,ecommerce,2,3.5,P1,C1,O1,DC1`,
    event: { type: 'sale', event_id: 'id-2', ts: TS, sku: 'SKU-1', location: 'S01', channel: 'ecommerce', qty: 2, unit_price: 3.5, promo_id: 'P1', customer_id: 'C1', order_id: 'O1', fulfilment_location: 'DC1' },
  },
  return: {
    csv: `event_id,ts,sku,location,qty,reason,condition,channel,unit_price,order_id,customer_id\nr-1,${TS},SKU-1,S01,1,"too small, sadly",resellable,store,,O1,`,
    event: { type: 'return', event_id: 'r-1', ts: TS, sku: 'SKU-1', location: 'S01', channel: 'store', qty: 1, reason: 'too small, sadly', condition: 'resellable', order_id: 'O1' },
  },
  inventory_snapshot: {
    csv: `ts,sku,location,on_hand,reserved\n${TS},SKU-1,S01,-3,2`,
    event: { type: 'inventory_snapshot', event_id: 'id-2', ts: TS, sku: 'SKU-1', location: 'S01', on_hand: -3, reserved: 2 },
  },
  inventory_movement: {
    csv: `ts,sku,location,kind,qty,ref\n${TS},SKU-1,S01,adjustment,-4,ADJ-9`,
    event: { type: 'inventory_movement', event_id: 'id-2', ts: TS, sku: 'SKU-1', location: 'S01', kind: 'adjustment', qty: -4, ref: 'ADJ-9' },
  },
  purchase_order: {
    csv: `ts,po_id,supplier,sku,location,qty,ordered_at,promised_at\n${TS},PO-1,SUP-1,SKU-1,DC1,120,${TS},2026-02-07`,
    event: { type: 'purchase_order', event_id: 'id-2', ts: TS, po_id: 'PO-1', supplier: 'SUP-1', sku: 'SKU-1', location: 'DC1', qty: 120, ordered_at: TS, promised_at: '2026-02-07' },
  },
  po_receipt: {
    csv: `ts,po_id,qty,received_at,sku,location\n${TS},PO-1,0,${TS},,`,
    event: { type: 'po_receipt', event_id: 'id-2', ts: TS, po_id: 'PO-1', qty: 0, received_at: TS },
  },
  transfer: {
    csv: `ts,transfer_id,from,to,sku,qty,shipped_at,expected_at\n${TS},T-1,DC1,S01,SKU-1,10,${TS},2026-02-02T08:00:00Z`,
    event: { type: 'transfer', event_id: 'id-2', ts: TS, transfer_id: 'T-1', from: 'DC1', to: 'S01', sku: 'SKU-1', qty: 10, shipped_at: TS, expected_at: '2026-02-02T08:00:00Z' },
  },
  price_change: {
    csv: `ts,sku,kind,price,location\n${TS},SKU-1,markdown,7.99,`,
    event: { type: 'price_change', event_id: 'id-2', ts: TS, sku: 'SKU-1', kind: 'markdown', price: 7.99 },
  },
  promotion: {
    csv: `ts,promo_id,skus,locations,channels,start,end,discount_pct\n${TS},P1,SKU-1|SKU-2,,store|ecommerce,${TS},2026-02-14,20`,
    event: { type: 'promotion', event_id: 'id-2', ts: TS, promo_id: 'P1', skus: ['SKU-1', 'SKU-2'], locations: [], channels: ['store', 'ecommerce'], start: TS, end: '2026-02-14', discount_pct: 20 },
  },
  external_signal: {
    csv: `ts,location,kind,value,tags\n${TS},S01,weather,31.5,heat|sunny`,
    event: { type: 'external_signal', event_id: 'id-2', ts: TS, location: 'S01', kind: 'weather', value: 31.5, tags: ['heat', 'sunny'] },
  },
  product: {
    csv: `ts,sku,name,category,price,unit_cost,case_pack,moq,season_end,department,brand,lifecycle,supplier\n${TS},SKU-1,"Mug, blue",Kitchen,9.5,4.1,6,,2026-09-30,Home,,seasonal,SUP-1`,
    event: { type: 'product', event_id: 'id-2', ts: TS, sku: 'SKU-1', name: 'Mug, blue', category: 'Kitchen', price: 9.5, unit_cost: 4.1, case_pack: 6, season_end: '2026-09-30', department: 'Home', lifecycle: 'seasonal', supplier: 'SUP-1' },
  },
  location: {
    csv: `ts,location,kind,region,name,parent\n${TS},S01,store,NORTH,Leeds,DC1`,
    event: { type: 'location', event_id: 'id-2', ts: TS, location: 'S01', name: 'Leeds', kind: 'store', region: 'NORTH', parent: 'DC1' },
  },
  supplier: {
    csv: `type,ts,supplier,name\nsupplier,${TS},SUP-1,Acme Ltd`,
    event: { type: 'supplier', event_id: 'id-2', ts: TS, supplier: 'SUP-1', name: 'Acme Ltd' },
  },
  customer: {
    csv: `ts,customer_id,segment,joined_at,attributes.country,attributes.tier\n${TS},C1,loyal,2024-05-01,UK,`,
    event: { type: 'customer', event_id: 'id-2', ts: TS, customer_id: 'C1', segment: 'loyal', joined_at: '2024-05-01', attributes: { country: 'UK' } },
  },
}

describe('column mapping, per type', () => {
  it('has a good file for every importable type', () => {
    expect(Object.keys(GOOD).sort()).toEqual([...IMPORT_TYPES].sort())
  })

  for (const type of IMPORT_TYPES) {
    it(`${type}: a good row becomes the API's event, by both validators`, () => {
      const { csv, event } = GOOD[type]
      for (const fast of [true, false]) {
        const [row] = importText(type, csv, fast)
        expect(row.reason).toBeUndefined()
        expect(row.event).toStrictEqual(event)
        const batch = parseBatch([row.event], 10)
        expect(batch.ok).toBe(true)
        if (batch.ok) expect(batch.events[0]).toStrictEqual(event)
      }
    })

    it(`${type}: a bad row is refused, naming the field`, () => {
      const { csv } = GOOD[type]
      const [header, row] = csv.split('\n')
      const cols = header.split(',')
      // Empty the first required column: every type has one.
      const first = columnsOf(type).required[0]
      const cells = row.split(',')
      cells[cols.indexOf(first)] = ''
      const [bad] = importText(type, `${header}\n${cells.join(',')}`)
      expect(bad.event).toBeUndefined()
      expect(bad.reason).toContain(`${first}:`)
    })
  }

  it('refuses a header with missing, unknown or repeated columns, listing the expected ones', () => {
    const r = planHeader('sale', ['ts', 'sku', 'sku', 'colour', 'channel', 'qty'])
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toContain('missing column(s): location, unit_price')
    expect(r.error).toContain('unknown column(s): colour')
    expect(r.error).toContain('repeated column(s): sku')
    expect(r.error).toContain('optionally event_id, type, promo_id')
    expect(planHeader('teleport' as EventType, ['ts']).ok).toBe(false)
  })

  it('takes numbers as plain decimals only', () => {
    const p = planHeader('sale', ['ts', 'sku', 'location', 'channel', 'qty', 'unit_price'])
    if (!p.ok) throw new Error(p.error)
    const cell = (q: string) => toCandidate(p.plan, [TS, 'S', 'L', 'store', q, '1'], 'e').issues
    for (const good of ['1', '2.5', '.5', '5.', '1e3', '-0']) expect(cell(good)).toEqual([])
    for (const bad of ['0x10', ' 5', '1,5', 'abc', 'Infinity', '+3']) expect(cell(bad)).toEqual([{ path: 'qty', message: 'must be a number, e.g. 12 or -3.5' }])
    expect(cell('1e999')).toEqual([{ path: 'qty', message: 'must be a finite number' }])
    expect(cell('')).toEqual([{ path: 'qty', message: 'is required' }])
  })

  it('refuses impossible calendar dates and non-ISO loose timestamps', () => {
    expect(checkCalendar('2026-02-30T00:00:00Z', 'strict')).toBe('must be a real calendar date')
    expect(checkCalendar('2024-02-29T00:00:00Z', 'strict')).toBeUndefined()
    expect(checkCalendar('2026-04-31', 'date')).toBe('must be a real calendar date')
    expect(checkCalendar('2026-02-07', 'loose')).toBeUndefined()
    expect(checkCalendar('Feb 7, 2026', 'loose')).toContain('ISO-8601')
    const [row] = importText('sale', `ts,sku,location,channel,qty,unit_price\n2026-02-30T10:00:00Z,S,L,store,1,1`)
    expect(row.reason).toBe('ts: must be a real calendar date')
  })

  it('reports every problem of a row at once', () => {
    const [row] = importText('sale', `ts,sku,location,channel,qty,unit_price\nnot-a-time,has space,L,shop,0,-1`)
    expect(row.reason).toContain('ts: must be an ISO-8601 timestamp')
    expect(row.reason).toContain('sku: must be printable ASCII without spaces')
    expect(row.reason).toContain('channel: Invalid option')
    expect(row.reason).toContain('qty: must be greater than 0')
    expect(row.reason).toContain('unit_price: must be 0 or more')
  })

  it('the README documents every type with exactly these columns', () => {
    const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8')
    for (const type of IMPORT_TYPES) {
      const { required, optional } = columnsOf(type)
      const line = `| \`${type}\` | ${required.map((c) => `\`${c}\``).join(', ')} | ${optional.map((c) => `\`${c}\``).join(', ')} |`
      expect(readme).toContain(line)
    }
  })
})
