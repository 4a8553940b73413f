/**
 * The inbox's order: value at risk, highest first; then severity, most severe first; then
 * opened_at, oldest first (it has waited longest). Alerts equal on all three keep the order they
 * came in (the sort is stable), so a page does not reshuffle between two reads. A value at risk
 * that is not a number sorts last.
 */
import { severityRank } from './material'
import type { AlertRecord } from './types'

type Rankable = Pick<AlertRecord, 'value_at_risk' | 'severity' | 'opened_at'>

const money = (v: number) => (Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v)

/** Negative when `a` ranks before `b`, positive after, 0 when they tie. */
export function compareAlerts(a: Rankable, b: Rankable): number {
  const va = money(a.value_at_risk)
  const vb = money(b.value_at_risk)
  if (va !== vb) return va > vb ? -1 : 1
  const s = severityRank(a.severity) - severityRank(b.severity)
  if (s !== 0) return s
  const ta = Date.parse(a.opened_at)
  const tb = Date.parse(b.opened_at)
  if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
    if (Number.isNaN(ta)) return 1
    if (Number.isNaN(tb)) return -1
    return ta - tb
  }
  return 0
}

/** A new array in inbox order; the input is not changed. */
export function rankAlerts<T extends Rankable>(alerts: readonly T[]): T[] {
  return [...alerts].sort(compareAlerts)
}
