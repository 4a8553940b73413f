/**
 * Acceptance and override rates (DESIGN.md): of the decided recommendations (approved, modified,
 * rejected; acknowledging or snoozing decides nothing), acceptance = approved unchanged / decided,
 * override = recommendations whose decided quantity differs from the recommended one (modified)
 * or that were rejected / decided. A modify to the recommended quantity is recorded as an
 * approval (lifecycle.ts), so it counts as accepted. Until executions exist (the governance
 * issue), the decided quantity is the executed one.
 */
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
