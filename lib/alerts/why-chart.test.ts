import { describe, expect, it } from 'vitest'
import { chartGeometry, describeChart } from './why-chart'

describe('chartGeometry', () => {
  it('scales from zero to the highest value or reference, top at pad, bottom at height - pad', () => {
    // 100 x 44 box, pad 2: y = 2 + (1 - v / 80) * 40. Values 40, 20, 0 at x 0, 50, 100; ref 80 at the top.
    const g = chartGeometry({ x: ['d1', 'd2', 'd3'], series: [{ name: 'On hand', values: [40, 20, 0], unit: 'units' }], refs: [{ name: 'Reorder point', value: 80 }] }, 100, 44)
    expect(g.min).toBe(0)
    expect(g.max).toBe(80)
    expect(g.lines[0].points).toBe('0,22 50,32 100,42')
    expect(g.lines[0].last).toEqual({ x: 100, y: 42 })
    expect(g.refs).toEqual([{ name: 'Reorder point', value: 80, y: 2 }])
  })
  it('takes the lowest value when negative, skips non-finite values, centres a single point', () => {
    const g = chartGeometry({ x: ['a', 'b', 'c'], series: [{ name: 'Deviation', values: [-10, Number.NaN, 10], unit: '%' }] }, 100, 24)
    // min -10, max 10: y = 2 + (1 - (v + 10) / 20) * 20.
    expect(g.lines[0].points).toBe('0,22 100,2')
    const one = chartGeometry({ x: ['a'], series: [{ name: 'S', values: [5], unit: '' }] }, 100, 24)
    expect(one.lines[0].points).toBe('50,2')
  })
  it('survives an all-zero series (no division by zero)', () => {
    const g = chartGeometry({ x: ['a', 'b'], series: [{ name: 'S', values: [0, 0], unit: '' }] }, 10, 14)
    expect(g.max).toBe(1)
    expect(g.lines[0].points).toBe('0,12 10,12')
  })
})

describe('describeChart', () => {
  it('says each series from first to last value, then the references', () => {
    expect(
      describeChart({
        x: ['2026-12-01', '2026-12-06'],
        series: [
          { name: 'On hand', values: [120, 40.26], unit: 'units' },
          { name: 'Forecast', values: [8.04], unit: 'units/day' },
        ],
        refs: [{ name: 'Reorder point', value: 60 }],
      }),
    ).toBe('On hand: 120 to 40.3 units from 2026-12-01 to 2026-12-06. Forecast: 8 units/day from 2026-12-01 to 2026-12-06. Reorder point: 60.')
    expect(describeChart({ x: [], series: [{ name: 'S', values: [], unit: '' }] })).toBe('S: no values.')
  })
})
