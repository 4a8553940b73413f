import { describe, expect, it } from 'vitest'
import { betterOf, changeOf, headlineValue, sectionCsv } from './report-view'
import { VALUE_DECISIONS_FIXTURE, VALUE_REPORT_FIXTURE as R } from './report.fixture'

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

describe('changes against the baseline and the previous period', () => {
  it('says money as an amount and a share, and whether lower is better', () => {
    // 1,000 against 1,250: 250 less, 250 / 1,250 = 20% less; lost margin is better lower.
    expect(changeOf({ unit: 'currency', better: 'lower' }, 1_000, 1_250, 'GBP')).toEqual({ delta: -250, relative: -0.2, verdict: 'better', text: '−£250 (−20.0%)', short: '−20.0%' })
    expect(changeOf({ unit: 'currency', better: 'higher' }, 1_000, 1_250, 'EUR')?.text).toBe('−€250 (−20.0%)')
    expect(changeOf({ unit: 'currency', better: 'higher' }, 1_000, 1_250, 'EUR')?.verdict).toBe('worse')
  })
  it('says percents in points, without a share of a share', () => {
    // 97.12% against 92.68%: +4.44 points, written to one decimal.
    const c = changeOf({ unit: 'percent', better: 'higher' }, 0.9712, 0.9268, 'GBP')!
    expect(c.text).toBe('+4.4 pts')
    expect(c.short).toBe('+4.4 pts')
    expect(c.verdict).toBe('better')
  })
  it('has no verdict for a figure with no better direction, no share against 0, nothing against a missing figure', () => {
    expect(changeOf({ unit: 'count' }, 12, 10, 'GBP')).toEqual({ delta: 2, relative: 0.2, verdict: null, text: '+2 (+20.0%)', short: '+20.0%' })
    expect(changeOf({ unit: 'units', better: 'lower' }, 5, 0, 'GBP')).toEqual({ delta: 5, relative: null, verdict: 'worse', text: '+5', short: '+5' })
    expect(changeOf({ unit: 'units', better: 'lower' }, 5, 5, 'GBP')?.text).toBe('no change')
    expect(changeOf({ unit: 'units' }, 5, null, 'GBP')).toBeNull()
  })
})

describe('the fixture report adds up', () => {
  const fig = (k: string) => R.figures.find((f) => f.key === k)!.value!
  it('daily values sum to the value figure: the use cases’ measured values plus the unattributed value', () => {
    const measured = sum(R.use_cases.map((u) => u.measured_value!))
    expect(sum(R.daily.map((d) => d.value))).toBeCloseTo(fig('value'), 2)
    expect(measured + R.unattributed_value!).toBeCloseTo(fig('value'), 2)
  })
  it('use cases’ lost margin sums to the figure; rates sum per dimension; the drill-down holds the settled decisions', () => {
    expect(sum(R.use_cases.map((u) => u.lost_margin!.stockpulse))).toBeCloseTo(fig('lost_margin'), -1)
    const decided = sum(R.use_cases.map((u) => u.decisions))
    expect(VALUE_DECISIONS_FIXTURE).toHaveLength(sum(R.use_cases.map((u) => u.settled)))
    expect(R.calibration.settled).toBe(VALUE_DECISIONS_FIXTURE.length)
    for (const by of ['agent', 'category', 'planner']) expect(sum(R.rates.filter((r) => r.by === by).map((r) => r.decided))).toBe(decided)
    for (const r of R.rates) expect(r.accepted + r.modified + r.rejected).toBe(r.decided)
  })
})

describe('figures improve one way', () => {
  it('less lost or tied up is better, more served is better; an unknown key has no direction', () => {
    expect(betterOf('lost_margin')).toBe('lower')
    expect(betterOf('fill_rate')).toBe('higher')
    expect(betterOf('something_new')).toBeUndefined()
  })
})

describe('one table of the CSV on its own', () => {
  it('is the Filters table and that table, as the whole file writes them', () => {
    const csv = sectionCsv(R, 'Figures')
    const lines = csv.split('\n')
    expect(lines[0]).toBe('Filters')
    expect(lines[1]).toBe('filter,value')
    expect(lines[2]).toBe(`from,${R.from}`)
    const at = lines.indexOf('Figures')
    expect(lines[at - 1]).toBe('')
    expect(lines[at + 1]).toBe('key,label,unit,value,baseline,previous,definition')
    expect(lines[at + 2].startsWith(`value,Value delivered,currency,${R.figures[0].value},`)).toBe(true)
    expect(lines.filter((l) => l !== '').length).toBe(2 + 8 + 2 + R.figures.length)
    expect(csv).not.toContain('Use cases')
    expect(sectionCsv(R, 'Calibration').trim().split('\n').at(-1)).toBe([R.calibration.settled, R.calibration.estimated_total, R.calibration.settled_total, R.calibration.ratio, R.calibration.mean_abs_error].join(','))
  })
  it('headlines the measured value in simulation, the settled value on real data', () => {
    expect(headlineValue({ basis: 'simulation' }, { measured_value: 10, settled_value: 4 })).toBe(10)
    expect(headlineValue({ basis: 'real' }, { measured_value: null, settled_value: 4 })).toBe(4)
  })
})
