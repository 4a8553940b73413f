import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { neutraliseFormula, spreadsheetCell, spreadsheetRow } from './csv-safe'

describe('neutraliseFormula', () => {
  it("prefixes a ' to cells a spreadsheet would run as a formula", () => {
    for (const v of ['=1+2', '=HYPERLINK("http://x","y")', '+cmd|/C calc!A0', '-2+3', '-', '@SUM(A1:A2)', '\t=1', '\r=1', "=cmd|' /C calc'!A0", '-1e3+1', '+', '--1'])
      expect(neutraliseFormula(v)).toBe(`'${v}`)
  })

  it('leaves plain numbers (a negative quantity is data) and every other cell as they are', () => {
    for (const v of ['-3', '+1.5', '-0.25', '-2e3', '1E-5', '-.5', '42', '', 'SKU-1', 'a=b', ' =1', 'line 2: qty: must be greater than 0', "'already"])
      expect(neutraliseFormula(v)).toBe(v)
  })
})

describe('spreadsheetRow', () => {
  it('neutralises, quotes, and reads back as the neutralised cells', () => {
    const cells = ['12', 'qty: must be greater than 0', '=cmd|\' /C calc\'!A0,SKU-1,S01,store,-1,3', '-5', 'say "hi"', '@x\ny']
    const line = spreadsheetRow(cells)
    expect(parse(line)).toEqual([['12', 'qty: must be greater than 0', "'=cmd|' /C calc'!A0,SKU-1,S01,store,-1,3", '-5', 'say "hi"', "'@x\ny"]])
    expect(spreadsheetCell(-7)).toBe('-7')
  })
})
