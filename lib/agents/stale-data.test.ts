import { describe, expect, it } from 'vitest'
import { ALERT_TYPES } from '../alerts/types'
import { AGENT, FIGURES_BY_EVENT_TYPE, RULES, decideStaleData, fmtDuration, type FeedStatus } from './stale-data'

const NOW = '2026-12-10T12:00:00Z'
const ago = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString()
const MIN = 60_000
const HOUR = 60 * MIN
const feed = (f: Partial<FeedStatus> & Pick<FeedStatus, 'source' | 'type'>): FeedStatus => ({ last_landed_at: ago(30_000), cadence_ms: MIN, ...f })

describe('durations', () => {
  it('writes seconds, minutes, hours and days', () => {
    expect(fmtDuration(45_000)).toBe('45 s')
    expect(fmtDuration(12 * MIN)).toBe('12 min')
    expect(fmtDuration(3 * HOUR + 20 * MIN)).toBe('3 h 20 min')
    expect(fmtDuration(2 * HOUR)).toBe('2 h')
    expect(fmtDuration(52 * HOUR)).toBe('2 d 4 h')
    expect(fmtDuration(48 * HOUR)).toBe('2 d')
  })
})

describe('stale data', () => {
  it('alerts on a silent sales feed and names the figures not to trust', () => {
    // Every 5 min: late past 15 min, silent past max(50 min, 15 min) = 50 min; 3 h 20 min quiet -> silent, signal 2.
    const [f] = decideStaleData({ now: NOW, feeds: [feed({ source: 'pos-north', type: 'sale', cadence_ms: 5 * MIN, last_landed_at: ago(3 * HOUR + 20 * MIN) })] })
    expect(f.type).toBe('stale_data')
    expect(f.scope).toEqual({ sku: '', location: '', channel: '', supplier: '', feed: 'pos-north/sale' })
    expect(f.signal).toBe(2)
    expect(f.severity).toBe('high')
    expect(f.value_at_risk).toBe(0)
    expect(f.why).toBe(
      'No sale events from pos-north for 3 h 20 min (usual gap 5 min; late past 15 min, silent past 50 min). Until it is back, do not trust: ' +
        'units sold and revenue tiles and trends, forecasts and what is built on them (stockout risk, days of cover, order recommendations), ' +
        'phantom inventory alerts (no sales look like an empty shelf) and sell-through and forecast deviation alerts.',
    )
    expect(f.recommendation).toEqual({ action: 'investigate', quantity: 0, cost: 0, value: 0, summary: 'Check the pos-north/sale feed: no sale events for 3 h 20 min' })
    expect(f.confidence).toBe(1)
    expect(f.agent).toBe(AGENT.name)
  })

  it('reports late below silent, and fresh as 0', () => {
    // Every 10 min: late past 30 min, silent past 100 min; 31 min -> late (signal 1, does not open at 2).
    const [late, fresh] = decideStaleData({
      now: NOW,
      feeds: [feed({ source: 'wms', type: 'inventory_snapshot', cadence_ms: 10 * MIN, last_landed_at: ago(31 * MIN) }), feed({ source: 'simulator', type: 'sale' })],
    })
    expect(late.signal).toBe(1)
    expect(late.why).toBe('No inventory snapshot events from wms for 31 min (usual gap 10 min; late past 30 min, silent past 1 h 40 min): late, not yet silent.')
    expect(fresh.signal).toBe(0)
    expect(fresh.severity).toBe('low')
    expect(fresh.why).toBe('simulator sends sale events as usual: last 30 s ago (usual gap 1 min; late past 3 min, silent past 15 min).')
  })

  it('escalates after a day of silence and judges a feed that never landed as silent', () => {
    const [po, price, odd] = decideStaleData({
      now: NOW,
      feeds: [
        feed({ source: 'erp', type: 'purchase_order', cadence_ms: HOUR, last_landed_at: ago(52 * HOUR) }),
        feed({ source: 'pricing', type: 'price_change', last_landed_at: null, cadence_samples: 5 }),
        feed({ source: 'x', type: 'widget', last_landed_at: ago(HOUR) }),
      ],
    })
    expect(po.signal).toBe(2)
    expect(po.severity).toBe('high') // medium, one step up after 52 h
    expect(po.why).toContain('for 2 d 4 h')
    expect(po.why).toContain('do not trust: on order and inventory position, order recommendations and supplier delay and expedite alerts.')
    expect(price.signal).toBe(2)
    expect(price.why.startsWith('No price change events from pricing ever (')).toBe(true)
    expect(price.confidence).toBe(0.5) // 5 / (5 + 5)
    expect(odd.severity).toBe('low')
    expect(odd.why).toContain('do not trust: figures built on widget events.')
  })

  it('does not judge a feed without a usual cadence', () => {
    expect(decideStaleData({ now: NOW, feeds: [feed({ source: 'nightly', type: 'product', cadence_ms: 0, last_landed_at: ago(20 * HOUR) })] })).toEqual([])
  })

  it('maps every event type, and its rule opens only when silent', () => {
    for (const t of ['sale', 'return', 'inventory_snapshot', 'inventory_movement', 'purchase_order', 'po_receipt', 'transfer', 'price_change', 'promotion', 'external_signal', 'product', 'location', 'supplier', 'customer']) {
      expect(FIGURES_BY_EVENT_TYPE[t]?.length).toBeGreaterThan(0)
    }
    expect(RULES.stale_data).toEqual({ open: 2, clear: 1, open_after: 1, clear_after: 2 })
    expect(ALERT_TYPES).toContain(AGENT.alert_types[0])
  })
})
