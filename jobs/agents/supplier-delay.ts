/**
 * The supplier-delay agent's worker side, late purchase orders (its mandate and decision:
 * lib/agents/supplier-delay.ts, decideLatePurchaseOrders). Per location: the open POs, and the
 * exposure of each sku from its latest policy row (d, on hand - reserved, unit price - unit cost);
 * each supplier's normal lateness from its lead-time sd in those rows. One evaluation per (supplier,
 * sku, location) with a late PO, and a signal-0 evaluation for every supplier-delay alert there
 * whose PO is no longer open (received), so hygiene clears it.
 *
 * Lead-time drift (decideLeadTimeDrift, per supplier across locations) is not wired here.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { median } from '@/lib/agents/signals'
import { AGENT, RULES, decideLatePurchaseOrders, type Exposure, type OpenPo } from '@/lib/agents/supplier-delay'
import { unjudgedEvaluations, type Evaluation } from './apply'
import type { OpenPoRow } from './stockout'

const RULE = RULES.supplier_delay!

/** Median of the usable lead-time sds; 0 (no known spread) for none. */
function medianOf(xs: number[]): number {
  const usable = xs.filter((x) => Number.isFinite(x) && x >= 0)
  return usable.length ? median(usable) : 0
}

/** Evaluations of the late POs at `location`, given its latest policy rows and open POs (read once per sweep). */
export async function supplierDelayEvaluations(ch: ClickHouseClient, location: string, policies: readonly PolicyRow[], pos: readonly OpenPoRow[], today: string): Promise<Evaluation[]> {
  const open_pos: OpenPo[] = pos.map((p) => ({
    po_id: p.po_id, supplier: p.supplier, sku: p.sku, location, qty: p.open_qty,
    ordered_at: p.ordered_at.slice(0, 10), promised_date: p.promised_at.slice(0, 10),
  }))
  const exposure: Exposure[] = policies.map((r) => ({ sku: r.sku, location, d: r.d, on_hand: r.on_hand - r.reserved, unit_margin: r.unit_price - r.unit_cost }))
  // A supplier's normal lateness: the median lead-time sd of the pairs it supplies here.
  const sds = new Map<string, number[]>()
  for (const r of policies) {
    if (r.lead_time_source !== 'supplier' || !r.supplier) continue
    const list = sds.get(r.supplier) ?? []
    list.push(r.sd_lead_time_days)
    sds.set(r.supplier, list)
  }
  const lead_time_sd = Object.fromEntries([...sds].map(([s, xs]) => [s, medianOf(xs)]))
  const findings = open_pos.length ? decideLatePurchaseOrders({ today, open_pos, exposure, lead_time_sd }) : []
  const judged: Evaluation[] = findings.map((f) => ({
    type: 'supplier_delay', scope: f.scope, signal: f.signal, finding: f, rule: RULE,
    clearText: `The late PO is back within ${f.scope.supplier}'s normal lateness.`,
  }))
  const gone = await unjudgedEvaluations(ch, location, 'supplier_delay', judged, RULE, 'No late PO is open any more for this supplier, SKU and location (received in full).')
  // Drift alerts (location '') are never read here: activeAlertScopesAt is per location.
  return [...judged, ...gone]
}

export const SUPPLIER_DELAY_AGENT = AGENT
