import { describe, expect, it } from 'vitest'
import { m5Files, UNIT_COST_SHARE } from './m5'
import { onlineRetailFiles, ukLocalToIso, webLocation } from './online-retail'
import { csvText, readCsv, slug, type SourceFile } from './sources'

const rowsOf = (files: SourceFile[], type: string) => [...files.find((f) => f.type === type)!.rows()]

describe('M5 to events', () => {
  const calendar = [
    'date,wm_yr_wk,weekday,wday,month,year,d,event_name_1,event_type_1,event_name_2,event_type_2,snap_CA,snap_TX,snap_WI',
    '2011-01-29,11101,Saturday,1,1,2011,d_1,,,,,0,0,0',
    '2011-01-30,11101,Sunday,2,1,2011,d_2,SuperBowl,Sporting,,,1,0,1',
    '2011-02-05,11102,Saturday,1,2,2011,d_8,,,,,0,1,0',
  ].join('\n')
  const prices = ['store_id,item_id,wm_yr_wk,sell_price', 'CA_1,FOODS_1_001,11101,2.00', 'CA_1,FOODS_1_001,11102,1.50', 'TX_1,FOODS_1_001,11101,2.00', 'TX_1,FOODS_1_001,11102,2.00'].join('\n')
  const sales = ['id,item_id,dept_id,cat_id,store_id,state_id,d_1,d_2,d_8', 'FOODS_1_001_CA_1,FOODS_1_001,FOODS_1,FOODS,CA_1,CA,0,3,2', 'FOODS_1_001_TX_1,FOODS_1_001,FOODS_1,FOODS,TX_1,TX,1,0,0'].join('\n')
  const { files, stats } = m5Files({ calendar, prices, sales })

  it('orders master data first', () => {
    expect(files.map((f) => f.type)).toEqual(['location', 'product', 'price_change', 'external_signal', 'sale'])
    expect(stats).toMatchObject({ series: 2, days: 3, stores: 2, items: 1 })
  })

  it('makes a sale per item x store x day with units, at noon UTC, priced for its week', () => {
    expect(rowsOf(files, 'sale')).toEqual([
      ['m5-sale-FOODS_1_001-CA_1-d_2', '2011-01-30T12:00:00Z', 'FOODS_1_001', 'CA_1', 'store', '3', '2'],
      ['m5-sale-FOODS_1_001-CA_1-d_8', '2011-02-05T12:00:00Z', 'FOODS_1_001', 'CA_1', 'store', '2', '1.5'],
      ['m5-sale-FOODS_1_001-TX_1-d_1', '2011-01-29T12:00:00Z', 'FOODS_1_001', 'TX_1', 'store', '1', '2'],
    ])
  })

  it('makes stores, products with an assumed cost, price changes and signals', () => {
    expect(rowsOf(files, 'location')).toEqual([
      ['m5-loc-CA_1', '2011-01-29T12:00:00Z', 'CA_1', 'store', 'CA', 'Walmart CA_1'],
      ['m5-loc-TX_1', '2011-01-29T12:00:00Z', 'TX_1', 'store', 'TX', 'Walmart TX_1'],
    ])
    const [product] = rowsOf(files, 'product')
    expect(product).toEqual(['m5-prod-FOODS_1_001', '2011-01-29T12:00:00Z', 'FOODS_1_001', 'FOODS_1_001', 'FOODS', 'FOODS_1', '2', String(2 * UNIT_COST_SHARE)])
    // CA_1 changes price in week 11102, TX_1 does not.
    expect(rowsOf(files, 'price_change').map((r) => [r[0], r[5]])).toEqual([
      ['m5-price-CA_1-FOODS_1_001-11101', '2'],
      ['m5-price-CA_1-FOODS_1_001-11102', '1.5'],
      ['m5-price-TX_1-FOODS_1_001-11101', '2'],
    ])
    expect(rowsOf(files, 'external_signal').map((r) => [r[0], r[2], r[5]])).toEqual([
      ['m5-event-CA_1-d_2-1', 'CA_1', 'SuperBowl|Sporting'],
      ['m5-snap-CA_1-d_2', 'CA_1', 'snap|CA'],
      ['m5-event-TX_1-d_2-1', 'TX_1', 'SuperBowl|Sporting'],
      ['m5-snap-TX_1-d_8', 'TX_1', 'snap|TX'],
    ])
  })
})

describe('Online Retail to events', () => {
  const text = [
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850,United Kingdom',
    '536366,22633,"HAND WARMER, UNION JACK",6,2011-06-01 08:28,1.85,12583,France',
    'C536379,22633,"HAND WARMER, UNION JACK",-2,2011-06-02 09:41,1.85,12583,France',
    '536380,POST,POSTAGE,1,2011-06-02 09:41,18,12583,France',
    '536381,22633,damaged,-10,2011-06-03 10:00,0,,United Kingdom',
    '536382,85123A,WHITE HANGING HEART T-LIGHT HOLDER,1,2011-06-03 10:00,2.95,,United Kingdom',
  ].join('\n')
  const { files, stats } = onlineRetailFiles(text)

  it('makes sales, returns, customers, products and web nodes, and counts what it skips', () => {
    expect(rowsOf(files, 'sale')).toEqual([
      ['olr-536365-2', '2010-12-01T08:26:00Z', '85123A', 'UK-WEB', 'ecommerce', '6', '2.55', '17850', '536365'],
      ['olr-536366-3', '2011-06-01T08:28:00+01:00', '22633', 'FRANCE-WEB', 'ecommerce', '6', '1.85', '12583', '536366'],
      ['olr-536382-7', '2011-06-03T10:00:00+01:00', '85123A', 'UK-WEB', 'ecommerce', '1', '2.95', '', '536382'],
    ])
    expect(rowsOf(files, 'return')).toEqual([['olr-C536379-4', '2011-06-02T09:41:00+01:00', '22633', 'FRANCE-WEB', 'ecommerce', '2', '1.85', 'order cancelled', 'unknown', '12583']])
    expect(rowsOf(files, 'customer')).toEqual([
      ['olr-cust-12583', '2011-06-01T08:28:00+01:00', '12583', 'FRANCE', 'FRANCE-WEB', '2011-06-01', 'France'],
      ['olr-cust-17850', '2010-12-01T08:26:00Z', '17850', 'UNITED_KINGDOM', 'UK-WEB', '2010-12-01', 'United Kingdom'],
    ])
    expect(rowsOf(files, 'product').map((r) => [r[2], r[3], r[5]])).toEqual([
      ['22633', 'HAND WARMER, UNION JACK', '1.85'],
      ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', '2.55'],
    ])
    expect(rowsOf(files, 'location').map((r) => [r[2], r[4]])).toEqual([
      ['FRANCE-WEB', 'INTL'],
      ['UK-WEB', 'UK'],
    ])
    expect(stats).toMatchObject({ lines: 6, sales: 3, returns: 1, skippedNonMerchandise: 1, skippedWriteOffs: 1 })
  })

  it('writes UK local time with the offset in force', () => {
    expect(ukLocalToIso('2011-03-27 00:59')).toBe('2011-03-27T00:59:00Z')
    expect(ukLocalToIso('2011-03-27 02:30')).toBe('2011-03-27T02:30:00+01:00')
    expect(ukLocalToIso('2011-10-30 00:30')).toBe('2011-10-30T00:30:00+01:00')
    expect(ukLocalToIso('2011-10-30 09:00')).toBe('2011-10-30T09:00:00Z')
    expect(ukLocalToIso('2011-12-09 12:50')).toBe('2011-12-09T12:50:00Z')
    expect(webLocation('EIRE')).toBe('EIRE-WEB')
    expect(slug('Channel Islands')).toBe('CHANNEL_ISLANDS')
  })
})

describe('csvText', () => {
  it('writes the import file, quoting what needs it', () => {
    const file: SourceFile = { type: 'sale', header: ['a', 'b'], rows: () => [['1', 'x,y'], ['2', 'say "hi"']] }
    const text = [...csvText(file, 4)].join('')
    expect(readCsv(text)).toEqual([['a', 'b'], ['1', 'x,y'], ['2', 'say "hi"']])
  })
})
