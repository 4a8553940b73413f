/**
 * What counts as a material change of an open alert: the change that bumps its `revision`, writes
 * a new version and re-notifies (hygiene.ts). Anything smaller writes nothing, so the stored card
 * keeps the figures of its last material change (`updated_at` says when) and storage does not grow
 * by a row per evaluation.
 *
 * Material, comparing the stored alert with the new finding:
 *   - severity rose (low -> medium -> high -> critical). A FALL in severity alone is not material:
 *     severity is a step of a continuous signal with no hysteresis of its own, and a signal sitting
 *     on a step would otherwise re-notify every other evaluation. The card keeps the higher severity
 *     until a material change refreshes it or the alert clears.
 *   - value at risk moved (either way) by at least 20 % of the stored figure AND by at least 50
 *     money units (the absolute floor keeps small alerts from re-notifying over cents);
 *   - the recommended action changed (kind, or the source location of a transfer);
 *   - the recommended quantity moved (either way) by at least 20 % of the stored quantity AND by at
 *     least one unit. The card carries no case pack, so "one case" cannot be judged here; an agent
 *     rounds to case packs, so a change of one case on a small order is >= 20 % anyway.
 * Moves in both directions count for money and quantity because a planner approving a stale
 * quantity orders the wrong amount; such a figure re-notifies only when it swings by 20 % each time.
 */
import type { Recommendation, Severity } from './types'
import { SEVERITIES } from './types'

/** The thresholds above; exported so tests and callers name them instead of repeating numbers. */
export interface MaterialThresholds {
  /** Relative move of value at risk (0.2 = 20 %). */
  value_rel: number
  /** Absolute move of value at risk, money. */
  value_abs: number
  /** Relative move of the recommended quantity. */
  quantity_rel: number
  /** Absolute move of the recommended quantity, units. */
  quantity_abs: number
}

export const MATERIAL_THRESHOLDS: MaterialThresholds = { value_rel: 0.2, value_abs: 50, quantity_rel: 0.2, quantity_abs: 1 }

/** The figures compared: an AlertRecord and an AgentFinding both have them. */
export interface MaterialFigures {
  severity: Severity
  value_at_risk: number
  recommendation: Pick<Recommendation, 'action' | 'quantity' | 'from_location'>
}

/** 0 for critical .. 3 for low: lower is more severe. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s)

const fmtMoney = (v: number) => (Math.round(v * 100) / 100).toLocaleString('en-US')

function moved(before: number, after: number, rel: number, abs: number): boolean {
  const delta = Math.abs(after - before)
  return delta >= abs && delta >= rel * Math.abs(before)
}

/**
 * The material changes from `prev` to `next`, one short phrase each ("severity rose from high to
 * critical"); empty when the change is immaterial. The phrases become the reason of the update's
 * transition.
 */
export function materialChanges(prev: MaterialFigures, next: MaterialFigures, t: MaterialThresholds = MATERIAL_THRESHOLDS): string[] {
  const out: string[] = []
  if (severityRank(next.severity) < severityRank(prev.severity)) out.push(`severity rose from ${prev.severity} to ${next.severity}`)
  if (moved(prev.value_at_risk, next.value_at_risk, t.value_rel, t.value_abs)) {
    out.push(`value at risk ${next.value_at_risk > prev.value_at_risk ? 'rose' : 'fell'} from ${fmtMoney(prev.value_at_risk)} to ${fmtMoney(next.value_at_risk)}`)
  }
  const a = prev.recommendation
  const b = next.recommendation
  if (a.action !== b.action) out.push(`recommended action changed from ${a.action} to ${b.action}`)
  else if ((a.from_location ?? '') !== (b.from_location ?? '')) out.push(`transfer source changed from ${a.from_location ?? 'none'} to ${b.from_location ?? 'none'}`)
  if (moved(a.quantity, b.quantity, t.quantity_rel, t.quantity_abs)) out.push(`recommended quantity changed from ${a.quantity} to ${b.quantity}`)
  return out
}

/** True when `next` differs materially from `prev` (see the module comment for the rule). */
export function isMaterialChange(prev: MaterialFigures, next: MaterialFigures, t: MaterialThresholds = MATERIAL_THRESHOLDS): boolean {
  return materialChanges(prev, next, t).length > 0
}
