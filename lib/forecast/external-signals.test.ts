import { describe, expect, it } from 'vitest'
import { anomalies, fitNormal, fitPoisson, learnSignalEffects, poolRandomEffects, shrinkToZero, type LocationSignals } from './external-signals'
import { signalDays, signalDrivers, signalFactors } from './external-signals-apply'

const START = Date.UTC(2024, 0, 1)

function rng(seed: number) {
  let s = seed
  return () => ((s = (s * 16807) % 2147483647) / 2147483647)
}
function poisson(mean: number, u: () => number): number {
  // Knuth, fine for the small means here.
  const l = Math.exp(-mean)
  let k = 0
  let p = 1
  do {
    k++
    p *= u()
  } while (p > l)
  return k - 1
}
function gauss(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u())
}

describe('shrinkToZero', () => {
  it('is zero at |z| <= z0 and keeps 1 - (z0/z)^4 above', () => {
    expect(shrinkToZero(0.1, 0.05, 2)).toBe(0)
    expect(shrinkToZero(-0.05, 0.05, 2)).toBe(0)
    // z = 4: keeps 1 - (1/2)^4 = 15/16.
    expect(shrinkToZero(0.1, 0.025, 2)).toBeCloseTo(0.09375, 12)
    expect(shrinkToZero(-0.1, 0.025, 2)).toBeCloseTo(-0.09375, 12)
    expect(shrinkToZero(0.1, Infinity, 2)).toBe(0)
  })
})

describe('poolRandomEffects', () => {
  it('matches DerSimonian-Laird worked by hand', () => {
    // FE mean 2, Q = 2, tau^2 = (2 - 1) / (2 - 2/2) = 1; RE weights 1/2 each: mean 2, se 1.
    const r = poolRandomEffects([1, 3], [1, 1])
    expect(r?.mean).toBeCloseTo(2, 12)
    expect(r?.tau2).toBeCloseTo(1, 12)
    expect(r?.se).toBeCloseTo(1, 12)
    // Agreeing estimates: tau^2 = 0, inverse-variance mean (4 x 1 + 1 x 2) / 5.
    const s = poolRandomEffects([1, 2], [0.5, 1])
    expect(s?.tau2).toBe(0)
    expect(s?.mean).toBeCloseTo(1.2, 12)
    expect(poolRandomEffects([NaN], [Infinity])).toBeNull()
  })
})

describe('fitPoisson', () => {
  it('recovers an exact log-linear effect and leaves a constant covariate at 0', () => {
    const x = Array.from({ length: 60 }, (_, t) => Math.sin(t))
    const base = x.map((_, t) => 10 + (t % 5))
    const y = x.map((v, t) => base[t] * Math.exp(0.1 + 0.5 * v))
    const fit = fitPoisson({ y, base, x: [x, x.map(() => 0)] })
    expect(fit?.coef[0]).toBeCloseTo(0.5, 6)
    expect(fit?.coef[1]).toBe(0)
    expect(fit?.se[1]).toBe(Infinity)
  })
})

describe('temperature normal', () => {
  it('fits a yearly cosine, so a normal year has no anomaly', () => {
    const n = 730
    const temp = Float64Array.from({ length: n }, (_, t) => 11 + 9 * Math.cos((2 * Math.PI * (t - 200)) / 365.25))
    const normal = fitNormal(temp, n, START)
    const a = anomalies(temp, normal, START)
    for (let t = 0; t < n; t += 37) expect(Math.abs(a[t])).toBeLessThan(0.15)
  })
})

describe('signalDays', () => {
  it('places weather on its day and a local event on the days its tags give, skipping SNAP', () => {
    const s = signalDays(
      [
        { ts: '2024-01-03T06:00:00Z', location: 'A', kind: 'weather', value: 7.5, tags: ['temp_c', 'rain'] },
        { ts: '2024-01-04T06:00:00Z', location: 'A', kind: 'weather', value: 9, tags: ['temp_c'] },
        { ts: '2024-01-04T12:00:00Z', location: 'A', kind: 'local_event', value: 5000, tags: ['concert', 'days:2', 'starts:2024-01-05'] },
        { ts: '2024-01-02T12:00:00Z', location: 'B', kind: 'local_event', value: 1, tags: ['snap|CA'] },
      ],
      ['A', 'B'],
      START,
      8,
    )
    const a = s[0] as LocationSignals
    expect(a.tempC[2]).toBe(7.5)
    expect(a.rain[2]).toBe(1)
    expect(a.rain[3]).toBe(0)
    expect(Number.isNaN(a.tempC[0])).toBe(true)
    expect(Array.from(a.event)).toEqual([0, 0, 0, 0, 5000, 5000, 0, 0])
    expect(s[1]).toBeNull()
  })
})

/** Synthetic world: 3 categories x 4 locations, 6 SKUs each, two years; temperature effect per category. */
function synthetic(beta: number[], opts: { event?: number; rain?: number } = {}) {
  const u = rng(11)
  const n = 730
  const H = 28
  const nLoc = 4
  const locations: LocationSignals[] = []
  const anomaly: Float64Array[] = []
  for (let l = 0; l < nLoc; l++) {
    const tempC = new Float64Array(n + H).fill(NaN)
    const rain = new Float64Array(n + H).fill(NaN)
    const event = new Float64Array(n + H)
    const an = new Float64Array(n + H)
    let prev = 0
    for (let t = 0; t < n + H; t++) {
      an[t] = 0.5 * prev + 3.5 * gauss(u)
      prev = an[t]
      if (t < n) {
        tempC[t] = 10 - l + 8 * Math.cos((2 * Math.PI * (t - 200)) / 365.25) + an[t]
        rain[t] = u() < 0.3 ? 1 : 0
      }
      if (u() < 0.03) for (let d = t; d < Math.min(n + H, t + 2); d++) event[d] = 3000
    }
    locations.push({ tempC, rain, event })
    anomaly.push(an)
  }
  const series = []
  for (let c = 0; c < beta.length; c++) {
    for (let l = 0; l < nLoc; l++) {
      for (let k = 0; k < 6; k++) {
        const level = 1 + k
        const demand = new Float64Array(n)
        const censored = new Uint8Array(n)
        for (let t = 0; t < n; t++) {
          const season = 1 + 0.3 * Math.cos((2 * Math.PI * (t - 150 - 60 * c)) / 365.25)
          const wd = [0.9, 0.9, 1, 1, 1.1, 1.3, 0.8][t % 7]
          let mean = level * season * wd * Math.exp(beta[c] * anomaly[l][t])
          if (locations[l].rain[t] === 1) mean *= opts.rain ?? 1
          if (locations[l].event[t] > 0) mean *= opts.event ?? 1
          demand[t] = poisson(mean, u)
          // Some stockouts: the sale is cut and the day flagged.
          if (u() < 0.03) {
            censored[t] = 1
            demand[t] = Math.floor(demand[t] / 2)
          }
        }
        series.push({ category: c, location: l, demand, censored })
      }
    }
  }
  return { series, locations, n, H, anomaly }
}

describe('learnSignalEffects (synthetic recovery)', () => {
  it('recovers each category temperature effect and gives 0 where there is none', () => {
    const truth = [0.04, 0, -0.03]
    const w = synthetic(truth, { event: 1.4, rain: 0.93 })
    const m = learnSignalEffects(w.series, { n: w.n, n_categories: 3, locations: w.locations, startMs: START })
    expect(m.category[0][0].effect).toBeGreaterThan(0.032)
    expect(m.category[0][0].effect).toBeLessThan(0.048)
    expect(m.category[1][0].effect).toBe(0)
    expect(m.category[2][0].effect).toBeLessThan(-0.022)
    expect(m.category[2][0].effect).toBeGreaterThan(-0.038)
    // Events x1.4 and rain x0.93 for every category, pooled.
    for (let c = 0; c < 3; c++) {
      expect(Math.exp(m.category[c][2].effect)).toBeGreaterThan(1.25)
      expect(Math.exp(m.category[c][2].effect)).toBeLessThan(1.55)
      expect(m.category[c][1].effect).toBeLessThan(0)
    }
    // The anomaly is AR(1) with 0.5.
    expect(m.persistence[0]).toBeGreaterThan(0.4)
    expect(m.persistence[0]).toBeLessThan(0.6)
  })

  it('learns nothing from signals that carry no information', () => {
    const w = synthetic([0, 0, 0])
    const m = learnSignalEffects(w.series, { n: w.n, n_categories: 3, locations: w.locations, startMs: START })
    let nonzero = 0
    for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) if (m.category[c][k].effect !== 0) nonzero++
    expect(nonzero).toBeLessThanOrEqual(1)
    const f = signalFactors(m, w.locations[0], 0, 0, w.n, w.H)
    for (const v of f.factor) expect(Math.abs(v - 1)).toBeLessThan(0.03)
  })
})

describe('signalFactors', () => {
  it('decays the last anomaly by its persistence, then uses the normal; marks announced events', () => {
    const w = synthetic([0.04, 0, -0.03], { event: 1.4 })
    const m = learnSignalEffects(w.series, { n: w.n, n_categories: 3, locations: w.locations, startMs: START })
    const l = 1
    const sig = w.locations[l]
    const f = signalFactors(m, sig, 0, l, w.n, w.H)
    const b = m.effect[(0 * m.n_locations + l) * 3]
    const lastAnom = anomalies(sig.tempC.subarray(0, w.n), m.normal[l], START)[w.n - 1]
    // Day n: lag 1 from the last reading.
    expect(f.values[0]).toBeCloseTo(m.persistence[0] * lastAnom, 10)
    expect(f.parts[0]).toBeCloseTo(b * (m.persistence[0] * lastAnom - m.mean[l * 3]), 10)
    // Far days: the normal, so the temperature part is only the (tiny) centring.
    expect(Math.abs(f.parts[20 * 3])).toBeLessThan(1e-3)
    // Announced event days carry the event effect; the others are unknown days: no change.
    for (let h = 0; h < w.H; h++) {
      const ev = sig.event[w.n + h] > 0
      if (ev) expect(f.parts[h * 3 + 2]).toBeGreaterThan(0.2)
      else expect(f.parts[h * 3 + 2]).toBe(0)
    }
    // Drivers list the days a signal moved by >= 2%, largest first.
    const d = signalDrivers(f)
    for (let i = 1; i < d.length; i++) expect(Math.abs(d[i - 1].change)).toBeGreaterThanOrEqual(Math.abs(d[i].change))
    for (const x of d) expect(Math.abs(x.change)).toBeGreaterThanOrEqual(0.02)
  })

  it('is 1 where a location has no signals', () => {
    const w = synthetic([0.04, 0, 0])
    const m = learnSignalEffects(w.series, { n: w.n, n_categories: 3, locations: w.locations, startMs: START })
    expect(Array.from(signalFactors(m, null, 0, 0, w.n, 5).factor)).toEqual([1, 1, 1, 1, 1])
  })
})
