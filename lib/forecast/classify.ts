/**
 * Demand classification (Syntetos, Boylan & Croston 2005) and the segment label used to report
 * accuracy by segment.
 *
 * Over the clean (not skipped) days:
 *   ADI = clean days / days with demand > 0        (average inter-demand interval)
 *   CV^2 = (sd / mean)^2 of the non-zero demand sizes (population sd)
 * smooth: ADI < 1.32 and CV^2 < 0.49; intermittent: ADI >= 1.32 and CV^2 < 0.49;
 * erratic: ADI < 1.32 and CV^2 >= 0.49; lumpy: ADI >= 1.32 and CV^2 >= 0.49;
 * no_demand: no day with demand (ADI infinite).
 *
 * Segment: 'intermittent' when ADI >= 1.32 (intermittent, lumpy or no demand); otherwise 'fast'
 * when the mean daily demand is at least fast_min_daily (default 2 units/day), else 'slow'.
 */

export const ADI_CUTOFF = 1.32
export const CV2_CUTOFF = 0.49
export const DEFAULT_FAST_MIN_DAILY = 2

export type DemandClass = 'smooth' | 'intermittent' | 'erratic' | 'lumpy' | 'no_demand'
export type DemandSegment = 'fast' | 'slow' | 'intermittent'

export interface DemandProfile {
  adi: number
  cv2: number
  /** Mean daily demand over clean days. */
  mean_daily: number
  clean_days: number
  demand_days: number
  demand_class: DemandClass
  segment: DemandSegment
}

/** Classify demand over clean days in [from, to) (default: the whole series). */
export function classifyDemand(
  demand: Float64Array,
  skip: Uint8Array,
  fast_min_daily = DEFAULT_FAST_MIN_DAILY,
  from = 0,
  to = demand.length,
): DemandProfile {
  let clean = 0
  let nz = 0
  let sum = 0
  let sumSq = 0
  for (let t = from; t < to; t++) {
    if (skip[t] !== 0) continue
    clean++
    const y = demand[t]
    if (y > 0) {
      nz++
      sum += y
      sumSq += y * y
    }
  }
  const mean_daily = clean > 0 ? sum / clean : 0
  if (nz === 0) {
    return { adi: Infinity, cv2: 0, mean_daily, clean_days: clean, demand_days: 0, demand_class: 'no_demand', segment: 'intermittent' }
  }
  const adi = clean / nz
  const sizeMean = sum / nz
  const sizeVar = Math.max(0, sumSq / nz - sizeMean * sizeMean)
  const cv2 = sizeVar / (sizeMean * sizeMean)
  const intermittent = adi >= ADI_CUTOFF
  const variable = cv2 >= CV2_CUTOFF
  const demand_class: DemandClass = intermittent ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth'
  const segment: DemandSegment = intermittent ? 'intermittent' : mean_daily >= fast_min_daily ? 'fast' : 'slow'
  return { adi, cv2, mean_daily, clean_days: clean, demand_days: nz, demand_class, segment }
}
