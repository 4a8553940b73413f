import { describe, expect, it } from 'vitest'
import { changeOf, headlineValue, reportTables, tableCsv } from './report-view'
import { VALUE_DECISIONS_FIXTURE, VALUE_REPORT_FIXTURE as R } from './report.fixture'

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

describe('changes against the baseline and the previous period', () => {
  it('says money as an amount and a share, and whether lower is better', () => {
    // 1,000 against 1,250: 250 less, 250 / 1,250 = 20% less; lost margin is better lower.
    expect(changeOf({ unit: 'currency', better: 'lower' }, 1_000, 1_250, 'GBP')).toEqual({ delta: -250, relative: -0.2, verdict: 'better', text: '−£250 (−20.0%)' })
    expect(changeOf({ unit: 'currency', better: 'higher' }, 1_000, 1_250, 'EUR')?.text).toBe('−€250 (−20.0%)')
    expect(changeOf({ unit: 'currency', better: 'higher' }, 1_000, 1_250, 'EUR')?.verdict).toBe('worse')
  })
  it('says percents in points, without a share of a share', () => {
    // 97.12% against 92.68%: +4.44 points, written to one decimal.
    const c = changeOf({ unit: 'percent', better: 'higher' }, 0.9712, 0.9268, 'GBP')!
    expect(c.text).toBe('+4.4 pts')
    expect(c.verdict).toBe('better')
  })
  it('has no verdict for a figure with no better direction, no share against 0, nothing against a missing figure', () => {
    expect(changeOf({ unit: 'count' }, 12, 10, 'GBP')).toEqual({ delta: 2, relative: 0.2, verdict: null, text: '+2 (+20.0%)' })
    expect(changeOf({ unit: 'units', better: 'lower' }, 5, 0, 'GBP')).toEqual({ delta: 5, relative: null, verdict: 'worse', text: '+5' })
    expect(changeOf({ unit: 'units', better: 'lower' }, 5, 5, 'GBP')?.text).toBe('no change')
    expect(changeOf({ unit: 'units' }, 5, null, 'GBP')).toBeNull()
  })
})

describe('the fixture report adds up', () => {
  it('daily values sum to the use cases’ measured values, which the value figure is', () => {
    const measured = sum(R.use_cases.map((u) => u.measured_value!))
    expect(sum(R.daily.map((d) => d.value))).toBeCloseTo(measured, 2)
    expect(R.figures.find((f) => f.key === 'value_total')!.value).toBeCloseTo(measured, 2)
  })
  it('use cases’ lost margin and decisions sum to the figures; rates sum per dimension', () => {
    expect(sum(R.use_cases.map((u) => u.lost_margin!.stockpulse))).toBeCloseTo(R.figures.find((f) => f.key === 'lost_margin')!.value!, -1)
    const decided = R.figures.find((f) => f.key === 'decisions')!.value
    expect(sum(R.use_cases.map((u) => u.decisions))).toBe(decided)
    expect(VALUE_DECISIONS_FIXTURE).toHaveLength(decided!)
    for (const by of ['agent', 'category', 'planner']) expect(sum(R.rates.filter((r) => r.by === by).map((r) => r.decided))).toBe(decided)
    for (const r of R.rates) expect(r.accepted + r.modified + r.rejected).toBe(r.decided)
  })
})

describe('the report as CSV tables', () => {
  it('has a table per section, one row per figure, use case, day and rate', () => {
    const t = Object.fromEntries(reportTables(R).map((x) => [x.name, x]))
    expect(Object.keys(t)).toEqual(['figures', 'use-cases', 'daily', 'rates', 'calibration'])
    expect(t.figures.rows).toHaveLength(R.figures.length)
    expect(t['use-cases'].rows).toHaveLength(6)
    expect(t.daily.rows).toHaveLength(28)
    expect(t.figures.rows[0].slice(0, 3)).toEqual(['value_total', 'Value measured', 'GBP'])
  })
  it('writes the filters first and neutralises a formula in a label', () => {
    const csv = tableCsv(R, { name: 'x', title: 'X', header: ['a', 'b'], rows: [['=1+1', -3], [null as unknown as string, 'ok']] })
    expect(csv.split('\n')[0]).toBe(`# StockPulse value report, X: ${R.from} to ${R.to} (UTC days, inclusive), currency GBP, basis simulation`)
    expect(csv.split('\n')[2]).toBe("'=1+1,-3")
  })
  it('headlines the measured value in simulation, the settled value on real data', () => {
    expect(headlineValue({ basis: 'simulation' }, { measured_value: 10, settled_value: 4 })).toBe(10)
    expect(headlineValue({ basis: 'real' }, { measured_value: null, settled_value: 4 })).toBe(4)
  })
})
