/** GET /api/v1/kpis?location=<id>: today's KPIs and the per-minute trend for one location or all. */
import type { Runtime } from '@/lib/runtime-types'
import { kpiSnapshots } from '@/lib/clickhouse/queries/kpis'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { kpisQuery, type KpiSnapshotBody } from '@/lib/kpis/api-schemas'
import { authorize, badRequest, json } from './http'

export async function handleKpis(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const url = new URL(req.url)
  const p = kpisQuery.safeParse(Object.fromEntries(url.searchParams))
  if (!p.success) return badRequest(p.error.issues.map((i) => ({ index: -1, path: i.path.join('.'), message: i.message })))
  const [snapshot] = await kpiSnapshots(rt.clickhouse.interactive, [p.data.location ?? ALL_LOCATIONS])
  return json(snapshot satisfies KpiSnapshotBody)
}
