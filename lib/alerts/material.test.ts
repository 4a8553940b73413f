import { describe, expect, it } from 'vitest'
import { finding, record } from './alerts.fixture'
import { isMaterialChange, materialChanges } from './material'

const rec = record() // high, value at risk 1000, reorder 48
const reco = (over: object) => ({ ...rec.recommendation, ...over })

describe('material change', () => {
  it('is not material when nothing moved enough', () => {
    expect(materialChanges(rec, finding())).toEqual([])
    // 1000 -> 1199: 19.9 % < 20 %
    expect(isMaterialChange(rec, finding({ value_at_risk: 1199 }))).toBe(false)
    // 48 -> 39: 9 units < 20 % of 48 = 9.6
    expect(isMaterialChange(rec, finding({ recommendation: reco({ quantity: 39 }) }))).toBe(false)
    // a severity fall alone
    expect(isMaterialChange(rec, finding({ severity: 'low' }))).toBe(false)
  })

  it('is material when severity rises', () => {
    expect(materialChanges(rec, finding({ severity: 'critical' }))).toEqual(['severity rose from high to critical'])
  })

  it('needs 20 % and 50 money units of value at risk, either way', () => {
    expect(materialChanges(rec, finding({ value_at_risk: 1200 }))).toEqual(['value at risk rose from 1,000 to 1,200'])
    expect(materialChanges(rec, finding({ value_at_risk: 800 }))).toEqual(['value at risk fell from 1,000 to 800'])
    // 100 -> 149: +49 %, but only 49 units of money
    const small = record({ value_at_risk: 100 })
    expect(isMaterialChange(small, finding({ value_at_risk: 149 }))).toBe(false)
    expect(isMaterialChange(small, finding({ value_at_risk: 150 }))).toBe(true)
    expect(isMaterialChange(record({ value_at_risk: 0 }), finding({ value_at_risk: 50 }))).toBe(true)
  })

  it('is material when the action, the transfer source or the quantity (20 % and 1 unit) changes', () => {
    expect(materialChanges(rec, finding({ recommendation: reco({ action: 'expedite' }) }))).toEqual(['recommended action changed from reorder to expedite'])
    const t = record({ recommendation: reco({ action: 'transfer', from_location: 'DC-1' }) })
    expect(materialChanges(t, finding({ recommendation: reco({ action: 'transfer', from_location: 'DC-2' }) }))).toEqual(['transfer source changed from DC-1 to DC-2'])
    // 48 -> 38: 10 units >= 9.6
    expect(materialChanges(rec, finding({ recommendation: reco({ quantity: 38 }) }))).toEqual(['recommended quantity changed from 48 to 38'])
    expect(isMaterialChange(record({ recommendation: reco({ quantity: 0 }) }), finding({ recommendation: reco({ quantity: 1 }) }))).toBe(true)
    expect(isMaterialChange(record({ recommendation: reco({ quantity: 2 }) }), finding({ recommendation: reco({ quantity: 2.5 }) }))).toBe(false)
  })

  it('lists every material change', () => {
    expect(materialChanges(rec, finding({ severity: 'critical', value_at_risk: 2000, recommendation: reco({ quantity: 96 }) }))).toEqual([
      'severity rose from high to critical',
      'value at risk rose from 1,000 to 2,000',
      'recommended quantity changed from 48 to 96',
    ])
  })
})
