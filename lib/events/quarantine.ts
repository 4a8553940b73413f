/**
 * Quarantine: where an implausible event lands instead of its own table (plausibility.ts says
 * which). `raw_quarantine` keeps the event whole with the rules it failed; its id counts as landed
 * (event_ids and event_days are fed from it as from every landing table), so a replay is a
 * duplicate, not a second quarantine; and nothing sums it.
 *
 * The bounds are the process's configuration (PLAUSIBILITY_BOUNDS), set once at start by
 * `configurePlausibility`; until then the defaults apply.
 */
import type { Event } from './schema'
import type { Row } from './rows'
import { DEFAULT_BOUNDS, PlausibilityChecker, describeViolation, type PlausibilityBounds, type Violation } from './plausibility'

export const QUARANTINE_TABLE = 'raw_quarantine'

let checker = new PlausibilityChecker(DEFAULT_BOUNDS)

export function configurePlausibility(bounds: PlausibilityBounds): void {
  checker = new PlausibilityChecker(bounds)
}

/** The checker for the configured bounds. */
export function plausibility(): PlausibilityChecker {
  return checker
}

/** The raw_quarantine row of an event and the rules it failed. */
export function quarantineRow(e: Event, source: string, violations: Violation[]): Row {
  return { event_id: e.event_id, type: e.type, ts: e.ts, source, event: JSON.stringify(e), rules: violations.map(describeViolation) }
}

/**
 * The ingest writer's hook: when `e` is implausible, add its quarantine row to the flush's rows
 * (under raw_quarantine) and answer true; the writer then lands nothing else for it.
 */
export function quarantine(e: Event, source: string, rowsByTable: Map<string, Row[]>): boolean {
  const violations = checker.check(e)
  if (violations.length === 0) return false
  let rows = rowsByTable.get(QUARANTINE_TABLE)
  if (!rows) rowsByTable.set(QUARANTINE_TABLE, (rows = []))
  rows.push(quarantineRow(e, source, violations))
  return true
}
