import { describe, expect, it } from 'vitest'
import { loadConfig, replenishmentRun } from './config'

describe('who places the routine orders (REPLENISHMENT_RUN)', () => {
  it('is StockPulse while the simulator replenishes only through its actions, the retailer otherwise, unless set', () => {
    expect(replenishmentRun(loadConfig({}))).toBe('stockpulse')
    expect(replenishmentRun(loadConfig({ SIM_REPLENISHMENT: 'minmax' }))).toBe('retailer')
    expect(replenishmentRun(loadConfig({ SIMULATOR: 'off' }))).toBe('retailer')
    expect(replenishmentRun(loadConfig({ SIMULATOR: 'off', REPLENISHMENT_RUN: 'stockpulse' }))).toBe('stockpulse')
    expect(replenishmentRun(loadConfig({ REPLENISHMENT_RUN: 'retailer' }))).toBe('retailer')
  })
  it('names the field of a bad value', () => {
    expect(() => loadConfig({ REPLENISHMENT_RUN: 'nightly' })).toThrow(/REPLENISHMENT_RUN/)
  })
})
