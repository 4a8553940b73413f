import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RULES, allocateGreedy, contestedChannels, decideChannelAllocation, expectedMargin, expectedSales, forecastFromSales, proportionalSplit, type ChannelForecast } from './channel-allocation'

describe('channel-allocation: expected sales', () => {
  it('E[min(D, a)] = mu - sd G((a - mu) / sd)', () => {
    // mu 10, sd 2, a 10: G(0) = 0.398942 -> 10 - 0.797885 = 9.202115.
    expect(expectedSales(10, 10, 2)).toBeCloseTo(9.202115, 5)
    // a 12: G(1) = 0.241971 - 0.158655 = 0.083316 -> 10 - 0.166632 = 9.833368.
    expect(expectedSales(12, 10, 2)).toBeCloseTo(9.833368, 5)
    // No variance: min(mu, a).
    expect(expectedSales(4, 6, 0)).toBe(4)
    expect(expectedSales(9, 6, 0)).toBe(6)
  })
})

describe('channel-allocation: greedy split', () => {
  it('gives the one unit to the channel where it is likelier to sell', () => {
    // Channel a: mu 1, sd 1: E(0) = 1 - G(-1) = 1 - 1.083316 = -0.083316, E(1) = 1 - G(0) = 0.601058: +0.684374.
    // Channel b: mu 3, sd 1: E(0) = 3 - G(-3) = -0.000382, E(1) = 3 - G(-2) = 3 - 2.008491 = 0.991509: +0.991891.
    const ch: ChannelForecast[] = [{ channel: 'a', mean: 1, sd: 1, unit_margin: 1 }, { channel: 'b', mean: 3, sd: 1, unit_margin: 1 }]
    expect(allocateGreedy(1, ch)).toEqual([0, 1])
    // With margin 1.5 on a: 1.5 x 0.684374 = 1.026561 > 0.991891, the unit goes to a.
    expect(allocateGreedy(1, [{ ...ch[0], unit_margin: 1.5 }, ch[1]])).toEqual([1, 0])
  })

  it('fills the better margin first when demand is certain', () => {
    // ecommerce 6 units at margin 4, store 8 at margin 3, 10 in stock: ecommerce 6, store 4.
    const ch: ChannelForecast[] = [{ channel: 'ecommerce', mean: 6, sd: 0, unit_margin: 4 }, { channel: 'store', mean: 8, sd: 0, unit_margin: 3 }]
    expect(allocateGreedy(10, ch)).toEqual([6, 4])
    // In packs of 4: ecommerce 4 (+16) then store 4 (+12 > ecommerce's +8) then the 2 left to ecommerce (+8 > +6).
    expect(allocateGreedy(10, ch, 4)).toEqual([6, 4])
  })

  it('proportional split by largest remainder', () => {
    // 10 x 6/14 = 4.2857, 10 x 8/14 = 5.7143 -> 4 and 5, the last unit to the larger remainder (store).
    expect(proportionalSplit(10, [{ channel: 'e', mean: 6, sd: 0, unit_margin: 1 }, { channel: 's', mean: 8, sd: 0, unit_margin: 1 }])).toEqual([4, 6])
  })

  it('matches brute force over every split for small stock', () => {
    const channel = fc.record({
      channel: fc.constant('c'),
      mean: fc.integer({ min: 0, max: 2000 }).map((x) => x / 100),
      sd: fc.integer({ min: 0, max: 800 }).map((x) => x / 100),
      unit_margin: fc.integer({ min: 10, max: 1000 }).map((x) => x / 100),
    })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 25 }), fc.array(channel, { minLength: 2, maxLength: 3 }), (S, ch) => {
        let best = -Infinity
        const rec = (k: number, left: number, split: number[]) => {
          if (k === ch.length - 1) {
            best = Math.max(best, expectedMargin([...split, left], ch))
            return
          }
          for (let a = 0; a <= left; a++) rec(k + 1, left - a, [...split, a])
        }
        rec(0, S, [])
        const g = allocateGreedy(S, ch)
        expect(g.reduce((a, b) => a + b, 0)).toBe(S)
        expect(expectedMargin(g, ch)).toBeGreaterThanOrEqual(best - 1e-9 * Math.max(1, Math.abs(best)))
      }),
      { numRuns: 300 },
    )
  })
})

describe('channel-allocation: the finding', () => {
  const ch: ChannelForecast[] = [{ channel: 'ecommerce', mean: 6, sd: 0, unit_margin: 4 }, { channel: 'store', mean: 8, sd: 0, unit_margin: 3 }]

  it('raises channel_conflict with the split, value and both forecasts', () => {
    // Demand 14 against 10: signal 1.4 (>= open 1.2) -> low severity (< 1.5).
    // Recommended ecommerce 6, store 4: 6 x 4 + 4 x 3 = 36. Baseline proportional 4 / 6: 16 + 18 = 34.
    // Unserved under the baseline: 4 x (6 - 4) + 3 x (8 - 6) = 14. Units moved: ecommerce +2.
    const f = decideChannelAllocation({ sku: 'SKU1', location: 'S01', stock: 10, horizon_days: 7, channels: ch, promo_id: 'P-9' })!
    expect(f.type).toBe('channel_conflict')
    expect(f.signal).toBeCloseTo(1.4, 10)
    expect(f.severity).toBe('low')
    expect(f.value_at_risk).toBe(14)
    expect(f.recommendation).toEqual({ action: 'reallocate', quantity: 2, split: { ecommerce: 6, store: 4 }, cost: 0, value: 2, summary: 'Allocate ecommerce 6, store 4' })
    expect(f.confidence).toBe(1) // sd 0: cv 0
    expect(f.why).toBe(
      'Expected demand over the next 7 days during promotion P-9 is 14 units against 10 in stock (1.40x): ecommerce 6 ± 0 units (margin £4.00), store 8 ± 0 units (margin £3.00); ' +
        'the split ecommerce 6, store 4 maximises expected margin served, £36.00 against £34.00 with a split in proportion to demand.',
    )
    expect(f.chart!.series.map((s) => s.values)).toEqual([[6, 8], [6, 4], [4, 6]])
  })

  it('compares against the current split when there is one', () => {
    // Current 2 / 8: 8 + 24 = 32; recommended 36: value 4, ecommerce +4.
    const f = decideChannelAllocation({ sku: 'SKU1', location: 'S01', stock: 10, horizon_days: 7, channels: [{ ...ch[0], current: 2 }, { ...ch[1], current: 8 }] })!
    expect(f.recommendation.value).toBe(4)
    expect(f.recommendation.quantity).toBe(4)
    expect(f.why).toContain('against £32.00 with the current split')
  })

  it('stays quiet when stock covers demand, and grades severity by the excess', () => {
    expect(RULES.channel_conflict!.clear).toBe(1.05)
    // 14 / 14 = 1 < 1.05.
    expect(decideChannelAllocation({ sku: 'S', location: 'L', stock: 14, horizon_days: 7, channels: ch })).toBeNull()
    // 14 / 9 = 1.556 -> medium; 14 / 7 = 2 -> high.
    expect(decideChannelAllocation({ sku: 'S', location: 'L', stock: 9, horizon_days: 7, channels: ch })!.severity).toBe('medium')
    expect(decideChannelAllocation({ sku: 'S', location: 'L', stock: 7, horizon_days: 7, channels: ch })!.severity).toBe('high')
    expect(decideChannelAllocation({ sku: 'S', location: 'L', stock: 0, horizon_days: 7, channels: ch })).toBeNull()
  })

  it('confidence falls with the cv of total demand', () => {
    // sd 6 and 8: sqrt(36 + 64) = 10 over 14 -> cv 0.714286: 1 - 0.7 x (0.714286 - 0.25) / 0.75 = 0.566667.
    const f = decideChannelAllocation({ sku: 'S', location: 'L', stock: 10, horizon_days: 7, channels: [{ ...ch[0], sd: 6 }, { ...ch[1], sd: 8 }] })!
    expect(f.confidence).toBe(0.57)
  })
})

describe('channel-allocation: forecasts derived from sales fulfilled at a node', () => {
  const days = (n: number, f: (k: number) => number) => Array.from({ length: n }, (_, k) => f(k))
  const store = { channel: 'store', daily: days(56, (k) => (k % 2 ? 8 : 12)), revenue: 5600 }

  it('a node is contested when two channels each draw >= 10 % and >= one unit a week', () => {
    const web = { channel: 'ecommerce', daily: days(56, (k) => (k % 3 ? 5 : 8)), revenue: 12 * 336 }
    expect(contestedChannels([store, web]).map((c) => c.channel)).toEqual(['ecommerce', 'store']) // 38 %
    const trickle = { channel: 'ecommerce', daily: days(56, (k) => (k % 4 === 0 ? 1 : 0)), revenue: 14 * 12 }
    expect(contestedChannels([store, trickle])).toEqual([]) // 14 of 574: 2.4 %
    // 10 % of a slow item, but 5 units in 8 weeks: a stray order, no contest.
    const slow = { channel: 'store', daily: days(56, (k) => (k < 45 ? 1 : 0)), revenue: 450 }
    const stray = { channel: 'ecommerce', daily: days(56, (k) => (k < 5 ? 1 : 0)), revenue: 60 }
    expect(contestedChannels([slow, stray])).toEqual([])
    expect(contestedChannels([store])).toEqual([])
    expect(contestedChannels([])).toEqual([])
  })

  it('scales the daily mean and sd to the lead time, with lead-time spread, and takes the realised margin', () => {
    // mean 10 a day, sample variance 4 x 56 / 55 = 4.0727: L 7 -> mean 70, sd sqrt(7 x 4.0727) = 5.3394.
    expect(forecastFromSales(store, 7, 0, 5)).toMatchObject({ channel: 'store', mean: 70, unit_margin: 5 })
    expect(forecastFromSales(store, 7, 0, 5).sd).toBeCloseTo(5.3394, 4)
    // sd_L 2 adds mu^2 sd_L^2 = 400: sqrt(28.5091 + 400) = 20.7005.
    expect(forecastFromSales(store, 7, 2, 5).sd).toBeCloseTo(20.7005, 4)
    // Sold below cost: margin 0, not negative.
    expect(forecastFromSales(store, 7, 0, 12).unit_margin).toBe(0)
  })
})
