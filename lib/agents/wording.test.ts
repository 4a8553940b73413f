import { describe, expect, it } from 'vitest'
import { fmtMoney, fmtMoneyAuto, fmtNum, fmtPct, fmtSignedPct, fmtSignedPts, humanize, listAnd, plural } from './wording'

describe('wording', () => {
  it('writes plurals', () => {
    expect(plural(0, 'alert')).toBe('0 alerts')
    expect(plural(1, 'alert')).toBe('1 alert')
    expect(plural(2, 'alert')).toBe('2 alerts')
    expect(plural(1234, 'unit')).toBe('1,234 units')
    expect(plural(2.5, 'unit')).toBe('2.5 units')
    expect(plural(1.04, 'unit')).toBe('1 unit') // shown as 1, so singular
    expect(plural(12.4, 'unit')).toBe('12 units')
  })

  it('writes money with the symbol after the sign', () => {
    expect(fmtMoney(1234.5, '£')).toBe('£1,235')
    expect(fmtMoney(-40, '€')).toBe('-€40')
    expect(fmtMoney(-0.2, '$')).toBe('$0') // no "-$0"
    expect(fmtMoneyAuto(2.5, '£')).toBe('£2.50')
    expect(fmtMoneyAuto(99.999, '£')).toBe('£100')
    expect(fmtMoneyAuto(1234.5, '£')).toBe('£1,235')
  })

  it('writes signed percentages and points', () => {
    expect(fmtSignedPct(0.052)).toBe('+5.2%')
    expect(fmtSignedPct(-0.0128)).toBe('-1.3%')
    expect(fmtSignedPct(-0.0004)).toBe('0.0%')
    expect(fmtSignedPct(Infinity)).toBe('—')
    expect(fmtSignedPts(0.004)).toBe('+0.4 pts')
    expect(fmtSignedPts(-0.012)).toBe('-1.2 pts')
    expect(fmtPct(0.962)).toBe('96.2%')
    expect(fmtNum(1234.56, 1)).toBe('1,234.6')
  })

  it('joins lists and names', () => {
    expect(listAnd([])).toBe('')
    expect(listAnd(['a'])).toBe('a')
    expect(listAnd(['a', 'b'])).toBe('a and b')
    expect(listAnd(['a', 'b', 'c'])).toBe('a, b and c')
    expect(humanize('stockout_risk')).toBe('stockout risk')
  })
})
