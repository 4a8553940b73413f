/**
 * GET /metrics: the process's Prometheus metrics (server/metrics.ts) in the text exposition
 * format, for an API key with the `read` scope (401 without one, 403 for a key without `read`).
 * No session: scrapers are not people.
 */
import type { Runtime } from '@/lib/runtime-types'
import { authorize } from './http'

export async function handleMetrics(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', false)
  if (!auth.ok) return auth.response
  const body = await rt.metrics.registry.metrics()
  return new Response(body, { headers: { 'content-type': rt.metrics.registry.contentType, 'cache-control': 'no-store' } })
}
