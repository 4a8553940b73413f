/**
 * Supplier delay agent.
 *
 * Mandate
 * - Trigger: a purchase order or receipt lands (po_lifecycle changes for the supplier), and once
 *   at the start of each business day (a PO turns late by the calendar, with no event at all).
 * - Reads: open POs (po_lifecycle: ordered, promised, not fully received); for each SKU-location
 *   an open PO feeds, d, on hand and unit margin (inventory_policies); for a PO at a DC, the stores
 *   the DC feeds (locations.parent) that carry the sku, with d, position, transfer lead time and
 *   margin, and the DC's own available stock; receipts' lead times per supplier (po_lifecycle:
 *   received - ordered); optionally alternative suppliers of a SKU.
 * - Raises: 'supplier_delay', per (supplier, SKU, location) for POs late past their promised date
 *   (the PO's own location, a DC's included; the stores short are named in the text), and per
 *   supplier (sku and location '') when its recent lead times drifted above its history.
 * - Recommends: 'expedite' the late PO (or the supplier's exposed open POs); 'reorder' the units
 *   short from an alternative supplier when one is given that lands before the delayed PO;
 *   'investigate' a drift that exposes no open PO (review the supplier's lead time).
 * - Autonomy: none. Expediting spends money and supplier goodwill, a reorder commits stock: no
 *   approval rule may run these without a person (procurement decides).
 *
 * Signal (one unit for both kinds, so one hysteresis rule): days of delay.
 * - Late PO: days past the promised date, counted only beyond the supplier's normal lateness
 *   (lib/agents/supplier-lateness.ts: tolerance = max(1 day, centre + 2 x sd), the spread taken from
 *   the receipts that came on or before their promise, which disruptions never touch); 0 while
 *   within it. Receipts without a promise fall back to 1.4826 x MAD of the lead times.
 * - Drift: recent mean lead time - history mean, counted only when the difference is significant:
 *   recent mean > history mean + 3 x SE, SE = sqrt(s_h^2 / n_h + s_r^2 / n_r) (Welch's standard error;
 *   one-sided p about 0.0013 under normal noise), with at least 5 recent and 10 history receipts and
 *   at least 1 day; 0 otherwise.
 *
 * Value at risk: expected margin lost while the PO is late, units short x unit margin, on the PO's
 * own shelf and, for a PO at a DC, at the stores the DC feeds that run short before the PO's stock
 * can reach them (lib/agents/supplier-delay-exposure.ts has the formulas). A PO already late has
 * a = 0 and H = its expected further delay: the supplier's revised date when given, else as long
 * again as it is late so far (the delay so far is the best guess of the delay to come), at most 28
 * days. Other receipts of the SKU-location are not counted (conservative).
 *
 * A late PO beyond its supplier's normal lateness alerts whatever its exposure: its units still
 * count as on order in every position, so no reorder replaces them while it stays open, and
 * procurement chases it whatever the shelves say. Its value at risk sets the severity, so one the
 * shelves cover is a low-severity card that says so. (Holding such a PO back until it was a week
 * overdue hid most real delays in bench:agents; alerting them all costs about 3 more alerts per
 * planner per day there, at 12 disruptions per supplier a year.)
 */
import type { AgentFinding, AlertType, HysteresisRule, Recommendation } from '../alerts/types'
import { downstreamText, exposureMaps, poShortfall, type Exposure } from './supplier-delay-exposure'
import { dayNumber, dateOfDay, MAD_TO_SD, mad, round, severityByValue } from './signals'
import { fmtMoneyAuto, fmtNum, listAnd, plural } from './wording'
import { latenessTolerance, normalLateness } from './supplier-lateness'
import { AGENT, DEFAULT_OPTIONS, namesAnd, windowsBySupplier, type LeadTimeWindows, type OpenPo, type SupplierDelayInput, type SupplierDelayOptions } from './supplier-delay-inputs'
import { decideLeadTimeDrift } from './supplier-drift'

export { AGENT, DEFAULT_OPTIONS, type AlternativeSource, type OpenPo, type Receipt, type SupplierDelayInput, type SupplierDelayOptions } from './supplier-delay-inputs'
export { decideLeadTimeDrift, leadTimeDrift } from './supplier-drift'
export { unitsShortWhileLate, downstreamShortfall, type DownstreamExposure, type Exposure } from './supplier-delay-exposure'

/**
 * Opens at 1 day of (gated) delay, clears below it. A late PO stays late until it is received, so
 * one evaluation opens; the drift test can flip as receipts land, so clearing waits for two.
 */
export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  supplier_delay: { open: 1, clear: 1, open_after: 1, clear_after: 2 },
}


const key = (sku: string, location: string) => `${sku}|${location}`

/** Each supplier's tolerance for a late PO, from its receipts of the drift windows (see the header). */
function tolerances(input: SupplierDelayInput, o: SupplierDelayOptions, windows: Map<string, LeadTimeWindows>): (supplier: string) => number {
  const today = dayNumber(input.today)
  const lateness = new Map<string, number[]>()
  for (const r of input.receipts ?? []) {
    const age = today - dayNumber(r.received_at)
    if (age < 0 || age >= o.recent_days + o.history_days || r.lateness_days == null) continue
    const list = lateness.get(r.supplier) ?? []
    list.push(r.lateness_days)
    lateness.set(r.supplier, list)
  }
  return (supplier) => {
    const given = input.lead_time_sd?.[supplier]
    if (given !== undefined) return Math.max(o.min_tolerance_days, o.tolerance_sd * given)
    const xs = lateness.get(supplier)
    if (xs?.length) return latenessTolerance(normalLateness(xs), o.tolerance_sd, o.min_tolerance_days)
    // No promises on the receipts: 1.4826 x MAD of the lead times, robust to a few past disruptions.
    const history = windows.get(supplier)?.history ?? []
    return Math.max(o.min_tolerance_days, o.tolerance_sd * (history.length ? MAD_TO_SD * mad(history) : 0))
  }
}

/** Findings for POs past their promised date, one per (supplier, SKU, location). */
export function decideLatePurchaseOrders(input: SupplierDelayInput): AgentFinding[] {
  const o = { ...DEFAULT_OPTIONS, ...input.options }
  const today = dayNumber(input.today)
  const maps = exposureMaps(input)
  const toleranceOf = tolerances(input, o, windowsBySupplier(input, o))
  const groups = new Map<string, OpenPo[]>()
  for (const po of input.open_pos) {
    if (!(po.qty > 0) || (po.received_qty ?? 0) > 0 || today - dayNumber(po.promised_date) < 1) continue
    const k = `${po.supplier}|${po.sku}|${po.location}`
    const g = groups.get(k)
    if (g) g.push(po)
    else groups.set(k, [po])
  }
  const findings: AgentFinding[] = []
  for (const pos of groups.values()) {
    const { supplier, sku, location } = pos[0]
    const tolerance = toleranceOf(supplier)
    const daysLate = Math.max(...pos.map((p) => today - dayNumber(p.promised_date)))
    const qty = pos.reduce((s, p) => s + p.qty, 0)
    const revised = pos.map((p) => (p.expected_date ? dayNumber(p.expected_date) - today : -1)).filter((x) => x >= 0)
    const horizon = Math.min(o.max_horizon_days, Math.max(1, revised.length ? Math.max(...revised) : daysLate))
    const x = poShortfall(maps, sku, location, qty, 0, horizon)
    const { e, value } = x
    const ids = listAnd(pos.map((p) => p.po_id))
    const poWord = pos.length === 1 ? 'PO' : 'POs'
    const cover = e && e.d > 0 ? `; ${fmtNum(Math.max(0, e.on_hand))} on hand at ${fmtNum(e.d, 1)} a day is ${fmtNum(Math.max(0, e.on_hand) / e.d, 1)} days of cover` : ''
    // A location that sells none itself (a DC with a policy row) is judged by its stores alone.
    const risk = e && (e.d > 0 || !x.down?.carrying)
      ? `, so about ${plural(x.own, 'unit')} (${fmtMoneyAuto(round(x.own * Math.max(0, e.unit_margin)), o.currency_symbol)} of margin) go unsold if it takes ${plural(horizon, 'more day', 'more days')}`
      : x.down?.carrying
        ? ''
        : '; no demand figures for this SKU-location, so the margin at risk is unknown'
    const fires = daysLate > tolerance
    const why =
      `${poWord} ${ids} from ${supplier} (${plural(qty, 'unit')} of ${sku} for ${location}) ${pos.length === 1 ? 'was' : 'were'} promised by ` +
      `${dateOfDay(today - daysLate)} and ${pos.length === 1 ? 'is' : 'are'} ${plural(daysLate, 'day')} late (normal lateness up to ${fmtNum(tolerance, 1)} days)${cover}${risk}.` +
      downstreamText(x.down, maps.dcStock.get(key(sku, location)) ?? 0, sku, location, horizon, o) +
      (fires && x.known && value <= 0
        ? ` No sale is at risk yet, but its units still count as on order, so nothing replaces them while it stays open.`
        : '')
    findings.push({
      type: 'supplier_delay',
      scope: { sku, location, channel: '', supplier },
      // Beyond normal lateness it alerts whatever it costs; the value at risk sets the severity.
      signal: fires ? daysLate : 0,
      severity: severityByValue(value, o.severity),
      value_at_risk: value,
      why,
      recommendation: lateRecommendation(input, o, { supplier, sku, location, ids, qty, horizon, daysLate, value, e, stores: x.down?.stores.map((s) => s.location) ?? [] }),
      // Stores' figures rest on the fair-share split of the DC's stock: a little less sure than a shelf's own.
      confidence: e ? 1 : x.down?.carrying ? 0.8 : 0.5,
      agent: AGENT.name,
      model_version: AGENT.model_version,
    })
  }
  return findings
}

function lateRecommendation(
  input: SupplierDelayInput,
  o: SupplierDelayOptions,
  g: { supplier: string; sku: string; location: string; ids: string; qty: number; horizon: number; daysLate: number; value: number; e: Exposure | undefined; stores: string[] },
): Recommendation {
  const alts = (input.alternatives ?? [])
    .filter((a) => a.sku === g.sku && (!a.location || a.location === g.location) && a.supplier !== g.supplier && a.lead_time_days < g.horizon)
    .sort((a, b) => a.lead_time_days - b.lead_time_days || a.unit_cost - b.unit_cost || a.supplier.localeCompare(b.supplier))
  const alt = alts[0]
  if (alt && g.e && g.e.d > 0) {
    // Units the alternative can save: the demand after it lands (and after stock runs out) until the PO comes.
    const t0 = Math.max(0, g.e.on_hand) / g.e.d
    const saved = Math.min(g.qty, g.e.d * Math.max(0, g.horizon - Math.max(alt.lead_time_days, t0)))
    const q = Math.ceil(saved - 1e-9)
    if (q > 0) {
      return {
        action: 'reorder',
        quantity: q,
        cost: round(q * alt.unit_cost),
        value: round(saved * Math.max(0, g.e.unit_margin)),
        summary: `Order ${plural(q, 'unit')} of ${g.sku} for ${g.location} from ${alt.supplier} (lead time ${plural(alt.lead_time_days, 'day')}) to cover the late ${g.ids}`,
      }
    }
  }
  return {
    action: 'expedite',
    quantity: g.qty,
    cost: round(g.qty * o.expedite_cost_per_unit),
    value: g.value,
    summary:
      `Ask ${g.supplier} to expedite ${g.ids} (${plural(g.qty, 'unit')} of ${g.sku} for ${g.location}), ${plural(g.daysLate, 'day')} late` +
      (g.stores.length ? `: ${namesAnd(g.stores, 3)} run short first` : ''),
  }
}

/** Both kinds: late POs per (supplier, SKU, location), then lead-time drift per supplier. */
export function decideSupplierDelay(input: SupplierDelayInput): AgentFinding[] {
  return [...decideLatePurchaseOrders(input), ...decideLeadTimeDrift(input)]
}
