/**
 * How the board writes acceptance and override rates (the figures themselves: rates.ts, served by
 * GET /api/v1/alerts/rates): the dimensions it offers, a rate as a whole percentage that never
 * rounds to 0 % or 100 % unless it is, a table cut to a few rows plus the rest summed, the period
 * in words, and which pushed alerts change the figures. Pure; the panel and the alert feed's line
 * both write from here, so the two cannot disagree.
 */
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { formatUtcStamp } from '@/lib/kpis/format'
import type { RatesQuery } from './api-schemas'
import { DECIDED_STATUSES, rateRow, sumCounts, type RateRow } from './rates'
import type { AlertStatus } from './types'

export type RatesBy = RatesQuery['by']

/** The board's tabs, in order: what each row is, in a column heading and in a plural. */
export const RATE_DIMENSIONS: readonly { by: RatesBy; label: string; plural: string }[] = [
  { by: 'agent', label: 'Agent', plural: 'agents' },
  { by: 'category', label: 'Category', plural: 'categories' },
  { by: 'planner', label: 'Planner', plural: 'planners' },
]

/** The board's rates cover this many days (the feed's line and the panel alike). */
export const RATE_DAYS = 30

/** Below this many decisions a rate is marked as too few to call a trend. */
export const FEW_DECISIONS = 5

/** The definitions in words (DESIGN.md), for the panel's note and the feed line's title. */
export const RATE_DEFINITION =
  'Of decided recommendations (approved, modified, rejected): accepted = approved unchanged; overridden = quantity changed or rejected. Acknowledged and snoozed alerts are not decided, nor are approvals by an approval rule (auto-approved).'

/**
 * A share as a whole percentage: "–" when there is none (nothing decided); "0%" and "100%" only
 * when exact, so 199 of 200 reads "99%", not "100%".
 */
export function formatRate(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–'
  if (x <= 0) return '0%'
  if (x >= 1) return '100%'
  return `${Math.min(99, Math.max(1, Math.round(x * 100)))}%`
}

export interface RateLine {
  key: string
  /** What the row is called: the key, or "Other (n agents)" for the rest summed. */
  label: string
  decided: number
  accepted: string
  overridden: string
  /** Fewer than FEW_DECISIONS decisions: not yet a trend. */
  few: boolean
}

const lineOf = (r: RateRow, label = r.key): RateLine => ({
  key: r.key,
  label,
  decided: r.decided,
  accepted: formatRate(r.acceptance_rate),
  overridden: formatRate(r.override_rate),
  few: r.decided < FEW_DECISIONS,
})

/** Most decisions first, then by name: the same order whatever order the rows came in. */
export function byDecisions(a: RateRow, b: RateRow): number {
  return b.decided - a.decided || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
}

/**
 * The panel's rows: at most `max`, the ones with most decisions; past that, the last row is the
 * rest summed (its rates computed from the summed counts by rates.ts). The total is the answer's.
 */
export function rateLines(answer: { rows: RateRow[]; total: RateRow }, by: RatesBy, max = 6): { rows: RateLine[]; total: RateLine } {
  const sorted = answer.rows.filter((r) => r.decided > 0).sort(byDecisions)
  const total = lineOf(answer.total, 'All')
  if (sorted.length <= max) return { rows: sorted.map((r) => lineOf(r)), total }
  const shown = sorted.slice(0, max - 1)
  const rest = sorted.slice(max - 1)
  const plural = RATE_DIMENSIONS.find((d) => d.by === by)!.plural
  const other = lineOf(rateRow('(other)', sumCounts(rest)), `Other (${rest.length} ${plural})`)
  return { rows: [...shown.map((r) => lineOf(r)), other], total }
}

/** The period in words: "Last 30 days (UTC), since 06 Nov, 15:36:22 UTC". */
export function ratesPeriod(days: number, since: string): string {
  return `Last ${days} days (UTC), since ${formatUtcStamp(since)}`
}

/** The alert feed's one line on the same figures as the panel's total row. */
export function ratesSummary(total: RateRow, days: number): string {
  if (total.decided === 0) return `No recommendations decided in the last ${days} days.`
  return `Last ${days} days: ${total.decided.toLocaleString('en-GB')} decided · ${formatRate(total.acceptance_rate)} accepted · ${formatRate(total.override_rate)} overridden`
}

/**
 * Whether a pushed alert may change the rates shown for `location` ('all' for every location):
 * a decided status (a decision was recorded) in scope. New and updated open cards change nothing.
 */
export function changesRates(a: { status: AlertStatus; scope?: { location: string } } | null | undefined, location: string): boolean {
  if (!a?.scope || !(DECIDED_STATUSES as readonly string[]).includes(a.status)) return false
  return location === ALL_LOCATIONS || a.scope.location === location
}
