import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { record } from './alerts.fixture'
import { compareAlerts, rankAlerts } from './rank'
import { SEVERITIES } from './types'

describe('inbox ranking', () => {
  it('orders by value at risk, then severity, then the oldest first, keeping ties in input order', () => {
    const a = [
      record({ id: 'low-value', value_at_risk: 10, severity: 'critical' }),
      record({ id: 'tie-2', value_at_risk: 500, severity: 'high', opened_at: '2026-12-01T09:00:00Z' }),
      record({ id: 'newer', value_at_risk: 500, severity: 'high', opened_at: '2026-12-01T11:00:00Z' }),
      record({ id: 'critical', value_at_risk: 500, severity: 'critical', opened_at: '2026-12-02T00:00:00Z' }),
      record({ id: 'tie-1', value_at_risk: 500, severity: 'high', opened_at: '2026-12-01T09:00:00Z' }),
      record({ id: 'top', value_at_risk: 5000, severity: 'low' }),
      record({ id: 'nan', value_at_risk: Number.NaN, severity: 'critical' }),
    ]
    expect(rankAlerts(a).map((x) => x.id)).toEqual(['top', 'critical', 'tie-2', 'tie-1', 'newer', 'low-value', 'nan'])
    expect(a[0].id).toBe('low-value') // the input is not reordered
  })

  it('is a consistent order and stable (property)', () => {
    const alert = fc.record({
      value_at_risk: fc.constantFrom(0, 10, 100),
      severity: fc.constantFrom(...SEVERITIES),
      opened_at: fc.constantFrom('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z'),
    })
    fc.assert(
      fc.property(fc.array(alert, { maxLength: 30 }), (xs) => {
        const tagged = xs.map((x, i) => ({ ...x, i }))
        const ranked = rankAlerts(tagged)
        expect(ranked).toHaveLength(xs.length)
        for (let k = 1; k < ranked.length; k++) {
          const c = compareAlerts(ranked[k - 1], ranked[k])
          expect(c).toBeLessThanOrEqual(0)
          if (c === 0) expect(ranked[k - 1].i).toBeLessThan(ranked[k].i)
        }
      }),
    )
  })
})
