/**
 * The standard normal distribution as the policy and risk maths use it.
 *
 * Quantile and CDF come from @stdlib (well-kept, accurate to double precision, ~0.1 us a call),
 * so nothing here is hand-rolled except the density and the loss function, which are one-liners.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import normalCdfStdlib from '@stdlib/stats-base-dists-normal-cdf'

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/**
 * z = Phi^-1(p): the standard normal quantile of a target cycle service level p.
 * z(0.5) = 0, z(0.95) = 1.6449. Throws a RangeError outside the open interval (0, 1), where z is
 * infinite: a service level of 100% has no finite safety stock.
 */
export function serviceLevelToZ(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`service level must be in (0, 1), got ${p}`)
  return normalQuantile(p, 0, 1)
}

/** Phi(x) = P(Z <= x) for a standard normal Z. Phi(-inf) = 0, Phi(+inf) = 1. */
export function normalCdf(x: number): number {
  return normalCdfStdlib(x, 0, 1)
}

/** phi(x) = exp(-x^2 / 2) / sqrt(2 pi), the standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x)
}

/**
 * Standard normal loss function G(k) = E[(Z - k)+] = phi(k) - k * (1 - Phi(k)).
 * Expected units short for demand D ~ N(mu, sigma^2) against stock s is sigma * G((s - mu) / sigma).
 * G(0) = phi(0) = 0.398942; G is positive, decreasing, and G(k) -> -k as k -> -inf.
 */
export function standardNormalLoss(k: number): number {
  if (k === Infinity) return 0
  if (k === -Infinity) return Infinity
  return Math.max(0, normalPdf(k) - k * (1 - normalCdf(k)))
}
