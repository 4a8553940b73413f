/**
 * The incremental planning path: after a flush, the sku x locations whose stock moved get their
 * position, order recommendation and stockout risk recomputed from the last recompute's demand
 * and lead-time figures, and their locations' board rollup rebuilt, before KPIs are pushed.
 */
import type { Redis } from 'ioredis'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { forecastPathsFor, latestPoliciesFor, rebuildRiskTop, rebuildRollup } from '@/lib/clickhouse/queries/planning'
import { skuStatesFor } from '@/lib/clickhouse/queries/planning-inputs'
import { HORIZON_DAYS, stockLookbackStart, type SkuPlan } from '@/lib/planning/compute'
import { refreshPlan } from '@/lib/planning/plan-location'
import { riskDirtyKey } from '@/lib/redis-keys'
import { STOCKOUT_RISK_THRESHOLD } from '@/lib/kpis/definitions'
import { locationZones } from '@/lib/clickhouse/queries/kpis'
import { UTC, localDate } from '@/lib/time/zone'

/** Most pairs taken per refresh; the rest wait for the next one. */
const MAX_PAIRS = 20_000

export async function refreshDirtyRisk(deps: { redis: Redis; prefix: string; clickhouse: ClickHouse }): Promise<{ pairs: number; locations: string[]; refreshed: string[] }> {
  const key = riskDirtyKey(deps.prefix)
  const members = (await deps.redis.spop(key, MAX_PAIRS)) as string[]
  if (!members.length) return { pairs: 0, locations: [], refreshed: [] }
  const byLocation = new Map<string, string[]>()
  for (const m of members) {
    const [location, sku] = m.split('\t')
    let skus = byLocation.get(location)
    if (!skus) byLocation.set(location, (skus = []))
    skus.push(sku)
  }
  const now = new Date()
  // Each location's "today" is its business day in its own time zone (run-out dates count from it).
  const zones = await locationZones(deps.clickhouse.interactive, now.getTime())
  const since = stockLookbackStart(now.getTime())
  const ch = deps.clickhouse.interactive
  const touched: string[] = []
  /** `location\tsku` of every pair whose risk was rewritten: the agents look at these next. */
  const refreshed: string[] = []
  try {
    for (const [location, skus] of byLocation) {
      // Pairs without a policy yet (no recompute has seen them) have nothing to refresh: look that
      // up first and skip the rest, which matters when a feed touches thousands of new skus.
      const prev = await latestPoliciesFor(ch, { location, skus })
      if (!prev.length) continue
      const [states, paths] = await Promise.all([skuStatesFor(ch, { location, since, skus }), forecastPathsFor(ch, { location, skus })])
      const today = localDate(now.getTime(), zones.get(location) ?? UTC)
      const stateBy = new Map(states.map((s) => [s.sku, s]))
      const pathBy = new Map(paths.map((p) => [p.sku, Float64Array.from(p.mean)]))
      const computedAt = now.toISOString()
      const rows = prev.flatMap((p) => {
        const st = stateBy.get(p.sku)
        if (!st) return []
        const plan = refreshPlan(
          { ...(p as unknown as SkuPlan), season_end: null },
          { on_hand: st.on_hand, reserved: st.reserved, on_order: st.on_order, receipts: st.receipts.map(([date, qty]) => ({ date, qty })) },
          pathBy.get(p.sku) ?? new Float64Array(HORIZON_DAYS).fill(p.d),
          today,
        )
        const { season_end: _drop, ...row } = plan
        return [{ ...row, location, run_id: 'incremental', computed_at: computedAt }]
      })
      if (!rows.length) continue
      await deps.clickhouse.insertRows('interactive', 'inventory_policies', rows)
      for (const r of rows) refreshed.push(`${location}\t${r.sku}`)
      await rebuildRollup(ch, location, STOCKOUT_RISK_THRESHOLD)
      await rebuildRiskTop(ch, location)
      touched.push(location)
    }
  } catch (err) {
    await deps.redis.sadd(key, ...members)
    throw err
  }
  return { pairs: members.length, locations: touched, refreshed }
}
