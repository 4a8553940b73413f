import { describe, expect, it } from 'vitest'
import { AGENT, RULES, decideLatePurchaseOrders, decideLeadTimeDrift, decideSupplierDelay, leadTimeDrift, unitsShortWhileLate, type SupplierDelayInput } from './supplier-delay'

// Worked example, late PO (today 2026-12-10):
//   PO-1 from ACME, 40 units of SKU-A for S01, promised 2026-12-05 -> 5 days late.
//   ACME's lead-time sd 1 day -> tolerance max(1, 2 x 1) = 2 days; 5 > 2 -> signal 5.
//   SKU-A at S01: d = 4/day, on hand 12 -> t0 = 3 days of cover. Further delay H = 5 (as long again).
//   units short = min(40, 4 x max(0, 0 + 5 - max(0, 3))) = 8; x margin 2.50 = 20.00 -> low (< 100).
const base: SupplierDelayInput = {
  today: '2026-12-10',
  open_pos: [{ po_id: 'PO-1', supplier: 'ACME', sku: 'SKU-A', location: 'S01', qty: 40, ordered_at: '2026-11-26T08:00:00Z', promised_date: '2026-12-05' }],
  exposure: [
    { sku: 'SKU-A', location: 'S01', d: 4, on_hand: 12, unit_margin: 2.5 },
    { sku: 'SKU-B', location: 'S02', d: 3, on_hand: 30, unit_margin: 5 },
  ],
  lead_time_sd: { ACME: 1 },
}

describe('units short while late', () => {
  it('follows min(qty, d x max(0, a + H - max(a, t0)))', () => {
    expect(unitsShortWhileLate(4, 12, 40, 0, 5)).toBe(8) // 4 x (5 - 3)
    expect(unitsShortWhileLate(4, 12, 5, 0, 5)).toBe(5) // capped by the PO's quantity
    expect(unitsShortWhileLate(4, 12, 40, 0, 2)).toBe(0) // stock lasts the delay
    expect(unitsShortWhileLate(3, 30, 30, 8, 4)).toBe(6) // due in 8, runs out at 10, comes at 12: 3 x 2
    expect(unitsShortWhileLate(3, 6, 30, 8, 4)).toBe(12) // runs out before it is due: the whole 4 days
    expect(unitsShortWhileLate(0, 0, 30, 0, 4)).toBe(0)
  })
})

describe('late purchase orders', () => {
  it('matches the worked example and recommends expediting', () => {
    const [f] = decideLatePurchaseOrders(base)
    expect(f.type).toBe('supplier_delay')
    expect(f.scope).toEqual({ sku: 'SKU-A', location: 'S01', channel: '', supplier: 'ACME' })
    expect(f.signal).toBe(5)
    expect(f.value_at_risk).toBe(20)
    expect(f.severity).toBe('low')
    expect(f.confidence).toBe(1)
    expect(f.why).toBe(
      'PO PO-1 from ACME (40 units of SKU-A for S01) was promised by 2026-12-05 and is 5 days late (normal lateness up to 2.0 days); ' +
        '12 on hand at 4.0 a day is 3.0 days of cover, so about 8 units (£20.00 of margin) go unsold if it takes 5 more days.',
    )
    expect(f.recommendation).toEqual({ action: 'expedite', quantity: 40, cost: 0, value: 20, summary: 'Ask ACME to expedite PO-1 (40 units of SKU-A for S01), 5 days late' })
    expect(f.agent).toBe(AGENT.name)
    expect(f.model_version).toBe(AGENT.model_version)
  })

  it('reorders from the fastest alternative that lands before the late PO', () => {
    // BETA lands in 2 days: it saves 4 x max(0, 5 - max(2, 3)) = 8 units -> order 8 at 3.00 = 24.00, value 8 x 2.50 = 20.00.
    // GAMMA (6 days) lands after the PO is expected (H = 5); DELTA serves another location; ACME is the late one.
    const f = decideLatePurchaseOrders({
      ...base,
      alternatives: [
        { supplier: 'GAMMA', sku: 'SKU-A', lead_time_days: 6, unit_cost: 1 },
        { supplier: 'DELTA', sku: 'SKU-A', location: 'S02', lead_time_days: 1, unit_cost: 1 },
        { supplier: 'ACME', sku: 'SKU-A', lead_time_days: 1, unit_cost: 1 },
        { supplier: 'BETA', sku: 'SKU-A', lead_time_days: 2, unit_cost: 3 },
      ],
    })[0]
    expect(f.recommendation).toEqual({
      action: 'reorder',
      quantity: 8,
      cost: 24,
      value: 20,
      summary: 'Order 8 units of SKU-A for S01 from BETA (lead time 2 days) to cover the late PO-1',
    })
  })

  it('expedites when an alternative would save nothing', () => {
    const f = decideLatePurchaseOrders({ ...base, exposure: [{ sku: 'SKU-A', location: 'S01', d: 4, on_hand: 40, unit_margin: 2.5 }], alternatives: [{ supplier: 'BETA', sku: 'SKU-A', lead_time_days: 2, unit_cost: 3 }] })[0]
    // on hand 40 = 10 days of cover > H = 5: nothing short, nothing to save.
    expect(f.value_at_risk).toBe(0)
    expect(f.recommendation.action).toBe('expedite')
  })

  it('uses the supplier revised date as the further delay', () => {
    // H = 2026-12-20 - 2026-12-10 = 10 days: short = min(40, 4 x (10 - 3)) = 28 -> 70.00.
    const [f] = decideLatePurchaseOrders({ ...base, open_pos: [{ ...base.open_pos[0], expected_date: '2026-12-20' }] })
    expect(f.value_at_risk).toBe(70)
    expect(f.why).toContain('about 28 units (£70.00 of margin) go unsold if it takes 10 more days')
  })

  it('groups POs of one supplier and SKU-location', () => {
    // PO-1 5 days late, PO-2 (10 units, promised 12-07) 3 days late: 50 units, 5 days late, short min(50, 8) = 8.
    const [f, ...rest] = decideLatePurchaseOrders({
      ...base,
      open_pos: [...base.open_pos, { po_id: 'PO-2', supplier: 'ACME', sku: 'SKU-A', location: 'S01', qty: 10, ordered_at: '2026-11-28', promised_date: '2026-12-07' }],
    })
    expect(rest).toHaveLength(0)
    expect(f.signal).toBe(5)
    expect(f.why.startsWith('POs PO-1 and PO-2 from ACME (50 units of SKU-A for S01) were promised by 2026-12-05 and are 5 days late')).toBe(true)
    expect(f.recommendation.quantity).toBe(50)
  })

  it('holds the signal at 0 within normal lateness and skips POs not yet due', () => {
    const findings = decideLatePurchaseOrders({
      ...base,
      open_pos: [
        { ...base.open_pos[0], promised_date: '2026-12-08' }, // 2 days late, tolerance 2 -> 0
        { ...base.open_pos[0], po_id: 'PO-9', sku: 'SKU-B', location: 'S02', promised_date: '2026-12-10' }, // due today
      ],
    })
    expect(findings).toHaveLength(1)
    expect(findings[0].signal).toBe(0)
    // A 2-day lateness is above a tight supplier's tolerance: sd 0.25 -> max(1, 0.5) = 1.
    const tight = { ...base, lead_time_sd: { ACME: 0.25 }, open_pos: [{ ...base.open_pos[0], promised_date: '2026-12-08' }] }
    expect(decideLatePurchaseOrders(tight)[0].signal).toBe(2)
  })

  it('alerts a late PO that costs no sale at low severity, and says why it is shown', () => {
    // 2 days late past a tight tolerance, but 1,000 on hand covers any further delay: no margin at risk.
    const covered = { ...base, lead_time_sd: { ACME: 0.25 }, open_pos: [{ ...base.open_pos[0], promised_date: '2026-12-08' }], exposure: base.exposure.map((x) => ({ ...x, on_hand: 1_000 })) }
    const [f] = decideLatePurchaseOrders(covered)
    expect([f.signal, f.value_at_risk, f.severity]).toEqual([2, 0, 'low'])
    expect(f.why).toContain('No sale is at risk yet, but its units still count as on order')
  })

  it('does not judge late a PO part of which has arrived (a short shipment, not a delay)', () => {
    expect(decideLatePurchaseOrders({ ...base, open_pos: [{ ...base.open_pos[0], received_qty: 10 }] })).toEqual([])
    expect(decideLatePurchaseOrders({ ...base, open_pos: [{ ...base.open_pos[0], received_qty: 0 }] })[0].signal).toBe(5)
  })

  it('says when it has no demand figures for the SKU-location', () => {
    const [f] = decideLatePurchaseOrders({ ...base, exposure: [] })
    expect(f.value_at_risk).toBe(0)
    expect(f.confidence).toBe(0.5)
    expect(f.why).toContain('no demand figures for this SKU-location')
  })
})

// Worked example, drift (today 2026-12-10; recent = received after 2026-11-12, history = the 182 days before):
//   history 10,10,11,9,10,10,11,9,10,10: n 10, mean 10, ss 4 -> s_h^2 = 4/9
//   recent  14,15,13,14,14:              n 5,  mean 14, ss 2 -> s_r^2 = 2/4
//   SE = sqrt(0.4444/10 + 0.5/5) = sqrt(0.144444) = 0.380058; excess 4 > 3 x 0.380 and >= 1 -> signal 4
//   z = 4 / 0.380058 = 10.52
//   Exposure at a 4-day delay:
//     PO-1 (SKU-A at S01): due ordered 11-26 + 10 = 12-06 -> a = 0; short = 4 x max(0, 4 - 3) = 4 -> 10.00
//     PO-3 (SKU-B at S02): due 12-08 + 10 = 12-18 -> a = 8; t0 = 30/3 = 10; short = 3 x (12 - 10) = 6 -> 30.00
//   value 40.00; confidence min(5/10, 10/15) = 0.5
const history = [10, 10, 11, 9, 10, 10, 11, 9, 10, 10].map((lead, i) => ({ supplier: 'ACME', received_at: `2026-09-${String(10 + i).padStart(2, '0')}`, lead_time_days: lead }))
const recent = [
  { supplier: 'ACME', received_at: '2026-12-08T10:00:00Z', lead_time_days: 14 },
  { supplier: 'ACME', received_at: '2026-11-20', lead_time_days: 14 },
  { supplier: 'ACME', received_at: '2026-11-25', lead_time_days: 15 },
  { supplier: 'ACME', received_at: '2026-11-30', lead_time_days: 13 },
  { supplier: 'ACME', received_at: '2026-12-03', lead_time_days: 14 },
]
const drifting: SupplierDelayInput = {
  ...base,
  lead_time_sd: undefined,
  receipts: [...history, ...recent, { supplier: 'ACME', received_at: '2026-01-01', lead_time_days: 99 }],
  open_pos: [...base.open_pos, { po_id: 'PO-3', supplier: 'ACME', sku: 'SKU-B', location: 'S02', qty: 30, ordered_at: '2026-12-08', promised_date: '2026-12-18' }],
}

describe('lead-time drift', () => {
  it('tests the recent mean against history mean + 3 SE', () => {
    const t = leadTimeDrift([14, 15, 13, 14, 14], [10, 10, 11, 9, 10, 10, 11, 9, 10, 10])!
    expect(t.se).toBeCloseTo(0.380058, 5)
    expect(t.excess).toBe(4)
    expect(t.significant).toBe(true)
    expect(leadTimeDrift([11, 10, 12, 9, 11], [10, 10, 11, 9, 10, 10, 11, 9, 10, 10])!.significant).toBe(false) // 0.6 days < 1
    // 1.2 days more but noisy: recent 8,14,9,15,10 (mean 11.2, s^2 = 9.7) -> SE = sqrt(0.0444 + 1.94) = 1.409; 3 SE = 4.2 > 1.2
    expect(leadTimeDrift([8, 14, 9, 15, 10], [10, 10, 11, 9, 10, 10, 11, 9, 10, 10])!.significant).toBe(false)
    expect(leadTimeDrift([14, 14, 14, 14], [10, 10, 11, 9, 10, 10, 11, 9, 10, 10])).toBeNull() // 4 recent < 5
  })

  it('matches the worked example, names the exposed SKU-locations', () => {
    const [f, ...rest] = decideLeadTimeDrift(drifting)
    expect(rest).toHaveLength(0)
    expect(f.scope).toEqual({ sku: '', location: '', channel: '', supplier: 'ACME' })
    expect(f.signal).toBe(4)
    expect(f.value_at_risk).toBe(40)
    expect(f.confidence).toBe(0.5)
    expect(f.why).toBe(
      "ACME's last 5 receipts took 14.0 days on average, against 10.0 days over the 10 receipts before: 4.0 days more, 10.5 standard errors " +
        '(an alert needs 3 and at least 1 day). Open POs that would leave stock short at that delay: SKU-B at S02 (PO-3, £30.00), SKU-A at S01 (PO-1, £10.00); £40.00 of margin at risk.',
    )
    // Several POs: a conversation with the supplier, not one action (each late PO has its own expedite card).
    expect(f.recommendation).toEqual({ action: 'investigate', quantity: 0, cost: 0, value: 0, summary: 'Ask ACME to expedite 2 open POs (70 units, £40.00 of margin at risk) and confirm its lead times' })
    expect(f.chart?.x).toEqual(['2026-11-20', '2026-11-25', '2026-11-30', '2026-12-03', '2026-12-08'])
    expect(f.chart?.series[0].values).toEqual([14, 15, 13, 14, 14])
    expect(f.chart?.refs).toEqual([
      { name: 'history mean', value: 10 },
      { name: 'history mean + 3 SE', value: 11.14 },
    ])
  })

  it('reports 0 and asks for no expedite when the drift is not significant', () => {
    const calm = { ...drifting, receipts: [...history, ...[11, 10, 12, 9, 11].map((lead, i) => ({ supplier: 'ACME', received_at: `2026-12-0${i + 1}`, lead_time_days: lead }))] }
    const [f] = decideLeadTimeDrift(calm)
    expect(f.signal).toBe(0)
    expect(f.value_at_risk).toBe(0)
    expect(f.recommendation.action).toBe('investigate')
  })

  it('takes the late PO tolerance from the history receipts when no sd is given, robust to past disruptions', () => {
    // History 10,10,11,9,10,10,11,9,10,10: median 10, |deviations| six 0s and four 1s -> MAD 0 -> tolerance max(1, 0) = 1.0 days.
    const late = decideSupplierDelay(drifting).filter((f) => f.scope.sku === 'SKU-A')
    expect(late[0].why).toContain('normal lateness up to 1.0 days')
    // History 8,9,10,11,12 x2 plus two disrupted receipts of 25: median 10.5, |deviations| 2.5,1.5,0.5,0.5,1.5 (x2), 14.5 (x2)
    // -> MAD 1.5 -> sd 2.2239 -> tolerance 4.4 days (a plain sd, 5.99, would give 12.0).
    const disrupted = [8, 9, 10, 11, 12, 8, 9, 10, 11, 12, 25, 25].map((lead, i) => ({ supplier: 'ACME', received_at: `2026-09-${String(10 + i).padStart(2, '0')}`, lead_time_days: lead }))
    const [f] = decideLatePurchaseOrders({ ...base, lead_time_sd: undefined, receipts: disrupted })
    expect(f.why).toContain('normal lateness up to 4.4 days')
    expect(decideSupplierDelay(drifting)).toHaveLength(2)
  })

  it('takes the tolerance from lateness against promise when the receipts carry it, blind to disruptions', () => {
    // 12 receipts on or before their promise: -1,0,-2,0,-1,-1,0,-1,-2,0,-1,0 -> squares sum 1+4+1+1+1+4+1 = 13, /12 -> sd 1.0408
    // -> tolerance 2 x 1.0408 = 2.08 days; eight disrupted receipts 6..13 days late, which would put a
    // lead-time MAD tolerance far above the PO's 5 days.
    const onTime = [-1, 0, -2, 0, -1, -1, 0, -1, -2, 0, -1, 0]
    const receipts = [...onTime, 6, 7, 8, 9, 10, 11, 12, 13].map((late, i) => ({
      supplier: 'ACME', received_at: `2026-10-${String(1 + i).padStart(2, '0')}`, lead_time_days: 14 + late, lateness_days: late,
    }))
    const [f] = decideLatePurchaseOrders({ ...base, lead_time_sd: undefined, receipts })
    expect(f.why).toContain('normal lateness up to 2.1 days')
    expect(f.signal).toBe(5)
    // Without the promises, the lead times' MAD: 12,12,13 x5,14 x5,20..27 -> median 14, |dev| 0 x5, 1 x5, 2,2, 6..13
    // -> MAD 1.5 -> sd 2.2239 -> tolerance 4.4 days.
    const blind = receipts.map(({ lateness_days: _l, ...r }) => r)
    expect(decideLatePurchaseOrders({ ...base, lead_time_sd: undefined, receipts: blind })[0].why).toContain('normal lateness up to 4.4 days')
  })
})

describe('rules', () => {
  it('has a rule for every alert type it raises', () => {
    for (const t of AGENT.alert_types) expect(RULES[t]).toBeDefined()
    expect(RULES.supplier_delay!.clear).toBeLessThanOrEqual(RULES.supplier_delay!.open)
  })
})
