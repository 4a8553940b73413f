import { describe, expect, it } from 'vitest'
import { Rng, hash, hash01, logFactorial } from './random'

const stats = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)
  return { m, v }
}
const draw = (n: number, f: (r: Rng) => number, seed = 1) => {
  const r = new Rng(seed)
  return Array.from({ length: n }, () => f(r))
}

describe('hash', () => {
  it('is a pure function of its keys and spreads them', () => {
    expect(hash(1, 2, 3, 4)).toBe(hash(1, 2, 3, 4))
    expect(hash(1, 2, 3, 4)).not.toBe(hash(1, 2, 3, 5))
    expect(hash(1, 2)).not.toBe(hash(2, 1))
    const xs = Array.from({ length: 20_000 }, (_, i) => hash01(7, i))
    const { m, v } = stats(xs)
    expect(m).toBeCloseTo(0.5, 2)
    expect(v).toBeCloseTo(1 / 12, 2)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
  })
})

describe('Rng', () => {
  it('replays a stream after reseeding', () => {
    const r = new Rng(99)
    const a = [r.float(), r.normal(), r.poisson(3), r.gamma(0.5)]
    r.seed(99)
    expect([r.float(), r.normal(), r.poisson(3), r.gamma(0.5)]).toEqual(a)
  })

  it('draws uniforms in (0, 1) and integers in range', () => {
    const xs = draw(10_000, (r) => r.float())
    expect(Math.min(...xs)).toBeGreaterThan(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const ks = draw(10_000, (r) => r.int(6))
    expect(new Set(ks)).toEqual(new Set([0, 1, 2, 3, 4, 5]))
  })

  it('draws standard normals', () => {
    const { m, v } = stats(draw(40_000, (r) => r.normal()))
    expect(Math.abs(m)).toBeLessThan(0.02)
    expect(v).toBeGreaterThan(0.97)
    expect(v).toBeLessThan(1.03)
  })

  it.each([0.3, 1, 4.5])('draws gamma(%s) with mean and variance = shape', (k) => {
    const { m, v } = stats(draw(40_000, (r) => r.gamma(k)))
    expect(m / k).toBeGreaterThan(0.97)
    expect(m / k).toBeLessThan(1.03)
    expect(v / k).toBeGreaterThan(0.92)
    expect(v / k).toBeLessThan(1.08)
  })

  it.each([0.2, 3, 29, 31, 250])('draws Poisson(%s) with mean = variance = lambda (both algorithms)', (lambda) => {
    const xs = draw(40_000, (r) => r.poisson(lambda), 5)
    const { m, v } = stats(xs)
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true)
    expect(m / lambda).toBeGreaterThan(0.97)
    expect(m / lambda).toBeLessThan(1.03)
    expect(v / lambda).toBeGreaterThan(0.93)
    expect(v / lambda).toBeLessThan(1.07)
  })

  it('draws gamma-Poisson with variance mean + mean^2 / k', () => {
    const mean = 4
    const k = 2
    const { m, v } = stats(draw(60_000, (r) => r.negBinomial(mean, k), 11))
    expect(m).toBeGreaterThan(3.9)
    expect(m).toBeLessThan(4.1)
    const want = mean + (mean * mean) / k // 12
    expect(v / want).toBeGreaterThan(0.92)
    expect(v / want).toBeLessThan(1.08)
  })

  it('computes log factorials', () => {
    expect(logFactorial(0)).toBe(0)
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 10)
    let exact = 0
    for (let i = 2; i <= 100; i++) exact += Math.log(i)
    expect(logFactorial(100)).toBeCloseTo(exact, 8)
  })
})
