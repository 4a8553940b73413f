/**
 * GET /api/health: no auth, no secrets. 200 when Redis and ClickHouse answer, else 503 naming the
 * part; also the demo simulator's phase (off, backfill or live).
 */
import type { Runtime } from '../runtime'
import { pingRedis } from '@/lib/redis'
import { json } from './http'

async function check(fn: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), timeoutMs)))])
    return 'ok'
  } catch {
    return 'unavailable'
  } finally {
    clearTimeout(timer)
  }
}

export async function handleHealth(rt: Runtime): Promise<Response> {
  const [redis, clickhouse] = await Promise.all([
    check(() => pingRedis(rt.redis, 1_000), 1_500),
    check(() => rt.clickhouse.interactive.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json()), 3_000),
  ])
  const ok = redis === 'ok' && clickhouse === 'ok'
  return json({ status: ok ? 'ok' : 'degraded', redis, clickhouse, simulator: rt.simulator?.phase ?? 'off' }, ok ? 200 : 503)
}
