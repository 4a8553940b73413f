/**
 * GET /api/v1/summary?date=YYYY-MM-DD[&location=<id>]: the daily summary for operations managers
 * (read scope or a session): the newest text written for that day and scope (jobs/summary.ts),
 * today (UTC) when no date is given; 404 while none was written yet. Shapes: lib/summary/api-schemas.ts.
 */
import type { Runtime } from '@/lib/runtime-types'
import { latestSummary } from '@/lib/clickhouse/queries/daily-summary'
import { summaryQuery, type SummaryBody } from '@/lib/summary/api-schemas'
import type { MessageBody } from '@/lib/api/schemas'
import { authorize, callerScope, json, parseQuery, refuseLocation, refuseOutside, refuseScoped } from './http'

export async function handleSummary(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, summaryQuery)
  if (!q.ok) return q.response
  // The summary of one location, or of the estate (which a scoped caller may not read: 403).
  const scope = await callerScope(rt, auth.caller)
  const refused = q.data.location ? refuseLocation(scope, q.data.location) : refuseScoped(scope, 'the summary without ?location=')
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const date = q.data.date ?? new Date().toISOString().slice(0, 10)
  const body = await latestSummary(rt.clickhouse.interactive, date, q.data.location ?? '')
  if (!body) return json({ error: `no summary for ${date}${q.data.location ? ` at ${q.data.location}` : ''} yet` } satisfies MessageBody, 404)
  return json(body satisfies SummaryBody)
}
