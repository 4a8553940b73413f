import { describe, expect, it } from 'vitest'
import { mad, median } from '../agents/signals'
import { DRIFT, judgeDrift, usualRange, type WeekPoint } from './drift'

const weeks = (wapes: number[], biases: number[], actual = 500): WeekPoint[] =>
  wapes.map((w, i) => ({ week_end: `week ${i}`, wape: w, bias: biases[i], actual }))

const PRIOR_WAPE = [0.3, 0.32, 0.28, 0.31, 0.29, 0.3, 0.33, 0.27]
const PRIOR_BIAS = [0.02, -0.01, 0, 0.01, 0.03, -0.02, 0.01, 0]

describe('median and MAD', () => {
  it('worked by hand', () => {
    // sorted .27 .28 .29 .30 .30 .31 .32 .33 -> median (.30 + .30) / 2 = .30
    expect(median(PRIOR_WAPE)).toBeCloseTo(0.3, 12)
    // deviations sorted 0 0 .01 .01 .02 .02 .03 .03 -> MAD (.01 + .02) / 2 = .015
    expect(mad(PRIOR_WAPE)).toBeCloseTo(0.015, 12)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([])).toBeNaN()
  })

  it('the usual range uses 1.4826 x MAD, floored', () => {
    // 1.4826 x .015 = .022239 < floor .03 -> .30 +- 3 x .03 = [.21, .39]
    const r = usualRange(PRIOR_WAPE, 3, 0.03)
    expect(r.deviation).toBeCloseTo(0.03, 12)
    expect(r.low).toBeCloseTo(0.21, 12)
    expect(r.high).toBeCloseTo(0.39, 12)
    // .2 .4 alternating: median .3, MAD .1 -> deviation .14826 (above the floor)
    expect(usualRange([0.2, 0.4, 0.2, 0.4], 3, 0.03).deviation).toBeCloseTo(0.14826, 12)
  })
})

describe('judgeDrift', () => {
  it('a WAPE above its usual range drifts', () => {
    // latest WAPE .40: z = (.40 - .30) / .03 = 3.333 >= 3
    const j = judgeDrift(weeks([...PRIOR_WAPE, 0.4], [...PRIOR_BIAS, 0.005]))
    expect(j.judged).toBe(true)
    if (!j.judged) return
    expect(j.wape.z).toBeCloseTo(3.3333333, 6)
    expect(j.drifted).toEqual(['wape'])
    expect(j.signal).toBeCloseTo(3.3333333, 6)
    expect(j.week_end).toBe('week 8')
  })

  it('a better WAPE is no alarm; a bias moved either way is', () => {
    // bias median (0 + .01) / 2 = .005; deviations .015 .015 .005 .005 .025 .025 .005 .005 -> MAD .01,
    // 1.4826 x .01 < .03 -> deviation .03. Latest bias .10: z = (.10 - .005) / .03 = 3.1667
    const over = judgeDrift(weeks([...PRIOR_WAPE, 0.1], [...PRIOR_BIAS, 0.1]))
    expect(over.judged && over.drifted).toEqual(['bias'])
    if (over.judged) {
      expect(over.bias.z).toBeCloseTo(3.1666667, 6)
      expect(over.wape.z).toBeCloseTo(-6.6666667, 6)
      expect(over.signal).toBeCloseTo(3.1666667, 6)
    }
    // -.10: z = -.105 / .03 = -3.5 -> drifted (under-forecasting)
    const under = judgeDrift(weeks([...PRIOR_WAPE, 0.3], [...PRIOR_BIAS, -0.1]))
    expect(under.judged && under.drifted).toEqual(['bias'])
    // -.08: z = -.085 / .03 = -2.833 -> within
    const within = judgeDrift(weeks([...PRIOR_WAPE, 0.3], [...PRIOR_BIAS, -0.08]))
    expect(within.judged && within.drifted).toEqual([])
    expect(within.signal).toBeCloseTo(2.8333333, 6)
  })

  it('a noisy history has a wide range', () => {
    // median .3, deviation .14826: .70 is z = .4 / .14826 = 2.698, within
    const j = judgeDrift(weeks([0.2, 0.4, 0.2, 0.4, 0.2, 0.4, 0.2, 0.4, 0.7], [0, 0, 0, 0, 0, 0, 0, 0, 0]))
    expect(j.judged && j.drifted).toEqual([])
    if (j.judged) expect(j.wape.z).toBeCloseTo(0.4 / 0.14826, 6)
  })

  it('only the last PRIOR_WEEKS blocks make the usual range', () => {
    // ten old blocks at WAPE .9 are left out: the 8 before the latest are PRIOR_WAPE
    const j = judgeDrift(weeks([0.9, 0.9, ...PRIOR_WAPE, 0.4], [0, 0, ...PRIOR_BIAS, 0]))
    expect(j.judged && j.wape.usual.median).toBeCloseTo(0.3, 12)
  })

  it('thin volume is not judged', () => {
    const thin = weeks([...PRIOR_WAPE, 0.9], [...PRIOR_BIAS, 0.5])
    thin[thin.length - 1].actual = DRIFT.min_volume - 1
    expect(judgeDrift(thin)).toMatchObject({ judged: false, signal: 0 })
    // only 3 prior weeks with volume (min_prior 4)
    const few = weeks([0.3, 0.3, 0.3, 0.9], [0, 0, 0, 0.5])
    expect(judgeDrift(few)).toMatchObject({ judged: false, signal: 0 })
    // prior weeks under the volume do not count: 5 of 8 thin leaves 3
    const sparse = weeks([...PRIOR_WAPE, 0.9], [...PRIOR_BIAS, 0.5])
    for (let i = 0; i < 5; i++) sparse[i].actual = 10
    expect(judgeDrift(sparse).judged).toBe(false)
    expect(judgeDrift([])).toMatchObject({ judged: false })
  })
})
