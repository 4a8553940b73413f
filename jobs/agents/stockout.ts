/**
 * The stockout-risk agent's worker side (its mandate and decision: lib/agents/stockout-risk.ts):
 * read the latest policy rows and open purchase orders of some sku x locations at one location,
 * call the decision, and hand hygiene one evaluation per (type, scope): stockout risk and low
 * stock (StockPulse's own replenishment run only: where the retailer orders, its signal is -1, so
 * a low-stock card left from before clears), the latter suppressed while the stock-out alert stands.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { latestPoliciesFor, type PolicyRow } from '@/lib/clickhouse/queries/planning'
import { skuStatesFor } from '@/lib/clickhouse/queries/planning-inputs'
import { stockLookbackStart } from '@/lib/planning/compute'
import { latestPoliciesAt, openPurchaseOrdersAt, parentOf } from '@/lib/clickhouse/queries/agent-inputs'
import { RULES, decideStockoutRisk, lowStockSignal, riskSignal, type OpenPo } from '@/lib/agents/stockout-risk'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import type { Evaluation } from './apply'
import { alertKey } from '@/lib/alerts/hygiene'
import type { ReplenishmentRun } from '@/lib/config'

const pct = (p: number) => `${Math.round(p * 100)} %`

/** The latest policy rows of `skus` at `location` (all skus there when `skus` is undefined: the sweep). */
export function policiesAt(ch: ClickHouseClient, location: string, skus: string[] | undefined): Promise<PolicyRow[]> {
  return skus ? latestPoliciesFor(ch, { location, skus }) : latestPoliciesAt(ch, { location })
}

export type OpenPoRow = Awaited<ReturnType<typeof openPurchaseOrdersAt>>[number]

/**
 * What one run (a sweep, or one pass over the dirty pairs) has already recommended sending out of
 * each DC, by `${dc}\t${sku}`: the locations it feeds are judged one after another, each reading
 * the DC's books as they stand, and without this two stores were offered the same units (the
 * simulated retailer then shipped the second short or refused it: "nothing to transfer").
 */
export type DcCommitments = Map<string, number>
const commitmentKey = (dc: string, sku: string) => `${dc}\t${sku}`

/**
 * Evaluations for the latest policy rows `policies` of some skus at `location`; `openPos`, the
 * location's open POs when the caller has read them already (the sweep shares them); `run`, who
 * places the routine orders (low stock is raised only where StockPulse does); `committed`, what
 * this run already offered out of the location's DC (read as reserved there, and added to).
 */
export async function stockoutEvaluations(
  ch: ClickHouseClient, location: string, policies: readonly PolicyRow[], today: string,
  opts: { openPos?: readonly OpenPoRow[]; nowMs?: number; run?: ReplenishmentRun; committed?: DcCommitments } = {},
): Promise<Evaluation[]> {
  const { openPos, nowMs = Date.now(), run = 'retailer', committed = new Map() } = opts
  if (!policies.length) return []
  const since = stockLookbackStart(nowMs)
  const skus = policies.map((p) => p.sku)
  const [pos, [parent], states] = await Promise.all([
    openPos ?? openPurchaseOrdersAt(ch, { location }),
    parentOf(ch, { location }),
    // What is on its way to the shelf (POs and transfers by their dates): the risk signal asks
    // whether the shelf lasts until it lands.
    skuStatesFor(ch, { location, since, skus }),
  ])
  const receiptsBySku = new Map(states.map((s) => [s.sku, s.receipts.map(([date, qty]) => ({ date, qty }))]))
  // A DC-fed location at risk whose DC holds the sku gets a transfer from it, not a supplier order.
  const dc = parent?.parent ?? ''
  const dcStock = new Map<string, { on_hand: number; reserved: number }>()
  if (dc && dc !== location && policies.length) {
    // The DC's stock as it stands now, from snapshots and movements (its policy row may be a night old).
    for (const r of await skuStatesFor(ch, { location: dc, since, skus })) dcStock.set(r.sku, { on_hand: r.on_hand, reserved: r.reserved + (committed.get(commitmentKey(dc, r.sku)) ?? 0) })
  }
  const posBySku = new Map<string, OpenPo[]>()
  for (const po of pos) {
    const list = posBySku.get(po.sku) ?? []
    list.push({ po_id: po.po_id, qty: po.open_qty, expected_date: null, promised_date: po.promised_at.slice(0, 10) })
    posBySku.set(po.sku, list)
  }
  return policies.flatMap((row: PolicyRow) => {
    const atDc = dcStock.get(row.sku)
    const receipts = receiptsBySku.get(row.sku) ?? []
    const findings = decideStockoutRisk({
      row: { ...row, projected_stockout_date: row.projected_stockout_date || null },
      open_pos: posBySku.get(row.sku) ?? [],
      today,
      parent_dc: atDc ? { location: dc, ...atDc } : null,
      receipts,
      run,
    })
    // Both cards of a pair may offer the DC's units; one of them runs (low stock stands down while
    // the stock-out card does), so the larger is what the next location cannot have.
    const offered = Math.max(0, ...findings.map((f) => (f.recommendation.action === 'transfer' && f.recommendation.from_location === dc ? f.recommendation.quantity : 0)))
    const key = commitmentKey(dc, row.sku)
    if (offered > 0) committed.set(key, (committed.get(key) ?? 0) + offered)
    const scope = { sku: row.sku, location, channel: '', supplier: '' }
    const p = riskSignal(row, receipts, today).p
    const low = lowStockSignal(row, run)
    return [
      {
        type: 'stockout_risk', scope, signal: p, rule: RULES.stockout_risk!,
        finding: findings.find((f) => f.type === 'stockout_risk') ?? null,
        clearText: `Stockout probability fell to ${pct(p)}, below ${pct(RULES.stockout_risk!.clear)}.`,
      },
      {
        type: 'low_stock', scope, signal: low, rule: RULES.low_stock!,
        finding: findings.find((f) => f.type === 'low_stock') ?? null,
        suppressed: p >= STOCKOUT_RISK_THRESHOLD,
        // StockPulse's own replenishment run: only a stock-out alert awaiting a person, or written by
        // this same run, holds the routine order back; once it is decided, low stock orders what is due.
        ...(run === 'stockpulse' ? { suppressedWhileActive: alertKey('stockout_risk', scope) } : {}),
        clearText: run === 'retailer'
          ? 'Routine orders are the retailer\'s own replenishment run here: low stock raises no card; a shelf its policy leaves at risk raises a stock-out alert.'
          : `Position ${Math.round(row.position)} units is back above the reorder point of ${Math.round(row.reorder_point)}.`,
      },
    ] satisfies Evaluation[]
  })
}

