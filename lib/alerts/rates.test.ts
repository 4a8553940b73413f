import { describe, expect, it } from 'vitest'
import { rates } from './rates'

describe('acceptance and override rates', () => {
  it('are shares of decided recommendations and add up to one', () => {
    // 6 approved, 3 modified, 1 rejected: 10 decided; 6/10 accepted, 4/10 overridden.
    expect(rates({ approved: 6, modified: 3, rejected: 1 })).toEqual({ decided: 10, acceptance_rate: 0.6, override_rate: 0.4 })
  })
  it('are absent, not zero, while nothing was decided', () => {
    expect(rates({ approved: 0, modified: 0, rejected: 0 })).toEqual({ decided: 0, acceptance_rate: null, override_rate: null })
  })
})
