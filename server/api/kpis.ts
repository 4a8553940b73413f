/**
 * GET /api/v1/kpis?location=<id>: today's KPIs and the per-minute trend for one location or all
 * (for a caller scoped to some locations: all of those; another location: 403).
 */
import type { Runtime } from '@/lib/runtime-types'
import { kpiSnapshots } from '@/lib/clickhouse/queries/kpis'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { kpisQuery, type KpiSnapshotBody } from '@/lib/kpis/api-schemas'
import { allowedParam } from '@/lib/auth/access'
import { authorize, badRequest, callerScope, json, refuseLocation, refuseOutside } from './http'

export async function handleKpis(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const url = new URL(req.url)
  const p = kpisQuery.safeParse(Object.fromEntries(url.searchParams))
  if (!p.success) return badRequest(p.error.issues.map((i) => ({ index: -1, path: i.path.join('.'), message: i.message })))
  // A scoped caller's 'all' is the aggregate of its own locations (kpiSnapshots' `within`).
  const scope = await callerScope(rt, auth.caller)
  const location = p.data.location ?? ALL_LOCATIONS
  const refused = location === ALL_LOCATIONS ? undefined : refuseLocation(scope, location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const [snapshot] = await kpiSnapshots(rt.clickhouse.interactive, [location], new Date(), allowedParam(scope))
  return json(snapshot satisfies KpiSnapshotBody)
}
