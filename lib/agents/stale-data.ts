/**
 * Stale-data agent.
 *
 * Mandate
 * - Trigger: every few minutes (a job scheduler), since silence produces no event to react to.
 * - Reads: per feed (source x event type) the time its events last landed and its usual cadence,
 *   the median gap between its flushes (ingest_flushes), over a window long enough to hold several
 *   gaps of the slowest feed: /data's one day is too short for a nightly ERP file.
 * - Raises: 'stale_data', one per feed, scope.feed = '<source>/<event type>' (sku, location,
 *   channel, supplier '').
 * - Recommends: 'investigate' (check the feed); nothing else.
 * - Autonomy: none needed: investigating moves nothing; the alert is the product.
 *
 * The judgement is /data's (lib/ingest-freshness.ts): late past 3 usual gaps (at least 2 min),
 * silent past 10 (at least 15 min). signal: 0 fresh, 1 late, 2 silent. Opens when silent; clears
 * when fresh again. A feed with no usual cadence yet (fewer than two flushes) is not judged: one
 * flush says nothing about when the next is due.
 * Its `why` names the figures not to trust until the feed is back (FIGURES_BY_EVENT_TYPE).
 * value_at_risk is 0: silence loses no money by itself; severity says how much rests on the feed.
 */
import type { ActionKind, AgentFinding, AlertType, HysteresisRule, Severity } from '../alerts/types'
import { freshnessLimits, judgeFreshness } from '../ingest-freshness'
import { shrinkageWeight } from '../policy/lead-time'
import { round } from './signals'
import { listAnd } from './wording'

export const AGENT = {
  name: 'stale-data',
  model_version: 'stale-data/1',
  alert_types: ['stale_data'],
  actions: ['investigate'],
} as const satisfies { name: string; model_version: string; alert_types: readonly AlertType[]; actions: readonly ActionKind[] }

/**
 * Opens at 2 (silent) on one evaluation: silent already means 10 usual gaps and at least 15 min.
 * Clears below 1 (fresh, not merely late) twice in a row: one flush after an outage is not yet a
 * feed that is back.
 */
export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  stale_data: { open: 2, clear: 1, open_after: 1, clear_after: 2 },
}

/** What not to trust while a feed of this event type is quiet (event types of lib/events/schema.ts). */
export const FIGURES_BY_EVENT_TYPE: Readonly<Record<string, readonly string[]>> = {
  sale: [
    'units sold and revenue tiles and trends',
    'forecasts and what is built on them (stockout risk, days of cover, order recommendations)',
    'phantom inventory alerts (no sales look like an empty shelf)',
    'sell-through and forecast deviation alerts',
  ],
  return: ['net units and revenue', 'on hand where resellable returns restock'],
  inventory_snapshot: ['on hand', 'stockout risk and days of cover', 'in-stock rate', 'phantom inventory alerts', 'order and transfer recommendations'],
  inventory_movement: ['on hand (receipts, transfers, write-offs, counts)', 'stockout risk and days of cover', 'shrink spike alerts'],
  purchase_order: ['on order and inventory position', 'order recommendations', 'supplier delay and expedite alerts'],
  po_receipt: ['lead times and safety stock', 'supplier delay alerts (received POs still look late)', 'on order'],
  transfer: ['stock in transit and inventory position', 'transfer recommendations'],
  price_change: ['margin figures (expected lost margin, value at risk)', 'revenue per unit', 'markdown exposure'],
  promotion: ['forecasts over promotion days', 'channel allocation alerts'],
  external_signal: ['forecasts that use weather and local events'],
  product: ['prices, costs and margins of new or changed products', 'case packs and minimum order quantities', 'category roll-ups'],
  location: ['new locations and regional roll-ups'],
  supplier: ['new suppliers and their lead times'],
  customer: ['customer segments, lifetime value and churn'],
}

/** How much rests on a feed of each type while it is silent; one step more after a day of silence. */
const BASE_SEVERITY: Readonly<Record<string, Severity>> = {
  sale: 'high',
  inventory_snapshot: 'high',
  inventory_movement: 'high',
  purchase_order: 'medium',
  po_receipt: 'medium',
  return: 'medium',
  transfer: 'medium',
  price_change: 'medium',
}
const ESCALATE_AFTER_MS = 86_400_000

export interface FeedStatus {
  /** The ingest source (API key name, 'simulator', 'csv-import'). */
  source: string
  /** Event type: 'sale', 'inventory_snapshot', ... */
  type: string
  /** When its events last landed (ISO), null if never. */
  last_landed_at: string | null
  /** Usual gap between its flushes, ms; 0 when unknown. */
  cadence_ms: number
  /** Gaps the cadence is the median of, for the confidence; absent counts as plenty. */
  cadence_samples?: number
}

export interface StaleDataInput {
  /** ISO instant of the evaluation. */
  now: string
  feeds: readonly FeedStatus[]
}

/** 45 s, 12 min, 3 h 20 min, 2 d 4 h. */
export function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`
}

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical']

/** One finding per feed with a usual cadence, whatever its freshness (signal 0 fresh, 1 late, 2 silent). */
export function decideStaleData(input: StaleDataInput): AgentFinding[] {
  const now = Date.parse(input.now)
  const findings: AgentFinding[] = []
  for (const f of input.feeds) {
    if (!(f.cadence_ms > 0)) continue
    const state = judgeFreshness(f.last_landed_at, f.cadence_ms, now)
    const signal = state === 'silent' ? 2 : state === 'late' ? 1 : 0
    const age = f.last_landed_at ? now - Date.parse(f.last_landed_at) : Infinity
    const { late_ms, silent_ms } = freshnessLimits(f.cadence_ms)
    const feed = `${f.source}/${f.type}`
    const figures = FIGURES_BY_EVENT_TYPE[f.type] ?? [`figures built on ${f.type.replace(/_/g, ' ')} events`]
    const events = `${f.type.replace(/_/g, ' ')} events`
    const quiet = Number.isFinite(age) ? `for ${fmtDuration(age)}` : 'ever'
    const usual = `usual gap ${fmtDuration(f.cadence_ms)}; late past ${fmtDuration(late_ms)}, silent past ${fmtDuration(silent_ms)}`
    const why =
      state === 'fresh'
        ? `${f.source} sends ${events} as usual: last ${fmtDuration(age)} ago (${usual}).`
        : state === 'late'
          ? `No ${events} from ${f.source} ${quiet} (${usual}): late, not yet silent.`
          : `No ${events} from ${f.source} ${quiet} (${usual}). Until it is back, do not trust: ${listAnd(figures)}.`
    let severity: Severity = state === 'fresh' ? 'low' : (BASE_SEVERITY[f.type] ?? 'low')
    if (state === 'silent' && age > ESCALATE_AFTER_MS) severity = ORDER[Math.min(ORDER.length - 1, ORDER.indexOf(severity) + 1)]
    findings.push({
      type: 'stale_data',
      scope: { sku: '', location: '', channel: '', supplier: '', feed },
      signal,
      severity,
      value_at_risk: 0,
      why,
      recommendation: {
        action: 'investigate',
        quantity: 0,
        cost: 0,
        value: 0,
        summary: state === 'fresh' ? `Nothing to check: ${feed} is fresh` : `Check the ${feed} feed: no ${events} ${quiet}`,
      },
      confidence: f.cadence_samples === undefined ? 1 : round(shrinkageWeight(f.cadence_samples, 5), 3),
      agent: AGENT.name,
      model_version: AGENT.model_version,
    })
  }
  return findings
}
