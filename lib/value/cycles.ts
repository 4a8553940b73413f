/**
 * Replenishment cycles marked at write time (docs/value.md, cycle service level), so that the
 * report counts them with a sum over rows instead of walking every SKU-location's days.
 *
 * Each pair-day carries the latest earlier day of its cycle (since the pair's last receipt, or
 * since its first recorded day) that had demand, and the latest that lost units (1970-01-01: none).
 * A day that stock arrived starts a cycle: it carries none. For a period starting on day F, the
 * cycles cut at its edges that had demand are the pair-days in it with demand whose previous
 * demand day in the cycle is before F; the stock-out cycles likewise with lost units. The rows
 * of a pair-day split between use cases all carry the same marks (their weights sum to 1).
 */
import type { PairDayOutcome } from './types'

export const NO_DAY = '1970-01-01'
/** Demand or lost units below this are none (floating error of demand - sold). */
export const CYCLE_EPSILON = 1e-9

/** A type, not an interface: rows carrying it are Records for insertRows. */
export type CycleMarks = {
  prev_demand_day: string
  prev_lost_day: string
}

/** Where a pair's current cycle stands after its last recorded day. */
export interface CycleState {
  lastDemand: string
  lastLost: string
}

type Row = Pick<PairDayOutcome, 'date' | 'sku' | 'location' | 'policy' | 'demand' | 'lost' | 'receipts'>

export const cycleKey = (policy: string, sku: string, location: string) => `${policy}|${sku}|${location}`

/** The state after a recorded pair-day, from its row and marks (restoring a recorder after a restart). */
export function stateAfter(row: Pick<Row, 'date' | 'demand' | 'lost'>, marks: CycleMarks): CycleState {
  return {
    lastDemand: row.demand > CYCLE_EPSILON ? row.date : marks.prev_demand_day,
    lastLost: row.lost > CYCLE_EPSILON ? row.date : marks.prev_lost_day,
  }
}

/**
 * Marks one day's rows (any order; a pair-day's use-case rows together or not) and moves the
 * pairs' states on. Days must come in order: a pair's state is that of its last marked day.
 */
export function markCycles<R extends Row>(rows: readonly R[], states: Map<string, CycleState>): (R & CycleMarks)[] {
  const today = new Map<string, CycleMarks>()
  const out: (R & CycleMarks)[] = []
  for (const r of rows) {
    const key = cycleKey(r.policy, r.sku, r.location)
    let marks = today.get(key)
    if (!marks) {
      const was = states.get(key)
      marks = r.receipts > 0 || !was ? { prev_demand_day: NO_DAY, prev_lost_day: NO_DAY } : { prev_demand_day: was.lastDemand, prev_lost_day: was.lastLost }
      today.set(key, marks)
      states.set(key, stateAfter(r, marks))
    }
    out.push(Object.assign(r, marks))
  }
  return out
}
