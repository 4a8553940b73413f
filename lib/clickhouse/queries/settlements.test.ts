/** The drill-down's use-case filter is the one mapping (lib/value/use-cases.ts), enumerated. */
import { describe, expect, it } from 'vitest'
import { ALERT_TYPES } from '@/lib/alerts/types'
import { EXECUTABLE_ACTIONS } from '@/lib/actions/types'
import { USE_CASES } from '@/lib/value/use-cases'
import { combosOf } from './settlements'

describe('combosOf', () => {
  it('partitions every (alert type, action, on promotion) among the use cases', () => {
    const all = USE_CASES.flatMap((u) => combosOf(u))
    expect(new Set(all).size).toBe(all.length)
    expect(all).toHaveLength((ALERT_TYPES.length + 1) * EXECUTABLE_ACTIONS.length * 2)
  })
  it('follows useCaseOf: markdown by action, expedite and supplier delays, channel splits on promotion', () => {
    expect(combosOf('markdown').every((c) => c.split('|')[1] === 'markdown')).toBe(true)
    expect(combosOf('supplier_delay')).toContain('stockout_risk|expedite|0')
    expect(combosOf('supplier_delay')).toContain('supplier_delay|reorder|1')
    expect(combosOf('promotions')).toContain('channel_conflict|reallocate|1')
    expect(combosOf('promotions')).not.toContain('channel_conflict|reallocate|0')
    expect(combosOf('channel_allocation')).toContain('stockout_risk|reallocate|0')
    expect(combosOf('transfers')).toEqual(['transfer_opportunity|reorder|0', 'transfer_opportunity|reorder|1', 'transfer_opportunity|transfer|0', 'transfer_opportunity|transfer|1'])
  })
})
