/**
 * Live stream: releases the simulation's events as simulated time passes, at a configurable speed
 * factor (simulated ms per real ms). Pure: the caller passes the clock to `tick`, so a test can
 * drive it and a server can call it from a timer.
 *
 * Days are simulated whole when simulated time reaches their midnight; their events are held and
 * released as the clock passes each event's ts. The simulated clock never runs past real time plus
 * `maxLeadMs` (ingest rejects events stamped more than a day ahead), so a stream started in the past
 * at speed > 1 catches up with the present and then follows it at 1x.
 */
import type { Event } from '../events/schema'
import { correctSnapshots, type AppliedAction } from './actions'
import type { Policy } from './policy'
import type { DayResult, Simulation } from './simulation'
import type { GroundTruth } from './types'

export interface StreamOptions {
  /** Replenishment policy for the simulated days (default: the simulation's baseline). */
  policy?: Policy
  /** Simulated milliseconds per real millisecond (default 1). */
  speed?: number
  /** How far past real time the simulated clock may run (default 0: never stamp events in the future). */
  maxLeadMs?: number
  /**
   * Simulated time at the first tick (default: midnight of `sim.nextDay`). Days from `sim.nextDay`
   * up to it are simulated and their events up to it released at the first tick (a catch-up burst).
   */
  fromMs?: number
}

export interface StreamSlice {
  /** Events stamped after the previous tick's clock, up to this tick's, in ts order. */
  events: Event[]
  /** Ground truth of the days simulated during this tick (keep it apart from the events). */
  truth: GroundTruth[]
  /** The simulated clock after this tick (epoch ms). */
  simTimeMs: number
}

export class SimulationStream {
  private readonly sim: Simulation
  private readonly policy: Policy | undefined
  private readonly maxLeadMs: number
  private speed: number
  private anchorReal = Number.NaN
  private anchorSim: number
  private clock: number
  private day: DayResult | null = null
  private cursor = 0

  constructor(sim: Simulation, options: StreamOptions = {}) {
    const speed = options.speed ?? 1
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`)
    this.sim = sim
    this.policy = options.policy
    this.speed = speed
    this.maxLeadMs = Math.max(0, options.maxLeadMs ?? 0)
    this.anchorSim = options.fromMs ?? sim.dayStartMs(sim.nextDay)
    this.clock = this.anchorSim
  }

  /** The simulated clock as of the last tick. */
  get simTimeMs(): number {
    return this.clock
  }

  /** Change the speed from real time `nowMs` on (the simulated clock does not jump). */
  setSpeed(speed: number, nowMs: number): void {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`)
    this.clock = this.clockAt(nowMs)
    this.anchorSim = this.clock
    this.anchorReal = nowMs
    this.speed = speed
  }

  private clockAt(nowMs: number): number {
    if (Number.isNaN(this.anchorReal)) return this.anchorSim
    const t = this.anchorSim + (nowMs - this.anchorReal) * this.speed
    return Math.max(this.clock, Math.min(t, nowMs + this.maxLeadMs))
  }

  /**
   * Apply an action (lib/sim/actions.ts) at the simulated clock. Its events are stamped at the
   * clock, so they are due at once: send them with the tick's. End-of-day snapshots of the current
   * day, computed before the action and not yet released, are corrected by the books' change.
   */
  applyAction(action: unknown): AppliedAction {
    const applied = this.sim.applyAction(action, this.clock)
    if (this.day) correctSnapshots(this.day.events, this.day.times, this.clock, applied.bookDeltas)
    return applied
  }

  /** Advance to real time `nowMs` and return what happened in between. */
  tick(nowMs: number): StreamSlice {
    if (Number.isNaN(this.anchorReal)) {
      this.anchorReal = nowMs
      this.clock = Math.min(this.anchorSim, nowMs + this.maxLeadMs)
      this.anchorSim = this.clock
    }
    const target = this.clockAt(nowMs)
    const events: Event[] = []
    const truth: GroundTruth[] = []
    for (;;) {
      if (!this.day) {
        if (this.sim.dayStartMs(this.sim.nextDay) > target) break
        this.day = this.sim.simulateDay(this.sim.nextDay, this.policy)
        this.cursor = 0
        truth.push(this.day.truth)
      }
      const d = this.day
      while (this.cursor < d.events.length && d.times[this.cursor] <= target) events.push(d.events[this.cursor++])
      if (this.cursor < d.events.length) break
      this.day = null
    }
    this.clock = target
    return { events, truth, simTimeMs: target }
  }
}
