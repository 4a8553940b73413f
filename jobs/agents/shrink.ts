/**
 * The anomalies agent's shrink-spike test, worker side (mandate and decision: lib/agents/anomalies.ts,
 * detectShrinkSpike).
 * - Trigger: the sweep, every sku with a policy at a location; the dirty path, for the pairs just
 *   changed that wrote something off in the recent window (an adjustment is what makes it true).
 * - Inputs: the location's shrink and adjustment movements over the recent window and the 12
 *   before it (raw_inventory_movements), the policy rows (category, unit cost) and the first day
 *   sold (sales_daily): own history starts no earlier than the pair's first sale or write-off, and
 *   a pair with too little of its own is judged against its category's SKUs at the location.
 * - Raises: 'shrink_spike' (hysteresis: RULES, two evaluations to open and to clear).
 * - Recommends: 'investigate' only.
 * Every judged pair gets an evaluation (signal 0 when not judged); in the sweep, alerts whose pair
 * has no policy row any more get signal 0 too, so they clear.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { latestPoliciesAt, writeOffMovementsAt } from '@/lib/clickhouse/queries/agent-inputs'
import { DEFAULT_ANOMALY_OPTIONS, RULES, detectShrinkSpike, writtenOff, type Movement } from '@/lib/agents/anomalies'
import { addDays, daysBetween } from '@/lib/agents/stock-shared'
import { unjudgedEvaluations, type Evaluation } from './apply'
import type { SalesStats } from './sales'

const RULE = RULES.shrink_spike!
const CLEAR_TEXT = 'Write-offs are back to their usual level.'
const W = DEFAULT_ANOMALY_OPTIONS.shrink_window_days

/** The location's write-off movements per sku over the recent window and its history windows. */
export async function writeOffsAt(ch: ClickHouseClient, location: string, today: string): Promise<Map<string, Movement[]>> {
  const from = addDays(today, -W * (DEFAULT_ANOMALY_OPTIONS.shrink_history_windows + 1) + 1)
  const out = new Map<string, Movement[]>()
  for (const r of await writeOffMovementsAt(ch, { location, from, to: today })) {
    const list = out.get(r.sku) ?? []
    list.push({ date: r.day, kind: r.kind, qty: r.qty })
    out.set(r.sku, list)
  }
  return out
}

/** Units written off in the recent window (the W days to `today`). */
export function recentWriteOff(movements: readonly Movement[] | undefined, today: string): number {
  let x = 0
  for (const m of movements ?? []) {
    const ago = daysBetween(m.date, today)
    if (ago >= 0 && ago < W) x += writtenOff(m)
  }
  return x
}

/**
 * Evaluations for the skus `judge` (default: every policy row) at `location`; `policies` are all
 * the location's policy rows (the category peers), `sales` holds the judged skus' first day sold.
 */
export function shrinkEvaluations(
  location: string,
  policies: readonly PolicyRow[],
  writeOffs: ReadonlyMap<string, readonly Movement[]>,
  sales: ReadonlyMap<string, SalesStats>,
  today: string,
  judge?: ReadonlySet<string>,
): Evaluation[] {
  const recent = new Map(policies.map((p) => [p.sku, recentWriteOff(writeOffs.get(p.sku), today)]))
  return policies
    .filter((r) => !judge || judge.has(r.sku))
    .map((r): Evaluation => {
      const movements = writeOffs.get(r.sku) ?? []
      const firsts = [sales.get(r.sku)?.first_day, ...movements.map((m) => m.date.slice(0, 10))].filter((d): d is string => !!d).sort()
      const peers = policies.filter((p) => p.sku !== r.sku && p.category === r.category).map((p) => recent.get(p.sku) ?? 0)
      const finding = detectShrinkSpike({ sku: r.sku, location, today, movements, unit_cost: r.unit_cost, since: firsts[0], peer_window_losses: peers })
      return { type: 'shrink_spike', scope: { sku: r.sku, location, channel: '', supplier: '' }, signal: finding?.signal ?? 0, finding, rule: RULE, clearText: CLEAR_TEXT }
    })
}

/** The sweep's: every policy row at the location, and signal 0 for alerts whose pair has none. */
export async function shrinkSweepEvaluations(ch: ClickHouseClient, location: string, policies: readonly PolicyRow[], sales: ReadonlyMap<string, SalesStats>, today: string): Promise<Evaluation[]> {
  const judged = shrinkEvaluations(location, policies, await writeOffsAt(ch, location, today), sales, today)
  return [...judged, ...(await unjudgedEvaluations(ch, location, 'shrink_spike', judged, RULE, CLEAR_TEXT))]
}

/**
 * The dirty path's: of the pairs just changed, those that wrote something off in the recent window
 * (the rest wait for the sweep), judged against the location's policy rows read only then.
 */
export async function shrinkDirtyEvaluations(ch: ClickHouseClient, location: string, skus: readonly string[], sales: ReadonlyMap<string, SalesStats>, today: string): Promise<Evaluation[]> {
  const writeOffs = await writeOffsAt(ch, location, today)
  const judge = new Set(skus.filter((s) => recentWriteOff(writeOffs.get(s), today) > 0))
  if (!judge.size) return []
  return shrinkEvaluations(location, await latestPoliciesAt(ch, { location }), writeOffs, sales, today, judge)
}
