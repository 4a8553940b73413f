/**
 * The retail simulation: serves the demand model's true demand from physical stock, day by day,
 * under a replenishment policy, and writes two things apart from each other:
 *
 *   - the event stream (v1 events, exactly what a retailer's systems would send), and
 *   - the ground truth (true demand, physical stock, injected anomalies), which the product's own
 *     decisions must never read.
 *
 * Pure and deterministic: no I/O, no clock. Same config and seed, same policy => same events.
 * Days run in order (`simulateDay(nextDay)`), because stock carries over.
 *
 * Within a day: cycle counts at midnight; arrivals (POs, transfers) in the morning; price changes,
 * promotions, weather and local events; sales (censored at physical stock) with loyalty baskets;
 * returns; shrink and injected anomalies; then the evening policy run (transfers, POs) and the
 * end-of-day inventory snapshots at 23:59.
 *
 * This file runs the day's phases in that order over the state that carries from day to day
 * (day/state.ts): day/morning.ts, day/sales.ts, day/losses.ts, day/evening.ts.
 */
import type { Event } from '../events/schema'
import { resolveConfig } from './config'
import type { SimConfig, SimOptions } from './config'
import { DemandModel } from './demand'
import { minMaxPolicy } from './policy'
import type { Policy } from './policy'
import { DAY_MS, SimDay } from './time'
import type { GroundTruth } from './types'
import { masterDataEvents } from './master-events'
import type { World } from './world'
import { runPolicy, snapshots } from './day/evening'
import { disruptionStarting, returns, shrinkAndAnomalies } from './day/losses'
import { masterUpdates, morning, prices, signals } from './day/morning'
import { Sales } from './day/sales'
import { SEGMENT_TIMES_MS, SimState } from './day/state'
import { applyAction, type AppliedAction } from './actions'

export interface DayResult {
  day: number
  date: string
  /** The day's events, ordered by timestamp. */
  events: Event[]
  /** Epoch milliseconds of each event's ts (same order). */
  times: Float64Array
  /** Kept apart from the events: never feed it to the product. */
  truth: GroundTruth
}

export interface Simulation {
  readonly config: SimConfig
  readonly world: World
  /** The demand model (ground truth: for analysis and tests, never for a policy). */
  readonly demand: DemandModel
  /** The baseline static min-max policy used when simulateDay gets none. */
  readonly baseline: Policy
  /** The day simulateDay expects next. */
  readonly nextDay: number
  /** Location, supplier, product and customer master events, stamped one hour before day 0. */
  masterData(): Event[]
  /** Simulate one day (must be `nextDay`). */
  simulateDay(day: number, policy?: Policy): DayResult
  /**
   * Apply an action from outside (lib/sim/actions.ts) at epoch ms `atMs`, on the last simulated
   * day (`nextDay - 1`): its events are stamped then, its effects start from the state the next
   * day begins with. Idempotent by action_id; a bad payload is refused, never thrown.
   */
  applyAction(action: unknown, atMs: number): AppliedAction
  /** Epoch ms of a day's midnight (UTC). */
  dayStartMs(day: number): number
  /** The day index an instant falls on. */
  dayOf(ms: number): number
}

export function createSimulation(options: SimOptions = {}): Simulation {
  return new SimulationImpl(resolveConfig(options))
}

class SimulationImpl implements Simulation {
  readonly config: SimConfig
  readonly world: World
  readonly baseline: Policy
  nextDay = 0
  private readonly st: SimState
  private readonly salesPhase: Sales
  private analysisModel: DemandModel | null = null

  /** A separate instance from the one the simulation draws from, so reading it cannot disturb a run. */
  get demand(): DemandModel {
    return (this.analysisModel ??= new DemandModel(this.world, this.st.model.overrides))
  }

  constructor(config: SimConfig) {
    this.config = config
    this.st = new SimState(config)
    this.world = this.st.world
    this.baseline = minMaxPolicy()
    this.salesPhase = new Sales(this.st)
  }

  dayStartMs(day: number): number {
    return this.st.dayStartMs(day)
  }

  applyAction(action: unknown, atMs: number): AppliedAction {
    return applyAction(this.st, this.nextDay - 1, action, atMs)
  }

  dayOf(ms: number): number {
    return Math.floor((ms - this.world.startMs) / DAY_MS)
  }

  masterData(): Event[] {
    let n = 0
    return masterDataEvents(this.world, () => `${this.st.prefix}-m-${++n}`)
  }

  simulateDay(day: number, policy: Policy = this.baseline): DayResult {
    if (day !== this.nextDay) throw new RangeError(`simulateDay(${day}): days run in order; the next day is ${this.nextDay}`)
    const st = this.st
    const w = this.world
    st.cal = new SimDay(day, w.startMs)
    st.events = []
    st.times = []
    st.n = 0
    const truth: GroundTruth = {
      day,
      date: st.cal.date,
      demand: new Uint32Array(st.nPairs),
      expected: new Float32Array(st.nPairs),
      sold: new Uint32Array(st.nPairs),
      physicalOnHand: new Int32Array(st.nPairs),
      bookOnHand: new Int32Array(st.nPairs),
      shelfPrice: new Float64Array(st.nPairs),
      regularPrice: new Float64Array(st.nSku),
      anomalies: [],
      churnedCustomers: [],
    }
    const ctx = st.model.context(day)

    if (day === 0) snapshots(st, 0, true)
    morning(st, day)
    masterUpdates(st, day)
    prices(st, day, ctx)
    signals(st, day)
    this.salesPhase.run(day, ctx, truth)
    returns(st, day)
    shrinkAndAnomalies(st, day, truth)
    for (const sh of st.model.shocksStarting(day)) {
      truth.anomalies.push({
        kind: 'demand_shock', day, date: st.cal.date, skus: sh.skus.map((s) => st.skuIds[s]), locations: sh.locations.map((l) => st.locIds[l]),
        startDay: sh.start, endDay: sh.end, multiplier: sh.multiplier,
      })
    }
    for (let s = 0; s < w.suppliers.length; s++) {
      const d = disruptionStarting(st, s, day)
      if (d) truth.anomalies.push({ kind: 'supplier_delay', day, date: st.cal.date, supplier: w.suppliers[s].id, startDay: day, endDay: d.end, extraDays: d.extra })
    }
    for (const i of st.churnByDay.get(day) ?? []) truth.churnedCustomers.push(w.customers.id(i))
    st.churnByDay.delete(day)
    runPolicy(st, day, policy, truth)
    snapshots(st, SEGMENT_TIMES_MS.snapshot, day === 0 || st.config.events.snapshots === 'daily' || st.cal.dow === 6)
    truth.physicalOnHand.set(st.phys)
    truth.bookOnHand.set(st.sys)

    // Order by time (ties keep creation order).
    const m = st.events.length
    const keys = new Float64Array(m)
    for (let i = 0; i < m; i++) keys[i] = st.times[i] * 16_777_216 + i
    keys.sort()
    const events = new Array<Event>(m)
    const times = new Float64Array(m)
    const start = st.cal.startMs
    for (let i = 0; i < m; i++) {
      const k = keys[i]
      const t = Math.floor(k / 16_777_216)
      events[i] = st.events[k - t * 16_777_216]
      times[i] = start + t
    }
    st.events = []
    st.times = []
    this.nextDay = day + 1
    return { day, date: st.cal.date, events, times, truth }
  }
}
