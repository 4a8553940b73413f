/**
 * The executive value report API (lib/value/report-types.ts; loader: server/value-report.ts):
 * GET /api/v1/reports/value?from&to as JSON, or CSV of every table with Accept: text/csv (or
 * format=csv); GET /api/v1/reports/value.pdf?from&to; GET /api/v1/reports/value/decisions for the
 * drill-down to the settled decisions behind a figure. An API key with the read scope, or a person
 * whose role may read the report (admin, executive, ops manager: a planner is refused, audited).
 * A scoped caller's figures are its locations only, and the report says which in `scope`.
 */
import type { z } from 'zod'
import type { Runtime } from '@/lib/runtime-types'
import { may } from '@/lib/auth/roles'
import type { AccessScope } from '@/lib/auth/access'
import { allowedParam } from '@/lib/auth/access'
import type { MessageBody } from '@/lib/api/schemas'
import { decisionsBehind } from '@/lib/clickhouse/queries/settlements'
import { valueDecisionsQuery, valuePdfQuery, valueReportQuery, type ValueDecisionsBody, type ValueReportBody } from '@/lib/value/api-schemas'
import { reportCsv } from '@/lib/value/report-csv'
import { reportPdf } from '@/lib/value/report-pdf'
import { loadValueReport, type ValueReportTimings } from '@/server/value-report'
import { authorize, callerActor, callerScope, json, parseQuery, refuse, type Caller } from './http'

type Authorized = { ok: true; caller: Caller; scope: AccessScope } | { ok: false; response: Response }

async function authorizeReport(rt: Runtime, req: Request): Promise<Authorized> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth
  if (auth.caller.kind === 'user' && !may(auth.caller.user, 'view_value_report')) {
    const message = `a ${auth.caller.user.role.replace('_', ' ')} may not read the value report`
    return { ok: false, response: await refuse(rt, req, callerActor(auth.caller), json({ error: message } satisfies MessageBody, 403), message) }
  }
  return { ok: true, caller: auth.caller, scope: await callerScope(rt, auth.caller) }
}

const timingHeader = (t: ValueReportTimings, extra = '') => `reads;dur=${t.reads.toFixed(1)}, total;dur=${t.total.toFixed(1)}${extra}`
const fileName = (from: string, to: string, ext: string) => `attachment; filename="value-report-${from}-${to}.${ext}"`

/** The report a request asks for, once its caller and period pass; or the refusal. */
async function requestedReport<Q extends { from: string; to: string }>(rt: Runtime, req: Request, schema: z.ZodType<Q>) {
  const auth = await authorizeReport(rt, req)
  if (!auth.ok) return auth
  const q = parseQuery(req, schema)
  if (!q.ok) return q
  const timings: ValueReportTimings = { reads: 0, total: 0 }
  const report = await loadValueReport(rt, q.data, auth.scope, timings)
  return { ok: true as const, q, report, timings }
}

export async function handleValueReport(rt: Runtime, req: Request): Promise<Response> {
  const r = await requestedReport(rt, req, valueReportQuery)
  if (!r.ok) return r.response
  const { q, report, timings } = r
  const csv = q.data.format === 'csv' || (q.data.format === undefined && /\btext\/csv\b/i.test(req.headers.get('accept') ?? ''))
  if (!csv) return json(report satisfies ValueReportBody, 200, { 'server-timing': timingHeader(timings) })
  return new Response(reportCsv(report), {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': fileName(q.data.from, q.data.to, 'csv'), 'cache-control': 'no-store', 'server-timing': timingHeader(timings) },
  })
}

export async function handleValuePdf(rt: Runtime, req: Request): Promise<Response> {
  const r = await requestedReport(rt, req, valuePdfQuery)
  if (!r.ok) return r.response
  const { q, report, timings } = r
  const t0 = performance.now()
  const pdf = await reportPdf(report)
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      'content-type': 'application/pdf', 'content-disposition': fileName(q.data.from, q.data.to, 'pdf'), 'cache-control': 'no-store',
      'server-timing': timingHeader(timings, `, pdf;dur=${(performance.now() - t0).toFixed(1)}`),
    },
  })
}

export async function handleValueDecisions(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorizeReport(rt, req)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, valueDecisionsQuery)
  if (!q.ok) return q.response
  const allowed = allowedParam(auth.scope)
  const { rows, total } = await decisionsBehind(rt.clickhouse.interactive, {
    from: q.data.from, to: q.data.to, locations: allowed.length ? allowed : undefined, use_case: q.data.use_case, kind: q.data.kind, limit: q.data.limit, offset: q.data.offset,
  })
  const next = q.data.offset + rows.length
  return json({ from: q.data.from, to: q.data.to, total, decisions: rows, next_offset: next < total ? next : null } satisfies ValueDecisionsBody)
}
