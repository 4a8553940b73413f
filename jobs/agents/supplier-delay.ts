/**
 * The supplier-delay agent's worker side (its mandate and decisions: lib/agents/supplier-delay.ts;
 * the exposure maths: lib/agents/supplier-delay-exposure.ts).
 *
 * Mandate (worker)
 * - Trigger: the sweep. Late POs per location: every location with policies (the sweep's loop), then
 *   the DCs, which have none (supplierDelayAtFeeders, after the loop). Lead-time drift once per sweep
 *   across suppliers (leadTimeDriftEvaluations, after the loop).
 * - Reads: the receipts of the last 210 days per supplier (once per sweep: each supplier's normal
 *   lateness against its promises, and the drift test); the location's open POs; its latest policy rows (own exposure: d, on hand - reserved,
 *   unit price - unit cost); for a location that feeds others (a DC), its children's latest policy
 *   rows of the late skus (d, position, transfer lead time, margin) and its own available stock of
 *   them (snapshots and movements: a DC has no policy rows). Drift: the receipts' lead times
 *   (first receipt - order, whole days), then the open POs of the drifting suppliers and the same
 *   exposure reads for their locations.
 * - Raises: 'supplier_delay' per (supplier, sku, location) of a late PO, naming the PO, and per
 *   supplier (sku and location '') for a drift, naming the POs and the stores they leave short.
 * - A PO late beyond its supplier's normal lateness alerts whatever its exposure (a DC's whose stores
 *   are all covered too, at low severity): its units still count as on order in every position.
 * - A PO part of which has arrived is a short shipment, not a delay: not judged late, and not an
 *   exposed PO of a drifting supplier (nothing closes a PO, so its remainder would stay open for ever).
 * - Clearing: a signal-0 evaluation for every active supplier-delay alert whose scope was not judged
 *   (the PO received, the drift no longer measurable), so hygiene clears it.
 * - Recommends: 'expedite', 'reorder' from an alternative, 'investigate' (as the pure side decides).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { childLocationsOf, feederLocations, latestPoliciesIn, openPurchaseOrdersAt, openPurchaseOrdersOf, policyLocations, supplierReceiptsSince } from '@/lib/clickhouse/queries/agent-inputs'
import { skuStatesFor } from '@/lib/clickhouse/queries/planning-inputs'
import { stockLookbackStart } from '@/lib/planning/compute'
import { dateOfDay, dayNumber } from '@/lib/agents/signals'
import { AGENT, DEFAULT_OPTIONS, RULES, decideLatePurchaseOrders, decideLeadTimeDrift, type DownstreamExposure, type Exposure, type OpenPo, type SupplierDelayInput } from '@/lib/agents/supplier-delay'
import { unjudgedEvaluations, type Evaluation } from './apply'
import type { OpenPoRow } from './stockout'

const RULE = RULES.supplier_delay!
const DAY_MS = 86_400_000
/** Transit from a DC to a store with no transfer history to measure it (planning then plans on the supplier's lead time). */
const DEFAULT_TRANSIT_DAYS = 1

const exposureOf = (r: PolicyRow): Exposure => ({ sku: r.sku, location: r.location, d: r.d, on_hand: r.on_hand - r.reserved, unit_margin: r.unit_price - r.unit_cost })

/** The end of `today` (UTC): the instant stock is read as of, from the sweep's day, not the wall clock. */
const endOf = (today: string) => (dayNumber(today) + 1) * DAY_MS - 1

/** The stores `feeders` supply by transfer that carry some of `skus`, and what each feeder holds of them now. */
async function downstreamOf(ch: ClickHouseClient, feeders: readonly string[], skus: readonly string[], nowMs: number): Promise<Pick<SupplierDelayInput, 'downstream' | 'dc_stock'>> {
  if (!feeders.length || !skus.length) return {}
  const children = await childLocationsOf(ch, { parents: [...feeders] })
  if (!children.length) return {}
  const parentOf = new Map(children.map((c) => [c.location, c.parent]))
  const since = stockLookbackStart(nowMs)
  const withChildren = [...new Set(children.map((c) => c.parent))]
  const [rows, ...stocks] = await Promise.all([
    latestPoliciesIn(ch, { locations: [...parentOf.keys()], skus: [...skus] }),
    ...withChildren.map((dc) => skuStatesFor(ch, { location: dc, since, skus: [...skus] })),
  ])
  const downstream: DownstreamExposure[] = rows.map((r) => ({
    sku: r.sku, location: r.location, parent: parentOf.get(r.location)!, d: r.d, position: r.position,
    transit_days: r.lead_time_source === 'transfer' ? r.lead_time_days : DEFAULT_TRANSIT_DAYS, unit_margin: r.unit_price - r.unit_cost,
  }))
  const dc_stock = withChildren.flatMap((dc, i) => stocks[i].map((s) => ({ sku: s.sku, location: dc, available: s.on_hand - s.reserved })))
  return { downstream, dc_stock }
}

/**
 * Evaluations of the late POs at `location`, given its latest policy rows (none at a DC) and open
 * POs (read once per sweep); a location that feeds others is judged by its children's shelves too.
 */
export async function supplierDelayEvaluations(
  ch: ClickHouseClient,
  location: string,
  policies: readonly PolicyRow[],
  pos: readonly OpenPoRow[],
  today: string,
  nowMs = endOf(today),
  receipts?: SupplierDelayInput['receipts'],
): Promise<Evaluation[]> {
  const open_pos: OpenPo[] = pos.map((p) => ({
    po_id: p.po_id, supplier: p.supplier, sku: p.sku, location, qty: p.open_qty, received_qty: p.received_qty,
    ordered_at: p.ordered_at.slice(0, 10), promised_date: p.promised_at.slice(0, 10),
  }))
  const lateSkus = [...new Set(open_pos.filter((p) => p.qty > 0 && !p.received_qty && dayNumber(p.promised_date) < dayNumber(today)).map((p) => p.sku))]
  const exposure = policies.map(exposureOf)
  const down = lateSkus.length ? await downstreamOf(ch, [location], lateSkus, nowMs) : {}
  // Each supplier's normal lateness comes from its receipts (their lateness against promise), not
  // from the policies' lead-time sd: past disruptions inflate that one until the next hides in it.
  const findings = lateSkus.length ? decideLatePurchaseOrders({ today, open_pos, exposure, receipts: receipts ?? (await receiptsFor(ch, today)), ...down }) : []
  const judged: Evaluation[] = findings.map((f) => ({
    type: 'supplier_delay', scope: f.scope, signal: f.signal, finding: f, rule: RULE,
    clearText: `The late PO is back within ${f.scope.supplier}'s normal lateness.`,
  }))
  const gone = await unjudgedEvaluations(ch, location, 'supplier_delay', judged, RULE, 'No late PO is awaited any more for this supplier, SKU and location (received, in full or short).')
  // Drift alerts (location '') are never read here: activeAlertScopesAt is per location.
  return [...judged, ...gone]
}

/** The locations that feed others (DCs) and have no policy rows, so the sweep's loop never visits them. */
export async function unvisitedFeeders(ch: ClickHouseClient): Promise<string[]> {
  const [feeders, visited] = await Promise.all([feederLocations(ch, {}), policyLocations(ch, {})])
  const seen = new Set(visited.map((r) => r.location))
  return feeders.map((r) => r.location).filter((l) => !seen.has(l))
}

/** Receipts of the drift windows (recent_days + history_days before `today`), per PO: read once per sweep. */
export function receiptsFor(ch: ClickHouseClient, today: string) {
  const o = DEFAULT_OPTIONS
  return supplierReceiptsSince(ch, { since: `${dateOfDay(dayNumber(today) - o.recent_days - o.history_days)} 00:00:00.000` })
}

/** Late POs at a DC the loop did not visit: its open POs judged by the stores it feeds. */
export async function supplierDelayAtFeeder(ch: ClickHouseClient, dc: string, today: string, nowMs = endOf(today), receipts?: SupplierDelayInput['receipts']): Promise<Evaluation[]> {
  const pos = await openPurchaseOrdersAt(ch, { location: dc })
  return supplierDelayEvaluations(ch, dc, [], pos, today, nowMs, receipts)
}

/**
 * Lead-time drift, once per sweep: each supplier's receipts of the last recent_days + history_days
 * through the drift test; for the drifting ones, their open POs anywhere and what those expose
 * (own shelves, and the stores a DC feeds). One evaluation per supplier with enough receipts.
 */
export async function leadTimeDriftEvaluations(ch: ClickHouseClient, today: string, nowMs = endOf(today), given?: SupplierDelayInput['receipts']): Promise<Evaluation[]> {
  const receipts = given ?? (await receiptsFor(ch, today))
  const tested = decideLeadTimeDrift({ today, open_pos: [], exposure: [], receipts })
  const drifting = tested.filter((f) => f.signal > 0).map((f) => f.scope.supplier)
  let findings = tested
  if (drifting.length) {
    const rows = await openPurchaseOrdersOf(ch, { suppliers: drifting })
    const open_pos: OpenPo[] = rows.map((p) => ({
      po_id: p.po_id, supplier: p.supplier, sku: p.sku, location: p.location, qty: p.open_qty,
      ordered_at: p.ordered_at.slice(0, 10), promised_date: p.promised_at.slice(0, 10),
    }))
    const locations = [...new Set(open_pos.map((p) => p.location))]
    const skus = [...new Set(open_pos.map((p) => p.sku))]
    const [own, down] = locations.length
      ? await Promise.all([latestPoliciesIn(ch, { locations, skus }), downstreamOf(ch, locations, skus, nowMs)])
      : [[], {}]
    findings = decideLeadTimeDrift({ today, open_pos, exposure: own.map(exposureOf), receipts, ...down })
  }
  const judged: Evaluation[] = findings.map((f) => ({
    type: 'supplier_delay', scope: f.scope, signal: f.signal, finding: f, rule: RULE,
    clearText: `${f.scope.supplier}'s recent lead times are back in line with its history.`,
  }))
  const gone = await unjudgedEvaluations(ch, '', 'supplier_delay', judged, RULE, 'Too few recent receipts to judge the lead-time drift any more.')
  return [...judged, ...gone]
}

export const SUPPLIER_DELAY_AGENT = AGENT
