/**
 * Seeded randomness for the simulator: a 32-bit hash to derive independent streams from keys
 * (seed, sku, location, day, ...), and a small reseedable generator with the draws the demand
 * and inventory models need (uniform, normal, gamma, Poisson, negative binomial).
 *
 * Why hashes instead of one long sequential stream: the demand for (sku, location, day) must come
 * out the same whatever happened before it (another policy, another order of evaluation), so each
 * such cell gets its own stream, keyed by a hash.
 */

const TWO_POW_32 = 4294967296

function mixK(h: number, k: number): number {
  k = Math.imul(k | 0, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, 0x1b873593)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function finalMix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Murmur3-style hash of up to five 32-bit integers: an unsigned 32-bit value. */
export function hash(a: number, b = 0, c = 0, d = 0, e = 0): number {
  let h = 0x2545f491
  h = mixK(h, a)
  h = mixK(h, b)
  h = mixK(h, c)
  h = mixK(h, d)
  h = mixK(h, e)
  return finalMix(h ^ 20)
}

/** Hash of the keys as a float in [0, 1). */
export function hash01(a: number, b = 0, c = 0, d = 0, e = 0): number {
  return hash(a, b, c, d, e) / TWO_POW_32
}

/** Stable 32-bit hash of a string (for seeds given as text and salts). */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return finalMix(h)
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/** log(k!) for integer k >= 0: exact table for small k, Stirling series beyond. */
const LOG_FACT = (() => {
  const t = new Float64Array(64)
  for (let i = 1; i < 64; i++) t[i] = t[i - 1] + Math.log(i)
  return t
})()
export function logFactorial(k: number): number {
  if (k < 64) return LOG_FACT[k]
  const x = k + 1
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + 1 / (12 * x) - 1 / (360 * x * x * x)
}

/**
 * A reseedable generator (mulberry32 core). One instance can serve many keyed streams:
 * `seed(hash(...))` then draw. Allocation-free.
 */
export class Rng {
  private s = 0
  private spare = 0
  private hasSpare = false

  constructor(seed = 0) {
    this.seed(seed)
  }

  /** Restart the stream from a 32-bit seed (use `hash(...)` of the keys). */
  seed(seed: number): this {
    this.s = seed | 0
    this.hasSpare = false
    return this
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Uniform in the open interval (0, 1): never 0, so logs are safe. */
  float(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float()
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]
  }

  /** Index drawn with the given (unnormalised, non-negative) weights. */
  weighted(weights: ArrayLike<number>): number {
    let total = 0
    for (let i = 0; i < weights.length; i++) total += weights[i]
    let u = this.float() * total
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]
      if (u < 0) return i
    }
    return weights.length - 1
  }

  /** Standard normal (Marsaglia polar method, one spare kept). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    let u: number, v: number, s: number
    do {
      u = 2 * this.float() - 1
      v = 2 * this.float() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const m = Math.sqrt((-2 * Math.log(s)) / s)
    this.spare = v * m
    this.hasSpare = true
    return u * m
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(this.float()) * mean
  }

  /** Gamma(shape, scale 1), Marsaglia-Tsang; shape < 1 by the boost U^(1/shape). */
  gamma(shape: number): number {
    if (shape <= 0) return 0
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.float(), 1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x: number, v: number
      do {
        x = this.normal()
        v = 1 + c * x
      } while (v <= 0)
      v = v * v * v
      const u = this.float()
      const x2 = x * x
      if (u < 1 - 0.0331 * x2 * x2) return d * v
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
    }
  }

  /** Poisson(lambda): multiplication method below 30, PTRS (Hörmann 1993) above. Exact in both. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0
    if (lambda < 30) {
      const limit = Math.exp(-lambda)
      let k = 0
      let p = this.float()
      while (p > limit) {
        k++
        p *= this.float()
      }
      return k
    }
    const slam = Math.sqrt(lambda)
    const loglam = Math.log(lambda)
    const b = 0.931 + 2.53 * slam
    const a = -0.059 + 0.02483 * b
    const invalpha = 1.1239 + 1.1328 / (b - 3.4)
    const vr = 0.9277 - 3.6224 / (b - 2)
    for (;;) {
      const u = this.float() - 0.5
      const v = this.float()
      const us = 0.5 - Math.abs(u)
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43)
      if (us >= 0.07 && v <= vr) return k
      if (k < 0 || (us < 0.013 && v > us)) continue
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k
    }
  }

  /**
   * Gamma-Poisson (negative binomial) with the given mean and shape k: variance = mean + mean^2/k.
   * Small k is lumpy demand; k = Infinity is plain Poisson.
   */
  negBinomial(mean: number, k: number): number {
    if (!(mean > 0)) return 0
    if (!Number.isFinite(k)) return this.poisson(mean)
    return this.poisson((this.gamma(k) * mean) / k)
  }
}
