/**
 * The retail simulator: deterministic, pure library code (no network, database, files or clock).
 *
 *   const { start, days } = backfillWindow(new Date(), 365)      // day 0 .. 364 end yesterday
 *   const sim = createSimulation({ seed: 42, start })
 *   send(sim.masterData())
 *   for (let d = 0; d < days; d++) {
 *     const { events, truth } = sim.simulateDay(d)               // baseline min-max unless a policy is given
 *     send(events)
 *     keepApart(truthDemandRows(truth, sim.world), truth.anomalies) // never where the product can read it
 *   }
 *   const live = new SimulationStream(sim, { speed: 60, fromMs: Date.now() })
 *   setInterval(() => { const { events, truth } = live.tick(Date.now()); send(events); keepApart(truth) }, 1000)
 */
export { createSimulation } from './simulation'
export type { DayResult, Simulation } from './simulation'
export { defaultConfig, resolveConfig, MAX_LOCATIONS, MAX_SKUS } from './config'
export type { SimConfig, SimOptions } from './config'
export { DemandModel } from './demand'
export type { DemandDay } from './demand'
export type { DemandShock, Promotion } from './demand-calendars'
export type { LocalEvent, Weather } from './demand-signals'
export { DEFAULT_MIN_MAX, minMaxLevels, minMaxPolicy, noReplenishment, roundToPack } from './policy'
export type { InventoryView, MinMaxOptions, Policy, PolicyAction, PolicyDayContext, PolicyState } from './policy'
export { Rng, hash, hash01, hashString } from './random'
export { SimulationStream } from './stream'
export { MAX_ACTION_UNITS } from './actions'
export { actionsOnDay, policyForDay, simulateRunDay } from './replay'
export type { RunPlan } from './replay'
export type { ActionOutcome, AppliedAction, BookDelta } from './actions'
export type { StreamOptions, StreamSlice } from './stream'
export { backfillWindow, DAY_MS } from './time'
export { truthDemandRows } from './truth'
export type { TruthDemandRow } from './truth'
export type * from './types'
export { SEGMENTS } from './customers'
export type { Customers } from './customers'
export type { World } from './world'
