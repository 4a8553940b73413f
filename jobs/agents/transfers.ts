/**
 * Mandate: the transfers agent's worker side (its decision: lib/agents/transfers.ts, decideTransfers).
 * - Trigger: the sweep, once per region after the per-location agents (runSweep).
 * - Inputs, one region at a time: the locations master (kind, parent DC; locations with no master
 *   record belong to no region and are not judged), the latest policy row of every sku at every
 *   location of the region (inventory_policies: on hand, reserved, position, d, sd_d, lead time,
 *   reorder point, order-up-to, cover, stockout probability, unit cost and price), the days since
 *   each pair last sold and its days of history (sales_daily, last HISTORY_WINDOW_DAYS; no sale in
 *   that window = unknown, not aging), and the stock of DCs in other regions that feed the
 *   region's locations (snapshots and movements, as the stockout-risk agent reads a DC's stock).
 *   The cost model is DEFAULT_TRANSFER_COST (no deployment setting exists yet).
 * - Raises: 'transfer_opportunity' on the receiving scope (sku, receiving location), only for the
 *   pairs the decision keeps (benefit > cost, one per donor and per receiver).
 * - Recommends: 'transfer' (from_location = the donor).
 * DCs: a store whose DC has stock is fed by its DC (the stockout-risk agent recommends that
 * transfer) and is not offered a lateral one. A DC gives what it holds beyond its own order-up-to
 * plus what the locations it feeds need to reach theirs (withDcNeeds: their stock comes first).
 * A parent DC in another region only says whether it feeds its store (transfers stay within a
 * region). Alerts of the region's locations not judged this time (the risk passed, the donor
 * sold through) get signal 0, so hygiene clears them after clear_after sweeps.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { skuStates } from '@/lib/clickhouse/queries/planning-inputs'
import { latestPoliciesIn, regionLocations, saleDaysIn } from '@/lib/clickhouse/queries/agent-inputs'
import { stockLookbackStart } from '@/lib/planning/compute'
import { AGENT, RULES, decideTransfers, withDcNeeds, type LocationKind, type TransferNode } from '@/lib/agents/transfers'
import { addDays, daysBetween } from '@/lib/agents/stock-shared'
import { LOCATION_KINDS } from '@/lib/events/rules'
import { unjudgedEvaluations, type Evaluation } from './apply'
import { HISTORY_WINDOW_DAYS } from './sales'

const RULE = RULES.transfer_opportunity!
const DAY = 86_400_000

const kindOf = (k: string): LocationKind => ((LOCATION_KINDS as readonly string[]).includes(k) ? (k as LocationKind) : 'store')

function nodeOf(r: PolicyRow, kind: LocationKind, parent: string, sale: { first_day: string; last_sale_day: string } | undefined, today: string): TransferNode {
  return {
    location: r.location, kind, parent_dc: parent && parent !== r.location ? parent : null,
    on_hand: r.on_hand, reserved: r.reserved, position: r.position, d: r.d, sd_d: r.sd_d,
    lead_time_days: r.lead_time_days, sd_lead_time_days: r.sd_lead_time_days, reorder_point: r.reorder_point, order_up_to: r.order_up_to,
    days_of_cover: r.days_of_cover, stockout_probability: r.stockout_probability, unit_cost: r.unit_cost, unit_price: r.unit_price,
    days_since_last_sale: sale ? Math.max(0, daysBetween(sale.last_sale_day, today)) : null,
    history_days: sale ? Math.max(0, daysBetween(sale.first_day, today)) : 0,
    case_pack: r.case_pack,
  }
}

/** A parent DC outside the region: its stock, to say whether it feeds its store; never a donor (order-up-to = position). */
function dcNode(location: string, s: { on_hand: number; reserved: number; on_order: number }): TransferNode {
  const position = s.on_hand - s.reserved + s.on_order
  return {
    location, kind: 'dc', parent_dc: null, on_hand: s.on_hand, reserved: s.reserved, position, d: 0, sd_d: 0,
    lead_time_days: 0, sd_lead_time_days: 0, reorder_point: 0, order_up_to: position, days_of_cover: 0, stockout_probability: 0, unit_cost: 0, unit_price: 0,
  }
}

/**
 * Evaluations of one region as of `today`: one per transfer the decision recommends (on its
 * receiving scope), plus a signal-0 one for every transfer alert of the region not judged now.
 */
export async function transferEvaluations(ch: ClickHouseClient, region: string, today: string, nowMs = Date.parse(`${today}T00:00:00Z`) + DAY): Promise<Evaluation[]> {
  const locations = await regionLocations(ch, { region })
  if (!locations.length) return []
  const names = locations.map((l) => l.location)
  const [policies, sales] = await Promise.all([
    latestPoliciesIn(ch, { locations: names }),
    saleDaysIn(ch, { locations: names, from: addDays(today, -HISTORY_WINDOW_DAYS), to: today }),
  ])
  const master = new Map(locations.map((l) => [l.location, l]))
  const saleOf = new Map(sales.map((s) => [`${s.location}\t${s.sku}`, s]))
  // DCs of other regions feeding the region's locations, read once each: their stock per sku (a
  // DC of this region has its policy rows, read above).
  const parents = [...new Set(locations.filter((l) => l.parent && l.parent !== l.location && !master.has(l.parent)).map((l) => l.parent))]
  const since = stockLookbackStart(nowMs)
  const dcStock = new Map<string, Map<string, { on_hand: number; reserved: number; on_order: number }>>()
  for (const dc of parents) dcStock.set(dc, new Map((await skuStates(ch, { location: dc, since })).map((s) => [s.sku, s])))

  const bySku = new Map<string, TransferNode[]>()
  for (const r of policies) {
    const m = master.get(r.location)
    const list = bySku.get(r.sku) ?? []
    list.push(nodeOf(r, kindOf(m?.kind ?? ''), m?.parent ?? '', saleOf.get(`${r.location}\t${r.sku}`), today))
    bySku.set(r.sku, list)
  }
  const judged: Evaluation[] = []
  for (const [sku, nodes] of bySku) {
    const present = new Set(nodes.map((n) => n.location))
    for (const [dc, stock] of dcStock) {
      const s = stock.get(sku)
      if (s && !present.has(dc)) nodes.push(dcNode(dc, s))
    }
    for (const f of decideTransfers({ sku, nodes: withDcNeeds(nodes) })) {
      judged.push({
        type: 'transfer_opportunity', scope: f.scope, signal: f.signal, finding: f, rule: RULE,
        clearText: 'Margin protected by the transfer fell below its cost.',
      })
    }
  }
  const gone = await Promise.all(
    names.map((loc) => unjudgedEvaluations(ch, loc, 'transfer_opportunity', judged, RULE, 'No transfer into this location is worth its cost any more (its risk passed, or no location in the region can spare stock).')),
  )
  return [...judged, ...gone.flat()]
}

export const TRANSFERS_AGENT = AGENT
