/**
 * Which use case a pair-day of the simulation is attributed to (docs/value.md "Attribution"):
 *
 * Every decision StockPulse executed touches some SKU-locations (the receiving pair; a transfer's
 * source pair too; a markdown, applied chain-wide, every location of its SKU) for a horizon: the
 * day it took effect through `horizon_days` after. A pair-day inside the horizon of decisions of
 * one use case is that use case's; inside the horizons of several use cases it is split between
 * them in proportion to their decisions' estimated values (negative estimates count 0; an equal
 * split when they all are 0). A pair-day no decision touches is replenishment's: under StockPulse
 * every pair is held by its replenishment, and not ordering is a decision too.
 *
 * The same weights are put on both runs' rows of a pair-day, so the difference between the runs
 * is attributed to the decisions that were live where and when it arose. Pure; days are any
 * integer day numbering (the simulation's day index).
 */
import type { ActionKind } from '@/lib/alerts/types'
import type { PairDayFigures } from './outcomes'
import type { PairDayOutcome, PolicyRun } from './types'
import type { UseCase } from './use-cases'

export interface AttributedDecision {
  use_case: UseCase
  sku: string
  /** Locations it touches; null: every location of the SKU (a chain-wide markdown). */
  locations: readonly string[] | null
  /** Day it was applied. */
  day: number
  /** Margin protected or cost avoided, estimated when decided. */
  value: number
  /** Days after `day` it still counts for (inclusive). */
  horizon_days: number
}

export interface UseCaseWeight {
  use_case: UseCase
  weight: number
}

/** Horizon when nothing better is known (days): the cover a decision buys. */
export const DEFAULT_HORIZON_DAYS = 28
/** Cover an order buys beyond its lead time (days). */
export const ORDER_COVER_DAYS = 14

/**
 * A decision's horizon by its kind: an order or expedite, its lead time plus the cover it buys
 * (28 days when the lead time is unknown); a transfer or reallocation 28 days; a markdown until its
 * season ends (at least a day), 28 days for a SKU without a season.
 */
export function horizonDays(kind: ActionKind, ctx: { leadDays?: number; daysToSeasonEnd?: number | null } = {}): number {
  switch (kind) {
    case 'reorder':
    case 'expedite':
      return ctx.leadDays !== undefined && ctx.leadDays >= 0 ? Math.ceil(ctx.leadDays) + ORDER_COVER_DAYS : DEFAULT_HORIZON_DAYS
    case 'markdown':
      return ctx.daysToSeasonEnd !== undefined && ctx.daysToSeasonEnd !== null ? Math.max(1, Math.ceil(ctx.daysToSeasonEnd)) : DEFAULT_HORIZON_DAYS
    case 'transfer':
    case 'reallocate':
      return DEFAULT_HORIZON_DAYS
    case 'investigate':
      return 0
  }
}

const REPLENISHMENT: readonly UseCaseWeight[] = [{ use_case: 'replenishment', weight: 1 }]
const key = (sku: string, location: string) => `${sku}\u0000${location}`
const ALL = '\u0001'

/** The decisions of a run, asked day by day which use cases each pair-day belongs to. */
export class Attribution {
  private readonly decisions: AttributedDecision[] = []
  private cacheDay = Number.NaN
  private cache = new Map<string, readonly UseCaseWeight[]>()

  constructor(decisions: readonly AttributedDecision[] = []) {
    for (const d of decisions) this.add(d)
  }

  add(d: AttributedDecision): void {
    this.decisions.push(d)
    this.cacheDay = Number.NaN
  }

  get size(): number {
    return this.decisions.length
  }

  /** Use cases of a pair-day with weights summing to 1 (replenishment alone when no decision touches it). */
  weights(day: number, sku: string, location: string): readonly UseCaseWeight[] {
    if (day !== this.cacheDay) this.build(day)
    if (this.cache.size === 0) return REPLENISHMENT
    return this.cache.get(key(sku, location)) ?? this.cache.get(key(sku, ALL)) ?? REPLENISHMENT
  }

  private build(day: number): void {
    const live = new Map<string, AttributedDecision[]>()
    const chainWide = new Map<string, AttributedDecision[]>()
    for (const d of this.decisions) {
      if (day < d.day || day > d.day + d.horizon_days) continue
      if (d.locations === null) push(chainWide, d.sku, d)
      else for (const l of new Set(d.locations)) push(live, key(d.sku, l), d)
    }
    this.cache = new Map()
    for (const [k, ds] of live) {
      const sku = k.slice(0, k.indexOf('\u0000'))
      this.cache.set(k, split([...ds, ...(chainWide.get(sku) ?? [])]))
    }
    for (const [sku, ds] of chainWide) this.cache.set(key(sku, ALL), split(ds))
    this.cacheDay = day
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/** Split by estimated value per use case (equal when all are 0); use cases that get 0 are left out. */
export function split(decisions: readonly Pick<AttributedDecision, 'use_case' | 'value'>[]): UseCaseWeight[] {
  const byUseCase = new Map<UseCase, number>()
  for (const d of decisions) byUseCase.set(d.use_case, (byUseCase.get(d.use_case) ?? 0) + Math.max(0, Number.isFinite(d.value) ? d.value : 0))
  if (byUseCase.size === 0) return [...REPLENISHMENT]
  const total = [...byUseCase.values()].reduce((a, b) => a + b, 0)
  const out: UseCaseWeight[] = []
  for (const [use_case, v] of byUseCase) {
    const weight = total > 0 ? v / total : 1 / byUseCase.size
    if (weight > 0) out.push({ use_case, weight })
  }
  return out
}

/** A day's figures as table rows of one run: one row per use case of each pair-day, weighted. */
export function attribute(rows: readonly PairDayFigures[], day: number, policy: PolicyRun, attribution: Attribution): PairDayOutcome[] {
  const out: PairDayOutcome[] = []
  for (const r of rows) {
    for (const w of attribution.weights(day, r.sku, r.location)) {
      // Written out rather than spread: spreading 14,000 rows a day cost ten times as much.
      out.push({
        date: r.date, sku: r.sku, location: r.location, policy, use_case: w.use_case, weight: w.weight, demand: r.demand, sold: r.sold, lost: r.lost,
        revenue: r.revenue, cogs: r.cogs, lost_margin: r.lost_margin, inventory_units: r.inventory_units, inventory_cost: r.inventory_cost,
        carrying_cost: r.carrying_cost, expedite_cost: r.expedite_cost, transfer_cost: r.transfer_cost, markdown_cost: r.markdown_cost,
        writeoff_cost: r.writeoff_cost, receipts: r.receipts,
      })
    }
  }
  return out
}
