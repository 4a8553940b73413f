import { describe, expect, it } from 'vitest'
import { AGENT, RULES, decideAnomalies, detectPhantomInventory, detectShrinkSpike, writtenOff, type Movement, type PhantomInput, type ShrinkInput } from './anomalies'

// Phantom, worked: 14 days to 2026-12-10, last sale 9 days ago, 12 on hand, d = 1.5, 1 unit a line.
//   base: 6 units over days 0..3 (day 4, the sale just before the gap, left out), the forecast
//   worth 7 days more: gamma shape a = 6 + 1.5 x 7 = 16.5 lines, rate b = 4 + 7 = 11 days (lambda 1.5)
//   P(9 days without a sale) = (1 + 9 / 11)^-16.5 = exp(-16.5 x 0.59784) = 5.20e-5
//   signal = 9.8643 / ln 10 = 4.284 (opens at 4 = -log10 1e-4)
//   value = d x 7 days x margin 3 = 31.50; sale days 4 -> confidence 4 / (4 + 5) = 0.444
const phantom: PhantomInput = {
  sku: 'SKU-A',
  location: 'S01',
  daily_units: [2, 1, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  last_date: '2026-12-10',
  on_hand: 12,
  d: 1.5,
  units_per_line: 1,
  unit_margin: 3,
}

describe('phantom inventory', () => {
  it('matches the worked example', () => {
    const f = detectPhantomInventory(phantom)!
    expect(f.type).toBe('phantom_inventory')
    expect(f.scope).toEqual({ sku: 'SKU-A', location: 'S01', channel: '', supplier: '' })
    expect(f.signal).toBe(4.28)
    expect(f.value_at_risk).toBe(31.5)
    expect(f.severity).toBe('low')
    expect(f.confidence).toBe(0.444)
    expect(f.why).toBe(
      'No sale of SKU-A at S01 for 9 days to 2026-12-10 while the books show 12 units on hand. ' +
        'At 1.50 sale lines a day a gap that long has probability 5.2e-5 (an alert needs under 0.0001): the shelf may be empty. ' +
        'If it is, £31.50 of margin is lost over 7 days.',
    )
    expect(f.recommendation).toEqual({ action: 'investigate', quantity: 0, cost: 0, value: 31.5, summary: 'Count SKU-A at S01: the books say 12 units, no sale for 9 days' })
    expect(f.chart?.x[0]).toBe('2026-11-27')
    expect(f.chart?.x[13]).toBe('2026-12-10')
  })

  it('expects fewer sale lines for lumpy demand', () => {
    // 2.5 units a line: a = 16.5 / 2.5 = 6.6 lines, lambda 0.6; P = (1 + 9 / 11)^-6.6 = 0.0193 -> signal 1.714 (below 4)
    const f = detectPhantomInventory({ ...phantom, units_per_line: 2.5 })!
    expect(f.signal).toBe(1.71)
    expect(f.why).toContain('At 0.60 sale lines a day a gap that long has probability 0.019')
  })

  it('counts a gap as long as the history when nothing sold at all', () => {
    // d = 0.7 over 14 empty days, no history before them: the forecast alone, worth 7 days
    // (a = 4.9, b = 7): P = (1 + 14 / 7)^-4.9 = 0.0046 -> signal 2.338; too little behind the rate to open.
    const f = detectPhantomInventory({ ...phantom, d: 0.7, daily_units: new Array(14).fill(0) })!
    expect(f.signal).toBe(2.34)
    expect(f.why).toContain('for at least 14 days')
  })

  it('is 0 under the minimum gap, without stock on the books, or without demand', () => {
    expect(detectPhantomInventory({ ...phantom, d: 10, daily_units: [4, 0, 0] })!.signal).toBe(0) // 2 days < 3
    const none = detectPhantomInventory({ ...phantom, on_hand: 0 })!
    expect(none.signal).toBe(0)
    expect(none.why).toBe('No stock on the books for SKU-A at S01: nothing to check.')
    const never = { ...phantom, d: 0, daily_units: new Array(14).fill(0) }
    expect(detectPhantomInventory(never)!.signal).toBe(0)
    expect(detectPhantomInventory(never)!.why).toBe('No demand is forecast or sold before for SKU-A at S01, so days without a sale say nothing about its 12 units on hand.')
    expect(detectPhantomInventory({ ...phantom, d: 10, daily_units: [4, 0, 0] })!.why).toContain('(an alert needs under 0.0001 and 3 days): not unusual yet.')
    expect(detectPhantomInventory({ ...phantom, daily_units: [] })).toBeNull()
  })
})

/** Weekly write-off totals, newest window first (j = 1 is the week before the recent one), as shrink movements. */
function weeks(today: string, totals: number[]): Movement[] {
  const t = Date.parse(`${today}T00:00:00Z`)
  return totals.map((q, k) => ({ date: new Date(t - 7 * (k + 1) * 86_400_000).toISOString().slice(0, 10), kind: 'shrink', qty: -q }))
}

// Shrink, worked: recent window 2026-12-04..2026-12-10:
//   shrink 2 a day on 12-05..12-10 = 12, adjustment -2 = 2 more, adjustment +5 and a receipt ignored -> x = 14
//   previous 12 weekly windows 1,0,0,1,0,2,0,0,1,0,0,0 -> median 0, MAD 0 -> scale = floor sqrt(max(0, 1)) = 1
//   z = (14 - 0) / 1 = 14; value = 14 x cost 3 = 42.00; confidence 12 / (12 + 4) = 0.75
const recentMoves: Movement[] = [
  ...['05', '06', '07', '08', '09', '10'].map((d) => ({ date: `2026-12-${d}T14:00:00Z`, kind: 'shrink', qty: 2 })),
  { date: '2026-12-10', kind: 'adjustment', qty: -2 },
  { date: '2026-12-09', kind: 'adjustment', qty: 5 },
  { date: '2026-12-08', kind: 'receipt', qty: 40 },
  { date: '2026-12-11', kind: 'shrink', qty: 30 }, // after today: ignored
]
const shrink: ShrinkInput = {
  sku: 'SKU-A',
  location: 'S01',
  today: '2026-12-10',
  movements: [...recentMoves, ...weeks('2026-12-10', [1, 0, 0, 1, 0, 2, 0, 0, 1, 0, 0, 0])],
  unit_cost: 3,
}

describe('shrink spikes', () => {
  it('counts shrink and negative adjustments only', () => {
    expect(writtenOff({ date: '2026-12-01', kind: 'shrink', qty: -3 })).toBe(3)
    expect(writtenOff({ date: '2026-12-01', kind: 'shrink', qty: 3 })).toBe(3)
    expect(writtenOff({ date: '2026-12-01', kind: 'adjustment', qty: -4 })).toBe(4)
    expect(writtenOff({ date: '2026-12-01', kind: 'adjustment', qty: 4 })).toBe(0)
    expect(writtenOff({ date: '2026-12-01', kind: 'transfer_out', qty: 9 })).toBe(0)
  })

  it('matches the worked example against its own history', () => {
    const f = detectShrinkSpike(shrink)!
    expect(f.signal).toBe(14)
    expect(f.value_at_risk).toBe(42)
    expect(f.confidence).toBe(0.75)
    expect(f.why).toBe(
      '14 units of SKU-A at S01 written off (shrink and negative adjustments) in the 7 days to 2026-12-10, against a median of 0.0 over its ' +
        'previous 12 windows of 7 days: robust z 14.0 (an alert needs 5 and at least 3 units). The excess is £42.00 at cost a window if it goes on.',
    )
    expect(f.recommendation.summary).toBe('Look into write-offs of SKU-A at S01: 14 units in 7 days, usually 0.0')
    expect(f.chart?.series[0].values).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 14])
    expect(f.chart?.x[0]).toBe('2026-09-17') // 12-10 minus 84 days
    expect(f.chart?.x[12]).toBe('2026-12-10')
  })

  it('uses the MAD when the norm is not zero', () => {
    // History 4,5,6,5,4,6,5,5,7,3,5,5: median 5, |dev| median 0.5 -> 1.4826 x 0.5 = 0.741 < floor sqrt(5) = 2.236
    // z = (14 - 5) / 2.236 = 4.025; value (14 - 5) x 3 = 27
    const f = detectShrinkSpike({ ...shrink, movements: [...recentMoves, ...weeks('2026-12-10', [4, 5, 6, 5, 4, 6, 5, 5, 7, 3, 5, 5])] })!
    expect(f.signal).toBe(4.02)
    expect(f.value_at_risk).toBe(27)
  })

  it('falls back to the category norm without enough history of its own', () => {
    // Carried since 11-20: only windows 11-27..12-03 and 11-20..11-26 are history (2 < 4).
    // Peers 0,1,0,2,0,1: median 0.5, MAD 0.5 -> 0.741 < floor 1 -> z = 13.5; value 13.5 x 3 = 40.5
    // confidence 0.5 x 6 / 11 = 0.273
    const f = detectShrinkSpike({ ...shrink, since: '2026-11-20', peer_window_losses: [0, 1, 0, 2, 0, 1] })!
    expect(f.signal).toBe(13.5)
    expect(f.value_at_risk).toBe(40.5)
    expect(f.confidence).toBe(0.273)
    expect(f.why).toContain('against a median of 0.5 for the 6 other SKUs of its category at S01 (too little history of its own)')
    expect(detectShrinkSpike({ ...shrink, since: '2026-11-20', peer_window_losses: [0, 1] })).toBeNull()
  })

  it('is 0 below the minimum units however surprising', () => {
    // 2 units against a norm of 0 is z = 2 anyway; below 3 units it never counts.
    const f = detectShrinkSpike({ ...shrink, movements: [{ date: '2026-12-10', kind: 'shrink', qty: 2 }, ...weeks('2026-12-10', new Array(12).fill(0))] })!
    expect(f.signal).toBe(0)
  })
})

describe('anomalies agent', () => {
  it('runs every detector and leaves out what it cannot judge', () => {
    const findings = decideAnomalies({ phantom: [phantom, { ...phantom, daily_units: [] }], shrink: [shrink] })
    expect(findings.map((f) => f.type)).toEqual(['phantom_inventory', 'shrink_spike'])
    for (const f of findings) {
      expect(f.agent).toBe('anomalies')
      expect(f.model_version).toBe(AGENT.model_version)
    }
  })

  it('has a rule for every alert type, noisy ones needing repeats', () => {
    for (const t of AGENT.alert_types) {
      const r = RULES[t]!
      expect(r.clear).toBeLessThanOrEqual(r.open)
      expect(r.clear_after).toBeGreaterThan(1)
    }
    expect(RULES.shrink_spike!.open_after).toBeGreaterThan(1)
    expect(RULES.sell_through_deviation!.open_after).toBeGreaterThan(1)
  })
})
