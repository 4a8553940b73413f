/**
 * Full recompute of forecasts, inventory policies and stockout risk, location by location:
 * ClickHouse sums the daily series (rollups), the main thread packs them into TypedArrays, a pool
 * of worker threads runs the pure planning math (lib/planning/compute.ts), and the results land
 * in `forecasts`, `inventory_policies` and the board's `planning_rollup`. Two locations are in
 * flight at once, so reads, computation and writes overlap.
 *
 * Read once per run, before the locations: products (categories, new items), lead times,
 * promotions of the window (lib/planning/promotions.ts), the seasonal factors per category x
 * channel from `category_daily` (lib/planning/seasonality.ts), which a full run then extends with
 * its own window's totals, and each sku x channel's total over the locations, forecast once on the
 * pool, for the pooled level every location's forecasts blend in (lib/planning/pooled-level.ts).
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { Echelon } from './echelon'
import { HISTORY_DAYS, HORIZON_DAYS, stockLookbackStart, type LeadTimeSource, type SeriesBlock, type SeriesForecast, type SkuPlan, type SkuState } from '@/lib/planning/compute'
import { RowBinaryWriter } from '@/lib/clickhouse/row-binary'
import { PromotionIndex, type PromoSpans } from '@/lib/planning/promotions'
import { PooledTotals } from '@/lib/planning/pooled-level'
import { SEASONALITY_LOOKBACK_DAYS, addSeasonTotals, seasonKey, seasonPathsOf, seasonalLogs, splitSeasonKey } from '@/lib/planning/seasonality'
import {
  backfillCategoryDaily, categoryDaily, leadTimeStats, planningLocations, poolTotals, productAttrs, promotionWindows, seriesWindow, skuStates, stockoutDays, transferLeadTimes,
} from '@/lib/clickhouse/queries/planning-inputs'
import { rebuildRollup, writeRiskTop } from '@/lib/clickhouse/queries/planning'
import { shrinkLeadTime, type LeadTimeStats } from '@/lib/policy/lead-time'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import { ComputePool } from './pool'
import { RecomputeSignals, type SignalStats } from './signals'
import type { MakePacker } from './signals-backfill'
import { locationZones } from '@/lib/clickhouse/queries/kpis'
import { UTC, localDate } from '@/lib/time/zone'

const DAY_MS = 86_400_000

/** Receipts needed before a location's transfer lead time is used instead of its suppliers'. */
const MIN_TRANSFERS = 5

/** Used when no purchase order has ever been received. */
export const DEFAULT_LEAD_TIME = { mean_days: 7, sd_days: 2 }

export interface RecomputeProgress {
  done: number
  total: number
  location?: string
  series: number
}

export interface RecomputeResult {
  run_id: string
  locations: number
  series: number
  /** Series whose forecast a promotion changed (a planned one, or the dip after a recent one). */
  promoted_series: number
  skus: number
  ms: number
  /** pool_ms: the pooled level's group totals, read and forecast while the first locations are read (only packing waits for them). */
  timings: { read_ms: number; compute_ms: number; write_ms: number; pool_ms: number }
  /** External signals: learning, and the category x location forecasts they moved (signals.ts). */
  signals?: SignalStats
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export async function runRecompute(
  ch: ClickHouse,
  opts: { today?: Date; onProgress?: (p: RecomputeProgress) => void | Promise<void>; threads?: number; locations?: string[] } = {},
): Promise<RecomputeResult> {
  const t0 = Date.now()
  const runId = randomUUID()
  const todayMs = Date.UTC(...(((d) => [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()])(opts.today ?? new Date()) as [number, number, number]))
  const to = day(todayMs)
  const from = day(todayMs - HISTORY_DAYS * DAY_MS)
  const since = stockLookbackStart(todayMs)
  const client = ch.heavy
  // Each location's business day (its own zone): the run-out dates of its plans count from it.
  const nowMs = (opts.today ?? new Date()).getTime()
  const zones = await locationZones(client, nowMs)

  // Learning the signal effects (CPU) overlaps the reads below (signals.ts). An empty state is
  // filled from history first (signals-backfill.ts), past windows packed as this run packs its own.
  const signalsLoading = RecomputeSignals.load(ch, todayMs, blockPacker)
  // Handled here too, so a failed read below does not leave it rejected with nobody listening.
  signalsLoading.catch(() => undefined)
  const [locRows, attrs, leadRows, transferRows, promoRows] = await Promise.all([
    opts.locations ? Promise.resolve(opts.locations.map((location) => ({ location }))) : planningLocations(client, { from }),
    productAttrs(client, {}),
    leadTimeStats(client, {}),
    transferLeadTimes(client, { since }),
    promotionWindows(client, { from, days: HISTORY_DAYS + HORIZON_DAYS }),
  ])
  // DCs go last, planned on their children's demand (echelon.ts).
  const echelon = await Echelon.of(client, locRows.map((r) => r.location), !!opts.locations)
  const locations = echelon.phases.flat()
  const attrBySku = new Map(attrs.map((a) => [a.sku, a]))
  const catalogue = new Catalogue(attrs)
  const promotions = new PromotionIndex(promoRows, HISTORY_DAYS + HORIZON_DAYS)
  const season = await readSeason(client, todayMs)
  const signals = await signalsLoading
  // This run's window, summed per category x channel as the blocks are read: the next runs' seasonality state.
  const windowTotals = new Map<string, Float64Array>()
  const supplierLead = leadTimeIndex(leadRows)
  const transferLead = new Map(transferRows.filter((r) => r.n >= MIN_TRANSFERS).map((r) => [r.location, r]))
  // A location replenished by transfers (a store from its DC) plans on the transfer lead time.
  const lead = (supplier: string, location: string): LeadTime => {
    const t = transferLead.get(location)
    return t ? { lead_time_days: t.mean_days, sd_lead_time_days: t.sd_days, lead_time_source: 'transfer' } : { ...supplierLead(supplier, location), lead_time_source: 'supplier' }
  }

  const pool = new ComputePool(opts.threads ?? Math.max(1, Math.min(2, os.availableParallelism())))
  const timings = { read_ms: 0, compute_ms: 0, write_ms: 0, pool_ms: 0 }
  let series = 0
  let promoted = 0
  let skus = 0
  try {
    // The pooled level's totals are read and forecast while the first locations are read: only
    // packing a block waits for them.
    const tp = Date.now()
    const pooledReady = readPooledTotals(client, pool, { from, to }, { catalogue, season, promotions }).then((p) => {
      timings.pool_ms = Date.now() - tp
      return p
    })
    pooledReady.catch(() => undefined)
    const read = async (location: string) => {
      const t = Date.now()
      const [rows, stockouts, states] = await Promise.all([
        seriesWindow(client, { location, from, to }),
        stockoutDays(client, { location, from, to }),
        skuStates(client, { location, since }),
      ])
      timings.read_ms += Date.now() - t
      const block = toBlock(rows, stockouts, to, { promos: promotions.spansAt(location, rows), catalogue, season, pooled: await pooledReady })
      block.downstream = echelon.downstreamOf(location)
      block.business_day = localDate(nowMs, zones.get(location) ?? UTC)
      addSeasonTotals(windowTotals, catalogue.categories, block.category!, block.channels, block.demand, HISTORY_DAYS)
      signals.prepare(location, block)
      return { location, block, states: toStates(states, rows, attrBySku, lead, location) }
    }
    // Two locations in flight at once, each read -> compute -> write: reads queue on the `heavy`
    // connection, writes on `bulk`, computation on the thread pool, so all three overlap.
    let cursor = 0
    let done = 0
    let phase: string[] = []
    const runner = async () => {
      while (cursor < phase.length) {
        const current = await read(phase[cursor++])
        const tc = Date.now()
        const { forecasts, plans, cells } = await pool.run(current.block, current.states)
        echelon.add(current.location, plans, forecasts)
        signals.keep(current.location, cells)
        timings.compute_ms += Date.now() - tc
        series += forecasts.length
        for (const f of forecasts) if (f.promo_applied) promoted++
        skus += plans.length
        const computedAt = new Date().toISOString()
        const tw = Date.now()
        await ch.insertRowBinary('bulk', 'forecasts', FORECAST_STRUCTURE, forecastRows(current.location, to, forecasts, runId, Date.parse(computedAt)))
        await ch.insertCompact('bulk', 'inventory_policies', POLICY_COLUMNS, plans.map((p) => POLICY_FIELDS.map((k) => p[k]).concat([current.location, runId, computedAt])))
        await rebuildRollup(ch.bulk, current.location, STOCKOUT_RISK_THRESHOLD)
        await writeRiskTop(ch, current.location, plans, computedAt)
        timings.write_ms += Date.now() - tw
        await opts.onProgress?.({ done: ++done, total: locations.length, location: current.location, series })
      }
    }
    for (const locs of echelon.phases) {
      phase = locs
      cursor = 0
      await Promise.all([runner(), runner()])
    }
    if (!opts.locations) await writeCategoryDaily(ch, windowTotals, todayMs)
    await signals.write(ch, runId, !opts.locations)
  } finally {
    await pool.close()
  }
  return { run_id: runId, locations: locations.length, series, promoted_series: promoted, skus, ms: Date.now() - t0, timings, signals: signals.stats }
}

/** The forecasts table's columns as the recompute writes them (RowBinary: order and types matter). */
const FORECAST_STRUCTURE = [
  ['location', 'String'], ['sku', 'String'], ['channel', 'String'], ['model', 'String'], ['model_version', 'String'], ['start_date', 'Date'],
  ['mean', 'Array(Float32)'], ['lower', 'Array(Float32)'], ['upper', 'Array(Float32)'], ['d', 'Float32'], ['sd_d', 'Float32'], ['censoring_factor', 'Float32'], ['segment', 'String'],
  ['run_id', 'String'], ['computed_at', "DateTime64(3, 'UTC')"],
] as const

/** A location's forecasts as RowBinary rows of FORECAST_STRUCTURE; paths rounded to cents (plenty for a forecast). */
export function forecastRows(location: string, startDate: string, forecasts: SeriesForecast[], runId: string, computedAtMs: number): Buffer {
  const w = new RowBinaryWriter()
  for (const f of forecasts) {
    w.string(location).string(f.sku).string(f.channel).string(f.model).string(f.model_version).date(startDate)
    w.float32Array(f.mean, 2).float32Array(f.lower, 2).float32Array(f.upper, 2).float32(f.d).float32(f.sd_d).float32(f.censoring_factor).string(f.segment)
    w.string(runId).dateTime64ms(computedAtMs)
  }
  return w.take()
}

const POLICY_FIELDS = [
  'sku', 'category', 'supplier', 'model', 'model_version', 'd', 'sd_d', 'lead_time_days', 'sd_lead_time_days', 'lead_time_source', 'service_level', 'z', 'abc', 'xyz',
  'safety_stock', 'reorder_point', 'order_up_to', 'recommended_order_qty', 'case_pack', 'moq', 'on_hand', 'on_order', 'reserved', 'position',
  'unit_price', 'unit_cost', 'stockout_probability', 'days_of_cover', 'projected_stockout_date', 'expected_lost_margin', 'sold_28d', 'est_lost_28d', 'markdown_exposure',
] as const satisfies readonly (keyof SkuPlan)[]
const POLICY_COLUMNS = [...POLICY_FIELDS, 'location', 'run_id', 'computed_at']

/** Category codes and new-item flags of the products, for packing blocks. */
export class Catalogue {
  readonly categories: string[] = []
  private readonly code = new Map<string, number>()
  private readonly bySku = new Map<string, { category: number; isNew: boolean }>()

  constructor(attrs: readonly { sku: string; category: string; lifecycle?: string }[]) {
    for (const a of attrs) {
      let c = this.code.get(a.category)
      if (c === undefined) {
        c = this.categories.length
        this.categories.push(a.category)
        this.code.set(a.category, c)
      }
      this.bySku.set(a.sku, { category: c, isNew: a.lifecycle === 'new' })
    }
  }

  category(sku: string): number {
    return this.bySku.get(sku)?.category ?? -1
  }

  isNew(sku: string): boolean {
    return this.bySku.get(sku)?.isNew ?? false
  }
}

/**
 * Dense history per series; days not in the rollup sold nothing. With a catalogue, each series
 * carries its category and new-item flag; with promotion spans, its promotion days.
 */
export function toBlock(
  rows: { sku: string; channel: string; days: number[]; units: number[] }[],
  stockouts: { sku: string; days: number[] }[],
  startDate: string,
  extra: { promos?: PromoSpans; catalogue?: Catalogue; season?: Map<string, Float64Array>; pooled?: PooledTotals } = {},
): SeriesBlock {
  const H = HISTORY_DAYS
  const n = rows.length
  const demand = new Float64Array(n * H)
  const censored = new Uint8Array(n * H)
  const outBySku = new Map(stockouts.map((s) => [s.sku, s.days]))
  rows.forEach((r, i) => {
    // A day may come in several rows (rollup parts not merged yet): they add up.
    for (let k = 0; k < r.days.length; k++) if (r.days[k] < H) demand[i * H + r.days[k]] += r.units[k]
    // A stockout day is censored even when it still sold: the shelf ran out, so its sales are a
    // floor on demand, not demand (as the full pipeline always read it; bench:forecast, recompute
    // line on the simulator: WAPE 0.674 -> 0.656 against keeping the days that sold).
    for (const dd of outBySku.get(r.sku) ?? []) if (dd < H) censored[i * H + dd] = 1
  })
  const block: SeriesBlock = { start_date: startDate, history_days: H, skus: rows.map((r) => r.sku), channels: rows.map((r) => r.channel), demand, censored }
  const cat = extra.catalogue
  if (cat) {
    block.category = Int32Array.from(rows, (r) => cat.category(r.sku))
    block.categories = cat.categories
    block.new_item = Uint8Array.from(rows, (r) => (cat.isNew(r.sku) ? 1 : 0))
  }
  if (extra.promos) block.promos = extra.promos
  if (cat && extra.season?.size) {
    block.season = seasonPathsOf(
      rows.map((r, i) => (block.category![i] >= 0 ? seasonKey(cat.categories[block.category![i]], r.channel) : undefined)),
      extra.season,
    )
  }
  const pooled = extra.pooled?.levelFor(rows)
  if (pooled) block.pooled = pooled
  return block
}

/** Packs past windows for the signal state's backfill (signals-backfill.ts) as toBlock packs this run's. */
export const blockPacker: MakePacker = (attrs) => {
  const catalogue = new Catalogue(attrs)
  return (rows, stockouts, start, promos) => toBlock(rows, stockouts, start, { promos, catalogue })
}

/**
 * The pooled level's group totals (lib/planning/pooled-level.ts): each sku x channel's units over
 * the locations, packed like a block (seasonal factors, promotion days at any location)
 * and forecast once, on the pool.
 */
async function readPooledTotals(
  client: ClickHouse['heavy'],
  pool: ComputePool,
  range: { from: string; to: string },
  extra: { catalogue: Catalogue; season: Map<string, Float64Array>; promotions: PromotionIndex },
): Promise<PooledTotals> {
  const rows = await poolTotals(client, range)
  const groups = toBlock(rows, [], range.to, { catalogue: extra.catalogue, season: extra.season, promos: extra.promotions.spansAnywhere(rows) })
  return new PooledTotals(groups, await pool.forecastTotals(groups, HORIZON_DAYS), HORIZON_DAYS)
}

/**
 * Seasonal log factors per category x channel over the window [today - HISTORY_DAYS, today +
 * HORIZON_DAYS), from `category_daily` before the window (lib/planning/seasonality.ts); filled from
 * sales_daily first when it holds nothing there yet.
 */
async function readSeason(client: ClickHouse['heavy'], todayMs: number): Promise<Map<string, Float64Array>> {
  const windowFromMs = todayMs - HISTORY_DAYS * DAY_MS
  const startMs = windowFromMs - SEASONALITY_LOOKBACK_DAYS * DAY_MS
  const range = { from: day(startMs), to: day(windowFromMs) }
  let rows = await categoryDaily(client, range)
  if (rows.length === 0) {
    await backfillCategoryDaily(client, range)
    rows = await categoryDaily(client, range)
  }
  // A day without a row is unknown (before the data began), not a day that sold nothing.
  const totals = new Map<string, Float64Array>()
  const known = new Map<string, Uint8Array>()
  for (const r of rows) {
    const key = seasonKey(r.category, r.channel)
    let t = totals.get(key)
    if (!t) {
      totals.set(key, (t = new Float64Array(SEASONALITY_LOOKBACK_DAYS)))
      known.set(key, new Uint8Array(SEASONALITY_LOOKBACK_DAYS))
    }
    if (r.offset < SEASONALITY_LOOKBACK_DAYS) {
      t[r.offset] = r.units
      known.get(key)![r.offset] = 1
    }
  }
  return seasonalLogs(totals, SEASONALITY_LOOKBACK_DAYS, HISTORY_DAYS + HORIZON_DAYS, startMs, known)
}

/** This run's window totals per category x channel into `category_daily` (a full run only: a partial one saw some locations). */
async function writeCategoryDaily(ch: ClickHouse, totals: Map<string, Float64Array>, todayMs: number): Promise<void> {
  const from = todayMs - HISTORY_DAYS * DAY_MS
  const at = new Date().toISOString()
  const rows: unknown[][] = []
  for (const [key, t] of totals) {
    const { category, channel } = splitSeasonKey(key)
    for (let d = 0; d < t.length; d++) rows.push([category, channel, day(from + d * DAY_MS), t[d], at])
  }
  if (rows.length) await ch.insertCompact('bulk', 'category_daily', ['category', 'channel', 'day', 'units', 'computed_at'], rows)
}

type LeadTime = { lead_time_days: number; sd_lead_time_days: number; lead_time_source: LeadTimeSource }

type Attr = { category: string; supplier: string; price: number; unit_cost: number; case_pack: number; moq: number; season_end: string; lifecycle?: string }

function toStates(
  states: { sku: string; on_hand: number; reserved: number; on_order: number; receipts: [string, number][]; category: string; supplier: string; price: number; unit_cost: number; case_pack: number; moq: number; season_end: string }[],
  rows: { sku: string }[],
  attrs: Map<string, Attr>,
  lead: (supplier: string, location: string) => LeadTime,
  location: string,
): SkuState[] {
  const out = new Map<string, SkuState>()
  const make = (sku: string, a: Attr | undefined, stock?: { on_hand: number; reserved: number; on_order: number; receipts: [string, number][] }): SkuState => ({
    sku,
    category: a?.category ?? '',
    supplier: a?.supplier ?? '',
    unit_price: a?.price ?? 0,
    unit_cost: a?.unit_cost ?? 0,
    case_pack: Math.max(1, a?.case_pack ?? 1),
    moq: Math.max(1, a?.moq ?? 1),
    season_end: a?.season_end && !a.season_end.startsWith('1970') ? a.season_end : null,
    on_hand: stock?.on_hand ?? 0,
    reserved: stock?.reserved ?? 0,
    on_order: stock?.on_order ?? 0,
    receipts: (stock?.receipts ?? []).map(([date, qty]) => ({ date, qty })),
    ...lead(a?.supplier ?? '', location),
    is_new: attrs.get(sku)?.lifecycle === 'new',
  })
  for (const s of states) out.set(s.sku, make(s.sku, s.category ? s : attrs.get(s.sku), s))
  for (const r of rows) if (!out.has(r.sku)) out.set(r.sku, make(r.sku, attrs.get(r.sku)))
  return [...out.values()]
}

/** Lead time per supplier x location, shrunk toward the supplier's and then the global figures. */
export function leadTimeIndex(rows: { supplier: string; location: string; all_suppliers: number; all_locations: number; n: number; mean_days: number; sd_days: number }[]) {
  const global = rows.find((r) => r.all_suppliers && r.all_locations)
  const g = global && global.n > 0 ? { mean_days: global.mean_days, sd_days: global.sd_days } : DEFAULT_LEAD_TIME
  const bySupplier = new Map<string, LeadTimeStats>()
  const byPair = new Map<string, LeadTimeStats>()
  for (const r of rows) {
    const stats = { mean_days: r.mean_days, sd_days: r.sd_days, n: r.n }
    if (!r.all_suppliers && r.all_locations) bySupplier.set(r.supplier, stats)
    else if (!r.all_suppliers && !r.all_locations) byPair.set(`${r.supplier}\0${r.location}`, stats)
  }
  const none: LeadTimeStats = { mean_days: 0, sd_days: 0, n: 0 }
  return (supplier: string, location: string) => {
    const est = shrinkLeadTime(byPair.get(`${supplier}\0${location}`) ?? none, bySupplier.get(supplier) ?? none, g)
    return { lead_time_days: est.lead_time_days, sd_lead_time_days: est.sd_lead_time_days }
  }
}
