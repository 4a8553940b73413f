import { afterEach, describe, expect, it } from 'vitest'
import { configureCurrency, currency, currencySymbol, formatMoney, formatMoneyShort } from './money'
import { money } from './agents/stock-shared'
import { DEFAULT_OPTIONS } from './agents/supplier-delay-inputs'
import { DEFAULT_ANOMALY_OPTIONS } from './agents/anomalies-rules'

afterEach(() => configureCurrency('GBP'))

describe('the deployment currency', () => {
  it('is GBP until configured, then the configured code', () => {
    expect(currency()).toBe('GBP')
    configureCurrency('EUR')
    expect(currency()).toBe('EUR')
    expect(formatMoney(1234.5)).toBe('€1,235')
    expect(() => configureCurrency('euro')).toThrow(RangeError)
  })

  it('writes the symbol before the figure and the sign before both', () => {
    expect(currencySymbol('GBP')).toBe('£')
    expect(currencySymbol('CHF')).toBe('CHF ')
    expect(formatMoney(-40, 'GBP')).toBe('-£40')
    expect(formatMoney(12.345, 'EUR', 2)).toBe('€12.35')
    expect(formatMoney(NaN, 'GBP')).toBe('—')
  })

  it('a small positive figure never reads as zero: pence below 10', () => {
    expect(formatMoneyShort(0.36, 'GBP')).toBe('£0.36')
    expect(formatMoneyShort(9.5, 'GBP')).toBe('£9.50')
    expect(formatMoneyShort(12.4, 'GBP')).toBe('£12')
    expect(formatMoneyShort(0, 'GBP')).toBe('£0')
  })
})

describe("the agents' card wording", () => {
  it('writes money in the configured currency, read when the text is written', () => {
    expect(money(2.5)).toBe('£2.50')
    configureCurrency('EUR')
    expect(money(2.5)).toBe('€2.50')
    expect({ ...DEFAULT_OPTIONS }.currency_symbol).toBe('€')
    expect({ ...DEFAULT_ANOMALY_OPTIONS }.currency_symbol).toBe('€')
  })
})
