/**
 * Drift of a segment's forecast accuracy (model monitoring on /governance, the model-drift agent).
 * Pure: it judges a series of weekly blocks the accuracy query gives (lib/forecast/accuracy.ts).
 *
 * The rule. A block is 7 days; block 0 ends on the last complete day judged, block 1 the 7 days
 * before it, and so on. For each of WAPE and bias:
 *   - the usual range is the median of the PRIOR_WEEKS blocks before the latest (those with at least
 *     MIN_VOLUME units sold; at least MIN_PRIOR of them, else the segment is not judged) plus or
 *     minus K robust deviations, the robust deviation being max(1.4826 x MAD, FLOOR) (MAD = median
 *     absolute deviation from the median; 1.4826 x MAD estimates a standard deviation; the floor
 *     keeps a segment that has been very steady from drifting on a move of a point or two);
 *   - the latest block must itself have at least MIN_VOLUME units sold: a thin week is noise.
 * z = (now - median) / robust deviation. Error drifts when WAPE rises above the range (z >= K: a
 * better WAPE is no alarm); bias drifts when it leaves the range either way (|z| >= K).
 * The signal the agent's hysteresis reads is max(z of WAPE if positive, |z of bias|); 0 when not
 * judged.
 */
import { robustZ } from '../agents/signals'

export interface DriftOptions {
  /** Prior blocks the usual range is taken over. */
  prior_weeks: number
  /** Fewest prior blocks (each with enough volume) to judge at all. */
  min_prior: number
  /** Robust deviations beyond the median that count as drift. */
  k: number
  /** Units sold in a block for it to count (the latest one and each prior one). */
  min_volume: number
  /** Smallest robust deviation (fraction, 0.03 = 3 points) for WAPE and bias. */
  floor: number
}

export const DRIFT: DriftOptions = { prior_weeks: 8, min_prior: 4, k: 3, min_volume: 100, floor: 0.03 }

/** One weekly block of a segment. */
export interface WeekPoint {
  /** Last day of the block, YYYY-MM-DD. */
  week_end: string
  /** NaN when no units were sold. */
  wape: number
  bias: number
  /** Units sold. */
  actual: number
}

export interface UsualRange {
  median: number
  /** max(1.4826 x MAD, floor). */
  deviation: number
  low: number
  high: number
}

export interface MetricDrift {
  now: number
  usual: UsualRange
  z: number
  drifted: boolean
}

export type DriftJudgement =
  | { judged: false; reason: string; signal: 0 }
  | { judged: true; week_end: string; wape: MetricDrift; bias: MetricDrift; signal: number; drifted: ('wape' | 'bias')[] }

/** median +- k x max(1.4826 x MAD, floor) of `xs` (the robust z of lib/agents/signals.ts). */
export function usualRange(xs: readonly number[], k: number, floor: number): UsualRange {
  const { median, scale } = robustZ(0, xs, floor)
  return { median, deviation: scale, low: median - k * scale, high: median + k * scale }
}

const metric = (now: number, prior: readonly number[], o: DriftOptions, twoSided: boolean): MetricDrift => {
  const usual = usualRange(prior, o.k, o.floor)
  const { z } = robustZ(now, prior, o.floor)
  return { now, usual, z, drifted: twoSided ? Math.abs(z) >= o.k : z >= o.k }
}

/** Judge the latest block of `weeks` (oldest first) against the blocks before it (see the rule above). */
export function judgeDrift(weeks: readonly WeekPoint[], o: DriftOptions = DRIFT): DriftJudgement {
  const latest = weeks[weeks.length - 1]
  if (!latest) return { judged: false, reason: 'no weeks with forecasts', signal: 0 }
  if (!(latest.actual >= o.min_volume)) return { judged: false, reason: `fewer than ${o.min_volume} units sold in the latest week`, signal: 0 }
  const prior = weeks.slice(Math.max(0, weeks.length - 1 - o.prior_weeks), weeks.length - 1).filter((w) => w.actual >= o.min_volume && Number.isFinite(w.wape) && Number.isFinite(w.bias))
  if (prior.length < o.min_prior) return { judged: false, reason: `${prior.length} of the ${o.min_prior} prior weeks needed have ${o.min_volume}+ units sold`, signal: 0 }
  const wape = metric(latest.wape, prior.map((w) => w.wape), o, false)
  const bias = metric(latest.bias, prior.map((w) => w.bias), o, true)
  const drifted: ('wape' | 'bias')[] = []
  if (wape.drifted) drifted.push('wape')
  if (bias.drifted) drifted.push('bias')
  return { judged: true, week_end: latest.week_end, wape, bias, signal: Math.max(0, wape.z, Math.abs(bias.z)), drifted }
}
