/**
 * GET /api/v1/model-accuracy?from=&to=&by=category|region|channel|demand_class[&location=]: live
 * accuracy of the stored forecasts against the actuals by segment (WAPE, bias, MASE, the weekly
 * blocks and the drift judgement of the latest one). Read scope or a session; a scoped caller gets
 * the figures of its own locations (one location outside them: 403). Shapes:
 * lib/forecast/accuracy-api-schemas.ts; the read: lib/clickhouse/queries/model-accuracy.ts.
 */
import type { Runtime } from '@/lib/runtime-types'
import { accuracyBySegment } from '@/lib/clickhouse/queries/model-accuracy'
import { segmentAccuracy } from '@/lib/forecast/accuracy'
import { accuracyPeriod, accuracyQuery, toAccuracyBody, type AccuracyBody } from '@/lib/forecast/accuracy-api-schemas'
import { allowedParam } from '@/lib/auth/access'
import { authorize, badRequest, callerScope, json, parseQuery, refuseLocation, refuseOutside } from './http'

export async function handleModelAccuracy(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, accuracyQuery)
  if (!q.ok) return q.response
  const period = accuracyPeriod(q.data, new Date().toISOString().slice(0, 10))
  if ('error' in period) return badRequest([{ index: -1, path: period.path, message: period.error }])
  const scope = await callerScope(rt, auth.caller)
  const refused = refuseLocation(scope, q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const allowed = q.data.location ? [q.data.location] : allowedParam(scope)
  const rows = await accuracyBySegment(rt.clickhouse.interactive, { ...period, allowed })
  const segments = segmentAccuracy(rows.filter((r) => r.kind === q.data.by))
  return json(toAccuracyBody(period, q.data.by, q.data.location ?? '', segments) satisfies AccuracyBody)
}
