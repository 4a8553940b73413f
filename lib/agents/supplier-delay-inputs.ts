/**
 * The supplier-delay agent's vocabulary, shared by its two decisions (late POs: supplier-delay.ts;
 * lead-time drift: supplier-drift.ts): its descriptor, inputs and options, each supplier's receipts
 * split into the drift windows, and the way a card names stores. The mandate: supplier-delay.ts.
 */
import type { ActionKind, AlertType } from '../alerts/types'
import type { DownstreamExposure, Exposure } from './supplier-delay-exposure'
import { dayNumber, DEFAULT_SEVERITY_BY_VALUE, type SeverityThresholds } from './signals'
import { listAnd, plural } from './wording'
import { currencySymbol } from '@/lib/money'

export const AGENT = {
  name: 'supplier-delay',
  model_version: 'supplier-delay/1',
  alert_types: ['supplier_delay'],
  actions: ['expedite', 'reorder', 'investigate'],
} as const satisfies { name: string; model_version: string; alert_types: readonly AlertType[]; actions: readonly ActionKind[] }


export interface OpenPo {
  po_id: string
  supplier: string
  sku: string
  location: string
  /** Units still to arrive (ordered - received). */
  qty: number
  /** ISO instant or YYYY-MM-DD. */
  ordered_at: string
  /** Promised arrival, YYYY-MM-DD or ISO instant (its UTC day). */
  promised_date: string
  /** The supplier's revised arrival date, when it sent one. */
  expected_date?: string
  /**
   * Units received so far. A PO part of which has arrived was delivered short, not late: it is not
   * judged late (no event closes a PO, so a short shipment's remainder would stay "late" for ever).
   */
  received_qty?: number
}

export interface Receipt {
  supplier: string
  /** ISO instant or YYYY-MM-DD. */
  received_at: string
  /** received - ordered, days. */
  lead_time_days: number
  /** received day - promised day (days; negative when early), when the PO carried a promise. */
  lateness_days?: number | null
}

export interface AlternativeSource {
  supplier: string
  sku: string
  /** Absent or '': delivers to any location. */
  location?: string
  lead_time_days: number
  unit_cost: number
}

export interface SupplierDelayOptions {
  /** Lateness within tolerance_sd x the supplier's lead-time sd (and min_tolerance_days) is normal. */
  tolerance_sd: number
  min_tolerance_days: number
  /** Cap on the expected further delay of a late PO. */
  max_horizon_days: number
  /** Receipts in the last recent_days are "recent"; the history_days before them are the history. */
  recent_days: number
  history_days: number
  min_recent: number
  min_history: number
  /** Drift is significant when recent mean > history mean + k_se x SE. */
  k_se: number
  min_drift_days: number
  /** Fee per unit to expedite, for the recommendation's cost. */
  expedite_cost_per_unit: number
  severity: SeverityThresholds
  /** Written before money in the text. */
  currency_symbol: string
  /** Stores named on a card; the rest are counted. */
  max_named: number
}

export const DEFAULT_OPTIONS: SupplierDelayOptions = {
  tolerance_sd: 2,
  min_tolerance_days: 1,
  max_horizon_days: 28,
  recent_days: 28,
  history_days: 182,
  min_recent: 5,
  min_history: 10,
  k_se: 3,
  min_drift_days: 1,
  expedite_cost_per_unit: 0,
  severity: DEFAULT_SEVERITY_BY_VALUE,
  /** The deployment's currency (config CURRENCY), read when the options are. */
  get currency_symbol() {
    return currencySymbol()
  },
  max_named: 5,
}

export interface SupplierDelayInput {
  /** The business day judged, YYYY-MM-DD. */
  today: string
  open_pos: readonly OpenPo[]
  exposure: readonly Exposure[]
  /** Stores fed by transfer from the locations of the open POs (a DC's children), per sku. */
  downstream?: readonly DownstreamExposure[]
  /** What a feeding location (DC) holds available of a sku now (on hand - reserved). */
  dc_stock?: readonly { sku: string; location: string; available: number }[]
  /** Receipts with their lead times, for the drift test and each supplier's normal lateness. */
  receipts?: readonly Receipt[]
  /**
   * Lead-time sd per supplier (days), to use instead of what the receipts say (normal lateness
   * then centred on the promise).
   */
  lead_time_sd?: Readonly<Record<string, number>>
  alternatives?: readonly AlternativeSource[]
  options?: Partial<SupplierDelayOptions>
}


export interface LeadTimeWindows {
  recent: { day: number; lead: number }[]
  history: number[]
}

export function windowsBySupplier(input: SupplierDelayInput, o: SupplierDelayOptions): Map<string, LeadTimeWindows> {
  const today = dayNumber(input.today)
  const out = new Map<string, LeadTimeWindows>()
  for (const r of input.receipts ?? []) {
    const age = today - dayNumber(r.received_at)
    if (age < 0 || !Number.isFinite(r.lead_time_days)) continue
    let w = out.get(r.supplier)
    if (!w) out.set(r.supplier, (w = { recent: [], history: [] }))
    if (age < o.recent_days) w.recent.push({ day: today - age, lead: r.lead_time_days })
    else if (age < o.recent_days + o.history_days) w.history.push(r.lead_time_days)
  }
  return out
}

/** "A, B and C", or "A, B, C and 4 more stores" past `max`. */
export const namesAnd = (stores: readonly string[], max: number) =>
  stores.length > max ? `${stores.slice(0, max).join(', ')} and ${plural(stores.length - max, 'more store')}` : listAnd(stores)
