import { describe, expect, it } from 'vitest'
import { ALERT_TYPES } from '../alerts/types'
import { alertKey } from '../alerts/hygiene'
import { segmentAccuracy, type SegmentBlockRow } from '../forecast/accuracy'
import { AGENT, RULES, decideModelDrift } from './model-drift'

// 9 weekly blocks of 1,000 units; prior WAPE .30 (abs error 300) and bias 0 except the latest.
const blocks = (segment: string, lastError: number, lastAbs = 300, actual = 1000): SegmentBlockRow[] =>
  Array.from({ length: 9 }, (_, i) => {
    const last = i === 8
    const wobble = [10, -10, 0, 20, -20, 0, 10, -10][i] ?? 0
    return { segment, week_end: `2026-01-${String(2 + i).padStart(2, '0')}`, abs_error: last ? lastAbs : 300, error: last ? lastError : wobble, actual, forecast: actual + (last ? lastError : wobble), n: 70, naive_abs: 600 }
  })

describe('model-drift agent', () => {
  it('its mandate names a known alert type and investigate only', () => {
    expect(ALERT_TYPES).toContain(AGENT.alert_types[0])
    expect(AGENT.actions).toEqual(['investigate'])
    expect(RULES.model_drift).toMatchObject({ open: 3, clear: 2, open_after: 1, clear_after: 2, per_day: true })
  })

  it('raises for a segment whose bias shifted, with the figures, and says not to trust it blindly', () => {
    // Dairy: prior bias 0.01 -0.01 0 0.02 -0.02 0 0.01 -0.01 -> median 0; |dev| sorted 0 0 .01 .01 .01 .01 .02 .02 -> MAD .01,
    // 1.4826 x .01 = .0148 < floor .03 -> deviation .03, usual -9.0% to +9.0%. Latest bias 150 / 1000 = +15%: z = 5.
    // Bakery: latest bias +2%: z = .667, within.
    const segments = segmentAccuracy([...blocks('Dairy', 150), ...blocks('Bakery', 20)])
    const out = decideModelDrift('category', segments)
    const dairy = out.find((e) => e.segment === 'category:Dairy')!
    const bakery = out.find((e) => e.segment === 'category:Bakery')!
    expect(dairy.signal).toBeCloseTo(5, 3)
    expect(dairy.signal).toBeGreaterThanOrEqual(RULES.model_drift!.open)
    expect(bakery.signal).toBeCloseTo(0.667, 3)
    const f = dairy.finding!
    expect(f.scope).toEqual({ sku: '', location: '', channel: '', supplier: '', segment: 'category:Dairy' })
    expect(alertKey(f.type, f.scope)).toBe('model_drift|||||category:Dairy')
    expect(f.why).toBe(
      'Forecasts for category Dairy drifted in the 7 days to 2026-01-10: bias moved to +15.0%, over-forecast (usual -9.0% to +9.0%); usual ranges from the 8 weeks before. ' +
        'Its forecasts run above sales: orders built on them come out too large. ' +
        "Until it is back in range, do not trust this segment's forecasts blindly: check them (and the orders built on them) before acting.",
    )
    expect(f.severity).toBe('medium')
    expect(f.recommendation).toMatchObject({ action: 'investigate', quantity: 0, summary: 'Check the forecasts for category Dairy before trusting them' })
    expect(f.chart!.series[1].values.at(-1)).toBe(15)
    expect(f.confidence).toBe(1)
  })

  it('an error that rose is named; thin segments are not judged', () => {
    // WAPE 600 / 1000 = .60 against .30 +- 3 x .03: z = 10 -> high
    const [s] = decideModelDrift('region', segmentAccuracy(blocks('north', 0, 600)))
    expect(s.finding!.why).toContain('error rose to WAPE 60.0% (usual 21.0% to 39.0%)')
    expect(s.finding!.severity).toBe('high')
    const [thin] = decideModelDrift('channel', segmentAccuracy(blocks('online', 500, 500, 50)))
    expect(thin).toEqual({ segment: 'channel:online', signal: 0, finding: null })
  })
})
