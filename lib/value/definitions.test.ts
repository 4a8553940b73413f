import { describe, expect, it } from 'vitest'
import {
  FIGURE_KEYS, REPORT_FIGURES, averageInventory, carryingCost, cycleServiceLevel, daysOfSupply, fillRate, gmroi, inventoryTurns, policyCost, transferEfficiency, workingCapital,
} from './definitions'

describe('report figure formulas, worked by hand', () => {
  it('fill rate (beta): 90 served of 100 demanded is 0.9; no demand, no rate', () => {
    expect(fillRate(90, 100)).toBe(0.9)
    expect(fillRate(0, 0)).toBeNull()
  })
  it('cycle service level (alpha): 8 cycles, 2 with a stockout: 6/8 = 0.75', () => {
    expect(cycleServiceLevel(8, 2)).toBe(0.75)
    expect(cycleServiceLevel(0, 0)).toBeNull()
  })
  it('average inventory: 3 days at 100, 200, 300 at cost sum to 600: 200 a day', () => {
    expect(averageInventory(600, 3)).toBe(200)
  })
  it('turns: COGS 1,000 in 73 days is 5,000 a year; over 2,500 average inventory: 2 turns', () => {
    expect(inventoryTurns(1_000, 2_500, 73)).toBe(2)
    expect(inventoryTurns(1_000, null, 73)).toBeNull()
    expect(inventoryTurns(1_000, 0, 73)).toBeNull()
  })
  it('days of supply: 120 units on hand at 8 a day: 15 days', () => {
    expect(daysOfSupply(120, 8)).toBe(15)
    expect(daysOfSupply(120, 0)).toBeNull()
  })
  it('carrying cost: 7,300 at cost, 25% a year, 30 days: 7,300 x 0.25 x 30 / 365 = 150', () => {
    expect(carryingCost(7_300, 0.25, 30)).toBeCloseTo(150, 10)
  })
  it('transfer efficiency: 450 of value for 150 of transfer cost: 3 per unit of cost', () => {
    expect(transferEfficiency(450, 150)).toBe(3)
    expect(transferEfficiency(450, 0)).toBeNull()
  })
  it('working capital: 10,000 on hand at cost + 2,500 on order at cost = 12,500', () => {
    expect(workingCapital(10_000, 2_500)).toBe(12_500)
  })
  it('GMROI: revenue 5,000 - COGS 3,000 = 2,000 margin over 4,000 average inventory: 0.5', () => {
    expect(gmroi(5_000, 3_000, 4_000)).toBe(0.5)
    expect(gmroi(5_000, 3_000, null)).toBeNull()
  })
  it("a run's cost: 10 + 20 + 30 + 40 + 50 + 60 = 210", () => {
    expect(policyCost({ lost_margin: 10, carrying_cost: 20, expedite_cost: 30, transfer_cost: 40, markdown_cost: 50, writeoff_cost: 60 })).toBe(210)
  })
  it('every figure has a label, a unit and a definition, keyed by its own key', () => {
    for (const k of FIGURE_KEYS) {
      const d = REPORT_FIGURES[k]
      expect(d.key).toBe(k)
      expect(d.label.length).toBeGreaterThan(2)
      expect(d.definition.length).toBeGreaterThan(30)
    }
    expect(REPORT_FIGURES.fill_rate.definition).toMatch(/[Bb]eta/)
    expect(REPORT_FIGURES.cycle_service_level.definition).toMatch(/[Aa]lpha/)
  })
})
