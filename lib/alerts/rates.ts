/**
 * Acceptance and override rates (DESIGN.md): of the decided recommendations (approved, modified,
 * rejected; acknowledging or snoozing decides nothing), acceptance = approved unchanged / decided,
 * override = recommendations whose decided quantity differs from the recommended one (modified)
 * or that were rejected / decided. A modify to the recommended quantity is recorded as an
 * approval (lifecycle.ts), so it counts as accepted. Until executions exist (the governance
 * issue), the decided quantity is the executed one.
 */
import type { AlertStatus } from './types'

/** The statuses that decide a recommendation: what the rates count (and a push of which changes them). */
export const DECIDED_STATUSES = ['approved', 'modified', 'rejected'] as const satisfies readonly AlertStatus[]

export interface DecisionCounts {
  approved: number
  modified: number
  rejected: number
}

export function rates(c: DecisionCounts): { decided: number; acceptance_rate: number | null; override_rate: number | null } {
  const decided = c.approved + c.modified + c.rejected
  if (decided === 0) return { decided, acceptance_rate: null, override_rate: null }
  return { decided, acceptance_rate: c.approved / decided, override_rate: (c.modified + c.rejected) / decided }
}

/** One row of a rates table: an agent, category or person (or all of them), its counts and its rates. */
export type RateRow = { key: string } & DecisionCounts & ReturnType<typeof rates>

export function rateRow(key: string, c: DecisionCounts): RateRow {
  return { key, approved: c.approved, modified: c.modified, rejected: c.rejected, ...rates(c) }
}

/** The sum of several rows' counts (rates of a sum, never an average of rates). */
export function sumCounts(rows: readonly DecisionCounts[]): DecisionCounts {
  return rows.reduce((s, c) => ({ approved: s.approved + c.approved, modified: s.modified + c.modified, rejected: s.rejected + c.rejected }), { approved: 0, modified: 0, rejected: 0 })
}

/**
 * A row per key and their total ('all'), in the order given: what GET /api/v1/alerts/rates
 * answers and the board shows.
 */
export function rateTable(counts: readonly ({ key: string } & DecisionCounts)[]): { rows: RateRow[]; total: RateRow } {
  return { rows: counts.map((c) => rateRow(c.key, c)), total: rateRow('all', sumCounts(counts)) }
}
