import { describe, expect, it } from 'vitest'
import { applyCensoringFactor, censoredDemandFactor, censoredDemandRate, censoringFactor, CENSORING_WINDOW_DAYS, expectedAtLeast, MAX_FACTOR, spreadFactor } from './censored'
import { forecastSeries } from './select'
import { Rng } from '@/lib/sim/random'

describe('expectedAtLeast', () => {
  it('Poisson(2), at least 3: (2 - 6e^-2) / (1 - 5e^-2) = 3.6743', () => {
    // P(X<3) = e^-2 (1 + 2 + 2) = 0.676676; sum_{k<3} k p_k = e^-2 (0 + 2 + 4) = 0.812012.
    expect(expectedAtLeast(2, Infinity, 3)).toBeCloseTo(3.6743014, 6)
  })

  it('size 1 is the geometric distribution, memoryless: E[X | X >= s] = s + mean', () => {
    expect(expectedAtLeast(2.5, 1, 4)).toBeCloseTo(6.5, 9)
    expect(expectedAtLeast(0.4, 1, 1)).toBeCloseTo(1.4, 9)
  })

  it('at least 0 is no information: the mean itself', () => {
    expect(expectedAtLeast(3, Infinity, 0)).toBe(3)
    expect(expectedAtLeast(3, 2, 0)).toBe(3)
  })

  it('a rate of several hundred does not underflow, and far in the tail returns the bound', () => {
    const e = expectedAtLeast(800, Infinity, 800)
    expect(e).toBeGreaterThan(800)
    expect(e).toBeLessThan(830) // about 800 + sd x phi(0)/0.5 = 800 + 28.3 x 0.8
    expect(expectedAtLeast(1, Infinity, 60)).toBe(60)
  })
})

/** A shelf with a random daily stock: sales are min(demand, stock), and a day that ran out is censored. */
function shelf(rate: number, days: number, rng: Rng, size = Infinity) {
  const y = new Float64Array(days)
  const cens = new Uint8Array(days)
  for (let t = 0; t < days; t++) {
    const lambda = size < Infinity ? (rng.gamma(size) * rate) / size : rate
    const demand = rng.poisson(lambda)
    const stock = rng.int(2 * Math.ceil(rate) + 3)
    y[t] = Math.min(demand, stock)
    if (demand >= stock) cens[t] = 1
  }
  return { y, cens, skip: cens.slice(), noise: new Uint8Array(days) }
}

function cleanMean(y: Float64Array, skip: Uint8Array): number {
  let s = 0
  let n = 0
  for (let t = 0; t < y.length; t++) if (skip[t] === 0) {
    s += y[t]
    n++
  }
  return s / n
}

describe('censoredDemandFactor', () => {
  it('is 1 when no day in the window is censored', () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => t % 3)
    const none = new Uint8Array(60)
    expect(censoredDemandFactor(y, y, none, none, none, 0, 60)).toBe(1)
  })

  it('solves the EM fixed point by hand: 14 clean days (seven 1s, seven 0s: Poisson), two stockout days that sold 1', () => {
    // Clean mean 0.5, sample variance 3.5/13 = 0.27 (no overdispersion: Poisson). Each censored day
    // completes to E[X | X >= 1] = r / (1 - e^-r), so r = (7 + 2 r / (1 - e^-r)) / 16; iterating
    // from 0.5: 0.6037, 0.60401, 0.604019, ... -> 0.60402, a factor of 1.20804.
    const y = Float64Array.from([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1])
    const cens = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    expect(censoredDemandFactor(y, y, cens.slice(), cens, new Uint8Array(16), 0, 16)).toBeCloseTo(1.20804, 4)
  })

  it('recovers the true rate a shelf that runs out hides (Poisson and overdispersed), where the clean mean is well under it', () => {
    // Held at the clean days' (see the file header), the dispersion is a little low for
    // overdispersed demand: size 3 comes back 6% under (0.942), size 2 within 1%; Poisson within 1%.
    for (const [rate, size, within] of [[1.5, Infinity, 0.01], [4, Infinity, 0.01], [0.6, 2, 0.02], [3, 3, 0.07]] as const) {
      const rng = new Rng(11)
      let clean = 0
      let corrected = 0
      const runs = 200
      for (let r = 0; r < runs; r++) {
        const s = shelf(rate, CENSORING_WINDOW_DAYS, rng, size)
        const m = cleanMean(s.y, s.skip)
        clean += m / runs
        corrected += (m * censoredDemandFactor(s.y, s.y, s.skip, s.cens, s.noise, 0, s.y.length)) / runs
      }
      expect(clean / rate).toBeLessThan(0.9)
      expect(Math.abs(corrected / rate - 1)).toBeLessThan(within)
    }
  })

  it('leaves out a stockout on a promotion day, and reads only the last CENSORING_WINDOW_DAYS', () => {
    const n = 200
    const y = Float64Array.from({ length: n }, (_, t) => 1 + (t % 3))
    const cens = new Uint8Array(n)
    const noise = new Uint8Array(n)
    cens[150] = 1
    noise[150] = 1 // the promotion day
    cens[10] = 1 // before the window
    y[150] = y[10] = 9
    expect(censoredDemandFactor(y, y, cens.slice(), cens, noise, 0, n)).toBe(1)
    noise[150] = 0
    expect(censoredDemandFactor(y, y, cens.slice(), cens, noise, 0, n)).toBeGreaterThan(1)
  })

  it('never exceeds MAX_FACTOR, and needs MIN_CLEAN_DAYS clean days', () => {
    const n = 40
    const y = new Float64Array(n).fill(1)
    const cens = new Uint8Array(n)
    for (let t = 0; t < 25; t++) {
      cens[t] = 1
      y[t] = 30
    }
    const noise = new Uint8Array(n)
    expect(censoredDemandFactor(y, y, cens.slice(), cens, noise, 0, n)).toBe(MAX_FACTOR)
    const few = new Uint8Array(n).fill(1)
    few[39] = 0
    expect(censoredDemandFactor(y, y, few, few, noise, 0, n)).toBe(1)
  })
})

describe('censoredDemandRate where every clean day sold nothing', () => {
  /** 65 days: 60 clean days that sold nothing, then 5 stockout days with `sold` units each (1 on every stockout day: a lumpy seller's small shelf). */
  function emptied(sold: number) {
    const n = 65
    const y = new Float64Array(n)
    const cens = new Uint8Array(n)
    for (let t = 60; t < n; t++) {
      y[t] = sold
      cens[t] = 1
    }
    return { y, skip: cens.slice(), cens, noise: new Uint8Array(n), n }
  }

  it('is the Poisson MLE of zeros and "at least s": 60 zeros and five days of at least 1 give ln(13/12) = 0.080043', () => {
    // Score: -60 + 5 e^-r / (1 - e^-r) = 0, so e^-r = 12/13 (the EM's fixed point 5 E[X | X >= 1] / 65 = r says the same).
    const { y, skip, cens, noise, n } = emptied(1)
    const est = censoredDemandRate(y, y, skip, cens, noise, 0, n)
    expect(est?.clean_mean).toBe(0)
    expect(est?.rate).toBeCloseTo(Math.log(13 / 12), 5)
    // The factor against a clean mean of 0 has nothing to multiply: censoredDemandFactor says 1, censoringFactor decides.
    expect(censoredDemandFactor(y, y, skip, cens, noise, 0, n)).toBe(1)
  })

  it('is null when the stockout days sold nothing either', () => {
    const { y, skip, cens, noise, n } = emptied(0)
    expect(censoredDemandRate(y, y, skip, cens, noise, 0, n)).toBeNull()
  })
})

describe('censoringFactor', () => {
  const flat = (v: number) => new Float64Array(28).fill(v)
  it('with clean days that sold: the rate over their mean, at most MAX_FACTOR, 1 within rounding', () => {
    expect(censoringFactor({ clean_mean: 0.1, rate: 0.3 }, flat(0.1), 28, 1)).toBeCloseTo(3, 12)
    expect(censoringFactor({ clean_mean: 0.1, rate: 5 }, flat(0.1), 28, 1)).toBe(MAX_FACTOR)
    expect(censoringFactor({ clean_mean: 1, rate: 1 }, flat(1), 28, 1)).toBe(1)
    expect(censoringFactor(null, flat(1), 28, 1)).toBe(1)
  })

  it('with clean days that sold nothing: the rate in units over the forecast\'s own level (the pooled one), never below 1', () => {
    // rate 0.08 on the models' scale, covariates averaging 1.25 over the forecast days: 0.1 a day; the level is 0.025: 4x.
    expect(censoringFactor({ clean_mean: 0, rate: 0.08 }, flat(0.025), 28, 1.25)).toBeCloseTo(4, 12)
    // A level already above the rate stays; a level of 0 has no shape to raise.
    expect(censoringFactor({ clean_mean: 0, rate: 0.08 }, flat(0.2), 28, 1)).toBe(1)
    expect(censoringFactor({ clean_mean: 0, rate: 0.08 }, flat(0), 28, 1)).toBe(1)
  })
})

describe('spreadFactor', () => {
  it('follows the factor up to 2, then grows as a count\'s spread: 2 sqrt(c / 2), continuous at 2', () => {
    expect(spreadFactor(1)).toBe(1)
    expect(spreadFactor(1.5)).toBe(1.5)
    expect(spreadFactor(2)).toBe(2)
    expect(spreadFactor(8)).toBeCloseTo(4, 12) // 2 sqrt(4)
    expect(spreadFactor(10)).toBeCloseTo(4.4721, 4) // 2 sqrt(5)
  })
})

describe('applyCensoringFactor', () => {
  it('moves the mean and lower bound by c, the upper bound\'s distance by spreadFactor(c), and returns it', () => {
    // c = 4: mean 0.5 -> 2, lower 0.2 -> 0.8, upper 2 + (1.5 - 0.5) x 2 sqrt 2 = 4.828427
    const mean = Float64Array.from([0.5, 1])
    const lower = Float64Array.from([0.2, 0])
    const upper = Float64Array.from([1.5, 1])
    expect(applyCensoringFactor(mean, lower, upper, 4)).toBeCloseTo(2.828427, 6)
    expect(mean[0]).toBe(2)
    expect(lower[0]).toBeCloseTo(0.8, 12)
    expect(upper[0]).toBeCloseTo(4.828427, 6)
    // a zero-width band stays zero-width at the new level
    expect([mean[1], lower[1], upper[1]]).toEqual([4, 0, 4])
  })

  it('leaves the forecast alone at c = 1 and stops at the horizon it is given', () => {
    const mean = Float64Array.from([1, 1])
    const lower = Float64Array.from([0.5, 0.5])
    const upper = Float64Array.from([2, 2])
    expect(applyCensoringFactor(mean, lower, upper, 1)).toBe(1)
    expect([...mean, ...lower, ...upper]).toEqual([1, 1, 0.5, 0.5, 2, 2])
    applyCensoringFactor(mean, lower, upper, 3, 1)
    expect([mean[1], lower[1], upper[1]]).toEqual([1, 0.5, 2])
    expect(mean[0]).toBe(3)
  })
})

describe('forecastSeries with stockout days', () => {
  it('multiplies the path and lower bound by the censoring factor, the upper bound\'s distance and the residual sd by its spreadFactor; a day out of stock all day moves nothing', () => {
    const s = shelf(2, 140, new Rng(5))
    // The same clean days and skip mask; the stockout days sold nothing (out all day) in one copy.
    const outAllDay = s.y.slice()
    for (let t = 0; t < s.y.length; t++) if (s.cens[t] === 1) outAllDay[t] = 0
    const ran = forecastSeries({ demand: s.y, censored: s.cens }, { horizon: 7 })
    const empty = forecastSeries({ demand: outAllDay, censored: s.cens }, { horizon: 7 })
    expect(empty.censoring_factor).toBe(1)
    expect(ran.censoring_factor).toBeGreaterThan(1.05)
    for (let h = 0; h < 7; h++) {
      expect(ran.mean[h]).toBeCloseTo(empty.mean[h] * ran.censoring_factor, 9)
      expect(ran.lower[h]).toBeCloseTo(empty.lower[h] * ran.censoring_factor, 9)
      expect(ran.upper[h] - ran.mean[h]).toBeCloseTo((empty.upper[h] - empty.mean[h]) * spreadFactor(ran.censoring_factor), 9)
    }
    expect(ran.residual_sd).toBeCloseTo(empty.residual_sd * spreadFactor(ran.censoring_factor), 9)
    expect(forecastSeries({ demand: s.y }, { horizon: 7 }).censoring_factor).toBe(1)
  })

  it('raises a shelf that every sale empties (its clean days all sold nothing) from its pooled level to the censored rate', () => {
    // 112 days: two units sold and the shelf empty every 8th day, nothing sold on the others.
    const n = 112
    const demand = new Float64Array(n)
    const censored = new Uint8Array(n)
    for (let t = 3; t < n; t += 8) {
      demand[t] = 2
      censored[t] = 1
    }
    const est = censoredDemandRate(demand, demand, censored, censored, new Uint8Array(n), 0, n)!
    expect(est.clean_mean).toBe(0)
    expect(est.rate).toBeGreaterThan(14 * 2 / n) // at least what sold
    const pooled = new Float64Array(28).fill(0.2)
    const raised = forecastSeries({ demand, censored, pooled_mean: pooled }, { horizon: 28 })
    const plain = forecastSeries({ demand, pooled_mean: pooled }, { horizon: 28 })
    expect(plain.censoring_factor).toBe(1)
    expect(raised.censoring_factor).toBeGreaterThan(1.5)
    const avg = (a: Float64Array) => a.reduce((x, v) => x + v, 0) / a.length
    expect(avg(raised.mean)).toBeCloseTo(est.rate, 6)
    // Without a pooled level the models' zeros have no shape to raise: they stand.
    expect(forecastSeries({ demand, censored }, { horizon: 28 }).censoring_factor).toBe(1)
  })
})
