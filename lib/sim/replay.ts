/**
 * A run as it was lived: the baseline min-max policy until its first live day, the live policy
 * from then on (SIM_REPLENISHMENT: none of its own when StockPulse replenishes it), and the actions
 * applied from outside at their simulated instants. `simulateRunDay` re-simulates one day of it
 * the way the live stream went through it: the whole day at its midnight, then that day's actions
 * in the order they were applied. Same seed and same plan, same world (replay.test.ts).
 */
import type { Event } from '../events/schema'
import { correctSnapshots, type ActionOutcome } from './actions'
import type { Policy } from './policy'
import type { DayResult, Simulation } from './simulation'

export interface RunPlan {
  /** First day the run streamed live, or null when it never has. */
  liveFrom: number | null
  /** Policy of the live days (undefined: the simulation's baseline). */
  livePolicy?: Policy
  /** Actions applied, in order, with the simulated epoch ms each was applied at. */
  actions: readonly { at: number; action: unknown }[]
}

/** The policy a day of the run ran under (undefined: the baseline). */
export function policyForDay(plan: RunPlan, day: number): Policy | undefined {
  return plan.liveFrom !== null && day >= plan.liveFrom ? plan.livePolicy : undefined
}

/** The actions applied during a day, in order. */
export function actionsOnDay(sim: Simulation, plan: RunPlan, day: number): { at: number; action: unknown }[] {
  return plan.actions.filter((a) => sim.dayOf(a.at) === day)
}

/**
 * Simulate `day` (must be sim.nextDay) as the run lived it: the day, the events its actions made,
 * and what became of each action (in the order applied).
 */
export function simulateRunDay(sim: Simulation, plan: RunPlan, day: number): { result: DayResult; actionEvents: Event[]; outcomes: ActionOutcome[] } {
  const result = sim.simulateDay(day, policyForDay(plan, day))
  const actionEvents: Event[] = []
  const outcomes: ActionOutcome[] = []
  for (const a of actionsOnDay(sim, plan, day)) {
    const applied = sim.applyAction(a.action, a.at)
    correctSnapshots(result.events, result.times, a.at, applied.bookDeltas)
    actionEvents.push(...applied.events)
    outcomes.push(applied.outcome)
  }
  return { result, actionEvents, outcomes }
}
