/**
 * KPI refresh: recompute the KPIs of the locations the writer marked dirty, and of 'all', then
 * push each snapshot to its Socket.IO room. The dirty set is drained atomically, so a burst of
 * flushes costs one recompute, and a refresh job that finds nothing dirty is a no-op.
 */
import type { Redis } from 'ioredis'
import type { ClickHouseClient } from '@clickhouse/client'
import { kpiSnapshots } from '@/lib/clickhouse/queries/kpis'
import { ALL_LOCATIONS, KPI_EVENT, kpiRoom } from '@/lib/kpis/definitions'
import { kpiDirtyKey } from '@/lib/redis-keys'
import type { Emitter } from '@/lib/runtime-types'

export async function refreshDirtyKpis(deps: { redis: Redis; prefix: string; clickhouse: ClickHouseClient; emitter: Emitter }): Promise<number> {
  const key = kpiDirtyKey(deps.prefix)
  const [[, members]] = (await deps.redis.multi().smembers(key).del(key).exec()) as [[Error | null, string[]], unknown]
  if (!members?.length) return 0
  try {
    const snapshots = await kpiSnapshots(deps.clickhouse, [ALL_LOCATIONS, ...members])
    for (const s of snapshots) deps.emitter.emit(kpiRoom(s.location), KPI_EVENT, s)
    return snapshots.length
  } catch (err) {
    // Put the scopes back so the retry recomputes them.
    await deps.redis.sadd(key, ...members)
    throw err
  }
}
