/**
 * A supplier's normal lateness: how late against its promised date a PO of its may arrive before
 * it is a delay worth a planner's time. Pure.
 *
 * From its receipts' lateness (received day - promised day, whole days):
 * - Early side (the default): disruptions only ever make POs later, so the receipts that came on
 *   or before their promised day are untouched by them. Lateness under normal conditions is taken
 *   as centred on the promise with spread sd, and those receipts are the lower half of it: a
 *   half-normal, sd = sqrt(mean(x^2) over x <= 0). A supplier often disrupted keeps an honest spread:
 *   with a third of its POs delayed by 3 to 14 days, a plain sd of the lead times is 3 to 4 times the
 *   true one, and even 1.4826 x MAD is about twice it (the demo's simulator, 12 disruptions a year),
 *   which hides most delays inside "normal".
 * - A supplier whose promises run late as a rule has too few receipts on time for that (fewer than
 *   min_early, or under a quarter of them): its normal lateness is centred on its median and
 *   spread by 1.4826 x MAD, so being late by habit is not an alert every day.
 * - Too few receipts with a promise (fewer than min_receipts): unknown (sd 0), so the floor applies.
 * Tolerance = max(min_tolerance_days, centre + tolerance_sd x sd).
 */
import { MAD_TO_SD, mad, median } from './signals'

export interface NormalLateness {
  /** Days past the promise that normal lateness is centred on (0 on the early side's assumption). */
  centre: number
  /** Spread of normal lateness, days. */
  sd: number
  method: 'early side' | 'median and MAD' | 'unknown'
  /** Receipts it rests on. */
  n: number
}

export interface LatenessOptions {
  min_early: number
  min_receipts: number
}

export const LATENESS_DEFAULTS: LatenessOptions = { min_early: 10, min_receipts: 5 }

export function normalLateness(lateness: readonly number[], options: Partial<LatenessOptions> = {}): NormalLateness {
  const o = { ...LATENESS_DEFAULTS, ...options }
  const xs = lateness.filter((x) => Number.isFinite(x))
  if (xs.length < o.min_receipts) return { centre: 0, sd: 0, method: 'unknown', n: xs.length }
  const early = xs.filter((x) => x <= 0)
  if (early.length >= o.min_early && early.length >= xs.length / 4) {
    return { centre: 0, sd: Math.sqrt(early.reduce((s, x) => s + x * x, 0) / early.length), method: 'early side', n: early.length }
  }
  return { centre: median(xs), sd: MAD_TO_SD * mad(xs), method: 'median and MAD', n: xs.length }
}

/** Days late a PO may be and still be normal: max(floor, centre + k x sd). */
export function latenessTolerance(n: NormalLateness, tolerance_sd: number, min_tolerance_days: number): number {
  return Math.max(min_tolerance_days, n.centre + tolerance_sd * n.sd)
}
