/**
 * The app's API routes (app/**\/route.ts, as Next.js calls them) behind a plain node:http server on
 * a free port, for tests that call the API over HTTP with the typed client (lib/api/client.ts).
 * Each request is matched to its operation in the OpenAPI document by method and path template;
 * every answer is checked against the document before it is sent (tests/helpers/contract.ts), and
 * a problem is kept in `problems` (the answer becomes a 500): a test asserts there are none.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import * as events from '@/app/api/v1/events/route'
import * as ingestStatus from '@/app/api/v1/ingest/status/route'
import * as imports from '@/app/api/v1/imports/route'
import * as importById from '@/app/api/v1/imports/[id]/route'
import * as kpis from '@/app/api/v1/kpis/route'
import * as forecasts from '@/app/api/v1/forecasts/route'
import * as policies from '@/app/api/v1/policies/route'
import * as risk from '@/app/api/v1/risk/route'
import * as recompute from '@/app/api/v1/recompute/route'
import * as jobs from '@/app/api/v1/jobs/route'
import * as jobById from '@/app/api/v1/jobs/[id]/route'
import * as storage from '@/app/api/v1/ops/storage/route'
import * as health from '@/app/api/health/route'
import * as metrics from '@/app/metrics/route'
import * as document from '@/app/api/v1/openapi.json/route'
import * as alerts from '@/app/api/v1/alerts/route'
import * as summary from '@/app/api/v1/summary/route'
import * as alertRates from '@/app/api/v1/alerts/rates/route'
import * as alertById from '@/app/api/v1/alerts/[id]/route'
import * as alertDecision from '@/app/api/v1/alerts/[id]/decision/route'
import * as audit from '@/app/api/v1/audit/route'
import * as auditVerify from '@/app/api/v1/audit/verify/route'
import * as actions from '@/app/api/v1/actions/route'
import * as actionById from '@/app/api/v1/actions/[id]/route'
import * as actionCallback from '@/app/api/v1/actions/[id]/callback/route'
import * as rules from '@/app/api/v1/approval-rules/route'
import * as ruleVersions from '@/app/api/v1/approval-rules/versions/route'
import * as apiKeys from '@/app/api/v1/api-keys/route'
import * as apiKeyRevoke from '@/app/api/v1/api-keys/[id]/revoke/route'
import * as users from '@/app/api/v1/users/route'
import * as userById from '@/app/api/v1/users/[id]/route'
import * as valueReport from '@/app/api/v1/reports/value/route'
import * as valueReportPdf from '@/app/api/v1/reports/value.pdf/route'
import * as valueDecisions from '@/app/api/v1/reports/value/decisions/route'
import * as modelAccuracy from '@/app/api/v1/model-accuracy/route'
import { OPERATIONS, checked } from './contract'
import { guardRequest } from '@/server/http-guard'
import { secureRequest } from '@/server/security'
import { getRuntime } from '@/server/runtime'
import { handleLogin, handleLogout } from '@/server/api/auth'

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>
const route = (handler: unknown) => handler as Route

/** Each operation of the document and the route export that serves it. */
export const ROUTES: Record<string, Route> = {
  postEvents: route(events.POST),
  getIngestStatus: route(ingestStatus.GET),
  postImport: route(imports.POST),
  deleteImport: route(importById.DELETE),
  getKpis: route(kpis.GET),
  getForecasts: route(forecasts.GET),
  getPolicy: route(policies.GET),
  getRisk: route(risk.GET),
  postRecompute: route(recompute.POST),
  listJobs: route(jobs.GET),
  getJob: route(jobById.GET),
  getStorage: route(storage.GET),
  getHealth: route(health.GET),
  getMetrics: route(metrics.GET),
  getOpenApiDocument: route(document.GET),
  listAlerts: route(alerts.GET),
  getDecisionRates: route(alertRates.GET),
  getAlert: route(alertById.GET),
  decideAlert: route(alertDecision.POST),
  getDailySummary: route(summary.GET),
  listAudit: route(audit.GET),
  verifyAudit: route(auditVerify.GET),
  listActions: route(actions.GET),
  getAction: route(actionById.GET),
  postActionCallback: route(actionCallback.POST),
  getApprovalRules: route(rules.GET),
  postApprovalRules: route(rules.POST),
  listApprovalRuleVersions: route(ruleVersions.GET),
  listApiKeys: route(apiKeys.GET),
  createApiKey: route(apiKeys.POST),
  revokeApiKey: route(apiKeyRevoke.POST),
  listUsers: route(users.GET),
  createUser: route(users.POST),
  updateUser: route(userById.POST),
  getValueReport: route(valueReport.GET),
  getValueReportPdf: route(valueReportPdf.GET),
  listValueDecisions: route(valueDecisions.GET),
  getModelAccuracy: route(modelAccuracy.GET),
}

const templates = OPERATIONS.map((op) => ({
  op,
  names: [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
  re: new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '([^/]+)')}$`),
}))

export interface RouteServer {
  url: string
  problems: string[]
  close(): Promise<void>
}

/** Sign-in and sign-out: not API operations of the document, served with `security`. */
const AUTH_ROUTES: Record<string, (req: Request) => Promise<Response>> = {
  '/api/auth/login': (req) => handleLogin(getRuntime(), req),
  '/api/auth/logout': (req) => handleLogout(getRuntime(), req),
}

/**
 * Serve the routes on 127.0.0.1 (the runtime must be set: setRuntime). `security`: what
 * server/index.ts does before Next.js (guardRequest, then secureRequest: headers, CSRF, the
 * client's address), and the sign-in and sign-out routes.
 */
export async function serveRoutes(opts: { security?: boolean } = {}): Promise<RouteServer> {
  const problems: string[] = []
  const handlers = Object.fromEntries(Object.entries(ROUTES).map(([id, r]) => [id, checked(id, r)]))
  const server = createServer(async (req, res) => {
    try {
      if (opts.security && (secureRequest(req, res, getRuntime().config) || guardRequest(req, res))) return
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const auth = opts.security && req.method === 'POST' ? AUTH_ROUTES[url.pathname] : undefined
      if (auth) {
        const headers = new Headers()
        for (const [name, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(name, v)
        const answer = await auth(new Request(url.href, { method: 'POST', headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit))
        res.writeHead(answer.status, Object.fromEntries(answer.headers))
        res.end(Buffer.from(await answer.arrayBuffer()))
        return
      }
      const found = templates.map((t) => ({ t, m: t.op.method === req.method ? t.re.exec(url.pathname) : null })).find((x) => x.m)
      if (!found) {
        res.writeHead(404).end()
        return
      }
      const params = Object.fromEntries(found.t.names.map((n, i) => [n, decodeURIComponent(found.m![i + 1])]))
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(name, v)
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(url.href, { method: req.method, headers, body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined, ...(hasBody ? { duplex: 'half' } : {}) })
      const answer = await handlers[found.t.op.operationId](request, { params: Promise.resolve(params) })
      res.writeHead(answer.status, Object.fromEntries(answer.headers))
      res.end(Buffer.from(await answer.arrayBuffer()))
    } catch (err) {
      problems.push(String(err instanceof Error ? err.message : err))
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('contract problem')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    problems,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
