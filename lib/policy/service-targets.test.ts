import { describe, expect, it } from 'vitest'
import {
  ABC_CODES, classifyAbc, classifyXyz, coefficientOfVariation, DEFAULT_SEGMENT_POLICY, segmentPolicyConfigSchema,
  perCycleServiceLevel, serviceTargetFor, weeklyServiceLevel,
} from './service-targets'

describe('ABC by margin share', () => {
  it('splits at 80% / 95% of cumulative margin', () => {
    // Margins (total 100), sorted: 50 30 | 10 5 | 3 2. Share before each: 0, .50, .80, .90, .95, .98.
    // A while share before < .80 -> 50, 30; B while < .95 -> 10, 5; C -> 3, 2.
    const codes = classifyAbc(Float64Array.from([3, 50, 10, 2, 30, 5]))
    expect(Array.from(codes, (c) => ABC_CODES[c])).toEqual(['C', 'A', 'B', 'C', 'A', 'B'])
  })

  it('puts non-positive margins in C and handles an empty catalogue', () => {
    expect(Array.from(classifyAbc(Float64Array.from([-5, 0, 10])))).toEqual([2, 2, 0])
    expect(classifyAbc(new Float64Array(0)).length).toBe(0)
  })
})

describe('XYZ by coefficient of variation', () => {
  it('uses the configured thresholds', () => {
    expect(classifyXyz(0.3)).toBe('X')
    expect(classifyXyz(0.5)).toBe('X')
    expect(classifyXyz(0.7)).toBe('Y')
    expect(classifyXyz(1.5)).toBe('Z')
    expect(classifyXyz(coefficientOfVariation(0, 1))).toBe('Z')
    expect(classifyXyz(0.7, { x_max_cv: 0.8, y_max_cv: 2 })).toBe('X')
    expect(coefficientOfVariation(10, 4)).toBeCloseTo(0.4, 12)
  })
})

describe('service target matrix', () => {
  it('reads the matrix', () => {
    expect(serviceTargetFor('A', 'X')).toBe(0.98)
    expect(serviceTargetFor('C', 'Z')).toBe(0.85)
  })

  it('validates configuration', () => {
    expect(segmentPolicyConfigSchema.safeParse(DEFAULT_SEGMENT_POLICY).success).toBe(true)
    const bad = { ...DEFAULT_SEGMENT_POLICY, service_levels: { ...DEFAULT_SEGMENT_POLICY.service_levels, A: { X: 1, Y: 0.9, Z: 0.9 } } }
    expect(segmentPolicyConfigSchema.safeParse(bad).success).toBe(false)
    const swapped = { ...DEFAULT_SEGMENT_POLICY, abc: { a_share: 0.95, b_share: 0.8 } }
    expect(segmentPolicyConfigSchema.safeParse(swapped).success).toBe(false)
  })
})

describe('service target per replenishment cycle', () => {
  it('splits a weekly target over the cycles of a week, and back', () => {
    // 0.95 over 7 daily cycles: 0.95^(1/7) = 0.992700; 0.98 -> 0.997118; weekly or longer cycles keep it.
    expect(perCycleServiceLevel(0.95, 1)).toBeCloseTo(0.9927, 4)
    expect(perCycleServiceLevel(0.98, 1)).toBeCloseTo(0.997118, 5)
    expect(perCycleServiceLevel(0.95, 7)).toBe(0.95)
    expect(perCycleServiceLevel(0.95, 14)).toBe(0.95)
    expect(weeklyServiceLevel(perCycleServiceLevel(0.9, 1), 1)).toBeCloseTo(0.9, 12)
    expect(weeklyServiceLevel(0.9, 7)).toBe(0.9)
  })
})
