import { describe, expect, it } from 'vitest'
import { alertEpisodes, countOpenedHistory, runsOf, score, type OpenedHistory, type TruthEpisode } from './agents-score'

const truth = (key: string, from: number, start: number, end: number, countsForRecall = true): TruthEpisode => ({ key, from, start, end, countsForRecall })

describe('alert episodes', () => {
  it('joins consecutive sweeps and splits at a gap', () => {
    const active = [new Set(['a']), new Set(['a', 'b']), new Set(['b']), new Set(['a'])]
    expect(alertEpisodes(active, 100)).toEqual([
      { key: 'a', start: 100, end: 101 },
      { key: 'b', start: 101, end: 102 },
      { key: 'a', start: 103, end: 103 },
    ])
  })
})

describe('runs of true days', () => {
  it('gives each run its first and last day', () => {
    expect(runsOf('k', [0, 1, 1, 0, 1], 10)).toEqual([
      { key: 'k', start: 11, end: 12 },
      { key: 'k', start: 14, end: 14 },
    ])
    expect(runsOf('k', [], 0)).toEqual([])
  })
})

describe('score', () => {
  it('counts an early warning inside the lead time as a detection, and one before it as a false alarm', () => {
    // A stockout on days 20-22 with a lead time of 5: warnings from day 15 count.
    const t = [truth('p', 15, 20, 22)]
    expect(score([{ key: 'p', start: 16, end: 16 }], t)).toMatchObject({ truePositives: 1, detected: 1, precision: 1, recall: 1 })
    expect(score([{ key: 'p', start: 10, end: 14 }], t)).toMatchObject({ truePositives: 0, detected: 0, precision: 0, recall: 0 })
  })

  it('needs the same key, and leaves episodes that do not count out of recall only', () => {
    const t = [truth('p', 0, 5, 9), truth('q', 0, 5, 9, false)]
    const s = score([{ key: 'q', start: 6, end: 7 }, { key: 'r', start: 6, end: 7 }], t)
    // q's alert matched a real (if not yet detectable) episode: a true positive; r's matched nothing.
    expect(s).toEqual({ alerts: 2, truePositives: 1, truths: 1, detected: 0, precision: 0.5, recall: 0 })
  })

  it('counts one alert episode once however many truth episodes it overlaps', () => {
    const t = [truth('p', 0, 2, 3), truth('p', 4, 6, 7)]
    expect(score([{ key: 'p', start: 1, end: 8 }], t)).toEqual({ alerts: 1, truePositives: 1, truths: 2, detected: 2, precision: 1, recall: 1 })
  })

  it('says NaN, not 0 or 1, when there is nothing to score', () => {
    const s = score([], [])
    expect(Number.isNaN(s.precision) && Number.isNaN(s.recall)).toBe(true)
  })
})

describe('countOpenedHistory', () => {
  it('sorts alerts opened after the first sweep by what came before on their key', () => {
    const into: OpenedHistory = {}
    countOpenedHistory(into, [
      { key: 'k1', type: 'stockout_risk', status: 'approved', opened_at: '2026-11-16T00:15:00.000Z' }, // the first sweep: left out
      { key: 'k1', type: 'stockout_risk', status: 'approved', opened_at: '2026-11-18T00:15:00.000Z' }, // after a decided one, by a rule
      { key: 'k1', type: 'stockout_risk', status: 'open', opened_at: '2026-11-20T00:15:00.000Z' }, // after a decided one again
      { key: 'k2', type: 'stockout_risk', status: 'cleared', opened_at: '2026-11-17T00:15:00.000Z' }, // first on its key
      { key: 'k2', type: 'stockout_risk', status: 'open', opened_at: '2026-11-19T00:15:00.000Z' }, // after one that cleared
      { key: 'k3', type: 'supplier_delay', status: 'executed', opened_at: '2026-11-17T00:15:00.000Z' },
    ], '2026-11-16T00:15:00.000Z', ['approved', 'modified', 'executed'])
    expect(into).toEqual({
      stockout_risk: { first: 1, after_clear: 1, after_decision: 2, by_rule: 1 },
      supplier_delay: { first: 1, after_clear: 0, after_decision: 0, by_rule: 1 },
    })
  })
})
