/**
 * Small pure helpers the watch agents share (supplier delay, anomalies, stale data): UTC day
 * arithmetic, sample statistics, robust z-scores, severity from money at risk. No I/O.
 */
import type { Severity } from '../alerts/types'

const DAY_MS = 86_400_000

/** Whole UTC days since 1970-01-01 of a date (YYYY-MM-DD) or an ISO instant (its UTC day). */
export function dayNumber(dateOrIso: string): number {
  const ms = Date.parse(dateOrIso.length === 10 ? `${dateOrIso}T00:00:00Z` : dateOrIso)
  if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${dateOrIso}`)
  return Math.floor(ms / DAY_MS)
}

/** The YYYY-MM-DD of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  let s = 0
  for (const x of xs) s += x
  return s / xs.length
}

/** Sample standard deviation sqrt(sum (x - mean)^2 / (n - 1)); 0 when n < 2. */
export function sampleSd(xs: readonly number[]): number {
  const n = xs.length
  if (n < 2) return 0
  const m = mean(xs)
  let ss = 0
  for (const x of xs) ss += (x - m) * (x - m)
  return Math.sqrt(ss / (n - 1))
}

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  const n = xs.length
  if (n === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const h = n >> 1
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** Median absolute deviation from the median (unscaled). */
export function mad(xs: readonly number[]): number {
  const m = median(xs)
  return median(xs.map((x) => Math.abs(x - m)))
}

/** 1.4826 * MAD estimates the standard deviation of normal data. */
export const MAD_TO_SD = 1.4826

export interface RobustZ {
  z: number
  median: number
  /** The scale divided by: max(1.4826 * MAD, floor). */
  scale: number
}

/**
 * Robust z = (x - median) / max(1.4826 * MAD, floor). Counts of rare events (write-offs) have a
 * MAD of 0 most of the time, which would make any single unit infinitely surprising: `floor`
 * keeps the scale at least that of a Poisson count, sqrt(max(median, 1)) by default.
 */
export function robustZ(x: number, baseline: readonly number[], floor?: number): RobustZ {
  const med = median(baseline)
  const f = floor ?? Math.sqrt(Math.max(med, 1))
  const scale = Math.max(MAD_TO_SD * mad(baseline), f)
  return { z: (x - med) / scale, median: med, scale }
}

/** Money at or above which a finding is critical, high, medium; below the last it is low. */
export interface SeverityThresholds {
  critical: number
  high: number
  medium: number
}

/** Defaults in the deployment's currency: a few thousand at risk is critical for a store planner. */
export const DEFAULT_SEVERITY_BY_VALUE: SeverityThresholds = { critical: 5_000, high: 1_000, medium: 100 }

export function severityByValue(value: number, t: SeverityThresholds = DEFAULT_SEVERITY_BY_VALUE): Severity {
  if (value >= t.critical) return 'critical'
  if (value >= t.high) return 'high'
  if (value >= t.medium) return 'medium'
  return 'low'
}

/** Round to `digits` decimals (for figures stored on a finding, not only for text). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
