/**
 * Target cycle service levels by segment: ABC by margin share x XYZ by demand variability.
 *
 * ABC: sort SKU x locations by gross margin, descending; an item is A while the cumulative margin
 * share *before* it is below a_share (default 80%), B while below b_share (default 95%, i.e. the
 * next 15%), C otherwise. Counting the share before the item means the item that crosses 80% is
 * still A, and a catalogue always has at least one A. Items with margin <= 0 are always C.
 *
 * XYZ: coefficient of variation CV = sd_d / d of daily demand. X when CV <= x_max_cv (default 0.5),
 * Y when CV <= y_max_cv (default 1.0), Z otherwise (and Z when d <= 0: no reliable mean).
 *
 * The matrix maps (ABC, XYZ) to a target cycle service level alpha; configurable and validated by
 * segmentPolicyConfigSchema so an admin cannot save a level of 1 (infinite safety stock).
 */
import { z } from 'zod'

export type AbcClass = 'A' | 'B' | 'C'
export type XyzClass = 'X' | 'Y' | 'Z'

const level = z.number().min(0.5).lt(1)
const row = z.object({ X: level, Y: level, Z: level })

export const segmentPolicyConfigSchema = z
  .object({
    abc: z.object({ a_share: z.number().gt(0).lt(1), b_share: z.number().gt(0).lte(1) }),
    xyz: z.object({ x_max_cv: z.number().gt(0), y_max_cv: z.number().gt(0) }),
    service_levels: z.object({ A: row, B: row, C: row }),
  })
  .refine((c) => c.abc.a_share < c.abc.b_share, { message: 'a_share must be below b_share', path: ['abc'] })
  .refine((c) => c.xyz.x_max_cv < c.xyz.y_max_cv, { message: 'x_max_cv must be below y_max_cv', path: ['xyz'] })

export type SegmentPolicyConfig = z.infer<typeof segmentPolicyConfigSchema>

export const DEFAULT_SEGMENT_POLICY: SegmentPolicyConfig = {
  abc: { a_share: 0.8, b_share: 0.95 },
  xyz: { x_max_cv: 0.5, y_max_cv: 1.0 },
  service_levels: {
    A: { X: 0.98, Y: 0.97, Z: 0.95 },
    B: { X: 0.95, Y: 0.94, Z: 0.92 },
    C: { X: 0.92, Y: 0.9, Z: 0.85 },
  },
}

export const ABC_CODES: readonly AbcClass[] = ['A', 'B', 'C']

/**
 * ABC class per item from its margin (any order in, same order out), as codes 0 = A, 1 = B, 2 = C
 * in a Uint8Array (map with ABC_CODES). O(n log n) for the sort.
 */
export function classifyAbc(margins: Float64Array, cfg: SegmentPolicyConfig['abc'] = DEFAULT_SEGMENT_POLICY.abc): Uint8Array {
  const n = margins.length
  const out = new Uint8Array(n).fill(2)
  let total = 0
  for (let i = 0; i < n; i++) if (margins[i] > 0) total += margins[i]
  if (!(total > 0)) return out
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  // Descending by margin; ties by index so the result does not depend on the engine's sort.
  order.sort((a, b) => (margins[b] > margins[a] ? 1 : margins[b] < margins[a] ? -1 : a - b))
  let cumBefore = 0
  for (let r = 0; r < n; r++) {
    const i = order[r]
    const m = margins[i]
    if (!(m > 0)) break
    const shareBefore = cumBefore / total
    out[i] = shareBefore < cfg.a_share ? 0 : shareBefore < cfg.b_share ? 1 : 2
    cumBefore += m
  }
  return out
}

/** CV = sd_d / d; Infinity when d <= 0. */
export function coefficientOfVariation(d: number, sd_d: number): number {
  return d > 0 ? Math.max(0, sd_d) / d : Infinity
}

/** XYZ class from CV: X if CV <= x_max_cv, Y if CV <= y_max_cv, else Z (NaN counts as Z). */
export function classifyXyz(cv: number, cfg: SegmentPolicyConfig['xyz'] = DEFAULT_SEGMENT_POLICY.xyz): XyzClass {
  if (cv <= cfg.x_max_cv) return 'X'
  if (cv <= cfg.y_max_cv) return 'Y'
  return 'Z'
}

/** Target cycle service level for a segment, read from the configured matrix. */
export function serviceTargetFor(abc: AbcClass, xyz: XyzClass, cfg: SegmentPolicyConfig = DEFAULT_SEGMENT_POLICY): number {
  return cfg.service_levels[abc][xyz]
}

/** The period the segment targets are stated over: one weekly replenishment cycle. */
export const TARGET_PERIOD_DAYS = 7

/**
 * A segment's cycle service target is the chance of no stock-out in a week's cycle. A location
 * replenished every R days runs 7 / R cycles a week, so each must meet target^(R / 7) for the week
 * to meet the target (a daily-fed store at 0.95 a cycle would run out one day in twenty, where the
 * weekly-fed one runs out one week in twenty). R >= 7 keeps the target as it is.
 * Example: 0.95 with R = 1 -> 0.95^(1/7) = 0.99270.
 */
export function perCycleServiceLevel(target: number, review_period_days: number): number {
  if (!(review_period_days > 0) || review_period_days >= TARGET_PERIOD_DAYS) return target
  return Math.pow(target, review_period_days / TARGET_PERIOD_DAYS)
}

/** The weekly target a per-cycle service level meets (perCycleServiceLevel's inverse). */
export function weeklyServiceLevel(perCycle: number, review_period_days: number): number {
  if (!(review_period_days > 0) || review_period_days >= TARGET_PERIOD_DAYS) return perCycle
  return Math.pow(perCycle, TARGET_PERIOD_DAYS / review_period_days)
}
