/**
 * GET /api/health: no auth, no secrets. 200 when Redis and ClickHouse answer and ingest is
 * moving, else 503 with `status: 'degraded'`, naming the part: `redis` or `clickhouse`
 * 'unavailable', or `ingest.state` 'stuck' (the oldest accepted batch not landed has waited over
 * INGEST_STUCK_MS, e.g. while ClickHouse refuses inserts) or 'failed' (batches whose retries ran
 * out). Dead-lettered batches are reported (`ingest.dead_lettered_batches`) without degrading
 * health: they were set aside and are listed on /data. Also the demo simulator's phase.
 */
import type { Runtime } from '@/lib/runtime-types'
import { pingRedis } from '@/lib/redis'
import { deadLetterCount } from '@/lib/clickhouse/queries/dead-letters'
import type { HealthBody } from '@/lib/api/schemas'
import { json } from './http'
import { ingestPending } from './ingest-status'

function withDeadline<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([fn(), new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), timeoutMs)))]).finally(() => clearTimeout(timer))
}

async function check(fn: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'unavailable'> {
  try {
    await withDeadline(fn, timeoutMs)
    return 'ok'
  } catch {
    return 'unavailable'
  }
}

export async function handleHealth(rt: Runtime): Promise<Response> {
  const [redis, clickhouse, pending, dead] = await Promise.all([
    check(() => pingRedis(rt.redis, 1_000), 1_500),
    check(() => rt.clickhouse.interactive.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json()), 3_000),
    withDeadline(() => ingestPending(rt), 2_500).catch(() => undefined),
    withDeadline(() => deadLetterCount(rt.clickhouse.interactive), 3_000).catch(() => undefined),
  ])
  const ingest: HealthBody['ingest'] = {
    state: pending?.state ?? 'unknown',
    lag_ms: pending?.oldest_waited_ms ?? null,
    queue_depth: pending?.queue_depth ?? null,
    failed_jobs: pending?.failed_jobs ?? null,
    dead_lettered_batches: dead?.batches ?? null,
  }
  const ok = redis === 'ok' && clickhouse === 'ok' && (ingest.state === 'ok' || ingest.state === 'unknown')
  return json({ status: ok ? 'ok' : 'degraded', redis, clickhouse, simulator: rt.simulator?.phase ?? 'off', ingest } satisfies HealthBody, ok ? 200 : 503)
}
