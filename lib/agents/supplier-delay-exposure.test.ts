import { describe, expect, it } from 'vitest'
import { decideLatePurchaseOrders, decideLeadTimeDrift, downstreamShortfall, type DownstreamExposure, type SupplierDelayInput } from './supplier-delay'

// Worked example, a late PO at a DC (today 2026-12-10):
//   PO-9 from ACME, 100 units of SKU-A for DC1, promised 2026-12-04 -> 6 days late; sd 1 -> tolerance 2.
//   Further delay H = 6 (as long again). DC1 sells nothing (no exposure row); it feeds S1, S2, S3.
//   S1: d 4, position 8, transit 1, margin 3 -> t0 = 2; restocked at 0 + 6 + 1 = 7; short 4 x (7 - max(1, 2)) = 20 -> 60.00
//   S2: d 2, position 10, transit 2, margin 5 -> t0 = 5; restocked at 8;          short 2 x (8 - max(2, 5)) = 6 -> 30.00
//   S3: d 0 (carries it, sells none): counted as carrying, loses nothing.
//   26 units <= 100: no cap. Value 90.00 -> low (< 100).
const children: DownstreamExposure[] = [
  { sku: 'SKU-A', location: 'S1', parent: 'DC1', d: 4, position: 8, transit_days: 1, unit_margin: 3 },
  { sku: 'SKU-A', location: 'S2', parent: 'DC1', d: 2, position: 10, transit_days: 2, unit_margin: 5 },
  { sku: 'SKU-A', location: 'S3', parent: 'DC1', d: 0, position: 0, transit_days: 1, unit_margin: 5 },
  { sku: 'SKU-B', location: 'S1', parent: 'DC1', d: 50, position: 0, transit_days: 1, unit_margin: 5 },
  { sku: 'SKU-A', location: 'S9', parent: 'DC2', d: 50, position: 0, transit_days: 1, unit_margin: 5 },
]
const atDc: SupplierDelayInput = {
  today: '2026-12-10',
  open_pos: [{ po_id: 'PO-9', supplier: 'ACME', sku: 'SKU-A', location: 'DC1', qty: 100, ordered_at: '2026-11-26', promised_date: '2026-12-04' }],
  exposure: [],
  downstream: children,
  lead_time_sd: { ACME: 1 },
}

describe('stores short through a DC', () => {
  it('follows t0_c = p_c / d_c + S / D and d_c x max(0, a + H + L_c - max(a + L_c, t0_c))', () => {
    const a = children.filter((c) => c.sku === 'SKU-A' && c.parent === 'DC1')
    const none = downstreamShortfall(a, 0, 100, 0, 6)
    expect(none.carrying).toBe(3)
    expect(none.stores.map((s) => [s.location, s.runs_out_in_days, s.restocked_in_days, s.units_short, s.value])).toEqual([
      ['S1', 2, 7, 20, 60],
      ['S2', 5, 8, 6, 30],
    ])
    // The DC holds 12: D = 6, every store gains 2 days. S1: t0 4, 4 x (7 - 4) = 12 -> 36; S2: t0 7, 2 x (8 - 7) = 2 -> 10.
    const shared = downstreamShortfall(a, 12, 100, 0, 6)
    expect([shared.units_short, shared.value]).toEqual([14, 46])
    // A PO of 13 units could have saved at most 13 of the 26: each store's loss halves -> 10 x 3 + 3 x 5 = 45.
    const capped = downstreamShortfall(a, 0, 13, 0, 6)
    expect([capped.units_short, capped.value]).toEqual([13, 45])
    // Due in 3 days (a = 3) and 2 days late: S1 restocked at 6 instead of 4, out at 2 -> 4 x 2 = 8; S2 out at 5, gets it at 7 instead of 5 -> 2 x 2 = 4.
    expect(downstreamShortfall(a, 0, 100, 3, 2).value).toBe(8 * 3 + 4 * 5)
  })

  it('alerts a late PO at a DC naming the stores that run short, with their value at risk', () => {
    const [f, ...rest] = decideLatePurchaseOrders(atDc)
    expect(rest).toEqual([])
    expect(f.scope).toEqual({ sku: 'SKU-A', location: 'DC1', channel: '', supplier: 'ACME' })
    expect(f.signal).toBe(6)
    expect(f.value_at_risk).toBe(90)
    expect(f.severity).toBe('low')
    expect(f.confidence).toBe(0.8)
    expect(f.why).toBe(
      'PO PO-9 from ACME (100 units of SKU-A for DC1) was promised by 2026-12-04 and is 6 days late (normal lateness up to 2.0 days). ' +
        'DC1 has 0 of SKU-A available and feeds 3 stores carrying it; if the PO takes 6 more days, 2 stores run short before its stock can reach them: ' +
        'S1 (out in 2.0 days, restocked in 7.0: 20 units short, £60.00), S2 (out in 5.0 days, restocked in 8.0: 6 units short, £30.00); £90.00 of margin at risk.',
    )
    expect(f.recommendation).toEqual({
      action: 'expedite', quantity: 100, cost: 0, value: 90,
      summary: 'Ask ACME to expedite PO-9 (100 units of SKU-A for DC1), 6 days late: S1 and S2 run short first',
    })
  })

  it('uses the DC stock it is given and caps the names on the card', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ sku: 'SKU-A', location: `T${i + 1}`, parent: 'DC1', d: 1, position: 0, transit_days: 1, unit_margin: 1 + i }))
    const [f] = decideLatePurchaseOrders({ ...atDc, downstream: many, dc_stock: [{ sku: 'SKU-A', location: 'DC1', available: 7 }] })
    // D = 7, S / D = 1 day: every store is out in 1 day and restocked in 7 -> 6 units each, margins 1..7 -> 6 x 28 = 168.
    expect(f.value_at_risk).toBe(168)
    expect(f.severity).toBe('medium')
    expect(f.why).toContain('DC1 has 7 of SKU-A available and feeds 7 stores')
    expect(f.why).toContain('T7 (out in 1.0 days')
    expect(f.why).toContain(' and 2 more stores; £168 of margin at risk.')
    expect(f.why).not.toContain('T2 (')
    expect(f.recommendation.summary).toBe('Ask ACME to expedite PO-9 (100 units of SKU-A for DC1), 6 days late: T7, T6, T5 and 4 more stores run short first')
  })

  it('alerts while the stores are covered too, at low severity, saying none runs short', () => {
    const covered = { ...atDc, dc_stock: [{ sku: 'SKU-A', location: 'DC1', available: 1_000 }] }
    const [f] = decideLatePurchaseOrders(covered)
    expect([f.signal, f.value_at_risk, f.severity]).toEqual([6, 0, 'low'])
    expect(f.why).toContain('none runs short if the PO takes 6 more days')
    expect(f.why).toContain('No sale is at risk yet')
  })

  it('a DC whose stores carry the sku but sell none has a known nil exposure; with no store carrying it, unknown (half confidence)', () => {
    const idle = children.map((c) => ({ ...c, d: 0 }))
    const [nil] = decideLatePurchaseOrders({ ...atDc, downstream: idle })
    expect([nil.signal, nil.value_at_risk, nil.confidence]).toEqual([6, 0, 0.8])
    const [f] = decideLatePurchaseOrders({ ...atDc, downstream: [] })
    expect([f.signal, f.value_at_risk, f.confidence]).toEqual([6, 0, 0.5])
    expect(f.why).toContain('no demand figures')
  })

  it('a drifting supplier names the stores its DC PO leaves short', () => {
    // History 10 days (10 receipts), recent 14 (5): drift 4 days. PO-9 ordered 11-26, due 12-06 -> a = 0, h = 4:
    // S1 out at 2, restocked at 5 instead of 1 -> 4 x (5 - 2) = 12 -> 36; S2 out at 5, restocked 6 -> 2 x 1 = 2 -> 10. 46.00
    const receipts = [
      ...[10, 10, 11, 9, 10, 10, 11, 9, 10, 10].map((lead, i) => ({ supplier: 'ACME', received_at: `2026-09-${String(10 + i).padStart(2, '0')}`, lead_time_days: lead })),
      ...[14, 15, 13, 14, 14].map((lead, i) => ({ supplier: 'ACME', received_at: `2026-11-${20 + i}`, lead_time_days: lead })),
    ]
    const [f] = decideLeadTimeDrift({ ...atDc, receipts })
    expect(f.signal).toBe(4)
    expect(f.value_at_risk).toBe(46)
    expect(f.why).toContain('SKU-A at DC1 (PO-9, £46.00; short at S1 and S2)')
  })
})
