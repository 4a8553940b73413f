/**
 * Value measured in simulation (issue 16; docs/value.md): beside the simulator's run, a baseline
 * twin (the same simulation options and seed, the baseline static min-max policy, no actions) is
 * simulated day by day in lock-step with it, and for every day both have simulated, both runs'
 * outcomes are written to `{truth_db}.value_daily` with the StockPulse run's attribution on both
 * (lib/value/outcomes.ts, lib/value/attribution.ts).
 *
 * Work is serialised on one chain, in day order: the twin's day, the attribution of the day's
 * applied actions, the outcomes, the insert. The live stream never waits for it (server/
 * simulator.ts calls it without awaiting, like writeTruth). On a restart the twin is rebuilt by
 * replaying its days (deterministic, cheap) and days already written are not written again (so
 * the rollup of migration 026, a SummingMergeTree, counts every pair-day once); each pair's
 * replenishment cycle (lib/value/cycles.ts) is restored from its last written day.
 */
import type { Runtime } from './runtime'
import { createSimulation, type GroundTruth, type SimOptions, type Simulation, type StreamSlice } from '@/lib/sim'
import { nextSeasonEnd } from '@/lib/sim/world'
import type { Event } from '@/lib/events/schema'
import { actionPayloadSchema } from '@/lib/actions/payload-schema'
import { ALERT_TYPES, type AlertType } from '@/lib/alerts/types'
import { Attribution, attribute, horizonDays, type AttributedDecision } from '@/lib/value/attribution'
import { dayOutcomes, type OutcomeOptions, type SimDayInput } from '@/lib/value/outcomes'
// Renamed here: eslint's react-hooks rule takes any use[A-Z]... call for a hook.
import { useCaseOf as decisionUseCase } from '@/lib/value/use-cases'
import type { PairDayOutcome } from '@/lib/value/types'
import { alertTypesOf, valueCycleStates, valueLastDay } from '@/lib/clickhouse/queries/value-sim'
import { cycleKey, markCycles, stateAfter, type CycleMarks, type CycleState } from '@/lib/value/cycles'
import { logger } from '@/lib/log'

const log = logger('simulator')
/** Rows buffered before an insert while catching up (a live day is written at once). */
const WRITE_CHUNK = 60_000
/** Event types the outcomes read; the rest of a live day's events are not kept. */
const KEPT = new Set<Event['type']>(['inventory_movement', 'po_receipt', 'transfer', 'purchase_order'])

/** A row of value_daily (a mapped type: an interface is not a Record for insertRows). */
type ValueRow = { [K in keyof PairDayOutcome]: PairDayOutcome[K] } & CycleMarks & { run: string }

/** An action the StockPulse run applied, and whether the simulated retailer carried it out. */
export interface AppliedForValue {
  action: unknown
  accepted: boolean
}

export interface SimValueOptions {
  run: string
  truthDb: string
  /** The options the run's simulation was created with: the twin is created with the same. */
  simOptions: SimOptions
  outcome: OutcomeOptions
  /**
   * First day index whose rows are written (the twin still simulates every day before it): the
   * backfilled history before the run went live is the same under both policies, so only its
   * last SIM_VALUE_HISTORY_DAYS are kept, enough for a report's previous period.
   */
  firstDay?: number
}

export class SimValueRecorder {
  private readonly attribution = new Attribution()
  private readonly alertTypes = new Map<string, AlertType>()
  private chain: Promise<void> = Promise.resolve()
  private buffer: ValueRow[] = []
  /** Time spent per part, ms, and days recorded: what the twin adds to the simulator. */
  readonly spent = { twin: 0, outcomes: 0, write: 0, days: 0 }

  private constructor(
    private readonly rt: Runtime,
    private readonly opts: SimValueOptions,
    readonly twin: Simulation,
    /** Last day index already in the table (-1: none). */
    private lastWritten: number,
    /** Each pair's replenishment cycle after the last day recorded (lib/value/cycles.ts), per policy. */
    private readonly cycles: Map<string, CycleState>,
  ) {}

  static async open(rt: Runtime, opts: SimValueOptions): Promise<SimValueRecorder> {
    const twin = createSimulation(opts.simOptions)
    twin.masterData()
    const [row] = await valueLastDay(rt.clickhouse.interactive, { truth_db: opts.truthDb, run: opts.run })
    // Days already written are not written again: their pairs' cycles go on from where they stood.
    const cycles = new Map<string, CycleState>()
    if (row?.date) for (const s of await valueCycleStates(rt.clickhouse.heavy, { truth_db: opts.truthDb, run: opts.run })) cycles.set(cycleKey(s.policy, s.sku, s.location), stateAfter(s, s))
    return new SimValueRecorder(rt, opts, twin, row?.date ? twin.dayOf(Date.parse(`${row.date}T00:00:00Z`)) : -1, cycles)
  }

  /** Days up to this one are in the table. */
  get writtenThrough(): number {
    return this.lastWritten
  }

  /**
   * Record day `day` of the StockPulse run (must follow the last recorded day): simulate the
   * twin's same day, attribute the actions applied that day, and write both runs' rows unless the
   * day is already in the table. `flush`: insert now rather than when enough rows wait.
   */
  record(day: number, live: SimDayInput, applied: readonly AppliedForValue[], flush = false): Promise<void> {
    const step = this.chain.then(() => this.recordNow(day, live, applied, flush))
    this.chain = step.catch(() => {})
    return step
  }

  /** Insert what is buffered (after the last day of a catch-up). */
  flush(): Promise<void> {
    const step = this.chain.then(() => this.write())
    this.chain = step.catch(() => {})
    return step
  }

  private async recordNow(day: number, live: SimDayInput, applied: readonly AppliedForValue[], flush: boolean): Promise<void> {
    if (day !== this.twin.nextDay) throw new RangeError(`value recorder: day ${day} out of step with the baseline twin (next ${this.twin.nextDay})`)
    let t = performance.now()
    const base = this.twin.simulateDay(day)
    this.spent.twin += performance.now() - t
    const accepted = applied.filter((a) => a.accepted)
    if (accepted.length) await this.addDecisions(day, accepted.map((a) => a.action))
    if (day <= this.lastWritten || day < (this.opts.firstDay ?? 0)) return
    t = performance.now()
    const w = this.twin.world
    // Each pair-day marked with where its replenishment cycle stands (the report's cycle service level).
    const rows = markCycles([
      ...attribute(dayOutcomes(w, base, this.opts.outcome), day, 'baseline', this.attribution),
      ...attribute(dayOutcomes(w, live, this.opts.outcome), day, 'stockpulse', this.attribution),
    ], this.cycles)
    // The run's name added in place (a spread of every row costs more than the rest of the day's work).
    for (const r of rows) this.buffer.push(Object.assign(r, { run: this.opts.run }))
    this.spent.outcomes += performance.now() - t
    this.spent.days++
    this.lastWritten = day
    if (flush || this.buffer.length >= WRITE_CHUNK) await this.write()
  }

  /** Resolves when everything recorded so far has been handled (written, or its failure logged by the caller). */
  idle(): Promise<void> {
    return this.chain
  }

  private async write(): Promise<void> {
    if (!this.buffer.length) return
    const rows = this.buffer
    this.buffer = []
    const t = performance.now()
    try {
      await this.rt.clickhouse.insertRows('heavy', `${this.opts.truthDb}.value_daily`, rows)
    } catch (err) {
      // Kept for the next write: a day whose insert failed is not left out of the table.
      this.buffer = rows.concat(this.buffer)
      throw err
    }
    this.spent.write += performance.now() - t
  }

  /** The decisions the day's accepted actions stand for (their use case from the alert behind each). */
  private async addDecisions(day: number, actions: readonly unknown[]): Promise<void> {
    const parsed = actions.flatMap((a) => {
      const p = actionPayloadSchema.safeParse(a)
      return p.success ? [p.data] : []
    })
    const unknown = [...new Set(parsed.map((a) => a.alert_id).filter((id) => id && !this.alertTypes.has(id)))]
    if (unknown.length) {
      try {
        for (const r of await alertTypesOf(this.rt.clickhouse.interactive, { ids: unknown })) {
          if ((ALERT_TYPES as readonly string[]).includes(r.type)) this.alertTypes.set(r.id, r.type as AlertType)
        }
      } catch (err) {
        log.warn('value recorder: could not read the alerts behind actions; using the kind of each action', { error: String(err) })
      }
    }
    const w = this.twin.world
    for (const a of parsed) {
      const loc = w.locationIndex(a.location)
      const sku = w.skuIndex(a.sku)
      if (loc < 0 || sku < 0) continue
      const product = w.products[sku]
      // Without its alert: what the action itself says (a transfer from the store's own DC is its replenishment).
      const parentDc = w.locations[loc].parent >= 0 ? w.locations[w.locations[loc].parent].id : undefined
      const fallback: AlertType =
        a.kind === 'expedite' ? 'supplier_delay' : a.kind === 'reallocate' ? 'channel_conflict' : a.kind === 'transfer' && a.from_location !== parentDc ? 'transfer_opportunity' : 'stockout_risk'
      const type = this.alertTypes.get(a.alert_id) ?? fallback
      const supplier = a.supplier ? w.suppliers[w.supplierIndex(a.supplier)] : undefined
      const season = w.categories[product.category].season
      const decision: AttributedDecision = {
        use_case: decisionUseCase(type, a.kind),
        sku: a.sku,
        locations: a.kind === 'markdown' ? null : a.kind === 'transfer' && a.from_location ? [a.location, a.from_location] : [a.location],
        day,
        value: a.value,
        horizon_days: horizonDays(a.kind, {
          leadDays: (supplier ?? w.suppliers[product.supplier]).leadMean,
          daysToSeasonEnd: product.seasonal && season ? nextSeasonEnd(season, this.twin.dayStartMs(day), w.startMs) - day : null,
        }),
      }
      this.attribution.add(decision)
    }
  }
}

/**
 * The live side: collects each streamed day's events (those the outcomes read) and the actions
 * applied during it, and hands the day to the recorder once the stream has moved on to the next
 * (every event of a day is released before the next day is simulated).
 */
export class LiveValueDays {
  private readonly days = new Map<number, { truth?: GroundTruth; events: Event[]; actionEvents: Event[]; applied: AppliedForValue[] }>()

  constructor(
    private readonly recorder: SimValueRecorder,
    private readonly sim: Simulation,
  ) {}

  private bucket(day: number) {
    let b = this.days.get(day)
    if (!b) this.days.set(day, (b = { events: [], actionEvents: [], applied: [] }))
    return b
  }

  /** A tick's slice, before anything else is added to its events. */
  onTick(slice: StreamSlice): void {
    for (const e of slice.events) if (KEPT.has(e.type)) this.bucket(this.sim.dayOf(Date.parse(e.ts))).events.push(e)
    for (const truth of slice.truth) {
      for (const [d, b] of [...this.days].sort((x, y) => x[0] - y[0])) {
        if (d >= truth.day || !b.truth) continue
        this.days.delete(d)
        void this.recorder
          .record(d, { truth: b.truth, events: b.events, actionEvents: b.actionEvents }, b.applied, true)
          .catch((err) => log.warn('value write failed', { day: d, error: String(err) }))
      }
      this.bucket(truth.day).truth = truth
    }
  }

  /** An action applied on the stream's current day, and the events it made. */
  onAction(action: unknown, events: readonly Event[], accepted: boolean): void {
    const b = this.bucket(this.sim.nextDay - 1)
    for (const e of events) if (KEPT.has(e.type)) b.actionEvents.push(e)
    b.applied.push({ action, accepted })
  }
}
